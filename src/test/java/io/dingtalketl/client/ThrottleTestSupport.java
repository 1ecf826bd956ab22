package io.dingtalketl.client;

import java.util.List;

import io.dingtalketl.simulator.CallRecord;

/** Measures throttling from the simulator's call log. */
public final class ThrottleTestSupport {

    private ThrottleTestSupport() {
    }

    /** The most calls whose arrival falls in one window [t, t + window), over every t. */
    public static int maxInAnyWindow(List<CallRecord> calls, long windowNanos) {
        long[] times = calls.stream().mapToLong(CallRecord::nanoTime).sorted().toArray();
        int max = 0;
        int start = 0;
        for (int end = 0; end < times.length; end++) {
            while (times[end] - times[start] >= windowNanos) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
