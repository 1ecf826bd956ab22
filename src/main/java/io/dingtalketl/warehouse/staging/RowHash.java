package io.dingtalketl.warehouse.staging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * The {@code row_hash} of staged and warehouse rows: SHA-256 (hex) over a row's versioned attributes, NULL-aware.
 * Equal hashes mean "unchanged, no new version", so the job that stages a row and the merge that compares it
 * must hash the same way: both call this. Thread-safe.
 */
public final class RowHash {

    private static final char SEPARATOR = '\u001F';
    private static final String NULL = "\u0000";

    private RowHash() {
    }

    /** SHA-256 (hex) of the given attribute values, in order; a null differs from every text. */
    public static String of(@Nullable Object... values) {
        StringBuilder text = new StringBuilder();
        for (Object value : values) {
            text.append(value == null ? NULL : value.toString()).append(SEPARATOR);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
