package io.dingtalketl.orgsync;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a chunk of DingTalk answers is complete and commits: once it holds {@code maxItems} items, or
 * once {@code maxTime} has passed since its first item was read, whichever comes first. The size keeps
 * commits few when answers come fast (no quota); the time keeps what a failure or a killed process
 * throws away, and the restart asks DingTalk again, to about {@code maxTime} of each API's calls when
 * they come slowly (DingTalk's 20 calls/s fill a 50-page chunk in 2.5 s, or 10 s when four partitions
 * share the quota).
 *
 * <p>The time is measured from the first item, so waiting for work before it (the department walk) does
 * not shorten a chunk. A chunk is checked between items: it holds at most the items read within
 * {@code maxTime} plus the one that crossed it.
 *
 * <p>Immutable and thread-safe; each {@link Started} belongs to one chunk.
 */
final class ChunkLimit {

    private final int maxItems;
    private final long maxNanos;
    private final LongSupplier nanoTime;

    ChunkLimit(int maxItems, Duration maxTime) {
        this(maxItems, maxTime, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds ({@link System#nanoTime} but in tests) */
    ChunkLimit(int maxItems, Duration maxTime, LongSupplier nanoTime) {
        if (maxItems < 1 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("a chunk needs at least one item and a positive time, was "
                    + maxItems + " items, " + maxTime);
        }
        this.maxItems = maxItems;
        this.maxNanos = maxTime.toNanos();
        this.nanoTime = nanoTime;
    }

    int maxItems() {
        return maxItems;
    }

    /** Starts a chunk's clock: to call when its first item has been read. */
    Started start() {
        return new Started(nanoTime.getAsLong());
    }

    /** The clock of one chunk. */
    final class Started {

        private final long startNanos;

        private Started(long startNanos) {
            this.startNanos = startNanos;
        }

        /** Whether a chunk of {@code items} items (at least one) is complete. */
        boolean isComplete(int items) {
            return items >= maxItems || timeLeft().isZero();
        }

        /** How long the chunk may still gather items; zero once its time is up. */
        Duration timeLeft() {
            long left = maxNanos - (nanoTime.getAsLong() - startNanos);
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }
    }
}
