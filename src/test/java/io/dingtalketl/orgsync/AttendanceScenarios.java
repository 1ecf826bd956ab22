package io.dingtalketl.orgsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.dingtalketl.attendance.AttendanceFacts;
import io.dingtalketl.attendance.AttendanceJobConfiguration;
import io.dingtalketl.attendance.AttendanceWindow;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.Fault;
import io.dingtalketl.simulator.LeaveInterval;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.simulator.PunchResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * attendanceJob against the simulator's attendance, after an org sync has filled dim_user and
 * bridge_user_department. The simulator's "today" is fixed 60 days after the real date, so every work day read
 * is later than the org sync's as-of time (the warehouse's users are valid from then) and nothing depends on the
 * hour the tests run at.
 */
@TestPropertySource(properties = {"etl.attendance.pages-per-chunk=2", "etl.attendance.concurrency=4"})
abstract class AttendanceScenarios extends AbstractOrgSyncTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.now(CHINA).plusDays(60);
    /** Two partitions of days (7 + 6) × 8 batches of 50 users. */
    private static final AttendanceWindow WINDOW = new AttendanceWindow(TODAY.minusDays(13), TODAY.minusDays(1));
    private static final int CONCURRENCY = 4;

    @Autowired
    Job attendanceJob;
    @Autowired
    AttendanceFacts facts;

    private OrgTruth truth;

    @BeforeEach
    void organizationInTheWarehouse() throws Exception {
        simulator.unlimitedQuota();
        simulator.resetMonth();
        simulator.attendanceToday(TODAY);
        assertThat(run(LocalDate.now(CHINA)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        truth = simulator.org().truth();
        simulator.resetCallLog();
    }

    @Test
    void aWindowLoadsExactlyTheSimulatorsResultsAndLeavesAndReadingItAgainChangesNothing() throws Exception {
        JobExecution first = attend(WINDOW, 0);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(storedResults()).isEqualTo(expectedResults(allUsers(), WINDOW));
        assertThat(storedLeaves()).isEqualTo(expectedLeaves(allUsers(), WINDOW)).isNotEmpty();
        assertThat(successfulCalls(DingTalkEndpoint.ATTENDANCE_LIST)).isEqualTo(totalPages(allUsers(), WINDOW));
        // raw punches are off by default: not one listRecord call, not one row
        assertThat(calls(DingTalkEndpoint.ATTENDANCE_LISTRECORD)).isEmpty();
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_punch")).isZero();
        assertThat(warehouse.count("SELECT COUNT(*) FROM etl_sync_run WHERE run_id = ? AND status = 'LOADED'",
                first.getJobInstance().getInstanceId())).isEqualTo(1);
        Set<String> before = storedResults();

        JobExecution again = attend(WINDOW, 1);

        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(storedResults()).isEqualTo(before);
        assertThat(facts.runCounts(again.getJobInstance().getInstanceId()))
                .isEqualTo(new AttendanceFacts.RunCounts(0, 0, 0, 0));
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_result_change")).isZero();
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_result WHERE last_changed_run <> first_seen_run")).isZero();
    }

    @Test
    void aCorrectionWithinTheLookbackIsUpdatedCountedAsACorrectionAndLogged() throws Exception {
        assertThat(attend(WINDOW, 0).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        PunchResult late = allUsers().stream()
                .flatMap(u -> simulator.punchResults(u, TODAY.minusDays(5), TODAY.minusDays(1)).stream())
                .filter(r -> r.checkType().equals(PunchResult.ON_DUTY) && r.timeResult().equals("Late"))
                .findFirst().orElseThrow();
        PunchResult corrected = simulator.correctPunchResult(late.userId(), late.workDate(), PunchResult.ON_DUTY);
        LocalDate nextDay = TODAY.plusDays(1);
        simulator.attendanceToday(nextDay);

        // the nightly default: yesterday and the 7 days before it
        AttendanceWindow nightly = AttendanceWindow.endingYesterday(nextDay, 7);
        JobExecution run = attend(nightly, 0);

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long runId = run.getJobInstance().getInstanceId();
        assertThat(warehouse.count("""
                SELECT COUNT(*) FROM fact_attendance_result WHERE result_id = ? AND time_result = 'Normal'
                  AND source_type = 'APPROVE' AND approve_id = ? AND last_changed_run = ?""",
                late.id(), corrected.approveId(), runId)).isEqualTo(1);
        Map<String, String> changed = new HashMap<>();
        jdbc.query("SELECT column_name, old_value, new_value FROM fact_attendance_result_change WHERE result_id = ? AND run_id = ?",
                rs -> { changed.put(rs.getString(1), rs.getString(2) + "→" + rs.getString(3)); }, late.id(), runId);
        assertThat(changed).containsEntry("time_result", "Late→Normal")
                .containsEntry("source_type", late.sourceType() + "→APPROVE")
                .containsEntry("approve_id", late.approveId() + "→" + corrected.approveId());
        // the new day is new; nothing but the correction changed
        long newDay = allUsers().stream().mapToLong(u -> simulator.punchResults(u, TODAY, TODAY).size()).sum();
        AttendanceFacts.RunCounts counts = facts.runCounts(runId);
        assertThat(counts.resultsCorrected()).isEqualTo(1);
        assertThat(counts.resultsInserted()).isEqualTo(newDay);
        assertThat(storedResults()).isEqualTo(expectedResults(allUsers(), new AttendanceWindow(WINDOW.from(), TODAY)));
    }

    @Test
    void aRunThatFailedMidWayResumesWithoutDuplicatesOrReadingCompletedPartitionsAgain() throws Exception {
        int pages = totalPages(allUsers(), WINDOW);
        simulator.failAfter(DingTalkEndpoint.ATTENDANCE_LIST, pages / 2, Fault.SYSTEM_BUSY);
        JobExecution failed = attend(WINDOW, 0);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        Set<String> completed = new HashSet<>();
        int remaining = 0;
        for (StepExecution step : failed.getStepExecutions()) {
            if (!step.getStepName().startsWith("resultPages:")) {
                continue;
            }
            if (step.getStatus() == BatchStatus.COMPLETED) {
                completed.add(step.getStepName());
            } else {
                List<Integer> committed = jdbc.queryForList("""
                        SELECT next_offset FROM etl_attendance_position WHERE run_id = ? AND partition_name = ?""",
                        Integer.class, failed.getJobInstance().getInstanceId(), step.getExecutionContext().getString("partition"));
                assertThat(committed).hasSize(1);
                int offset = committed.get(0);
                assertThat(step.getExecutionContext().getInt("attendance.offset", 0)).isEqualTo(offset);
                remaining += partitionPages(step) - offset / DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE;
            }
        }
        assertThat(completed).isNotEmpty();
        simulator.clearFaults();
        simulator.resetCallLog();

        JobExecution restarted = attend(WINDOW, 0);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(restarted.getStepExecutions()).extracting(StepExecution::getStepName).doesNotContainAnyElementsOf(completed);
        assertThat(successfulCalls(DingTalkEndpoint.ATTENDANCE_LIST)).as("only uncommitted pages read again").isEqualTo(remaining);
        assertThat(remaining).isLessThan(pages);
        assertThat(warehouse.count("SELECT COUNT(*) FROM etl_attendance_position")).as("dropped once complete").isZero();
        assertThat(storedResults()).isEqualTo(expectedResults(allUsers(), WINDOW));
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_result"))
                .isEqualTo(expectedResults(allUsers(), WINDOW).size());
    }

    @Test
    void aUserWhoLeftMidWindowIsReadAndKeepsTheirFacts() throws Exception {
        List<String> users = allUsers();
        String leftMidWindow = users.get(3);
        String leftBefore = users.get(7);
        leave(leftMidWindow, WINDOW.from().plusDays(4).atStartOfDay(CHINA).toInstant());
        leave(leftBefore, Instant.now().plus(1, ChronoUnit.DAYS));

        assertThat(attend(WINDOW, 0).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        List<String> read = new ArrayList<>(users);
        read.remove(leftBefore);
        assertThat(storedResults()).isEqualTo(expectedResults(read, WINDOW));
        assertThat(resultsOf(leftMidWindow)).isPositive().isEqualTo(simulator.punchResults(leftMidWindow, WINDOW.from(), WINDOW.to()).size());
        assertThat(resultsOf(leftBefore)).isZero();

        // the next week: the leaver is no longer read, and what was loaded stays
        long kept = resultsOf(leftMidWindow);
        simulator.attendanceToday(TODAY.plusDays(7));
        assertThat(attend(new AttendanceWindow(TODAY, TODAY.plusDays(6)), 0).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resultsOf(leftMidWindow)).isEqualTo(kept);
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_result WHERE userid = ? AND work_date >= ?",
                leftMidWindow, TODAY)).isZero();
    }

    @Test
    void quotaUsedUpMidRunStopsAtOnceWithDingTalksNumbersAndTheSameRunCompletesNextMonth() throws Exception {
        long needed = totalPages(allUsers(), WINDOW) + 1;   // + one getleavestatus call for 400 users
        long quota = needed * 6 / 10;
        simulator.monthlyQuota(quota);

        JobExecution stopped = attend(WINDOW, 0);

        assertThat(stopped.getStatus()).isEqualTo(BatchStatus.FAILED);
        String message = Failures.first(stopped.getAllFailureExceptions());
        java.util.regex.Matcher numbers = java.util.regex.Pattern
                .compile("DingTalk counts (\\d+) metered calls this month against a quota of " + quota + " ").matcher(message);
        assertThat(numbers.find()).as(message).isTrue();
        assertThat(Long.parseLong(numbers.group(1))).isBetween(quota + 1, quota + CONCURRENCY);
        assertThat(message).contains("90020")
                .contains("Run the same command again when the quota is back").contains("resumes from the last committed chunk");
        // no retries and no further partitions: at most one refused call per partition in flight
        assertThat(calls(DingTalkEndpoint.ATTENDANCE_LIST).stream().filter(c -> c.errcode() == 90020).count())
                .isBetween(1L, (long) CONCURRENCY);
        assertThat(simulator.callCount(DingTalkEndpoint.LEAVE_STATUS)).isZero();

        simulator.resetMonth();
        JobExecution resumed = attend(WINDOW, 0);

        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.getJobInstance().getInstanceId()).isEqualTo(stopped.getJobInstance().getInstanceId());
        assertThat(storedResults()).isEqualTo(expectedResults(allUsers(), WINDOW));
        assertThat(storedLeaves()).isEqualTo(expectedLeaves(allUsers(), WINDOW));
        assertThat(simulator.meteredCallsThisMonth()).isLessThanOrEqualTo(quota);
    }

    @Test
    void aMissingAttendancePermissionFailsNamingIt() throws Exception {
        simulator.denyPermission(DingTalkEndpoint.ATTENDANCE_LIST);

        JobExecution failed = attend(WINDOW, 0);

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(Failures.first(failed.getAllFailureExceptions()))
                .contains("lacks the attendance permission 'qyapi_get_attendance_data'").contains("60011");
        simulator.grantPermission(DingTalkEndpoint.ATTENDANCE_LIST);
    }

    @Test
    void theReadmesLateArrivalsQueryCountsTheSimulatorsLateArrivalsPerDepartmentAndWeek() throws Exception {
        assertThat(attend(WINDOW, 0).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        // one late-comer moves department mid-window: the lates before count in the old one, those after in the new
        String mover = null;
        Instant movedAt = null;
        for (String userid : allUsers()) {
            List<LocalDate> lateDays = simulator.punchResults(userid, WINDOW.from(), WINDOW.to()).stream()
                    .filter(AttendanceScenarios::lateArrival).map(PunchResult::workDate).distinct().toList();
            if (lateDays.size() >= 2 && !truth.membershipsOf(userid).isEmpty()) {
                mover = userid;
                movedAt = lateDays.get(lateDays.size() - 1).atStartOfDay(CHINA).toInstant();
                break;
            }
        }
        assertThat(mover).isNotNull();
        long oldDept = truth.membershipsOf(mover).get(0).deptId();
        Set<Long> memberOf = truth.membershipsOf(mover).stream().map(OrgTruth.TruthMembership::deptId).collect(Collectors.toSet());
        long newDept = truth.departments().stream().map(OrgTruth.TruthDepartment::deptId).filter(d -> !memberOf.contains(d))
                .findFirst().orElseThrow();
        LocalDateTime at = LocalDateTime.ofInstant(movedAt, ZoneOffset.UTC);
        jdbc.update("UPDATE bridge_user_department SET valid_to = ?, is_current = FALSE WHERE userid = ? AND dept_id = ? AND is_current = TRUE",
                at, mover, oldDept);
        jdbc.update("""
                INSERT INTO bridge_user_department (userid, dept_id, is_leader, dept_order, valid_from, valid_to, is_current, run_id)
                VALUES (?, ?, FALSE, NULL, ?, NULL, TRUE, 0)""", mover, newDept, at);

        Map<String, Long> expected = new HashMap<>();
        for (String userid : allUsers()) {
            for (PunchResult r : simulator.punchResults(userid, WINDOW.from(), WINDOW.to())) {
                if (!lateArrival(r)) {
                    continue;
                }
                Set<Long> departments = truth.membershipsOf(userid).stream().map(OrgTruth.TruthMembership::deptId)
                        .collect(Collectors.toCollection(HashSet::new));
                if (userid.equals(mover) && !r.baseCheckTime().isBefore(movedAt)) {
                    departments.remove(oldDept);
                    departments.add(newDept);
                }
                LocalDate monday = r.workDate().with(java.time.DayOfWeek.MONDAY);
                for (long deptId : departments) {
                    expected.merge(deptId + "@" + monday + "@" + truth.department(deptId).orElseThrow().name(), 1L, Long::sum);
                }
            }
        }

        String example = Files.readString(Path.of("sql/examples/late_arrivals_by_department.sql"));
        Map<String, Long> answered = new HashMap<>();
        jdbc.query(example, rs -> {
            answered.put(rs.getLong("dept_id") + "@" + rs.getObject("week_monday", LocalDate.class) + "@" + rs.getString("department"),
                    rs.getLong("late_arrivals"));
        });

        assertThat(expected).isNotEmpty();
        assertThat(answered).isEqualTo(expected);
    }

    private static boolean lateArrival(PunchResult r) {
        return r.checkType().equals(PunchResult.ON_DUTY) && (r.timeResult().equals("Late") || r.timeResult().equals("SeriousLate"));
    }

    // ---------------------------------------------------------------- helpers

    JobExecution attend(AttendanceWindow window, long rerun) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addLocalDate(AttendanceJobConfiguration.FROM, window.from())
                .addLocalDate(AttendanceJobConfiguration.TO, window.to());
        if (rerun > 0) {
            parameters.addLong(AttendanceJobConfiguration.RERUN, rerun);
        }
        return jobOperator.start(attendanceJob, parameters.toJobParameters());
    }

    private List<String> allUsers() {
        return truth.users().stream().map(OrgTruth.TruthUser::userid).sorted().toList();
    }

    private void leave(String userid, Instant at) {
        jdbc.update("UPDATE dim_user SET is_current = FALSE, valid_to = ? WHERE userid = ? AND is_current = TRUE",
                LocalDateTime.ofInstant(at, ZoneOffset.UTC), userid);
    }

    private long resultsOf(String userid) {
        return warehouse.count("SELECT COUNT(*) FROM fact_attendance_result WHERE userid = ?", userid);
    }

    private long successfulCalls(DingTalkEndpoint endpoint) {
        return calls(endpoint).stream().filter(c -> c.succeeded()).count();
    }

    /** attendance/list pages of every partition: max(1, ⌈results / 50⌉) each. */
    private int totalPages(List<String> users, AttendanceWindow window) {
        int pages = 0;
        for (AttendanceWindow week : window.weeks()) {
            for (int first = 0; first < users.size(); first += DingTalkClient.MAX_ATTENDANCE_USERS) {
                pages += pages(users.subList(first, Math.min(users.size(), first + DingTalkClient.MAX_ATTENDANCE_USERS)), week);
            }
        }
        return pages;
    }

    private int partitionPages(StepExecution partition) {
        var context = partition.getExecutionContext();
        return pages(List.of(context.getString("userids").split(",")),
                new AttendanceWindow(LocalDate.parse(context.getString("from")), LocalDate.parse(context.getString("to"))));
    }

    private int pages(List<String> users, AttendanceWindow week) {
        int results = users.stream().mapToInt(u -> simulator.punchResults(u, week.from(), week.to()).size()).sum();
        return Math.max(1, (results + DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE - 1) / DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE);
    }

    private Set<String> expectedResults(List<String> users, AttendanceWindow window) {
        Set<String> rows = new HashSet<>();
        for (String userid : users) {
            for (PunchResult r : simulator.punchResults(userid, window.from(), window.to())) {
                rows.add(String.join("|", String.valueOf(r.id()), r.userId(), r.workDate().toString(), r.checkType(),
                        String.valueOf(r.baseCheckTime()), String.valueOf(r.userCheckTime()), r.timeResult(), r.locationResult(),
                        r.sourceType(), String.valueOf(r.recordId()), String.valueOf(r.planId()), String.valueOf(r.groupId()),
                        String.valueOf(r.approveId()), String.valueOf(r.procInstId())));
            }
        }
        return rows;
    }

    private Set<String> storedResults() {
        return new HashSet<>(jdbc.query("""
                SELECT result_id, userid, work_date, check_type, base_check_time, user_check_time, time_result, location_result,
                  source_type, record_id, plan_id, group_id, approve_id, proc_inst_id FROM fact_attendance_result""",
                (rs, i) -> String.join("|", String.valueOf(rs.getLong(1)), rs.getString(2), rs.getObject(3, LocalDate.class).toString(),
                        rs.getString(4), String.valueOf(utc(rs.getObject(5, LocalDateTime.class))),
                        String.valueOf(utc(rs.getObject(6, LocalDateTime.class))), rs.getString(7), rs.getString(8), rs.getString(9),
                        String.valueOf(rs.getObject(10, Long.class)), String.valueOf(rs.getObject(11, Long.class)),
                        String.valueOf(rs.getObject(12, Long.class)), String.valueOf(rs.getObject(13, Long.class)),
                        String.valueOf(rs.getString(14)))));
    }

    private Set<String> expectedLeaves(List<String> users, AttendanceWindow window) {
        Instant from = window.start(CHINA);
        Instant to = window.end(CHINA).minusMillis(1);
        return users.stream().flatMap(u -> simulator.leaves(u, from, to).stream())
                .map(l -> String.join("|", l.userid(), l.leaveCode(), l.start().toString(), l.end().toString(), l.durationUnit(),
                        String.valueOf(l.durationPercent())))
                .collect(Collectors.toSet());
    }

    private Set<String> storedLeaves() {
        return new HashSet<>(jdbc.query("""
                SELECT userid, leave_code, start_time, end_time, duration_unit, duration_percent FROM fact_leave""",
                (rs, i) -> String.join("|", rs.getString(1), rs.getString(2), utc(rs.getObject(3, LocalDateTime.class)).toString(),
                        utc(rs.getObject(4, LocalDateTime.class)).toString(), rs.getString(5), String.valueOf(rs.getLong(6)))));
    }

    private static Instant utc(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
