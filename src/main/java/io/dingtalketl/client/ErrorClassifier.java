package io.dingtalketl.client;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place that decides what a DingTalk answer means. DingTalk's old API reports errors as HTTP 200
 * with a non-zero {@code errcode}; its gateway answers throttling with an HTML page or a
 * {@code {"status":1111}} JSON that has no errcode at all; and its load balancers answer 5xx. All of
 * these are classified here, from the HTTP status, whether the body is JSON, and the errcode (for errcode
 * 88, its {@code sub_code}).
 */
final class ErrorClassifier {

    /** Back off and retry: busy, throttled (app QPS, global, per corp/IP), temporarily disabled. */
    static final Set<Integer> RETRYABLE = Set.of(-1, 45009, 90001, 90002, 90003, 90004, 90005, 90006, 90007,
            90008, 90009, 90010, 90011, 90012, 90013, 90014, 90017, 90018, 90019);
    /** Rate-limit answers after which DingTalk blocks the API for about a second. */
    static final Set<Integer> THROTTLED = Set.of(90002, 90018, 45009);
    static final Set<Integer> TOKEN = Set.of(40001, 40014, 42001, 33001);
    static final Set<Integer> PERMISSION = Set.of(60011, 60020, 43007, 50002, 50004);
    static final Set<Integer> NOT_FOUND = Set.of(60003, 33012, 60121, 60111);
    static final Set<Integer> CALLER_BUG = Set.of(40035, 400002, 40068, 40069, 41001, 43004);
    /**
     * Answers of a write API that refuse this one item (D-err, D-deptcreate/update/delete, D-usercreate,
     * D-userdelete, D-role): already exists (60102 userid, 60104 mobile, 34021 role name), parent missing
     * (60004), a sibling department of that name (60008), department or user unknown (60003, 33012, 60111), department not empty (60005, 60006), root
     * (60007, 60018), cycle (60010), bad value (40035, 400002, 40009, 40003, 60103, 40104, 34018, 34020).
     */
    static final Set<Integer> WRITE_REJECTED = Set.of(60102, 60104, 34021, 60004, 60008, 60003, 33012, 60111, 60005, 60006,
            60007, 60018, 60010, 40035, 400002, 40009, 40003, 60103, 40104, 34018, 34020);
    /**
     * Answers that DingTalk's gateway gives <em>instead of</em> executing a call: throttled and temporarily
     * disabled APIs. After these a write may be sent again; after any other failure (-1 busy, 5xx, a timeout)
     * it may already have been executed and is not.
     */
    static final Set<Integer> REFUSED_BEFORE_EXECUTION = Set.of(45009, 90001, 90002, 90003, 90004, 90005, 90006,
            90007, 90008, 90009, 90010, 90011, 90012, 90013, 90014, 90017, 90018, 90019);
    /** The monthly call quota of metered APIs is used up (D-throttle); retrying only spends time. */
    static final int MONTHLY_QUOTA = 90020;
    /** The new API's (api.dingtalk.com) word for {@link #MONTHLY_QUOTA}, in a string {@code code} (D-throttle). */
    static final String MONTHLY_QUOTA_CODE = "Forbidden.AccessDenied.ApiCountLimitForOrg";
    static final int AUTH_EXCEPTION = 88;
    static final int IP_BAN_STATUS = 1111;

    private final JsonMapper json;

    ErrorClassifier(JsonMapper json) {
        this.json = json;
    }

    /** What one answer says. */
    record Verdict(ErrorCategory category, @Nullable Integer errcode, @Nullable String errmsg,
                   @Nullable String requestId, String detail) {
    }

    Verdict classify(DingTalkEndpoint endpoint, int httpStatus, byte[] body) {
        JsonNode root = parse(body, httpStatus >= 200 && httpStatus < 300);
        if (httpStatus == 429 || httpStatus >= 500) {
            return new Verdict(ErrorCategory.RETRYABLE, errcode(root), text(root, "errmsg"), requestId(root),
                    "HTTP " + httpStatus);
        }
        if (root == null || !root.isObject()) {
            String kind = httpStatus >= 200 && httpStatus < 300
                    ? "a body that is not JSON (DingTalk's gateway answers an IP ban or overload with an HTML page)"
                    : "HTTP " + httpStatus + " with a body that is not JSON";
            return new Verdict(httpStatus >= 400 ? ErrorCategory.CALLER_BUG : ErrorCategory.RETRYABLE,
                    null, null, null, kind);
        }
        if (root.has("status") && !root.has("errcode") && intOrZero(root.get("status")) == IP_BAN_STATUS) {
            return new Verdict(ErrorCategory.RETRYABLE, null, null, null,
                    "the gateway's IP ban answer {\"status\":1111} (more than 10,000 calls in 20 s from this IP; wait "
                            + text(root, "wait") + ")");
        }
        if (MONTHLY_QUOTA_CODE.equals(text(root, "code"))) {
            // new-API style: HTTP 403 with a string code and a message instead of errcode/errmsg
            return new Verdict(ErrorCategory.QUOTA_EXHAUSTED, null, text(root, "message"), requestId(root),
                    MONTHLY_QUOTA_CODE + " (HTTP " + httpStatus + ")");
        }
        Integer errcode = errcode(root);
        String errmsg = text(root, "errmsg");
        String requestId = requestId(root);
        if (httpStatus >= 400) {
            return new Verdict(errcode == null ? ErrorCategory.CALLER_BUG : categoryOf(endpoint, errcode, root),
                    errcode, errmsg, requestId, "HTTP " + httpStatus);
        }
        if (errcode == null || errcode == 0) {
            return new Verdict(ErrorCategory.OK, 0, errmsg, requestId, "ok");
        }
        return new Verdict(categoryOf(endpoint, errcode, root), errcode, errmsg, requestId, "errcode " + errcode);
    }

