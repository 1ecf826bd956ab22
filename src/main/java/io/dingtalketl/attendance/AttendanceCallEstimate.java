package io.dingtalketl.attendance;

import io.dingtalketl.client.DingTalkClient;

/**
 * The metered calls a window will cost, before it runs: per partition (50 users × 7 days) the pages of
 * {@code attendance/list} if every user has two check points on each weekday (≥ 1 page each), plus one
 * {@code getleavestatus} call per 100 users and 180 days (more pages only when a batch has over 100 leaves).
 * DingTalk's own schedules (shifts on weekends, part-timers) make the real number differ.
 */
public record AttendanceCallEstimate(int users, long resultCalls, long leaveCalls) {

    public static AttendanceCallEstimate of(int users, AttendanceWindow window) {
        long results = 0;
        int batchSize = DingTalkClient.MAX_ATTENDANCE_USERS;
        for (AttendanceWindow week : window.weeks()) {
            for (int first = 0; first < users; first += batchSize) {
                long batchUsers = Math.min(batchSize, users - first);
                long perPage = DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE;
                results += Math.max(1, (batchUsers * week.workDays() * 2 + perPage - 1) / perPage);
            }
        }
        long batches = (users + DingTalkClient.MAX_LEAVE_USERS - 1) / DingTalkClient.MAX_LEAVE_USERS;
        return new AttendanceCallEstimate(users, results, batches * window.leaveSpans().size());
    }

    public long total() {
        return resultCalls + leaveCalls;
    }

    @Override
    public String toString() {
        return "about " + total() + " metered DingTalk calls (" + resultCalls + " attendance/list for " + users
                + " users, " + leaveCalls + " getleavestatus)";
    }
}
