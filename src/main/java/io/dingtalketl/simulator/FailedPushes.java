package io.dingtalketl.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The callback pushes that could not be delivered, kept as DingTalk keeps them and served by
 * {@code call_back/get_call_back_failed_result} in its wire format (D-ev-failed): at most 200 per call, oldest
 * first, each {@code {"<tag>":{"userid":[…],"corpid":"…"},"call_back_tag":"<tag>","event_time":<ms>}}, and
 * deleted once returned. Department events carry {@code deptid}, by analogy with the documented {@code userid}
 * (DingTalk publishes no department example). Thread safe.
 */
final class FailedPushes {

    /** DingTalk's page size for this API. */
    static final int PAGE = 200;

    private final Deque<Map<String, Object>> kept = new ArrayDeque<>();

    synchronized void keep(ContactEventFeed.Event event, String corpId) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (!event.userIds().isEmpty()) {
            data.put("userid", event.userIds());
        }
        if (!event.deptIds().isEmpty()) {
            data.put("deptid", event.deptIds());
        }
        data.put("corpid", corpId);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(event.type(), data);
        entry.put("call_back_tag", event.type());
        entry.put("event_time", event.bornAt().toEpochMilli());
        kept.add(entry);
    }

    /** The next page, removed from what is kept: {@code failed_list} and {@code has_more}. */
    synchronized Map<String, Object> takePage() {
        List<Map<String, Object>> page = new ArrayList<>();
        while (page.size() < PAGE && !kept.isEmpty()) {
            page.add(kept.poll());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("failed_list", page);
        body.put("has_more", !kept.isEmpty());
        return body;
    }

    synchronized int size() {
        return kept.size();
    }
}
