package io.dingtalketl.warehouse;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code etl_metered_calls}: the metered DingTalk calls of each job execution, filed under DingTalk's month
 * (Asia/Shanghai) the execution ended in. The only class that reads or writes the table; it answers how much of the
 * monthly quota this warehouse's runs have spent ({@link #usage}).
 */
@Repository
public class MeteredCallLedger {

    /** DingTalk's quota month is China's calendar month. */
    public static final ZoneId DINGTALK_MONTH_ZONE = ZoneId.of("Asia/Shanghai");

    private final JdbcTemplate jdbc;

    public MeteredCallLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** DingTalk's month at {@code at}. */
    public static YearMonth monthOf(Instant at) {
        return YearMonth.from(at.atZone(DINGTALK_MONTH_ZONE));
    }

    /**
     * Adds metered calls to an execution's row (nothing when it made none): the job's own at its end, and a call made
     * for it afterwards (its work notification).
     */
    public void record(long jobExecutionId, long runId, String jobName, long calls, Instant endedAt) {
        if (calls <= 0) {
            return;
        }
        if (jdbc.update("UPDATE etl_metered_calls SET calls = calls + ? WHERE job_execution_id = ?", calls, jobExecutionId) > 0) {
            return;
        }
        jdbc.update("""
                INSERT INTO etl_metered_calls (job_execution_id, run_id, job_name, quota_month, calls, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?)""", jobExecutionId, runId, jobName, monthOf(endedAt).toString(), calls,
                LocalDateTime.ofInstant(endedAt, ZoneOffset.UTC));
    }

    /** The metered calls of every execution recorded in {@code month}. */
    public long callsIn(YearMonth month) {
        Long sum = jdbc.queryForObject("SELECT COALESCE(SUM(calls), 0) FROM etl_metered_calls WHERE quota_month = ?", Long.class,
                month.toString());
        return sum == null ? 0 : sum;
    }

    /**
     * The quota as spent at {@code now}: {@code thisRun} (already recorded, so part of the month's total), this month's
     * calls so far, and the projection to the month's end.
     */
    public QuotaUsage usage(long thisRun, @Nullable Long quota, Instant now) {
        YearMonth month = monthOf(now);
        long soFar = callsIn(month);
        return new QuotaUsage(month, thisRun, soFar, project(soFar, month, now), quota);
    }

    /** Linear: the month's calls so far × days in the month ÷ days elapsed (at least one, so the 1st is not extrapolated ×30). */
    static long project(long soFar, YearMonth month, Instant now) {
        ZonedDateTime start = month.atDay(1).atStartOfDay(DINGTALK_MONTH_ZONE);
        double elapsedDays = Math.max(1.0, Duration.between(start.toInstant(), now).toMillis() / 86_400_000.0);
        double days = month.lengthOfMonth();
        return Math.round(soFar * Math.max(1.0, days / Math.min(elapsedDays, days)));
    }
}
