package io.dingtalketl.client;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * One rate limiter per DingTalk API, shared by every thread of the process (DingTalk counts calls per app
 * per API). Built on Bucket4j: each API's bucket holds a single token refilled every
 * {@code (1 s + margin) / qps}, so calls are spaced evenly and no one-second window, wherever it starts,
 * holds more than {@code qps} calls, even with a few milliseconds of network jitter. A bucket with more
 * capacity would allow bursts of up to twice the limit across a window boundary, which DingTalk punishes
 * with errcode 90018 and a one-second penalty.
 *
 * <p>Thread-safe; {@link #acquire} blocks (interruptibly) and reports how long it waited.
 */
final class ApiThrottle {

    private final Map<DingTalkEndpoint, Bucket> buckets = new EnumMap<>(DingTalkEndpoint.class);

    ApiThrottle(DingTalkProperties properties) {
        for (DingTalkEndpoint endpoint : DingTalkEndpoint.values()) {
            int qps = properties.qpsOf(endpoint);
            if (qps > 0) {
                long periodNanos = (Duration.ofSeconds(1).plus(properties.throttleWindowMargin()).toNanos()) / qps;
                buckets.put(endpoint, Bucket.builder()
                        .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofNanos(periodNanos)).build())
                        .build());
            }
        }
    }

    /** Waits for the API's next slot; returns the nanoseconds waited (0 when unthrottled). */
    long acquire(DingTalkEndpoint endpoint) throws InterruptedException {
        Bucket bucket = buckets.get(endpoint);
        if (bucket == null) {
            return 0;
        }
        long start = System.nanoTime();
        bucket.asBlocking().consume(1);
        return System.nanoTime() - start;
    }
}
