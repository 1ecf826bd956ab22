package io.dingtalketl.simulator;

import io.dingtalketl.simulator.SimulatedOrg.Dept;
import io.dingtalketl.simulator.SimulatedOrg.User;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Work notifications (工作通知): {@code asyncsend_v2} and {@code getsendresult}. Like DingTalk, a send
 * succeeds even when some recipients are silently dropped by a sending limit; only the send result
 * tells. Thread safe.
 */
final class WorkNotifications {

    /** DingTalk's code for "same content to the same user today" in {@code forbidden_list}. */
    static final String DUPLICATE_CONTENT_CODE = "143106";

    private final SimulatedOrg org;
    private final JsonMapper json;
    private final AtomicLong nextTaskId = new AtomicLong(256_271_667_526L);
    private final Map<Long, SentMessage> byTaskId = new ConcurrentHashMap<>();
    private final List<SentMessage> sent = new CopyOnWriteArrayList<>();
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();

    WorkNotifications(SimulatedOrg org, JsonMapper json) {
        this.org = org;
        this.json = json;
    }

    void dropRecipients(String... userids) {
        dropped.addAll(List.of(userids));
    }

    void clearDroppedRecipients() {
        dropped.clear();
    }

    List<SentMessage> sentMessages() {
        return List.copyOf(sent);
    }

    /** {@code topapi/message/corpconversation/asyncsend_v2}. */
    Map<String, Object> send(RequestParams params) {
        long agentId = params.requiredLong("agent_id", ApiError.INVALID_PARAMETER);
        JsonNode msg = params.object("msg", json);
        if (msg == null || !msg.hasNonNull("msgtype")) {
            throw ApiError.invalidParameter("msg");
        }
        List<String> userids = splitList(params.string("userid_list"));
        List<Long> deptIds = new ArrayList<>();
        for (String id : splitList(params.string("dept_id_list"))) {
            try {
                deptIds.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw ApiError.invalidParameter("dept_id_list");
            }
        }
        boolean toAll = Boolean.TRUE.equals(params.booleanValue("to_all_user", ApiError.INVALID_PARAMETER));
        if (!toAll && userids.isEmpty() && deptIds.isEmpty()) {
            throw ApiError.invalidParameter("userid_list");
        }
        long taskId = nextTaskId.getAndIncrement();
        SentMessage message = org.read(() -> {
            Set<String> recipients = new LinkedHashSet<>();
            List<String> invalidUsers = new ArrayList<>();
            List<Long> invalidDepts = new ArrayList<>();
            if (toAll) {
                org.users().forEach(u -> recipients.add(u.userid));
            }
            for (String userid : userids) {
                if (org.user(userid) != null) {
                    recipients.add(userid);
                } else {
                    invalidUsers.add(userid);
                }
            }
            for (long deptId : deptIds) {
                Dept dept = org.dept(deptId);
                if (dept == null) {
                    invalidDepts.add(deptId);
                } else {
                    for (User u : org.usersInSubtree(dept)) {
                        recipients.add(u.userid);
                    }
                }
            }
            List<String> delivered = new ArrayList<>();
            List<String> forbidden = new ArrayList<>();
            for (String userid : recipients) {
                (dropped.contains(userid) ? forbidden : delivered).add(userid);
            }
            return new SentMessage(taskId, agentId, userids, deptIds, toAll, json.writeValueAsString(msg),
                    delivered, invalidUsers, forbidden, invalidDepts);
        });
        byTaskId.put(taskId, message);
        sent.add(message);
        return Map.of("task_id", taskId);
    }

    /** {@code topapi/message/corpconversation/getsendresult}. Nobody reads notifications: all delivered are unread. */
    Map<String, Object> sendResult(RequestParams params) {
        long agentId = params.requiredLong("agent_id", ApiError.ILLEGAL_PARAMETER);
        long taskId = params.requiredLong("task_id", ApiError.ILLEGAL_PARAMETER);
        SentMessage message = byTaskId.get(taskId);
        if (message == null || message.agentId() != agentId) {
            throw ApiError.illegalParameter("task_id");
        }
        List<Map<String, Object>> forbiddenList = new ArrayList<>();
        for (String userid : message.forbiddenUserids()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("code", DUPLICATE_CONTENT_CODE);
            entry.put("count", 1);
            entry.put("userid", userid);
            forbiddenList.add(entry);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("invalid_user_id_list", message.invalidUserids());
        result.put("forbidden_user_id_list", message.forbiddenUserids());
        result.put("failed_user_id_list", List.of());
        result.put("read_user_id_list", List.of());
        result.put("unread_user_id_list", message.delivered());
        result.put("invalid_dept_id_list", message.invalidDeptIds());
        result.put("forbidden_list", forbiddenList);
        return Map.of("send_result", result);
    }

    private static List<String> splitList(String commaSeparated) {
        List<String> items = new ArrayList<>();
        if (commaSeparated == null) {
            return items;
        }
        for (String part : commaSeparated.split(",")) {
            String item = part.strip();
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }
}
