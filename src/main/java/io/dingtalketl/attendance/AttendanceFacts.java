package io.dingtalketl.attendance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.dingtalketl.client.wire.AttendanceResult;
import io.dingtalketl.client.wire.LeaveStatus;
import io.dingtalketl.orgsync.InvalidDingTalkDataException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The attendance facts ({@code sql/V9__attendance.sql}), owner of {@code fact_attendance_result},
 * {@code fact_attendance_result_change} and {@code fact_leave}, and the one place that maps DingTalk's attendance
 * fields to their columns. Writes are upserts by natural key, so writing the same answer twice changes nothing;
 * callers write disjoint keys from concurrent threads (a partition owns its users and days). Thread-safe.
 */
public class AttendanceFacts {

    private static final String RESULT_COLUMNS = "result_id, userid, work_date, check_type, base_check_time, user_check_time,"
            + " time_result, location_result, source_type, record_id, plan_id, group_id, approve_id, proc_inst_id";

    private final JdbcTemplate jdbc;
    private final ZoneId zone;

    public AttendanceFacts(JdbcTemplate jdbc, ZoneId zone) {
        this.jdbc = jdbc;
        this.zone = zone;
    }

    /**
     * The users to read for a window: everyone in {@code dim_user} not known to have left before it starts, by
     * userid. That is everyone with a version valid at some point of the window (leavers included), and also
     * everyone whose history starts after the window: the warehouse knows users only from its first org sync on,
     * so a backfill of earlier days still reads today's users (DingTalk answers nothing for days they had no
     * schedule).
     */
    public List<String> usersOf(AttendanceWindow window) {
        return jdbc.queryForList("""
                SELECT DISTINCT userid FROM dim_user WHERE valid_to IS NULL OR valid_to > ? ORDER BY userid""",
                String.class, utc(window.start(zone)));
    }

    /** The next {@code limit} users of {@link #usersOf} after {@code afterUserid}. */
    List<String> usersOf(AttendanceWindow window, String afterUserid, int limit) {
        return jdbc.queryForList("""
                SELECT DISTINCT userid FROM dim_user WHERE (valid_to IS NULL OR valid_to > ?) AND userid > ?
                ORDER BY userid LIMIT ?""", String.class, utc(window.start(zone)), afterUserid, limit);
    }

    /** What one write did to the punch results. */
    public record ResultCounts(int inserted, int corrected, int unchanged) {
    }

