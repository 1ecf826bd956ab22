package io.dingtalketl.client.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code call_back/get_call_back_failed_result}'s answer: up to 200 pushes DingTalk failed to deliver, and
 * whether more wait. Each failed push is kept as DingTalk wrote it, because its data sits under a key named
 * after its event type ({@code {"call_back_tag":"user_add_org","event_time":1606126433000,
 * "user_add_org":{"userid":["zhangsan"],"corpid":"ding…"}}}); what it says is read by the events package.
 * DingTalk deletes what it returned: a page must be stored before the next one is fetched.
 */
public record FailedPushPage(@Nullable Integer errcode, @Nullable String errmsg, @Nullable Boolean hasMore,
                             @Nullable List<JsonNode> failedList) {

    /** The failed pushes of this page, each a JSON object. */
    public List<JsonNode> failed() {
        return failedList == null ? List.of() : failedList;
    }

    public boolean more() {
        return Boolean.TRUE.equals(hasMore);
    }
}
