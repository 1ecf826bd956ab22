package io.dingtalketl.warehouse;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code etl_sync_run}: one row per run (a job instance, across its restarts). The only class that reads or
 * writes the table: the job records its runs here, the report and the notification their outcome.
 */
@Repository
public class SyncRunRepository {

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public SyncRunRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A run as recorded. */
    public record SyncRun(long runId, String jobName, LocalDate runDate, Instant asOf, String status, Instant startedAt,
                          @Nullable Instant endedAt, @Nullable Long lastExecutionId, PublishResult counts,
                          long apiCallsTotal, Map<String, Long> apiCalls, @Nullable String message,
                          @Nullable String simulatedSource, @Nullable Integer dingtalkUserCount, boolean dryRun,
                          @Nullable Integer usersSeen, @Nullable Long meteredCalls) {

        /** Whether the run read a simulator's invented organization instead of DingTalk. */
        public boolean simulated() {
            return simulatedSource != null;
        }
    }

    /**
     * Records the start of a run; a restart of the same run keeps its row (and its as-of time).
     * {@code simulatedSource} names the simulator the execution reads instead of DingTalk (null: DingTalk);
     * once any execution of a run was simulated, the run stays marked.
     */
    public void started(long runId, String jobName, LocalDate runDate, Instant asOf, Instant startedAt,
                        @Nullable String simulatedSource) {
        int updated = jdbc.update("UPDATE etl_sync_run SET status = 'STARTED', message = NULL, "
                + "simulated_source = COALESCE(?, simulated_source) WHERE run_id = ?", simulatedSource, runId);
        if (updated == 0) {
            jdbc.update("""
                    INSERT INTO etl_sync_run (run_id, job_name, run_date, as_of, status, started_at, api_calls_total, api_calls,
                      simulated_source)
                    VALUES (?, ?, ?, ?, 'STARTED', ?, 0, '{}', ?)""",
                    runId, jobName, runDate, utc(asOf), utc(startedAt), simulatedSource);
        }
    }

    public void published(long runId, long executionId, PublishResult result, String status, Instant endedAt) {
        jdbc.update("""
                UPDATE etl_sync_run SET status = ?, dry_run = ?, ended_at = ?, last_execution_id = ?,
                  departments_seen = ?, departments_inserted = ?, departments_changed = ?, departments_closed = ?,
                  users_seen = ?, users_inserted = ?, users_changed = ?, users_closed = ?,
                  memberships_seen = ?, memberships_inserted = ?, memberships_changed = ?, memberships_closed = ?,
                  values_truncated = ?, values_truncated_columns = ?, message = NULL
                WHERE run_id = ?""", status, "DRY_RUN".equals(status), utc(endedAt), executionId,
                result.departments().seen(), result.departments().inserted(), result.departments().changed(), result.departments().closed(),
                result.users().seen(), result.users().inserted(), result.users().changed(), result.users().closed(),
                result.memberships().seen(), result.memberships().inserted(), result.memberships().changed(), result.memberships().closed(),
                result.truncated().total(), json.writeValueAsString(result.truncated().byColumn()), runId);
    }

    /** A run that loads facts rather than publishing versions (attendanceJob) ended successfully with {@code status}. */
    public void completed(long runId, long executionId, String status, Instant endedAt) {
        jdbc.update("UPDATE etl_sync_run SET status = ?, ended_at = ?, last_execution_id = ?, message = NULL WHERE run_id = ?",
                status, utc(endedAt), executionId, runId);
    }

    /** Where the run's report was written and what became of its notification (columns of V3). */
    public record Delivery(@Nullable String reportPath, @Nullable String notificationStatus, @Nullable String notificationDetail) {
    }

    /**
     * Stores a run's change report (its Markdown and where its HTML file was written).
     *
     * @return false when the run has no row
     */
    public boolean reportWritten(long runId, String markdown, String reportPath) {
        return jdbc.update("UPDATE etl_sync_run SET report_markdown = ?, report_path = ? WHERE run_id = ?",
                markdown, reportPath, runId) > 0;
    }

    /** Records what became of a run's notification; {@code detail} is cut to its column's 4,000 characters. */
    public void notified(long runId, String status, @Nullable Long taskId, @Nullable String detail) {
        jdbc.update("""
                UPDATE etl_sync_run SET notification_status = ?, notification_task_id = ?, notification_detail = ?
                WHERE run_id = ?""", status, taskId,
                detail == null || detail.isEmpty() ? null : detail.length() > 4000 ? detail.substring(0, 3999) + "…" : detail, runId);
    }

    public Optional<Delivery> delivery(long runId) {
        return jdbc.query("SELECT report_path, notification_status, notification_detail FROM etl_sync_run WHERE run_id = ?",
                (rs, i) -> new Delivery(rs.getString(1), rs.getString(2), rs.getString(3)), runId).stream().findFirst();
    }

