package io.dingtalketl.client;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-API counters of the client: HTTP calls sent, retries, failures, and time spent waiting for the
 * throttle. Published to Micrometer as {@code dingtalk.client.calls}, {@code dingtalk.client.retries},
 * {@code dingtalk.client.failures} and {@code dingtalk.client.throttle.wait} (seconds), tagged {@code api};
 * {@link #snapshot()} gives the same numbers to run reports. Thread-safe.
 */
public final class ApiCallMetrics {

    private final Map<DingTalkEndpoint, LongAdder> calls = adders();
    private final Map<DingTalkEndpoint, LongAdder> retries = adders();
    private final Map<DingTalkEndpoint, LongAdder> failures = adders();
    private final Map<DingTalkEndpoint, LongAdder> waitNanos = adders();
    private final LongAdder metered = new LongAdder();

    ApiCallMetrics() {
    }

    /**
     * Counts per API at one moment, and {@code metered}: the calls, of every API, that count toward DingTalk's monthly
     * quota ({@code dingtalk.metered-apis}, or a configured extract's {@code metered}), retries included.
     */
    public record Snapshot(Map<DingTalkEndpoint, Long> calls, Map<DingTalkEndpoint, Long> retries,
                           Map<DingTalkEndpoint, Long> failures, Map<DingTalkEndpoint, Duration> throttleWait, long metered) {

        /** Metered calls made since {@code earlier}. */
        public long meteredSince(Snapshot earlier) {
            return metered - earlier.metered();
        }

        public long calls(DingTalkEndpoint endpoint) {
            return calls.getOrDefault(endpoint, 0L);
        }

        /** Calls made since {@code earlier}, per API (APIs with none left out). */
        public Map<DingTalkEndpoint, Long> callsSince(Snapshot earlier) {
            Map<DingTalkEndpoint, Long> out = new EnumMap<>(DingTalkEndpoint.class);
            calls.forEach((api, n) -> {
                long delta = n - earlier.calls(api);
                if (delta > 0) {
                    out.put(api, delta);
                }
            });
            return out;
        }
    }

    void bindTo(MeterRegistry registry) {
        for (DingTalkEndpoint api : DingTalkEndpoint.values()) {
            FunctionCounter.builder("dingtalk.client.calls", calls.get(api), LongAdder::doubleValue)
                    .description("HTTP calls sent to DingTalk").tag("api", api.key()).register(registry);
            FunctionCounter.builder("dingtalk.client.retries", retries.get(api), LongAdder::doubleValue)
                    .description("Calls repeated after a busy, throttled or token answer").tag("api", api.key()).register(registry);
            FunctionCounter.builder("dingtalk.client.failures", failures.get(api), LongAdder::doubleValue)
                    .description("Calls that ended in an error given to the caller").tag("api", api.key()).register(registry);
            FunctionCounter.builder("dingtalk.client.throttle.wait", waitNanos.get(api), a -> a.doubleValue() / 1e9)
                    .description("Seconds spent waiting for the per-API throttle").baseUnit("seconds")
                    .tag("api", api.key()).register(registry);
        }
        FunctionCounter.builder("dingtalk.client.metered.calls", metered, LongAdder::doubleValue)
                .description("Calls that count toward DingTalk's monthly quota").register(registry);
    }

    void call(DingTalkEndpoint api, boolean countsTowardQuota) {
        calls.get(api).increment();
        if (countsTowardQuota) {
            metered.increment();
        }
    }

    void retry(DingTalkEndpoint api) {
        retries.get(api).increment();
    }

    void failure(DingTalkEndpoint api) {
        failures.get(api).increment();
    }

    void waited(DingTalkEndpoint api, long nanos) {
        if (nanos > 0) {
            waitNanos.get(api).add(nanos);
        }
    }

    public Snapshot snapshot() {
        Map<DingTalkEndpoint, Long> c = new LinkedHashMap<>();
        Map<DingTalkEndpoint, Long> r = new LinkedHashMap<>();
        Map<DingTalkEndpoint, Long> f = new LinkedHashMap<>();
        Map<DingTalkEndpoint, Duration> w = new LinkedHashMap<>();
        for (DingTalkEndpoint api : DingTalkEndpoint.values()) {
            c.put(api, calls.get(api).sum());
            r.put(api, retries.get(api).sum());
            f.put(api, failures.get(api).sum());
            w.put(api, Duration.ofNanos(waitNanos.get(api).sum()));
        }
        return new Snapshot(Collections.unmodifiableMap(c), Collections.unmodifiableMap(r),
                Collections.unmodifiableMap(f), Collections.unmodifiableMap(w), metered.sum());
    }

    private static Map<DingTalkEndpoint, LongAdder> adders() {
        Map<DingTalkEndpoint, LongAdder> map = new EnumMap<>(DingTalkEndpoint.class);
        for (DingTalkEndpoint api : DingTalkEndpoint.values()) {
            map.put(api, new LongAdder());
        }
        return Collections.unmodifiableMap(map);
    }
}