    /**
     * Upserts punch results by id: new ones are inserted; changed ones updated, with one change-log row per
     * changed column; identical ones left alone.
     *
     * @throws InvalidDingTalkDataException for a result without id, userid or check type
     */
    public ResultCounts writeResults(Collection<AttendanceResult> results, long runId) {
        Map<Long, ResultRow> incoming = new LinkedHashMap<>();
        for (AttendanceResult result : results) {
            ResultRow row = ResultRow.of(result, zone);
            incoming.put(row.resultId(), row);
        }
        if (incoming.isEmpty()) {
            return new ResultCounts(0, 0, 0);
        }
        Map<Long, ResultRow> existing = existing(incoming.keySet());
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> changes = new ArrayList<>();
        LocalDateTime now = utc(Instant.now());
        int unchanged = 0;
        for (ResultRow row : incoming.values()) {
            ResultRow old = existing.get(row.resultId());
            if (old == null) {
                inserts.add(row.insertArgs(runId));
            } else if (!old.hash().equals(row.hash())) {
                updates.add(row.updateArgs(runId));
                Map<String, @Nullable String> before = old.columns();
                row.columns().forEach((column, value) -> {
                    if (!Objects.equals(before.get(column), value)) {
                        changes.add(new Object[] {row.resultId(), runId, now, column, before.get(column), value});
                    }
                });
            } else {
                unchanged++;
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO fact_attendance_result (" + RESULT_COLUMNS + ", first_seen_run, last_changed_run, row_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("""
                    UPDATE fact_attendance_result SET userid = ?, work_date = ?, check_type = ?, base_check_time = ?,
                      user_check_time = ?, time_result = ?, location_result = ?, source_type = ?, record_id = ?, plan_id = ?,
                      group_id = ?, approve_id = ?, proc_inst_id = ?, last_changed_run = ?, row_hash = ?
                    WHERE result_id = ?""", updates);
            jdbc.batchUpdate("""
                    INSERT INTO fact_attendance_result_change (result_id, run_id, changed_at, column_name, old_value, new_value)
                    VALUES (?, ?, ?, ?, ?, ?)""", changes);
        }
        return new ResultCounts(inserts.size(), updates.size(), unchanged);
    }

    private Map<Long, ResultRow> existing(Collection<Long> ids) {
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        Map<Long, ResultRow> rows = new LinkedHashMap<>();
        jdbc.query("SELECT " + RESULT_COLUMNS + " FROM fact_attendance_result WHERE result_id IN (" + marks + ")",
                rs -> {
                    ResultRow row = ResultRow.of(rs);
                    rows.put(row.resultId(), row);
                }, ids.toArray());
        return rows;
    }

    /** What one write did to the leaves. */
    public record LeaveCounts(int inserted, int changed) {
    }

    /** Upserts leaves by (userid, leave_code, start_time): end and duration are updated in place when they change. */
    public LeaveCounts writeLeaves(Collection<LeaveStatus> leaves, long runId) {
        int inserted = 0;
        int changed = 0;
        for (LeaveStatus leave : leaves) {
            if (leave.userid() == null || leave.leaveCode() == null || leave.startTime() == null || leave.endTime() == null) {
                throw new InvalidDingTalkDataException("getleavestatus returned a leave without userid, leave_code, start_time"
                        + " or end_time: " + leave);
            }
            LocalDateTime start = utc(leave.startTime());
            LocalDateTime end = utc(leave.endTime());
            List<List<@Nullable Object>> known = jdbc.query("""
                    SELECT end_time, duration_unit, duration_percent FROM fact_leave
                    WHERE userid = ? AND leave_code = ? AND start_time = ?""",
                    (rs, i) -> java.util.Arrays.<@Nullable Object>asList(rs.getObject(1, LocalDateTime.class), rs.getString(2),
                            rs.getObject(3, Long.class)),
                    leave.userid(), leave.leaveCode(), start);
            if (known.isEmpty()) {
                jdbc.update("""
                        INSERT INTO fact_leave (userid, leave_code, start_time, end_time, duration_unit, duration_percent,
                          first_seen_run, last_changed_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                        leave.userid(), leave.leaveCode(), start, end, leave.durationUnit(), leave.durationPercent(), runId, runId);
                inserted++;
            } else if (!known.get(0).equals(java.util.Arrays.<@Nullable Object>asList(end, leave.durationUnit(), leave.durationPercent()))) {
                jdbc.update("""
                        UPDATE fact_leave SET end_time = ?, duration_unit = ?, duration_percent = ?, last_changed_run = ?
                        WHERE userid = ? AND leave_code = ? AND start_time = ?""",
                        end, leave.durationUnit(), leave.durationPercent(), runId, leave.userid(), leave.leaveCode(), start);
                changed++;
            }
        }
        return new LeaveCounts(inserted, changed);
    }

    /** What a run (all its executions) wrote. */
    public record RunCounts(long resultsInserted, long resultsCorrected, long leavesInserted, long leavesChanged) {
    }

    public RunCounts runCounts(long runId) {
        return new RunCounts(
                count("SELECT COUNT(*) FROM fact_attendance_result WHERE first_seen_run = ?", runId),
                count("SELECT COUNT(DISTINCT result_id) FROM fact_attendance_result_change WHERE run_id = ?", runId),
                count("SELECT COUNT(*) FROM fact_leave WHERE first_seen_run = ?", runId),
                count("SELECT COUNT(*) FROM fact_leave WHERE last_changed_run = ? AND first_seen_run <> ?", runId, runId));
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static @Nullable LocalDateTime utcOrNull(@Nullable Instant instant) {
        return instant == null ? null : utc(instant);
    }

    /** One punch result as its row; {@link #columns()} is its text form, for the hash and the change log. */
    private record ResultRow(long resultId, String userid, LocalDate workDate, String checkType, @Nullable Instant baseCheckTime,
                             @Nullable Instant userCheckTime, @Nullable String timeResult, @Nullable String locationResult,
                             @Nullable String sourceType, @Nullable Long recordId, @Nullable Long planId, @Nullable Long groupId,
                             @Nullable Long approveId, @Nullable String procInstId) {

        static ResultRow of(AttendanceResult r, ZoneId zone) {
            Instant day = r.workDate() != null ? r.workDate() : r.baseCheckTime();
            if (r.id() == null || r.userId() == null || r.checkType() == null || day == null) {
                throw new InvalidDingTalkDataException("attendance/list returned a result without id, userId, checkType or"
                        + " workDate: " + r);
            }
            return new ResultRow(r.id(), r.userId(), day.atZone(zone).toLocalDate(), r.checkType(), millis(r.baseCheckTime()),
                    millis(r.userCheckTime()), r.timeResult(), r.locationResult(), r.sourceType(), r.recordId(), r.planId(),
                    r.groupId(), r.approveId(), r.procInstId());
        }

        static ResultRow of(ResultSet rs) throws SQLException {
            return new ResultRow(rs.getLong("result_id"), rs.getString("userid"), rs.getObject("work_date", LocalDate.class),
                    rs.getString("check_type"), instant(rs, "base_check_time"), instant(rs, "user_check_time"),
                    rs.getString("time_result"), rs.getString("location_result"), rs.getString("source_type"),
                    rs.getObject("record_id", Long.class), rs.getObject("plan_id", Long.class), rs.getObject("group_id", Long.class),
                    rs.getObject("approve_id", Long.class), rs.getString("proc_inst_id"));
        }

        private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
            LocalDateTime value = rs.getObject(column, LocalDateTime.class);
            return value == null ? null : value.toInstant(ZoneOffset.UTC);
        }

        private static @Nullable Instant millis(@Nullable Instant instant) {
            return instant == null ? null : Instant.ofEpochMilli(instant.toEpochMilli());
        }

        /** The fact columns (not the key) as text, in table order. */
        Map<String, @Nullable String> columns() {
            Map<String, @Nullable String> c = new LinkedHashMap<>();
            c.put("userid", userid);
            c.put("work_date", workDate.toString());
            c.put("check_type", checkType);
            c.put("base_check_time", text(baseCheckTime));
            c.put("user_check_time", text(userCheckTime));
            c.put("time_result", timeResult);
            c.put("location_result", locationResult);
            c.put("source_type", sourceType);
            c.put("record_id", text(recordId));
            c.put("plan_id", text(planId));
            c.put("group_id", text(groupId));
            c.put("approve_id", text(approveId));
            c.put("proc_inst_id", procInstId);
            return c;
        }

        String hash() {
            StringBuilder text = new StringBuilder();
            columns().values().forEach(v -> text.append(v == null ? "\u0000" : v).append('\u0001'));
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        Object[] insertArgs(long runId) {
            return new Object[] {resultId, userid, workDate, checkType, utcOrNull(baseCheckTime), utcOrNull(userCheckTime),
                    timeResult, locationResult, sourceType, recordId, planId, groupId, approveId, procInstId, runId, runId, hash()};
        }

        Object[] updateArgs(long runId) {
            return new Object[] {userid, workDate, checkType, utcOrNull(baseCheckTime), utcOrNull(userCheckTime), timeResult,
                    locationResult, sourceType, recordId, planId, groupId, approveId, procInstId, runId, hash(), resultId};
        }

        private static @Nullable String text(@Nullable Object value) {
            return value == null ? null : value.toString();
        }
    }
}
