package io.dingtalketl.attendance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import io.dingtalketl.batch.RunHeartbeat;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.AttendanceResult;
import io.dingtalketl.orgsync.ApiCallAccounting;
import io.dingtalketl.orgsync.AsOfClock;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.FailureLog;
import io.dingtalketl.orgsync.MaxCalls;
import io.dingtalketl.orgsync.RunRecordListener;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.listener.CompositeJobExecutionListener;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@value #JOB_NAME}: DingTalk's punch results and leaves of a window of work days → the attendance facts.
 * <ol>
 *   <li>{@code punchScan}: {@link PunchScanTasklet}, {@code attendance/listRecord} per 50 users and 7 days, when punches
 *       are stored ({@code etl.attendance.punches.enabled}) or the run scans for changes ({@code scanDays > 0}, see
 *       {@link RunWindows} and {@link NightlyAttendance}); otherwise it calls nothing.</li>
 *   <li>{@code leaveScan}: a scanning run's leaves ({@link LeaveTasklet}), before the results, so that a new or changed
 *       leave marks the user-days it decides to read again ({@link AttendanceChanges}).</li>
 *   <li>{@code attendanceResults}: partitioned by {@link AttendancePartitioner} (each 7-day span × each batch of
 *       50 users of {@code dim_user}, {@code etl.attendance.concurrency} at a time); each {@code resultPages}
 *       partition pages {@code attendance/list} ({@link AttendanceResultReader}), {@code etl.attendance.pages-per-chunk}
 *       pages per chunk, upserted by result id ({@link AttendanceResultWriter}): a changed result is a correction,
 *       logged column by column.</li>
 *       A scanning run's partitions also read again the user-days its scan found changed (one day, ≤ 50 users each).</li>
 *   <li>{@code leaves}: {@link LeaveTasklet}, {@code getleavestatus} per 100 users over ≤ 180 days, upserted (runs
 *       without {@code scanDays}).</li>
 *   <li>{@code readMarks}: what was read when ({@code etl_attendance_read}), for the next scans.</li>
 * </ol>
 * Job parameters: {@code from} and {@code to} (identifying dates: one run per window; running the same window
 * again after a failure restarts it from its last committed chunks, completed partitions are not read again) and
 * {@code rerun} (identifying, optional: to read a completed window again) and {@code scanDays} (identifying, optional:
 * set by the nightly policy). No incrementer, so that a re-run with the
 * same parameters is a restart. The run's bookkeeping is the org sync's ({@code etl_sync_run}, failure log, API
 * calls per endpoint); a completed run is recorded as {@value #LOADED}. Throttling and retries are the client's;
 * 90020 and a missing permission end the run at once ({@link AttendanceCalls}).
 */
@Configuration(proxyBeanMethods = false)
public class AttendanceJobConfiguration {

    public static final String JOB_NAME = "attendanceJob";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String RERUN = "rerun";
    /** Optional: the nightly policy's run (see {@link RunWindows}); absent for a window given by dates. */
    public static final String SCAN_DAYS = "scanDays";
    static final String LOADED = "LOADED";

    private static final String RUN_ID = "#{stepExecution.jobExecution.jobInstance.instanceId}";
    private static final String JOB_EXECUTION_ID = "#{stepExecution.jobExecutionId}";
    private static final String WINDOW_FROM = "#{jobParameters['" + FROM + "']}";
    private static final String WINDOW_TO = "#{jobParameters['" + TO + "']}";
    private static final String WINDOW_SCAN_DAYS = "#{jobParameters['" + SCAN_DAYS + "']}";

    @Bean
    Job attendanceJob(JobRepository jobRepository, Step punchScanStep, Step leaveScanStep, Step attendanceResultsStep,
                      Step leavesStep, Step readMarksStep, RunHeartbeat runHeartbeat,
                      SyncRunRepository runs, DingTalkClient client, AttendanceCalls attendanceCalls,
                      ResultPagePositions resultPagePositions, MeteredCallLedger ledger) {
        CompositeJobExecutionListener bookkeeping = new CompositeJobExecutionListener();
        bookkeeping.setListeners(List.<JobExecutionListener>of(new AsOfClock(runs), new RunRecordListener(runs, client),
                new FailureLog(), new RunResult(runs, attendanceCalls, resultPagePositions),
                new ApiCallAccounting(runs, client, ledger)));
        DefaultJobParametersValidator validator = new DefaultJobParametersValidator(new String[] {FROM, TO},
                new String[] {RERUN, MaxCalls.PARAMETER, SCAN_DAYS});
        return new JobBuilder(JOB_NAME, jobRepository)
                .validator(validator)
                .listener(runHeartbeat)
                .listener(bookkeeping)
                .start(punchScanStep)
                .next(leaveScanStep)
                .next(attendanceResultsStep)
                .next(leavesStep)
                .next(readMarksStep)
                .build();
    }

    @Bean
    AttendanceFacts attendanceFacts(JdbcTemplate jdbc, EtlProperties properties) {
        return new AttendanceFacts(jdbc, properties.org().timeZone());
    }

    @Bean
    AttendancePunches attendancePunches(JdbcTemplate jdbc, EtlProperties properties, PunchProperties punches) {
        return new AttendancePunches(jdbc, properties.org().timeZone(), punches, properties.pii().salt());
    }

    @Bean
    AttendanceChanges attendanceChanges(JdbcTemplate jdbc, EtlProperties properties) {
        return new AttendanceChanges(jdbc, properties.org().timeZone());
    }

    @Bean
    NightlyAttendance nightlyAttendance(AttendanceChanges changes, AttendanceProperties attendance, NightlyProperties nightly) {
        return new NightlyAttendance(changes, attendance, nightly);
    }

    @Bean
    ResultPagePositions resultPagePositions(JdbcTemplate jdbc) {
        return new ResultPagePositions(jdbc);
    }

    @Bean
    AttendanceCalls attendanceCalls() {
        return new AttendanceCalls();
    }

    // 1. punches: stored when enabled, and the change scan of a nightly run

    @Bean
    Step punchScanStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, PunchScanTasklet punchScanTasklet) {
        return new StepBuilder("punchScan", jobRepository)
                .tasklet(punchScanTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    PunchScanTasklet punchScanTasklet(DingTalkClient client, AttendanceCalls calls, AttendanceFacts facts, AttendancePunches punches,
                                      AttendanceChanges changes, PunchProperties punchProperties, EtlProperties properties,
                                      @Value(WINDOW_FROM) LocalDate from, @Value(WINDOW_TO) LocalDate to,
                                      @Value(WINDOW_SCAN_DAYS) @Nullable Long scanDays, @Value(RUN_ID) long runId,
                                      @Value(JOB_EXECUTION_ID) long jobExecutionId) {
        return new PunchScanTasklet(client, calls, facts, punches, changes, new RunWindows(new AttendanceWindow(from, to), scanDays),
                punchProperties.enabled(), properties.org().timeZone(), runId, jobExecutionId);
    }

    /** A scan's leaves, read before the results: a new or changed leave marks the user-days it decides to read again. */
    @Bean
    Step leaveScanStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, LeaveTasklet leaveScanTasklet) {
        return new StepBuilder("leaveScan", jobRepository)
                .tasklet(leaveScanTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    LeaveTasklet leaveScanTasklet(DingTalkClient client, AttendanceCalls calls, AttendanceFacts facts, AttendanceChanges changes,
                                  EtlProperties properties, @Value(WINDOW_FROM) LocalDate from, @Value(WINDOW_TO) LocalDate to,
                                  @Value(WINDOW_SCAN_DAYS) @Nullable Long scanDays, @Value(RUN_ID) long runId,
                                  @Value(JOB_EXECUTION_ID) long jobExecutionId) {
        RunWindows windows = new RunWindows(new AttendanceWindow(from, to), scanDays);
        Runnable markChanges = () -> windows.scan().ifPresent(scan -> {
            changes.leaveChanged(runId, scan);
            changes.countChanges(runId);
        });
        return new LeaveTasklet(client, calls, facts, windows.leavesBeforeResults().orElse(null), markChanges,
                properties.org().timeZone(), runId, jobExecutionId);
    }

    // 2. punch results

    @Bean
    Step attendanceResultsStep(JobRepository jobRepository, Partitioner attendancePartitioner, Step resultPagesStep,
                               TaskExecutor attendancePartitionExecutor, AttendanceProperties properties) {
        return new StepBuilder("attendanceResults", jobRepository)
                .partitioner("resultPages", attendancePartitioner)
                .step(resultPagesStep)
                .gridSize(properties.concurrency())
                .taskExecutor(attendancePartitionExecutor)
                .build();
    }

    @Bean
    @StepScope
    Partitioner attendancePartitioner(AttendanceFacts facts, AttendanceChanges changes, ResultPagePositions positions,
                                      @Value(WINDOW_FROM) LocalDate from, @Value(WINDOW_TO) LocalDate to, @Value(RUN_ID) long runId) {
        AttendanceWindow window = new AttendanceWindow(from, to);
        return new AttendancePartitioner(window, facts.usersOf(window), positions, runId, changes.changedDays(runId));
    }

    /** {@code etl.attendance.concurrency} partitions at a time, one thread each. */
    @Bean
    TaskExecutor attendancePartitionExecutor(AttendanceProperties properties) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("attendance-");
        executor.setConcurrencyLimit(properties.concurrency());
        return executor;
    }

    @Bean
    Step resultPagesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                         AttendanceResultReader attendanceResultReader, AttendanceResultWriter attendanceResultWriter,
                         AttendanceProperties properties) {
        return new StepBuilder("resultPages", jobRepository)
                .<List<AttendanceResult>, List<AttendanceResult>>chunk(properties.pagesPerChunk())
                .transactionManager(transactionManager)
                .reader(attendanceResultReader)
                .writer(attendanceResultWriter)
                .build();
    }

    @Bean
    @StepScope
    AttendanceResultReader attendanceResultReader(DingTalkClient client, AttendanceCalls calls,
                                                  @Value("#{stepExecutionContext['" + AttendancePartitioner.FROM + "']}") String from,
                                                  @Value("#{stepExecutionContext['" + AttendancePartitioner.TO + "']}") String to,
                                                  @Value("#{stepExecutionContext['" + AttendancePartitioner.USERIDS + "']}") String userids,
                                                  @Value("#{stepExecutionContext['" + AttendancePartitioner.PARTITION + "']}") String partition,
                                                  ResultPagePositions positions, @Value(RUN_ID) long runId,
                                                  @Value(JOB_EXECUTION_ID) long jobExecutionId) {
        return new AttendanceResultReader(client, calls, new AttendanceWindow(LocalDate.parse(from), LocalDate.parse(to)),
                Arrays.asList(userids.split(",")), positions, runId, jobExecutionId, partition);
    }

    @Bean
    @StepScope
    AttendanceResultWriter attendanceResultWriter(AttendanceFacts facts, @Value(RUN_ID) long runId) {
        return new AttendanceResultWriter(facts, runId);
    }

    // 3. leaves of a run without a scan

    @Bean
    Step leavesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, LeaveTasklet leaveTasklet) {
        return new StepBuilder("leaves", jobRepository)
                .tasklet(leaveTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    LeaveTasklet leaveTasklet(DingTalkClient client, AttendanceCalls calls, AttendanceFacts facts, EtlProperties properties,
                              @Value(WINDOW_FROM) LocalDate from, @Value(WINDOW_TO) LocalDate to,
                              @Value(WINDOW_SCAN_DAYS) @Nullable Long scanDays,
                              @Value(RUN_ID) long runId, @Value(JOB_EXECUTION_ID) long jobExecutionId) {
        RunWindows windows = new RunWindows(new AttendanceWindow(from, to), scanDays);
        return new LeaveTasklet(client, calls, facts, windows.leavesAfterResults().orElse(null), null, properties.org().timeZone(),
                runId, jobExecutionId);
    }

    // 4. what was read when, for the next scans

    @Bean
    Step readMarksStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, Tasklet readMarksTasklet) {
        return new StepBuilder("readMarks", jobRepository)
                .tasklet(readMarksTasklet, transactionManager)
                .build();
    }

    /** Marks the user-days this run read ({@code etl_attendance_read}), in one transaction. */
    @Bean
    @StepScope
    Tasklet readMarksTasklet(AttendanceFacts facts, AttendanceChanges changes, @Value(WINDOW_FROM) LocalDate from,
                             @Value(WINDOW_TO) LocalDate to, @Value(WINDOW_SCAN_DAYS) @Nullable Long scanDays,
                             @Value(RUN_ID) long runId) {
        return (contribution, chunkContext) -> {
            RunWindows windows = new RunWindows(new AttendanceWindow(from, to), scanDays);
            changes.read(runId, windows.days(), facts.usersOf(windows.days()), windows.readDay());
            return RepeatStatus.FINISHED;
        };
    }

    /**
     * Records a completed run as {@value #LOADED} in {@code etl_sync_run} and drops its partition positions;
     * forgets the execution's quota stop.
     */
    static final class RunResult implements JobExecutionListener {

        private final SyncRunRepository runs;
        private final AttendanceCalls calls;
        private final ResultPagePositions positions;

        RunResult(SyncRunRepository runs, AttendanceCalls calls, ResultPagePositions positions) {
            this.runs = runs;
            this.calls = calls;
            this.positions = positions;
        }

        @Override
        public void afterJob(JobExecution execution) {
            calls.finished(execution);
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                runs.completed(execution.getJobInstance().getInstanceId(), execution.getId(), LOADED, Instant.now());
                positions.forget(execution.getJobInstance().getInstanceId());
            }
        }
    }
}
