package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;

/**
 * DingTalk's per-app, per-API QPS limit: a sliding 1-second window over the calls it accepted. A call
 * is accepted when fewer than {@code limit} accepted calls lie within the last second. Thread safe;
 * APIs do not contend with each other.
 */
final class QpsWindows {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    /** The outcome for one call, with the arrival time the window used. */
    record Admission(long nanoTime, boolean accepted) {
    }

    private final Map<DingTalkEndpoint, ArrayDeque<Long>> windows = new EnumMap<>(DingTalkEndpoint.class);

    private final SimulatorClock clock;

    QpsWindows(SimulatorClock clock) {
        this.clock = clock;
        for (DingTalkEndpoint endpoint : DingTalkEndpoint.values()) {
            windows.put(endpoint, new ArrayDeque<>());
        }
    }

    /** Takes the arrival time and decides; {@code limit} 0 means unlimited. */
    Admission admit(DingTalkEndpoint endpoint, int limit) {
        ArrayDeque<Long> window = windows.get(endpoint);
        synchronized (window) {
            long now = clock.nanoTime();
            if (limit <= 0) {
                window.clear();
                return new Admission(now, true);
            }
            while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) {
                window.pollFirst();
            }
            if (window.size() >= limit) {
                return new Admission(now, false);
            }
            window.addLast(now);
            return new Admission(now, true);
        }
    }
}
