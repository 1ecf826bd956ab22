package io.dingtalketl.client.wire;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;

/**
 * A field DingTalk documents as "a JSON string" (e.g. the user {@code extension}) but that may arrive as
 * an object: either way the component holds the JSON text.
 */
public final class JsonText extends ValueDeserializer<String> {

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            JsonNode node = ctxt.readTree(p);
            return node.toString();
        }
        return p.getValueAsString();
    }
}
