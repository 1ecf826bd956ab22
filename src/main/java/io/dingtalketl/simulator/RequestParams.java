package io.dingtalketl.simulator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of one request: the query string plus a JSON or form-urlencoded body. Scalars are kept
 * as text whatever their JSON type, because DingTalk's SDK sends numbers as strings
 * ({@code "dept_id":"1"}) and its curl samples send forms. Objects (the message {@code msg}) are kept
 * as JSON.
 */
final class RequestParams {

    /** Keys listed first, in this order, in the call log; everything else follows alphabetically. */
    private static final List<String> LOG_ORDER = List.of("appkey", "dept_id", "userid", "mobile", "cursor", "size",
            "order_field", "language", "only_active", "agent_id", "task_id", "userid_list", "dept_id_list",
            "to_all_user");
    /** Never logged: credentials and message content. */
    private static final List<String> NOT_LOGGED = List.of("access_token", "appsecret", "corpsecret", "msg");

    private final Map<String, String> scalars = new LinkedHashMap<>();
    private final Map<String, JsonNode> objects = new LinkedHashMap<>();

    private RequestParams() {
    }

    /** Query parameters only (the access token, gettoken's credentials). */
    static RequestParams ofQuery(String rawQuery) {
        RequestParams params = new RequestParams();
        params.parseForm(rawQuery);
        return params;
    }

    /**
     * Adds the body's parameters. A body that is not a JSON object is read as a form.
     *
     * @throws ApiError 400002 when the body claims to be JSON but is not
     */
    void addBody(byte[] body, String contentType, JsonMapper json) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return;
        }
        boolean form = contentType != null && contentType.toLowerCase().contains("x-www-form-urlencoded");
        if (form || !text.startsWith("{")) {
            parseForm(text);
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数: 请求体不是合法的JSON");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull() || value.isMissingNode()) {
                continue;
            }
            if (value.isContainer()) {
                objects.put(field.getKey(), value);
            } else {
                scalars.put(field.getKey(), value.asString());
            }
        }
    }

    private void parseForm(String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            scalars.put(key, value);
        }
    }

    /** The raw text of a parameter, or null when absent. */
    String string(String name) {
        return scalars.get(name);
    }

    /** A JSON object parameter; a scalar holding JSON text (as the SDK sends {@code msg}) is parsed. */
    JsonNode object(String name, JsonMapper json) {
        JsonNode node = objects.get(name);
        if (node != null) {
            return node;
        }
        String text = scalars.get(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode parsed = json.readTree(text);
            return parsed.isObject() ? parsed : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * A list of strings, however DingTalk's clients send it: a JSON array, a string holding a JSON array (the
     * old SDK's {@code "userIdList":"[\"a\",\"b\"]"}), or a comma-separated string ({@code userid_list}).
     * Empty when absent.
     */
    List<String> stringList(String name, JsonMapper json) {
        JsonNode node = objects.get(name);
        String text = scalars.get(name);
        if (node == null && text != null && text.strip().startsWith("[")) {
            try {
                node = json.readTree(text);
            } catch (JacksonException e) {
                throw invalidParameter(name);
            }
        }
        List<String> items = new ArrayList<>();
        if (node != null) {
            if (!node.isArray()) {
                throw invalidParameter(name);
            }
            node.forEach(item -> {
                if (!item.isNull() && !item.asString().isBlank()) {
                    items.add(item.asString().strip());
                }
            });
            return items;
        }
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    items.add(part.strip());
                }
            }
        }
        return items;
    }

    private static ApiError invalidParameter(String name) {
        return ApiError.invalidParameter(name);
    }

    /**
     * A numeric parameter, or {@code fallback} when absent.
     *
     * @throws ApiError {@code errcode} when present but not a whole number
     */
    long longValue(String name, long fallback, int errcode) {
        String text = scalars.get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw error(errcode, name);
        }
    }

    /**
     * A required numeric parameter.
     *
     * @throws ApiError {@code errcode} when absent or not a whole number
     */
    long requiredLong(String name, int errcode) {
        String text = scalars.get(name);
        if (text == null || text.isEmpty()) {
            throw error(errcode, name);
        }
        return longValue(name, 0, errcode);
    }

    /**
     * A required boolean parameter ({@code true}/{@code false}, any case).
     *
     * @throws ApiError {@code errcode} when absent or not a boolean
     */
    boolean requiredBoolean(String name, int errcode) {
        Boolean value = booleanValue(name, errcode);
        if (value == null) {
            throw error(errcode, name);
        }
        return value;
    }

    /** An optional boolean parameter; null when absent. */
    Boolean booleanValue(String name, int errcode) {
        String text = scalars.get(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw error(errcode, name);
    }

    private static ApiError error(int errcode, String name) {
        return errcode == ApiError.ILLEGAL_PARAMETER ? ApiError.illegalParameter(name) : ApiError.invalidParameter(name);
    }

    /** The parameters for the call log: canonical order, no credentials, no message body. */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (String key : LOG_ORDER) {
            if (scalars.containsKey(key)) {
                parts.add(key + "=" + scalars.get(key));
            }
        }
        scalars.keySet().stream()
                .filter(k -> !LOG_ORDER.contains(k) && !NOT_LOGGED.contains(k))
                .sorted()
                .forEach(k -> parts.add(k + "=" + scalars.get(k)));
        return String.join(",", parts);
    }
}
