package io.dingtalketl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Medians over the runs of one profile: reads the {@code RESULT} and {@code RATIO} lines of the logs
 * given as arguments (one log per run, see {@code bench/run.sh}) and prints, per variant, the median and
 * the range of each figure.
 */
public final class BenchmarkSummary {

    private static final List<String> COLUMNS = List.of("wall_s", "users_per_s", "calls", "wall_over_sum", "wall_over_max",
            "sum_bound_s", "max_bound_s", "peak_heap_mb", "heap_after_gc_mb", "peak_rss_mb", "gc_ms", "etl_cpu_s", "simulator_cpu_s");

    private BenchmarkSummary() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Map<String, List<Double>>> variants = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, Boolean> minimal = new LinkedHashMap<>();
        String profile = "?";
        for (String file : args) {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith("RESULT ")) {
                    Map<String, String> fields = fields(line);
                    profile = fields.get("profile");
                    Map<String, List<Double>> values = variants.computeIfAbsent(fields.get("variant"), v -> new LinkedHashMap<>());
                    fields.forEach((key, value) -> {
                        if (value.matches("-?[0-9.]+")) {
                            values.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(value));
                        }
                    });
                    minimal.merge(fields.get("variant"), Boolean.parseBoolean(fields.get("minimal_calls")), Boolean::logicalAnd);
                } else if (line.startsWith("RATIO ")) {
                    fields(line).forEach((key, value) -> {
                        if (key.startsWith("naive_over_")) {
                            ratios.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(value));
                        }
                    });
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n== profile %s: medians over %d run(s) [min..max] ==%n", profile, args.length);
        variants.forEach((variant, values) -> {
            System.out.printf(Locale.ROOT, "%s (calls minimal in every run: %s)%n", variant, minimal.get(variant) ? "yes" : "NO");
            for (String column : COLUMNS) {
                List<Double> v = values.get(column);
                if (v != null) {
                    System.out.printf(Locale.ROOT, "  %-17s %10s  [%s..%s]%n", column, format(median(v)), format(min(v)), format(max(v)));
                }
            }
            values.forEach((key, v) -> {
                if (key.startsWith("step_")) {
                    System.out.printf(Locale.ROOT, "  %-30s %10s  [%s..%s]%n", key, format(median(v)), format(min(v)), format(max(v)));
                }
            });
        });
        ratios.forEach((key, v) -> System.out.printf(Locale.ROOT, "%-22s %10s  [%s..%s] (each run side by side)%n",
                key.replace("_over_", " / "), format(median(v)), format(min(v)), format(max(v))));
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
