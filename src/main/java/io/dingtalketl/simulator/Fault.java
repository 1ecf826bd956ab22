package io.dingtalketl.simulator;

/**
 * Failures the simulator can inject, each answered the way DingTalk's server answers it. Used with
 * {@link DingTalkSimulator#failNext} and {@link DingTalkSimulator#failAfter}.
 */
public enum Fault {
    /** HTTP 200, errcode -1 "系统繁忙": transient, the docs say retry up to 3 times. */
    SYSTEM_BUSY,
    /** HTTP 200, errcode 90002: the global per-API limit across all orgs; penalty about 1 s. */
    GLOBAL_THROTTLE,
    /** HTTP 200, errcode 90018: this app's per-API QPS limit. */
    APP_QPS,
    /** HTTP 502 with an HTML page from the gateway; not JSON. Logged with errcode 502. */
    HTTP_502_HTML,
    /** HTTP 200 with the IP-ban JSON {@code {"status":1111,…}} and no errcode. Logged with errcode 1111. */
    IP_BAN,
    /** HTTP 200, errcode 42001: the access token has expired. */
    TOKEN_EXPIRED
}
