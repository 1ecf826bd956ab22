package io.dingtalketl.orgsync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/** What happens to a personal field on its way to the warehouse. */
public enum PiiPolicy {
    /** Stored as DingTalk sends it. */
    KEEP,
    /** Stored as the hex SHA-256 of {@code salt + value}: joinable across tables, not readable. */
    HASH,
    /** Never stored (always NULL). */
    DROP;

    public @Nullable String apply(@Nullable String value, @Nullable String salt) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case KEEP -> value;
            case DROP -> null;
            case HASH -> sha256Hex((salt == null ? "" : salt) + value);
        };
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
