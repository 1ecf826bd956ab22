package io.dingtalketl.warehouse;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The DingTalk values a run cut to fit their columns: per column ({@code users.title}), how many records
 * (users, departments) had theirs cut. Immutable; columns in name order.
 */
public record TruncatedValues(Map<String, Integer> byColumn) {

    public static final TruncatedValues NONE = new TruncatedValues(Map.of());

    public TruncatedValues {
        byColumn = java.util.Collections.unmodifiableMap(new TreeMap<>(byColumn));
    }

    public int total() {
        return byColumn.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** For people: {@code 1 value cut to fit its column (users.title)}, {@code 3 values cut to fit their columns (…)}. */
    public String describe() {
        int total = total();
        String columns = total == 1 ? String.join(", ", byColumn.keySet())
                : byColumn.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%d %s (%s)", total,
                total == 1 ? "value cut to fit its column" : "values cut to fit their columns", columns);
    }
}
