package io.dingtalketl.client;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>When DingTalk still answers with a throttling code, {@link #penalize} pauses the API for every
 * thread for DingTalk's one-second penalty, rather than spending calls on more refusals.
 *
 * <p>Thread-safe; {@link #acquire} blocks (interruptibly) and reports how long it waited.
 */
final class ApiThrottle {

    /** How long DingTalk blocks an API after a throttling answer ("qps限流限制时间是1秒"). */
    static final Duration PENALTY = Duration.ofSeconds(1);

    private final Map<DingTalkEndpoint, Bucket> buckets = new EnumMap<>(DingTalkEndpoint.class);
    private final Map<DingTalkEndpoint, Integer> limits = new EnumMap<>(DingTalkEndpoint.class);
    /** Per API, the System.nanoTime() before which no call may leave (DingTalk's throttling penalty). */
    private final Map<DingTalkEndpoint, AtomicLong> pausedUntil = new EnumMap<>(DingTalkEndpoint.class);

    ApiThrottle(DingTalkProperties properties) {
        for (DingTalkEndpoint endpoint : DingTalkEndpoint.values()) {
            int qps = properties.qpsOf(endpoint);
            pausedUntil.put(endpoint, new AtomicLong(System.nanoTime()));
            if (qps > 0) {
                limits.put(endpoint, qps);
                long periodNanos = (Duration.ofSeconds(1).plus(properties.throttleWindowMargin()).toNanos()) / qps;
                buckets.put(endpoint, Bucket.builder()
                        .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofNanos(periodNanos)).build())
                        .build());
            }
        }
    }

    /**
     * DingTalk answered that this API is throttled (90018, 90002): it blocks the API for about a second,
     * so every thread pauses for a second's worth of calls instead of spending calls on more refusals.
     */
    void penalize(DingTalkEndpoint endpoint) {
        long until = System.nanoTime() + PENALTY.toNanos();
        pausedUntil.get(endpoint).accumulateAndGet(until, Math::max);
        Bucket bucket = buckets.get(endpoint);
        if (bucket != null) {
            bucket.consumeIgnoringRateLimits(limits.get(endpoint));
        }
    }

    /** Waits for the API's next slot; returns the nanoseconds waited (0 when unthrottled). */
    long acquire(DingTalkEndpoint endpoint) throws InterruptedException {
        long start = System.nanoTime();
        Bucket bucket = buckets.get(endpoint);
        if (bucket != null) {
            bucket.asBlocking().consume(1);
        }
        // a slot reserved before DingTalk's refusal still waits out the penalty
        long pause = pausedUntil.get(endpoint).get() - System.nanoTime();
        if (pause > 0) {
            TimeUnit.NANOSECONDS.sleep(pause);
        }
        return System.nanoTime() - start;
    }
}
