package io.dingtalketl.orgsync;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.CallRecord;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.Fault;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The org sync job against the DingTalk simulator, on a real database. Subclasses choose the database
 * ({@link #H2}, or {@link io.dingtalketl.MariaDbSuite @MariaDbSuite}); every test starts from an empty warehouse and a freshly generated
 * organization. The client retries fast here (10 ms back-off) so that injected failures fail quickly.
 */
@SpringBootTest(properties = {
        "etl.launcher.enabled=false",
        "etl.simulator.enabled=false",
        "dingtalk.default-qps=0",
        "dingtalk.retry.max-attempts=2",
        "dingtalk.retry.initial-backoff=10ms",
        "dingtalk.retry.jitter=0ms",
        "dingtalk.retry.max-backoff=20ms",
        "etl.departments.chunk-size=5",
        "etl.details.commit-interval=7",
        "etl.users.chunk-size=3",
        "logging.level.org.springframework.batch=ERROR"})
@Import(SimulatorTestConfiguration.class)
abstract class AbstractOrgSyncTest {

    static final String H2 = "spring.datasource.url=jdbc:h2:mem:orgsync-${random.uuid};MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
            + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";

    /** Org size of the scenarios; -Dorgsync.departments=2000 -Dorgsync.users=20000 runs them at scale. */
    static final int DEPARTMENTS = Integer.getInteger("orgsync.departments", 40);
    static final int USERS = Integer.getInteger("orgsync.users", 400);

    @Autowired
    JobOperator jobOperator;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    Job orgSyncJob;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DingTalkSimulator simulator;
    @Autowired
    StagingRepository staging;
    Warehouse warehouse;

    @BeforeEach
    void freshOrganizationAndEmptyWarehouse() {
        simulator.replaceOrg(SimulatedOrg.generate(OrgSpec.of(7, DEPARTMENTS, USERS)));
        simulator.clearFaults();
        simulator.resetCallLog();
        simulator.updateSettings(s -> s.withQpsPerApi(0));
        new JobRepositoryTestUtils(jobRepository).removeJobExecutions();
        warehouse = new Warehouse(jdbc);
        warehouse.clear();
    }

    JobExecution run(LocalDate runDate) throws Exception {
        return run(runDate, false);
    }

    JobExecution run(LocalDate runDate, boolean allowMassDelete) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder().addLocalDate(OrgSyncJobConfiguration.RUN_DATE, runDate);
        if (allowMassDelete) {
            parameters.addString(OrgSyncJobConfiguration.ALLOW_MASS_DELETE, "true", false);
        }
        return jobOperator.start(orgSyncJob, parameters.toJobParameters());
    }

    /** The pages (endpoint parameters) DingTalk answered successfully since the call log was reset. */
    Set<String> answeredPages(DingTalkEndpoint endpoint) {
        Set<String> pages = new HashSet<>();
        for (CallRecord call : simulator.calls()) {
            if (call.endpoint() == endpoint && call.succeeded()) {
                pages.add(call.params());
            }
        }
        return pages;
    }

    List<CallRecord> calls(DingTalkEndpoint endpoint) {
        return simulator.calls().stream().filter(c -> c.endpoint() == endpoint).toList();
    }

    static String userPage(long deptId, long cursor) {
        return "dept_id=" + deptId + ",cursor=" + cursor + ",size=100";
    }

    /** What DingTalk answered when the user pages failed part-way and the same date ran again. */
    record UsersRestart(JobExecution failed, JobExecution restarted, Set<String> answeredBeforeFailure,
                        Set<String> committedBeforeFailure, Set<String> answeredByRestart) {

        /** The pages answered before the failure and again by the restart: fetched, but not committed. */
        Set<String> answeredTwice() {
            Set<String> twice = new HashSet<>(answeredByRestart);
            twice.retainAll(answeredBeforeFailure);
            return twice;
        }
    }

    /**
     * Runs {@code runDate} with {@code v2/user/list} answering busy after {@code pages} answered pages (every
     * retry too), so that the run fails; then runs it again with DingTalk healthy, which restarts it.
     */
    UsersRestart failUserPagesAfterThenRestart(LocalDate runDate, int pages) throws Exception {
        simulator.failAfter(DingTalkEndpoint.USER_LIST, pages, Fault.SYSTEM_BUSY);
        JobExecution failed = run(runDate);
        Set<String> answeredBeforeFailure = answeredPages(DingTalkEndpoint.USER_LIST);
        Set<String> committed = committedUserPages(failed, answeredBeforeFailure);

        simulator.clearFaults();
        simulator.resetCallLog();
        JobExecution restarted = run(runDate);
        return new UsersRestart(failed, restarted, answeredBeforeFailure, committed, answeredPages(DingTalkEndpoint.USER_LIST));
    }

    /**
     * The user pages committed before the failure, from each partition's saved position: every page of a
     * department before the saved one, and the saved department's pages before the saved cursor.
     */
    Set<String> committedUserPages(JobExecution failed, Set<String> answered) {
        long runId = failed.getJobInstance().getInstanceId();
        Set<String> committed = new HashSet<>();
        for (StepExecution step : failed.getStepExecutions()) {
            if (!step.getStepName().startsWith("userPages:")) {
                continue;
            }
            ExecutionContext context = step.getExecutionContext();
            int partition = context.getInt(DepartmentPartitioner.PARTITION);
            int partitions = context.getInt(DepartmentPartitioner.PARTITIONS);
            int savedSeq = context.getInt(UserPageReader.DEPT_SEQ, 0);
            long savedCursor = context.getLong(UserPageReader.CURSOR, 0L);
            for (StagingRepository.PartitionDepartment d : staging.departmentsOfPartition(runId, partition, partitions, 0, Integer.MAX_VALUE)) {
                for (long cursor = 0; cursor < 100_000; cursor += 100) {
                    String page = userPage(d.deptId(), cursor);
                    if (!answered.contains(page)) {
                        break;
                    }
                    if (d.walkSeq() < savedSeq || (d.walkSeq() == savedSeq && cursor < savedCursor)) {
                        committed.add(page);
                    }
                }
            }
        }
        return committed;
    }

    static StepExecution step(JobExecution execution, String stepName) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().equals(stepName)).findFirst().orElseThrow();
    }
}
