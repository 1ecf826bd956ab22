package io.dingtalketl.simulator;

import java.time.Duration;

/**
 * The simulator's time for QPS windows, token lifetimes and the call log: {@link System#nanoTime()} unless
 * a test freezes it, after which it moves only when the test advances it. A test of a one-second window or
 * a token's lifetime then holds the time it reasons about instead of hoping the machine keeps up. Thread safe.
 */
final class SimulatorClock {

    private long offset;
    private long frozenAt;
    private boolean frozen;

    synchronized long nanoTime() {
        return (frozen ? frozenAt : System.nanoTime()) + offset;
    }

    synchronized void freeze() {
        if (!frozen) {
            frozenAt = System.nanoTime();
            frozen = true;
        }
    }

    synchronized void advance(Duration duration) {
        offset += duration.toNanos();
    }
}
