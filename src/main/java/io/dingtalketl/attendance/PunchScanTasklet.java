package io.dingtalketl.attendance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.PunchRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The punches ({@code attendance/listRecord}) of a run, one batch of 50 users (by userid, from {@code dim_user}) per
 * call of the tasklet, one metered call per 7 days: stored in {@code fact_attendance_punch} when
 * {@code etl.attendance.punches.enabled}, and, when the run scans for changes, compared with when each user-day's
 * results were read ({@code etl_attendance_read}): a punch of a scanned day modified on or after the day its results
 * were read (an approved forgotten punch, a late upload) marks that user-day to be read again
 * ({@code etl_attendance_change}); so do the punches of a user-day never read. Does nothing, and calls nothing, when the
 * run neither scans nor stores punches. Each call is one transaction.
 *
 * <p><b>Restart:</b> the last userid done and the punches seen are kept in the step's ExecutionContext, committed
 * with each call's transaction; a restart goes on with the next batch.
 */
class PunchScanTasklet implements Tasklet {

    static final String AFTER_USERID = "punches.afterUserid";
    static final String SEEN = "punches.seen";

    private final DingTalkClient client;
    private final AttendanceCalls calls;
    private final AttendanceFacts facts;
    private final AttendancePunches punches;
    private final AttendanceChanges changes;
    private final RunWindows windows;
    private final boolean store;
    private final ZoneId zone;
    private final long runId;
    private final long jobExecutionId;

    PunchScanTasklet(DingTalkClient client, AttendanceCalls calls, AttendanceFacts facts, AttendancePunches punches,
                     AttendanceChanges changes, RunWindows windows, boolean store, ZoneId zone, long runId, long jobExecutionId) {
        this.client = client;
        this.calls = calls;
        this.facts = facts;
        this.punches = punches;
        this.changes = changes;
        this.windows = windows;
        this.store = store;
        this.zone = zone;
        this.runId = runId;
        this.jobExecutionId = jobExecutionId;
    }

    @Override
    public @Nullable RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        Optional<AttendanceWindow> window = windows.punches(store);
        if (window.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        Optional<AttendanceWindow> scan = windows.scan();
        ExecutionContext position = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        String after = position.containsKey(AFTER_USERID) ? position.getString(AFTER_USERID) : "";
        long seen = position.getLong(SEEN, 0L);
        List<String> users = facts.usersOf(window.get(), after, DingTalkClient.MAX_ATTENDANCE_USERS);
        if (users.isEmpty()) {
            scan.ifPresent(s -> changes.scanned(runId, windows.readDay(), s, seen));
            return RepeatStatus.FINISHED;
        }
        List<PunchRecord> batch = new ArrayList<>();
        for (AttendanceWindow week : window.get().weeks()) {
            if (!calls.mayCall()) {
                return RepeatStatus.CONTINUABLE;   // maxCalls spent: nothing of this batch written, the step stops here
            }
            batch.addAll(calls.call(jobExecutionId, "punches " + week + " after userid '" + after + "'",
                    () -> client.punchRecords(week.from().atStartOfDay(), week.to().atTime(23, 59, 59), users)));
        }
        if (store) {
            punches.write(batch, runId);
        }
        if (scan.isPresent()) {
            changes.changed(runId, users, changedDays(batch, scan.get(), users));
        }
        contribution.incrementReadCount();
        contribution.incrementWriteCount(batch.size());
        position.putString(AFTER_USERID, users.get(users.size() - 1));
        position.putLong(SEEN, seen + batch.size());
        return RepeatStatus.CONTINUABLE;
    }

    private List<AttendanceChanges.ChangedDay> changedDays(List<PunchRecord> batch, AttendanceWindow scan, List<String> users) {
        Map<String, LocalDate> read = changes.readDays(users, scan);
        Map<String, AttendanceChanges.ChangedDay> changed = new LinkedHashMap<>();
        for (PunchRecord punch : batch) {
            LocalDate day = punches.workDate(punch);
            if (punch.userId() == null || day.isBefore(scan.from()) || day.isAfter(scan.to())) {
                continue;
            }
            String key = punch.userId() + "|" + day;
            LocalDate readDay = read.get(key);
            Instant modified = punch.gmtModified() != null ? punch.gmtModified()
                    : punch.gmtCreate() != null ? punch.gmtCreate() : punch.userCheckTime();
            String evidence = "punch " + punch.id() + " " + punch.sourceType() + " modified " + modified
                    + (punch.procInstId() != null ? " procInstId " + punch.procInstId() : "");
            if (readDay == null) {
                changed.putIfAbsent(key, new AttendanceChanges.ChangedDay(punch.userId(), day, AttendanceChanges.Reason.not_read, evidence));
            } else if (modified != null && !modified.atZone(zone).toLocalDate().isBefore(readDay)) {
                changed.put(key, new AttendanceChanges.ChangedDay(punch.userId(), day, AttendanceChanges.Reason.punch_modified, evidence));
            }
        }
        return new ArrayList<>(changed.values());
    }
}