    /** The latest as-of time of any run, or null before the first. */
    public @Nullable Instant latestAsOf() {
        LocalDateTime latest = jdbc.queryForObject("SELECT MAX(as_of) FROM etl_sync_run", LocalDateTime.class);
        return latest == null ? null : latest.toInstant(ZoneOffset.UTC);
    }

    /** The id of the last published run of {@code jobName} (what the warehouse's current rows are as of); null if none. */
    public @Nullable Long lastPublishedRun(String jobName) {
        return jdbc.queryForObject("SELECT MAX(run_id) FROM etl_sync_run WHERE job_name = ? AND status = 'PUBLISHED'", Long.class,
                jobName);
    }

    /** The as-of time of the last published run of {@code jobName} before {@code asOf} (not {@code runId}); null if none. */
    public @Nullable Instant previousFullSyncAsOf(long runId, String jobName, Instant asOf) {
        LocalDateTime previous = jdbc.queryForObject("""
                SELECT MAX(as_of) FROM etl_sync_run WHERE job_name = ? AND status = 'PUBLISHED' AND run_id <> ? AND as_of < ?""",
                LocalDateTime.class, jobName, runId, utc(asOf));
        return previous == null ? null : previous.toInstant(ZoneOffset.UTC);
    }

    public void userCount(long runId, long count) {
        jdbc.update("UPDATE etl_sync_run SET dingtalk_user_count = ? WHERE run_id = ?", count, runId);
    }

    public void failed(long runId, String message) {
        jdbc.update("UPDATE etl_sync_run SET status = 'FAILED', message = ? WHERE run_id = ?",
                message.length() > 4000 ? message.substring(0, 4000) : message, runId);
    }

    /** A run stopped on purpose before its end (its {@code maxCalls} spent): the same command goes on with it. */
    public void stopped(long runId, String message) {
        jdbc.update("UPDATE etl_sync_run SET status = 'STOPPED', message = ? WHERE run_id = ?",
                message.length() > 4000 ? message.substring(0, 4000) : message, runId);
    }

    /** Adds one execution's API calls to the run's totals. */
    public void addApiCalls(long runId, Map<String, Long> calls) {
        Map<String, Long> total = find(runId).map(SyncRun::apiCalls).orElseGet(LinkedHashMap::new);
        calls.forEach((api, n) -> total.merge(api, n, Long::sum));
        jdbc.update("UPDATE etl_sync_run SET api_calls = ?, api_calls_total = ? WHERE run_id = ?",
                json.writeValueAsString(total), total.values().stream().mapToLong(Long::longValue).sum(), runId);
    }

    /** Adds one execution's metered calls (those that count toward DingTalk's monthly quota) to the run's total. */
    public void addMeteredCalls(long runId, long calls) {
        jdbc.update("UPDATE etl_sync_run SET metered_calls = COALESCE(metered_calls, 0) + ? WHERE run_id = ?", calls, runId);
    }

    public Optional<SyncRun> find(long runId) {
        return jdbc.query("SELECT * FROM etl_sync_run WHERE run_id = ?", (rs, i) -> new SyncRun(
                rs.getLong("run_id"), rs.getString("job_name"), rs.getObject("run_date", LocalDate.class),
                instant(rs, "as_of"), rs.getString("status"), instant(rs, "started_at"), instant(rs, "ended_at"),
                (Long) rs.getObject("last_execution_id", Long.class),
                new PublishResult(counts(rs, "departments"), counts(rs, "users"), counts(rs, "memberships"),
                        truncated(rs.getString("values_truncated_columns"))),
                rs.getLong("api_calls_total"), apiCalls(rs.getString("api_calls")), rs.getString("message"),
                rs.getString("simulated_source"), rs.getObject("dingtalk_user_count", Integer.class),
                rs.getBoolean("dry_run"), rs.getObject("users_seen", Integer.class), rs.getObject("metered_calls", Long.class)), runId)
                .stream().findFirst();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private TruncatedValues truncated(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return TruncatedValues.NONE;
        }
        return new TruncatedValues(json.readValue(text, new TypeReference<Map<String, Integer>>() { }));
    }

    private Map<String, Long> apiCalls(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(json.readValue(text, new TypeReference<Map<String, Long>>() { }));
    }

    private static EntityCounts counts(java.sql.ResultSet rs, String entity) throws java.sql.SQLException {
        return new EntityCounts(rs.getInt(entity + "_seen"), rs.getInt(entity + "_inserted"), rs.getInt(entity + "_changed"),
                rs.getInt(entity + "_closed"));
    }
}
