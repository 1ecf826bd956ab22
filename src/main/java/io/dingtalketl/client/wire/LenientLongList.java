package io.dingtalketl.client.wire;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * A list of ids as DingTalk may send it: a JSON array of numbers or numeric strings, or (as in its own
 * doc examples) a string such as {@code "[2,3,4]"} or {@code "2,3,4"}.
 */
public final class LenientLongList extends ValueDeserializer<List<Long>> {

    @Override
    public List<Long> deserialize(JsonParser p, DeserializationContext ctxt) {
        List<String> items = LenientStringList.items(p, ctxt);
        List<Long> ids = new ArrayList<>(items.size());
        for (String item : items) {
            try {
                ids.add(Long.parseLong(item.trim()));
            } catch (NumberFormatException e) {
                return ctxt.reportInputMismatch(this, "not a list of numeric ids: element '%s'", item);
            }
        }
        return ids;
    }
}
