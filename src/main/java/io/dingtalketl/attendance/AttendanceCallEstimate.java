package io.dingtalketl.attendance;

import io.dingtalketl.client.DingTalkClient;

/**
 * The metered calls a window will cost, before it runs: per partition (50 users × 7 days) the pages of
 * {@code attendance/list} if every user has two check points on each weekday (≥ 1 page each), plus one
 * {@code getleavestatus} call per 100 users and 180 days (more pages only when a batch has over 100 leaves).
 * DingTalk's own schedules (shifts on weekends, part-timers) make the real number differ.
 */
public record AttendanceCallEstimate(int users, long resultCalls, long leaveCalls, long punchCalls) {

    public static AttendanceCallEstimate of(int users, AttendanceWindow window) {
        AttendanceCallEstimate results = results(users, window);
        long batches = (users + DingTalkClient.MAX_LEAVE_USERS - 1) / DingTalkClient.MAX_LEAVE_USERS;
        return new AttendanceCallEstimate(users, results.resultCalls, batches * window.leaveSpans().size(), 0);
    }

    /**
     * A run of {@code window} with {@code scanDays} (null: none, as {@link #of}): the results of the new days, the
     * punches of the scan and the new days (or of the new days when {@code punchesStored}), the leaves of a scan.
     * The user-days a scan finds changed come on top (about one call per 25 of them).
     */
    public static AttendanceCallEstimate of(int users, AttendanceWindow window, @org.jspecify.annotations.Nullable Long scanDays,
                                            boolean punchesStored) {
        RunWindows windows = new RunWindows(window, scanDays);
        long leaveBatches = (users + DingTalkClient.MAX_LEAVE_USERS - 1) / DingTalkClient.MAX_LEAVE_USERS;
        long punchBatches = (users + DingTalkClient.MAX_ATTENDANCE_USERS - 1) / DingTalkClient.MAX_ATTENDANCE_USERS;
        long leaves = windows.leavesAfterResults().or(windows::leavesBeforeResults).map(w -> leaveBatches * w.leaveSpans().size()).orElse(0L);
        long punches = windows.punches(punchesStored).map(w -> punchBatches * w.weeks().size()).orElse(0L);
        return new AttendanceCallEstimate(users, results(users, window).resultCalls, leaves, punches);
    }

    private static AttendanceCallEstimate results(int users, AttendanceWindow window) {
        long results = 0;
        int batchSize = DingTalkClient.MAX_ATTENDANCE_USERS;
        for (AttendanceWindow week : window.weeks()) {
            for (int first = 0; first < users; first += batchSize) {
                long batchUsers = Math.min(batchSize, users - first);
                long perPage = DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE;
                results += Math.max(1, (batchUsers * week.workDays() * 2 + perPage - 1) / perPage);
            }
        }
        return new AttendanceCallEstimate(users, results, 0, 0);
    }

    public long total() {
        return resultCalls + leaveCalls + punchCalls;
    }

    @Override
    public String toString() {
        return "about " + total() + " metered DingTalk calls (" + resultCalls + " attendance/list for " + users
                + " users, " + leaveCalls + " getleavestatus" + (punchCalls > 0 ? ", " + punchCalls + " listRecord" : "") + ")";
    }
}
