package io.dingtalketl.orgsync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.dingtalketl.attendance.AttendanceFacts;
import io.dingtalketl.attendance.AttendanceJobConfiguration;
import io.dingtalketl.attendance.AttendanceWindow;
import io.dingtalketl.attendance.NightlyAttendance;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.CallRecord;
import io.dingtalketl.simulator.LeaveInterval;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.simulator.Punch;
import io.dingtalketl.simulator.PunchResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly attendance policy ({@code etl.attendance.nightly.policy=changes}, the default) and raw punches
 * ({@code etl.attendance.punches.enabled=true} here) against the simulator, after an org sync filled dim_user.
 * The simulator's "today" plays the nights: a run on day R reads up to R - 1, as the command does.
 */
@TestPropertySource(properties = {"etl.attendance.punches.enabled=true", "etl.pii.salt=pepper",
        "etl.attendance.pages-per-chunk=2", "etl.attendance.concurrency=2"})
abstract class NightlyAttendanceScenarios extends AbstractOrgSyncTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.now(CHINA).plusDays(60);

    @Autowired
    Job attendanceJob;
    @Autowired
    NightlyAttendance nightly;
    @Autowired
    AttendanceFacts facts;

    private List<String> users;

    @BeforeEach
    void organizationInTheWarehouse() throws Exception {
        simulator.unlimitedQuota();
        simulator.attendanceToday(TODAY);
        assertThat(run(LocalDate.now(CHINA)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        users = simulator.org().truth().users().stream().map(OrgTruth.TruthUser::userid).sorted().toList();
        simulator.resetCallLog();
    }

    @Test
    void storedPunchesAreTheSimulatorsWithLocationAndPhotoDroppedAndDeviceAndNetworkHashed() throws Exception {
        AttendanceWindow week = new AttendanceWindow(TODAY.minusDays(7), TODAY.minusDays(1));

        assertThat(attend(week, null).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        Instant from = week.start(CHINA);
        Instant to = week.end(CHINA).minusSeconds(1);
        Set<String> expected = new HashSet<>();
        for (String userid : users) {
            for (Punch p : simulator.punches(userid, from, to)) {
                expected.add(String.join("|", String.valueOf(p.id()), p.userId(), p.workDate().toString(), String.valueOf(p.checkType()),
                        p.userCheckTime().toString(), String.valueOf(p.timeResult()), p.sourceType(), p.isLegal(),
                        String.valueOf(p.invalidRecordType()), "null", "null", "null",
                        PiiPolicy.sha256Hex("pepper" + p.deviceId()), String.valueOf(hashed(p.userSsid())),
                        String.valueOf(hashed(p.userMacAddr())), String.valueOf(p.userAccuracy())));
            }
        }
        Set<String> stored = new HashSet<>(jdbc.query("""
                SELECT punch_id, userid, work_date, check_type, user_check_time, time_result, source_type, is_legal,
                  invalid_record_type, user_address, user_latitude, outside_remark, device_id, user_ssid, user_mac_addr,
                  user_accuracy, photo_url FROM fact_attendance_punch""",
                (rs, i) -> String.join("|", String.valueOf(rs.getLong(1)), rs.getString(2), rs.getObject(3, LocalDate.class).toString(),
                        String.valueOf(rs.getString(4)), rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC).toString(),
                        String.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), String.valueOf(rs.getString(9)),
                        String.valueOf(rs.getString(10)), String.valueOf(rs.getString(11)), String.valueOf(rs.getString(12)),
                        rs.getString(13), String.valueOf(rs.getString(14)), String.valueOf(rs.getString(15)), rs.getString(16))));
        assertThat(expected).hasSizeGreaterThan(users.size());
        assertThat(stored).isEqualTo(expected);
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_punch WHERE photo_url IS NOT NULL OR user_longitude IS NOT NULL"))
                .isZero();
        // one listRecord call per 50 users for the 7 days
        assertThat(calls(DingTalkEndpoint.ATTENDANCE_LISTRECORD)).hasSize(batches(DingTalkClient.MAX_ATTENDANCE_USERS));

        // read again: upserted, nothing new, nothing changed
        long before = warehouse.count("SELECT COUNT(*) FROM fact_attendance_punch");
        JobExecution again = attend(week, 1L);
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_punch")).isEqualTo(before);
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_punch WHERE last_changed_run <> first_seen_run")).isZero();
    }

    @Test
    void aCorrectionApprovedOnALaterDayIsReadAgainByTheNextScanAndDaysWithoutChangesAreNot() throws Exception {
        // night 1: nothing read yet, so the whole lookback is read (no scan: there is nothing read to compare with)
        NightlyAttendance.Run first = nightly.plan(TODAY);
        assertThat(first.window()).isEqualTo(AttendanceWindow.endingYesterday(TODAY, 7));
        assertThat(first.scanDays()).isZero();
        assertThat(attend(first).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        // during day TODAY a forgotten punch of a few days ago is approved (补卡)
        PunchResult late = users.stream()
                .flatMap(u -> simulator.punchResults(u, TODAY.minusDays(6), TODAY.minusDays(2)).stream())
                .filter(r -> r.checkType().equals(PunchResult.ON_DUTY) && r.timeResult().equals("Late"))
                .findFirst().orElseThrow();
        PunchResult corrected = simulator.correctPunchResult(late.userId(), late.workDate(), PunchResult.ON_DUTY);
        // and another user's leave of that day is approved after the fact (补请假)
        String absent = users.stream().filter(u -> !u.equals(late.userId()))
                .filter(u -> {
                    List<PunchResult> day = simulator.punchResults(u, late.workDate(), late.workDate());
                    return day.size() == 2 && day.stream().noneMatch(r -> r.sourceType().equals("APPROVE"));
                })
                .findFirst().orElseThrow();
        LeaveInterval leave = simulator.approveLeaveLater(absent, late.workDate());
        simulator.attendanceToday(TODAY.plusDays(1));
        simulator.resetCallLog();

        // night 2: yesterday is new, and the first scan is due: the 7 days before it
        NightlyAttendance.Run second = nightly.plan(TODAY.plusDays(1));
        assertThat(second.window()).isEqualTo(new AttendanceWindow(TODAY, TODAY));
        assertThat(second.scanDays()).isEqualTo(7);
        JobExecution run = attend(second);

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long runId = run.getJobInstance().getInstanceId();
        assertThat(jdbc.queryForList("SELECT CONCAT(userid, ' ', work_date, ' ', reason) FROM etl_attendance_change WHERE run_id = ?",
                String.class, runId)).containsExactlyInAnyOrder(late.userId() + " " + late.workDate() + " punch_modified",
                absent + " " + late.workDate() + " leave_changed");
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_result WHERE userid = ? AND work_date = ?"
                + " AND source_type = 'APPROVE' AND approve_id = ? AND last_changed_run = ?",
                absent, late.workDate(), leave.approveId(), runId)).isEqualTo(2);
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_leave WHERE userid = ? AND first_seen_run = ?", absent, runId))
                .isPositive();
        assertThat(warehouse.count("""
                SELECT COUNT(*) FROM fact_attendance_result WHERE result_id = ? AND time_result = 'Normal'
                  AND source_type = 'APPROVE' AND approve_id = ? AND last_changed_run = ?""",
                late.id(), corrected.approveId(), runId)).isEqualTo(1);
        Map<String, String> changed = new HashMap<>();
        jdbc.query("SELECT column_name, old_value, new_value FROM fact_attendance_result_change WHERE result_id = ? AND run_id = ?",
                rs -> { changed.put(rs.getString(1), rs.getString(2) + "→" + rs.getString(3)); }, late.id(), runId);
        assertThat(changed).containsEntry("time_result", "Late→Normal").containsEntry("source_type", late.sourceType() + "→APPROVE");
        assertThat(facts.runCounts(runId).resultsCorrected()).isEqualTo(3);   // the late arrival, the leave's two check points
        // attendance/list: the new day for everyone, the corrected day for its two users (one page), no other day
        assertThat(listedDays()).isEqualTo(Set.of(TODAY, late.workDate()));
        assertThat(listCallsFor(late.workDate())).isEqualTo(1);
        assertThat(listCallsFor(TODAY)).isEqualTo(pagesOfDay(TODAY));
        // the scan: one listRecord call per 50 users for 8 days (2 calls), one getleavestatus call per 100 users
        assertThat(calls(DingTalkEndpoint.ATTENDANCE_LISTRECORD)).hasSize(2 * batches(DingTalkClient.MAX_ATTENDANCE_USERS));
        assertThat(calls(DingTalkEndpoint.LEAVE_STATUS)).hasSize(batches(DingTalkClient.MAX_LEAVE_USERS));
        assertThat(jdbc.queryForObject("SELECT user_days_changed FROM etl_attendance_scan WHERE run_id = ?", Long.class, runId))
                .isEqualTo(2);

        // night 3: no scan due (every 7 nights), the correction is not read again, only the new day is
        simulator.attendanceToday(TODAY.plusDays(2));
        simulator.resetCallLog();
        NightlyAttendance.Run third = nightly.plan(TODAY.plusDays(2));
        assertThat(third).isEqualTo(new NightlyAttendance.Run(new AttendanceWindow(TODAY.plusDays(1), TODAY.plusDays(1)), 0L));
        JobExecution quiet = attend(third);
        assertThat(quiet.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(listedDays()).isEqualTo(Set.of(TODAY.plusDays(1)));
        assertThat(calls(DingTalkEndpoint.LEAVE_STATUS)).isEmpty();
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_result_change WHERE run_id = ?",
                quiet.getJobInstance().getInstanceId())).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private JobExecution attend(NightlyAttendance.Run run) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addLocalDate(AttendanceJobConfiguration.FROM, run.window().from())
                .addLocalDate(AttendanceJobConfiguration.TO, run.window().to());
        if (run.scanDays() != null) {
            parameters.addLong(AttendanceJobConfiguration.SCAN_DAYS, run.scanDays());
        }
        return jobOperator.start(attendanceJob, parameters.toJobParameters());
    }

    private JobExecution attend(AttendanceWindow window, Long rerun) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addLocalDate(AttendanceJobConfiguration.FROM, window.from())
                .addLocalDate(AttendanceJobConfiguration.TO, window.to());
        if (rerun != null) {
            parameters.addLong(AttendanceJobConfiguration.RERUN, rerun);
        }
        return jobOperator.start(attendanceJob, parameters.toJobParameters());
    }

    private static String hashed(String value) {
        return value == null ? null : PiiPolicy.sha256Hex("pepper" + value);
    }

    private int batches(int size) {
        return (users.size() + size - 1) / size;
    }

    private Set<LocalDate> listedDays() {
        return calls(DingTalkEndpoint.ATTENDANCE_LIST).stream().map(NightlyAttendanceScenarios::workDateFrom).collect(Collectors.toSet());
    }

    private long listCallsFor(LocalDate day) {
        return calls(DingTalkEndpoint.ATTENDANCE_LIST).stream().filter(c -> workDateFrom(c).equals(day)).count();
    }

    private static LocalDate workDateFrom(CallRecord call) {
        int at = call.params().indexOf("workDateFrom=");
        assertThat(at).as(call.params()).isNotNegative();
        return LocalDate.parse(call.params().substring(at + "workDateFrom=".length(), at + "workDateFrom=".length() + 10));
    }

    /** attendance/list pages of one day for every batch of 50 users: max(1, ⌈results / 50⌉) each. */
    private long pagesOfDay(LocalDate day) {
        long pages = 0;
        for (int first = 0; first < users.size(); first += DingTalkClient.MAX_ATTENDANCE_USERS) {
            int results = users.subList(first, Math.min(users.size(), first + DingTalkClient.MAX_ATTENDANCE_USERS)).stream()
                    .mapToInt(u -> simulator.punchResults(u, day, day).size()).sum();
            pages += Math.max(1, (results + DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE - 1) / DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE);
        }
        return pages;
    }
}
