package io.dingtalketl.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads what a DingTalk contact event says, whichever shape it came in (dingtalk-api.md §8.2): the legacy
 * HTTP push ({@code EventType}, {@code TimeStamp} as a number or a string, {@code UserId} / {@code DeptId}),
 * the current HTTP push ({@code eventId}, {@code EventTime}, {@code userId} / {@code deptId}) and Stream mode
 * (type, id and birth time in the frame's headers, ids in its data), and a push DingTalk failed to deliver,
 * fetched later ({@link #fromFailedPush}). Nothing is guessed: an event that
 * cannot be placed (no type, no time, a known type without its ids, ids that are not ids) comes back with
 * its {@link InboundEvent#problem()} set, to be quarantined, never dropped.
 */
public final class EventPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ID_LENGTH = 64;

    private EventPayloads() {
    }

    /** An HTTP push, decrypted. */
    public static InboundEvent fromPush(String payload, Transport transport, Instant receivedAt) {
        return parse(payload, Map.of(), transport, receivedAt);
    }

    /** A Stream-mode event: the frame's headers ({@code eventType}, {@code eventId}, {@code eventBornTime}) and data. */
    public static InboundEvent fromStream(Map<String, String> headers, String data, Instant receivedAt) {
        return parse(data, headers, Transport.STREAM, receivedAt);
    }

    /**
     * One entry of {@code call_back/get_call_back_failed_result}'s {@code failed_list} (D-ev-failed):
     * {@code call_back_tag} is the type, {@code event_time} the birth time, and the ids sit in an object named
     * after the type, as {@code userid} (documented) or {@code deptid}: {@code {"call_back_tag":"user_add_org",
     * "event_time":1606126433000,"user_add_org":{"userid":["zhangsan"],"corpid":"ding…"}}}. DingTalk's old SDK
     * types that object as a string, so a string holding JSON is read too. A failed push carries no event id:
     * its id is a digest of the entry, which is stored as it came.
     */
    public static InboundEvent fromFailedPush(String entry, Instant receivedAt) {
        JsonNode root = readObject(entry);
        if (root == null) {
            return quarantined(null, null, entry, Transport.CATCH_UP, receivedAt, "the failed push is not a JSON object");
        }
        ObjectNode view = JSON.createObjectNode();
        String tag = text(root, "call_back_tag", "callBackTag");
        if (tag != null) {
            view.put("EventType", tag);
            JsonNode data = root.get(tag);
            if (data != null && data.isString()) {
                data = readObject(data.asString());
            }
            if (data != null && data.isObject()) {
                copy(data, view, "UserId", "userid", "userId", "UserId");
                copy(data, view, "DeptId", "deptid", "deptId", "DeptId", "dept_id");
            }
        }
        JsonNode time = root.get("event_time");
        if (time != null) {
            view.set("TimeStamp", time);
        }
        return interpret(view, entry, Map.of(), Transport.CATCH_UP, receivedAt);
    }

    private static void copy(JsonNode from, ObjectNode to, String as, String... names) {
        for (String name : names) {
            JsonNode value = from.get(name);
            if (value != null && !value.isNull()) {
                to.set(as, value);
                return;
            }
        }
    }

    private static @Nullable JsonNode readObject(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            return root != null && root.isObject() ? root : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static InboundEvent parse(String payload, Map<String, String> headers, Transport transport, Instant receivedAt) {
        JsonNode root = readObject(payload);
        if (root == null) {
            return quarantined(headers.get("eventId"), headers.get("eventType"), payload, transport, receivedAt,
                    "the payload is not a JSON object");
        }
        return interpret(root, payload, headers, transport, receivedAt);
    }

    /** What {@code root} says; {@code payload} is what is stored (and digested when there is no event id). */
    private static InboundEvent interpret(JsonNode root, String payload, Map<String, String> headers, Transport transport,
                                          Instant receivedAt) {
        String headerType = headers.get("eventType");
        String headerId = headers.get("eventId");
        String type = headerType != null ? headerType : text(root, "EventType", "eventType");
        String eventId = headerId != null ? headerId : text(root, "eventId", "EventId");
        if (type == null || type.isBlank()) {
            return quarantined(eventId, null, payload, transport, receivedAt, "the event has no EventType");
        }
        Instant bornAt;
        try {
            bornAt = bornAt(root, headers.get("eventBornTime"));
        } catch (IllegalArgumentException e) {
            return quarantined(eventId, type, payload, transport, receivedAt, e.getMessage());
        }
        if (bornAt == null) {
            return quarantined(eventId, type, payload, transport, receivedAt,
                    "the event has no time (eventBornTime, EventTime or TimeStamp): its change cannot be placed in history");
        }
        String id = eventId != null && !eventId.isBlank() ? eventId : digest(payload);
        payload = withoutPersonalData(root, payload);
        ContactEventType known = ContactEventType.of(type);
        if (known == null) {
            return new InboundEvent(id, type, null, List.of(), bornAt, payload, transport, null);
        }
        List<String> ids;
        try {
            ids = known.kind() == EntityKind.USER ? ids(root, false, "UserId", "userId") : ids(root, true, "DeptId", "deptId");
        } catch (IllegalArgumentException e) {
            return new InboundEvent(id, type, known.kind(), List.of(), bornAt, payload, transport, e.getMessage());
        }
        if (ids.isEmpty()) {
            String field = known.kind() == EntityKind.USER ? "userId" : "deptId";
            return new InboundEvent(id, type, known.kind(), List.of(), bornAt, payload, transport,
                    "a " + type + " event without " + field + ": nothing to apply");
        }
        return new InboundEvent(id, type, known.kind(), ids, bornAt, payload, transport, null);
    }

    /**
     * The payload as stored: {@code user_modify_org}'s {@code diffInfo} carries the old and new values of personal
     * fields (telephone, email, ...), which the etl.pii policies may keep out of the warehouse; the inbox does not
     * keep them either (the apply job reads the user's state from DingTalk, never from the event).
     */
    private static String withoutPersonalData(JsonNode root, String payload) {
        if (!root.has("diffInfo")) {
            return payload;
        }
        tools.jackson.databind.node.ObjectNode copy = ((tools.jackson.databind.node.ObjectNode) root).deepCopy();
        copy.put("diffInfo", "(removed: personal data)");
        return JSON.writeValueAsString(copy);
    }

    private static InboundEvent quarantined(@Nullable String eventId, @Nullable String type, String payload,
                                            Transport transport, Instant receivedAt, String problem) {
        String id = eventId != null && !eventId.isBlank() ? eventId : digest(payload);
        return new InboundEvent(id, type == null || type.isBlank() ? "unknown" : type, null, List.of(), receivedAt,
                payload, transport, problem);
    }

    private static @Nullable Instant bornAt(JsonNode root, @Nullable String header) {
        String millis = header;
        if (millis == null) {
            millis = text(root, "eventBornTime", "EventTime", "eventTime", "TimeStamp", "timeStamp");
        }
        if (millis == null) {
            return null;
        }
        try {
            long value = Long.parseLong(millis.trim());
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return Instant.ofEpochMilli(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the event time '" + shorten(millis) + "' is not epoch milliseconds");
        }
    }

    /** The first of {@code names} present as a number or a string. */
    private static @Nullable String text(JsonNode root, String... names) {
        for (String name : names) {
            JsonNode value = root.get(name);
            if (value != null && (value.isString() || value.isNumber())) {
                return value.asString();
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode root, boolean numeric, String... names) {
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            JsonNode value = root.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            List<JsonNode> items = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(items::add);
            } else {
                items.add(value);
            }
            for (JsonNode item : items) {
                String id = item.isString() || item.isNumber() ? item.asString().trim() : null;
                if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || (numeric && !id.matches("\\d{1,18}"))) {
                    throw new IllegalArgumentException("'" + name + "' holds " + shorten(item.toString())
                            + ", which is not a " + (numeric ? "department id" : "userid"));
                }
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    static String digest(String payload) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