    static ErrorCategory categoryOf(DingTalkEndpoint endpoint, int errcode, JsonNode root) {
        if (errcode == AUTH_EXCEPTION) {
            // 88 is a wrapper: the real cause is in sub_code (e.g. 60011, or an access_token problem).
            Integer sub = parseInt(text(root, "sub_code"));
            if (sub != null && sub != AUTH_EXCEPTION) {
                return categoryOf(endpoint, sub, root);
            }
            String subMsg = String.valueOf(text(root, "sub_msg")) + text(root, "errmsg");
            return subMsg.contains("access_token") || subMsg.contains("token") ? ErrorCategory.TOKEN : ErrorCategory.PERMISSION;
        }
        if (RETRYABLE.contains(errcode)) {
            return ErrorCategory.RETRYABLE;
        }
        if (endpoint == DingTalkEndpoint.GET_TOKEN) {
            // gettoken cannot "renew the token": any refusal there is about the app key or secret.
            return ErrorCategory.CREDENTIALS;
        }
        if (TOKEN.contains(errcode)) {
            return ErrorCategory.TOKEN;
        }
        if (endpoint.writes() && WRITE_REJECTED.contains(errcode)) {
            return ErrorCategory.REJECTED;
        }
        if (PERMISSION.contains(errcode)) {
            return ErrorCategory.PERMISSION;
        }
        if (NOT_FOUND.contains(errcode)) {
            return ErrorCategory.NOT_FOUND;
        }
        if (CALLER_BUG.contains(errcode)) {
            return ErrorCategory.CALLER_BUG;
        }
        if (errcode == MONTHLY_QUOTA) {
            return ErrorCategory.QUOTA_EXHAUSTED;
        }
        if (errcode == 40089) {
            return ErrorCategory.CREDENTIALS;
        }
        return ErrorCategory.UNKNOWN;
    }

    /**
     * Whether a retryable failure of a write may be retried: only when DingTalk certainly did not execute it
     * (its gateway refused the call for throttling). Token errors are renewed and resent before this is asked.
     */
    static boolean mayResend(DingTalkApiException failure) {
        return !failure.endpoint().writes()
                || failure.errcode() != null && (REFUSED_BEFORE_EXECUTION.contains(failure.errcode())
                        || TOKEN.contains(failure.errcode()));
    }

    /** A sentence for the operator: what to do about this category. */
    static String advice(ErrorCategory category, DingTalkEndpoint endpoint, @Nullable Integer errcode) {
        return switch (category) {
            case PERMISSION -> switch (errcode == null ? 0 : errcode) {
                case 50004 -> "The department is outside the app's contact scope (通讯录权限范围): widen the scope in the DingTalk developer console.";
                case 50002 -> "The user is outside the app's contact scope (通讯录权限范围): widen the scope in the DingTalk developer console.";
                case 60020 -> "This machine's egress IP is not in the app's IP whitelist: add it in the DingTalk developer console.";
                case 43007 -> "The API needs authorization: grant the app the permission '" + endpoint.permission() + "'.";
                default -> "The app lacks the permission for this API: grant '" + endpoint.permission() + "' in the DingTalk developer console.";
            };
            case CREDENTIALS -> "DingTalk refused the app credentials: check dingtalk.app-key and dingtalk.app-secret (DINGTALK_APP_KEY / DINGTALK_APP_SECRET).";
            case TOKEN -> "The access token was rejected.";
            case QUOTA_EXHAUSTED -> "The organization's monthly API call quota is used up; it resets next month (or upgrade the DingTalk edition).";
            case CALLER_BUG -> "The request was malformed: this is a bug in dingtalk-etl or a wrong endpoint path setting (dingtalk.endpoints.*).";
            case RETRYABLE -> "DingTalk kept answering busy or throttled; run the job again later (it restarts from its last committed chunk).";
            case NOT_FOUND -> "The department or user does not exist.";
            case REJECTED -> "DingTalk refused this item; nothing was changed.";
            case UNKNOWN -> "Unknown DingTalk error code; see DingTalk's server error code list.";
            case OK -> "";
        };
    }

    /**
     * The answer's top-level scalar fields ({@code errcode}, {@code errmsg}, {@code request_id},
     * {@code sub_code}, {@code status}…), read with the streaming parser: nested objects and arrays (a
     * page of 100 users) are skipped, not built into a tree, since the message converters read them once
     * more into records. A successful answer ({@code errcode} 0 on HTTP 2xx) needs nothing else, so the
     * scan stops there when {@code stopAtSuccess}. Null when the body is empty or not a JSON object.
     */
    private @Nullable JsonNode parse(byte[] body, boolean stopAtSuccess) {
        if (body.length == 0) {
            return null;
        }
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode fields = json.createObjectNode();
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else if (value == JsonToken.VALUE_NULL) {
                    fields.putNull(name);
                } else {
                    String text = parser.getString();
                    fields.put(name, text);
                    if (stopAtSuccess && "errcode".equals(name) && "0".equals(text)) {
                        break;
                    }
                }
            }
            return fields;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static @Nullable Integer errcode(@Nullable JsonNode root) {
        return root == null ? null : parseInt(text(root, "errcode"));
    }

    private static @Nullable String requestId(@Nullable JsonNode root) {
        if (root == null) {
            return null;
        }
        String id = text(root, "request_id");
        return id != null ? id : text(root, "requestid");
    }

    static @Nullable String text(@Nullable JsonNode root, String field) {
        if (root == null) {
            return null;
        }
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static int intOrZero(JsonNode node) {
        Integer value = parseInt(node.asString());
        return value == null ? 0 : value;
    }

    private static @Nullable Integer parseInt(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
