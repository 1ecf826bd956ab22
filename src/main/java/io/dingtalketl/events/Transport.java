package io.dingtalketl.events;

/** How an event reached the inbox. */
public enum Transport {
    /** DingTalk's Stream mode (outbound WebSocket). */
    STREAM,
    /** DingTalk's encrypted HTTP callback push. */
    HTTP,
    /** A push DingTalk failed to deliver, fetched later with {@code call_back/get_call_back_failed_result}. */
    CATCH_UP,
    /** Not from DingTalk: a write of {@code provisionJob}, recorded so that the event sync reads the entity it changed. */
    PROVISION
}
