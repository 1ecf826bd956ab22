package io.dingtalketl.client.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * A point in time as DingTalk's attendance APIs send it: epoch milliseconds as a number (their example answers),
 * the same as a string (listRecord's documented type for most fields), or {@code "yyyy-MM-dd HH:mm:ss"} in China
 * time (the SDK's {@code Date} fields, third-party docs). An empty string is null.
 */
public final class EpochMillis extends ValueDeserializer<Instant> {

    /** DingTalk's organizations keep attendance in China time. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public @Nullable Instant deserialize(JsonParser p, DeserializationContext ctxt) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(p.getLongValue());
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            return Instant.ofEpochMilli((long) p.getDoubleValue());
        }
        if (token != JsonToken.VALUE_STRING) {
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
        String text = p.getString().strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.chars().allMatch(Character::isDigit) || (text.startsWith("-") && text.length() > 1
                && text.substring(1).chars().allMatch(Character::isDigit))) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return LocalDateTime.parse(text, DATE_TIME).atZone(CHINA).toInstant();
        } catch (DateTimeParseException notDingTalkFormat) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return ctxt.reportInputMismatch(this, "not epoch milliseconds nor yyyy-MM-dd HH:mm:ss: '%s'", text);
            }
        }
    }
}
