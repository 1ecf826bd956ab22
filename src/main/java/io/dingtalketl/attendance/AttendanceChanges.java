package io.dingtalketl.attendance;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Owner of the nightly policy's bookkeeping ({@code sql/V11}): {@code etl_attendance_read} (when each user-day's
 * results were read), {@code etl_attendance_scan} (each change scan) and {@code etl_attendance_change} (each
 * user-day a scan found changed, and why). Used by one thread at a time per run (the scan and mark steps are
 * tasklets; the partitioner only reads).
 */
public class AttendanceChanges {

    /** Why a user-day is read again. */
    enum Reason { punch_modified, not_read, leave_changed }

    /** A user-day to read again. */
    record ChangedDay(String userid, LocalDate workDate, Reason reason, String evidence) {
    }

    /** Read marks are kept for the last days of each window, and this long. */
    static final int MARKED_DAYS = 31;
    static final int KEPT_DAYS = 62;

    private final JdbcTemplate jdbc;
    private final ZoneId zone;

    public AttendanceChanges(JdbcTemplate jdbc, ZoneId zone) {
        this.jdbc = jdbc;
        this.zone = zone;
    }

    /** The last work day read by a run of an earlier day than {@code today}. */
    Optional<LocalDate> lastReadBefore(LocalDate today) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(work_date) FROM etl_attendance_read WHERE read_day < ?",
                LocalDate.class, today));
    }

    /** The day of the last change scan run before {@code today}. */
    Optional<LocalDate> lastScanBefore(LocalDate today) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(run_day) FROM etl_attendance_scan WHERE run_day < ?",
                LocalDate.class, today));
    }

    /** The read day of each read user-day of {@code users} in {@code days}, keyed {@code userid|date}. */
    Map<String, LocalDate> readDays(Collection<String> users, AttendanceWindow days) {
        Map<String, LocalDate> read = new HashMap<>();
        if (users.isEmpty()) {
            return read;
        }
        List<Object> args = new ArrayList<>(users);
        args.add(days.from());
        args.add(days.to());
        jdbc.query("SELECT userid, work_date, read_day FROM etl_attendance_read WHERE userid IN ("
                        + String.join(",", Collections.nCopies(users.size(), "?")) + ") AND work_date BETWEEN ? AND ?",
                rs -> { read.put(rs.getString(1) + "|" + rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class)); },
                args.toArray());
        return read;
    }

    /** Records the changed user-days a scan found among {@code users} (replacing what an earlier attempt recorded). */
    void changed(long runId, Collection<String> users, Collection<ChangedDay> days) {
        if (!users.isEmpty()) {
            List<Object> args = new ArrayList<>();
            args.add(runId);
            args.addAll(users);
            jdbc.update("DELETE FROM etl_attendance_change WHERE run_id = ? AND reason <> 'leave_changed' AND userid IN ("
                    + String.join(",", Collections.nCopies(users.size(), "?")) + ")", args.toArray());
        }
        insert(runId, days);
    }

    private void insert(long runId, Collection<ChangedDay> days) {
        if (!days.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO etl_attendance_change (run_id, userid, work_date, reason, evidence) VALUES (?, ?, ?, ?, ?)",
                    days.stream().map(d -> new Object[] {runId, d.userid(), d.workDate(), d.reason().name(),
                            d.evidence().length() > 255 ? d.evidence().substring(0, 255) : d.evidence()}).toList());
        }
    }

    /**
     * Adds the user-days of {@code scan} covered by a leave this run inserted or changed in {@code fact_leave} whose
     * stored results there are not yet decided by an approval (source type APPROVE): DingTalk has changed them since.
     * Idempotent.
     */
    int leaveChanged(long runId, AttendanceWindow scan) {
        jdbc.update("DELETE FROM etl_attendance_change WHERE run_id = ? AND reason = 'leave_changed'", runId);
        List<Object[]> leaves = jdbc.query("""
                SELECT userid, leave_code, start_time, end_time FROM fact_leave
                WHERE (first_seen_run = ? OR last_changed_run = ?) AND start_time < ? AND end_time >= ?""",
                (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getObject(3, LocalDateTime.class),
                        rs.getObject(4, LocalDateTime.class)},
                runId, runId, utc(scan.end(zone)), utc(scan.start(zone)));
        Map<String, ChangedDay> changed = new HashMap<>();
        for (Object[] leave : leaves) {
            String userid = (String) leave[0];
            LocalDateTime start = (LocalDateTime) leave[2];
            LocalDateTime end = (LocalDateTime) leave[3];
            List<LocalDate> days = jdbc.queryForList("""
                    SELECT DISTINCT r.work_date FROM fact_attendance_result r
                    WHERE r.userid = ? AND r.work_date BETWEEN ? AND ? AND r.base_check_time BETWEEN ? AND ?
                      AND (r.source_type IS NULL OR r.source_type <> 'APPROVE')
                      AND NOT EXISTS (SELECT 1 FROM etl_attendance_change c WHERE c.run_id = ? AND c.userid = r.userid
                                      AND c.work_date = r.work_date)""",
                    LocalDate.class, userid, scan.from(), scan.to(), start, end, runId);
            for (LocalDate day : days) {
                changed.putIfAbsent(userid + "|" + day, new ChangedDay(userid, day, Reason.leave_changed,
                        "leave " + leave[1] + " " + start.toInstant(ZoneOffset.UTC) + " .. " + end.toInstant(ZoneOffset.UTC)));
            }
        }
        insert(runId, changed.values());
        return changed.size();
    }

    /** The user-days this run reads again, by day then userid. */
    List<ChangedDay> changedDays(long runId) {
        return jdbc.query("SELECT userid, work_date, reason, evidence FROM etl_attendance_change WHERE run_id = ? ORDER BY work_date, userid",
                (rs, i) -> new ChangedDay(rs.getString(1), rs.getObject(2, LocalDate.class), Reason.valueOf(rs.getString(3)),
                        String.valueOf(rs.getString(4))), runId);
    }

    /** Records a completed scan (replacing an earlier attempt's record). */
    void scanned(long runId, LocalDate runDay, AttendanceWindow scan, long punchesSeen) {
        jdbc.update("DELETE FROM etl_attendance_scan WHERE run_id = ?", runId);
        jdbc.update("""
                INSERT INTO etl_attendance_scan (run_id, run_day, scan_from, scan_to, punches_seen, user_days_changed)
                VALUES (?, ?, ?, ?, ?, (SELECT COUNT(*) FROM etl_attendance_change WHERE run_id = ?))""",
                runId, runDay, scan.from(), scan.to(), punchesSeen, runId);
    }

    /** Brings a scan's count of changed user-days up to date (after the leaves added theirs). */
    void countChanges(long runId) {
        jdbc.update("UPDATE etl_attendance_scan SET user_days_changed = (SELECT COUNT(*) FROM etl_attendance_change WHERE run_id = ?)"
                + " WHERE run_id = ?", runId, runId);
    }

    /**
     * Marks what a run read: every user of {@code users} on the last {@value #MARKED_DAYS} days of {@code days}, and
     * the user-days it read again; read on {@code readDay}. Drops marks older than {@value #KEPT_DAYS} days.
     */
    void read(long runId, AttendanceWindow days, List<String> users, LocalDate readDay) {
        LocalDate first = days.from().isBefore(days.to().minusDays(MARKED_DAYS - 1)) ? days.to().minusDays(MARKED_DAYS - 1) : days.from();
        List<Object[]> marks = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(days.to()); d = d.plusDays(1)) {
            for (String userid : users) {
                marks.add(new Object[] {userid, d, readDay, runId});
            }
        }
        jdbc.update("DELETE FROM etl_attendance_read WHERE work_date BETWEEN ? AND ?", first, days.to());
        for (ChangedDay changed : changedDays(runId)) {
            jdbc.update("DELETE FROM etl_attendance_read WHERE userid = ? AND work_date = ?", changed.userid(), changed.workDate());
            marks.add(new Object[] {changed.userid(), changed.workDate(), readDay, runId});
        }
        for (int i = 0; i < marks.size(); i += 1000) {
            jdbc.batchUpdate("INSERT INTO etl_attendance_read (userid, work_date, read_day, run_id) VALUES (?, ?, ?, ?)",
                    marks.subList(i, Math.min(marks.size(), i + 1000)));
        }
        jdbc.update("DELETE FROM etl_attendance_read WHERE work_date < ?", days.to().minusDays(KEPT_DAYS));
    }

    private static LocalDateTime utc(java.time.Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

}
