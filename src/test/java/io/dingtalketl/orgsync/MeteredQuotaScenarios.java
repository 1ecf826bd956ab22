package io.dingtalketl.orgsync;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.dingtalketl.attendance.AttendanceJobConfiguration;
import io.dingtalketl.attendance.AttendanceWindow;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
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
 * Living within DingTalk's monthly quota of metered calls, on attendanceJob against the simulator: every run records
 * its metered calls (as DingTalk counts them), and a backfill capped by {@code maxCalls} stops after the chunk that
 * reaches the cap, committed, and the same command goes on from there without fetching a committed page again.
 */
@TestPropertySource(properties = {"etl.attendance.pages-per-chunk=3", "etl.attendance.concurrency=4"})
abstract class MeteredQuotaScenarios extends AbstractOrgSyncTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.now(CHINA).plusDays(60);
    /** Two spans of days (7 + 6) × 8 batches of 50 users: 16 partitions. */
    private static final AttendanceWindow WINDOW = new AttendanceWindow(TODAY.minusDays(13), TODAY.minusDays(1));

    @Autowired
    Job attendanceJob;

    private OrgTruth truth;

    @BeforeEach
    void organizationInTheWarehouse() throws Exception {
        simulator.unlimitedQuota();
        simulator.resetMonth();
        simulator.attendanceToday(TODAY);
        assertThat(run(LocalDate.now(CHINA)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        truth = simulator.org().truth();
        simulator.resetCallLog();
        simulator.resetMonth();
    }

    @Test
    void everyRunRecordsTheMeteredCallsDingTalkCountedAndTheContactsCallsAreNotAmongThem() throws Exception {
        long contactCalls = warehouse.count("SELECT api_calls_total FROM etl_sync_run WHERE job_name = 'orgSyncJob'");
        assertThat(contactCalls).isPositive();
        assertThat(warehouse.count("SELECT metered_calls FROM etl_sync_run WHERE job_name = 'orgSyncJob'")).isZero();

        JobExecution loaded = attend(WINDOW, null);

        assertThat(loaded.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long runId = loaded.getJobInstance().getInstanceId();
        assertThat(simulator.meteredCallsThisMonth()).isPositive();
        assertThat(warehouse.count("SELECT metered_calls FROM etl_sync_run WHERE run_id = ?", runId))
                .isEqualTo(simulator.meteredCallsThisMonth());
        assertThat(warehouse.count("SELECT calls FROM etl_metered_calls WHERE job_execution_id = ?", loaded.getId()))
                .isEqualTo(simulator.meteredCallsThisMonth());
    }

    @Test
    void callsDingTalkRefusedWith90020AreCountedTooAsDingTalkCountsThem() throws Exception {
        simulator.monthlyQuota(totalPages() / 2);

        JobExecution stopped = attend(WINDOW, null);

        assertThat(stopped.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(calls(DingTalkEndpoint.ATTENDANCE_LIST).stream().filter(c -> c.errcode() == 90020).count()).isPositive();
        assertThat(warehouse.count("SELECT metered_calls FROM etl_sync_run WHERE run_id = ?", stopped.getJobInstance().getInstanceId()))
                .isEqualTo(simulator.meteredCallsThisMonth()).isGreaterThan(totalPages() / 2);
    }

    @Test
    void aCappedBackfillStopsAfterTheChunkThatReachesTheCapAndTheSameCommandCompletesWithoutFetchingAPageTwice() throws Exception {
        int pages = totalPages();
        long maxCalls = pages / 3 + 1;   // three capped runs read every page; the fourth reads the leaves
        List<JobExecution> runs = new ArrayList<>();
        Set<String> completedPartitions = new HashSet<>();
        JobExecution execution;
        long committedBefore = 0;
        do {
            simulator.resetCallLog();
            execution = attend(WINDOW, maxCalls);
            runs.add(execution);
            long callsOfThisRun = calls(DingTalkEndpoint.ATTENDANCE_LIST).size() + calls(DingTalkEndpoint.LEAVE_STATUS).size();
            assertThat(callsOfThisRun).as("never more than maxCalls").isLessThanOrEqualTo(maxCalls);
            assertThat(execution.getStepExecutions()).extracting(StepExecution::getStepName)
                    .as("completed partitions are not read again").noneMatch(completedPartitions::contains);
            execution.getStepExecutions().stream().filter(s -> s.getStepName().startsWith("resultPages:"))
                    .filter(s -> s.getStatus() == BatchStatus.COMPLETED).forEach(s -> completedPartitions.add(s.getStepName()));
            if (execution.getStatus() == BatchStatus.STOPPED) {
                assertThat(callsOfThisRun).as("a stopped run spent its whole budget").isEqualTo(maxCalls);
                assertThat(MaxCalls.reached(execution)).isTrue();
                assertThat(warehouse.count("SELECT COUNT(*) FROM etl_sync_run WHERE run_id = ? AND status = 'STOPPED' AND message LIKE ?",
                        execution.getJobInstance().getInstanceId(), "%maxCalls=" + maxCalls + "%")).isEqualTo(1);
                assertThat(execution.getExitStatus().getExitDescription()).contains("maxCalls=" + maxCalls)
                        .contains("Run the same command again");
                assertThat(committedPages(execution)).as("every page read is committed: nothing half-written, nothing lost")
                        .isEqualTo(committedBefore + calls(DingTalkEndpoint.ATTENDANCE_LIST).size());
                committedBefore = committedPages(execution);
            }
        } while (execution.getStatus() == BatchStatus.STOPPED && runs.size() < 10);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long runId = execution.getJobInstance().getInstanceId();
        assertThat(runs).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(r -> assertThat(r.getJobInstance().getInstanceId()).as("one run, restarted").isEqualTo(runId));
        assertThat(simulator.meteredCallsThisMonth()).as("each page once, and the leaves").isEqualTo(pages + leaveCalls());
        assertThat(warehouse.count("SELECT metered_calls FROM etl_sync_run WHERE run_id = ?", runId)).isEqualTo(pages + leaveCalls());
        assertThat(storedResultIds()).isEqualTo(expectedResultIds());
        assertThat(warehouse.count("SELECT COUNT(*) FROM fact_attendance_result")).isEqualTo(expectedResultIds().size());
    }

    JobExecution attend(AttendanceWindow window, Long maxCalls) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addLocalDate(AttendanceJobConfiguration.FROM, window.from())
                .addLocalDate(AttendanceJobConfiguration.TO, window.to());
        if (maxCalls != null) {
            parameters.addLong(MaxCalls.PARAMETER, maxCalls, false);
        }
        return jobOperator.start(attendanceJob, parameters.toJobParameters());
    }

    /** Pages committed by the run's partitions: their next offsets (none once the run completed and dropped them). */
    private long committedPages(JobExecution execution) {
        return warehouse.count("SELECT COALESCE(SUM(next_offset), 0) FROM etl_attendance_position WHERE run_id = ?",
                execution.getJobInstance().getInstanceId()) / DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE;
    }

    private long leaveCalls() {
        return (allUsers().size() + DingTalkClient.MAX_LEAVE_USERS - 1) / DingTalkClient.MAX_LEAVE_USERS * WINDOW.leaveSpans().size();
    }

    private List<String> allUsers() {
        return truth.users().stream().map(OrgTruth.TruthUser::userid).sorted().toList();
    }

    private int totalPages() {
        List<String> users = allUsers();
        int pages = 0;
        for (AttendanceWindow week : WINDOW.weeks()) {
            for (int first = 0; first < users.size(); first += DingTalkClient.MAX_ATTENDANCE_USERS) {
                int results = users.subList(first, Math.min(users.size(), first + DingTalkClient.MAX_ATTENDANCE_USERS)).stream()
                        .mapToInt(u -> simulator.punchResults(u, week.from(), week.to()).size()).sum();
                pages += Math.max(1, (results + DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE - 1) / DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE);
            }
        }
        return pages;
    }

    private Set<Long> expectedResultIds() {
        Set<Long> ids = new HashSet<>();
        for (String userid : allUsers()) {
            simulator.punchResults(userid, WINDOW.from(), WINDOW.to()).stream().map(PunchResult::id).forEach(ids::add);
        }
        return ids;
    }

    private Set<Long> storedResultIds() {
        return new HashSet<>(jdbc.queryForList("SELECT result_id FROM fact_attendance_result", Long.class));
    }
}
