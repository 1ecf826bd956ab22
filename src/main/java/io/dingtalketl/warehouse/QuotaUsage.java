package io.dingtalketl.warehouse;

import java.time.YearMonth;

import org.jspecify.annotations.Nullable;

/**
 * The organization's monthly quota of metered DingTalk calls as this warehouse has seen it spent: {@code thisRun}
 * (the run being reported, all its executions), {@code monthToDate} (every execution recorded in DingTalk's month
 * {@code month}, this run's included), {@code projected} (the month's calls by its last day at this month's pace so
 * far: month to date × days in the month ÷ days elapsed, at least one) and the {@code quota}, null when unknown
 * ({@code dingtalk.monthly-quota} unset). Calls other apps of the organization make count toward the same quota and
 * are not seen here.
 */
public record QuotaUsage(YearMonth month, long thisRun, long monthToDate, long projected, @Nullable Long quota) {

    /** What is left of the quota this month (never below 0), or null when the quota is unknown. */
    public @Nullable Long left() {
        return quota == null ? null : Math.max(0, quota - monthToDate);
    }

    /** One line for summaries, reports and notifications. */
    public String describe() {
        String line = "Metered DingTalk calls: " + thisRun + " this run, " + monthToDate + " so far in " + month
                + " (DingTalk's month, Asia/Shanghai), about " + projected + " by the month's end at this month's pace; ";
        if (quota == null) {
            return line + "quota unknown (set dingtalk.monthly-quota).";
        }
        return line + "quota " + quota + ", " + left() + " left" + (projected > quota ? " — the projection exceeds the quota." : ".");
    }
}
