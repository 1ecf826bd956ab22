package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;

/**
 * One request the simulator received, whatever its outcome.
 *
 * @param endpoint the API called
 * @param nanoTime the simulator's clock ({@link System#nanoTime()} unless a test froze it) when the request arrived (taken where the QPS window
 *                 counts it, so accepted calls' times obey the limit exactly)
 * @param params   the request parameters in a canonical order, e.g. {@code dept_id=5,cursor=100,size=100};
 *                 never the access token or app secret, never the message body
 * @param errcode  0 on success, the DingTalk errcode otherwise; for answers without an errcode the
 *                 HTTP status (502) or the IP-ban status (1111)
 */
public record CallRecord(DingTalkEndpoint endpoint, long nanoTime, String params, int errcode) {

    public boolean succeeded() {
        return errcode == 0;
    }
}
