package io.dingtalketl.client.wire;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/** A list of strings sent as a JSON array, or as one string {@code "[\"a\",\"b\"]"} / {@code "a,b"}. */
public final class LenientStringList extends ValueDeserializer<List<String>> {

    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctxt) {
        return items(p, ctxt);
    }

    static List<String> items(JsonParser p, DeserializationContext ctxt) {
        List<String> out = new ArrayList<>();
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_ARRAY) {
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NULL) {
                    out.add(p.getValueAsString());
                }
            }
            return out;
        }
        if (token.isScalarValue()) {
            String text = p.getValueAsString();
            if (text == null) {
                return out;
            }
            String trimmed = text.trim();
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            for (String part : trimmed.split(",")) {
                String item = part.trim();
                if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
                    item = item.substring(1, item.length() - 1);
                }
                if (!item.isEmpty()) {
                    out.add(item);
                }
            }
            return out;
        }
        return ctxt.reportInputMismatch(List.class, "expected a list, got %s", token);
    }
}
