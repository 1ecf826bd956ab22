package io.dingtalketl.client;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Mobile numbers in the form DingTalk keeps them, so that a number written by another system compares equal to
 * DingTalk's and is sent to DingTalk as it expects (dingtalk-api.md §3, §5.3): a mainland China number is its 11
 * digits without country code ({@code v2/user/get} answers {@code "mobile":"18513027676"} with
 * {@code "state_code":"86"}); any other number is {@code +<country code>-<number>}.
 *
 * <p>Spaces, dots, parentheses and the dashes inside a number are what people type and DingTalk does not keep;
 * {@code +86}, {@code 0086} and {@code 86} before an 11-digit mainland number are its country code. A number
 * whose country code cannot be told from its digits (international without {@code +}) is returned stripped of
 * separators only.
 */
public final class MobileNumbers {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s.()\\u00a0-]");
    private static final Pattern MAINLAND = Pattern.compile("1\\d{10}");

    private MobileNumbers() {
    }

    /** The number as DingTalk keeps it, or null for null or blank. */
    public static @Nullable String dingTalkForm(@Nullable String written) {
        if (written == null || written.isBlank()) {
            return null;
        }
        String value = written.strip();
        String digits = SEPARATORS.matcher(value).replaceAll("");
        String national = digits.startsWith("+86") ? digits.substring(3)
                : digits.startsWith("0086") ? digits.substring(4)
                : digits.startsWith("86") && digits.length() == 13 ? digits.substring(2)
                : digits;
        if (MAINLAND.matcher(national).matches()) {
            return national;
        }
        if (value.startsWith("+")) {
            // +<country code>-<number>: keep the writer's split between code and number when it gave one
            int dash = value.indexOf('-');
            if (dash > 1) {
                return "+" + SEPARATORS.matcher(value.substring(1, dash)).replaceAll("") + "-"
                        + SEPARATORS.matcher(value.substring(dash + 1)).replaceAll("");
            }
            return digits;
        }
        return digits;
    }
}
