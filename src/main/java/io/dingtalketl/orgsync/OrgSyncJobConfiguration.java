package io.dingtalketl.orgsync;

import java.util.List;

import io.dingtalketl.batch.RunHeartbeat;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.SyncRunRepository;
import io.dingtalketl.warehouse.WarehousePublisher;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.listener.CompositeJobExecutionListener;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;

/**
 * The nightly org sync, {@value #JOB_NAME}: DingTalk → staging → warehouse.
 *
 * <p>Three extract steps run side by side (a split flow), each on its own DingTalk API and so on its own
 * quota, then one publish step:
 * <ol>
 *   <li>{@code departments}: chunked breadth-first walk ({@link DepartmentTreeReader}), one {@code listsub}
 *       page per item, staged by {@link DepartmentStagingWriter}.</li>
 *   <li>{@code departmentDetails}: {@link DepartmentDetailsTasklet}, {@code department/get} per department
 *       as the walk stages them (nothing when {@code etl.details.enabled=false}).</li>
 *   <li>{@code users}: partitioned by {@link DepartmentPartitioner}; each {@code userPages} worker pages
 *       {@code v2/user/list} ({@link UserPageReader}) over its departments as the walk stages them, maps
 *       ({@link UserListingProcessor}) and stages ({@link UserStagingWriter}).</li>
 *   <li>{@code publish}: {@link PublishTasklet}, SCD2 merge with the deletion guard, one transaction, once
 *       all three have completed.</li>
 * </ol>
 * The two steps that follow the walk read the staging table in READ COMMITTED transactions, so that they
 * see each walk commit (MySQL's default, REPEATABLE READ, would keep showing them their first snapshot);
 * {@link DepartmentWalkMonitor} wakes them when the walk commits and stops them when it fails. Each step
 * keeps its own restart state, so a restart resumes whichever of them did not complete.
 *
 * <p>Every extract step commits by size and by time, whichever limit comes first ({@link ChunkLimit}:
 * {@code etl.departments.chunk-size}, {@code etl.details.commit-interval}, {@code etl.users.chunk-size},
 * and {@code etl.chunks.max-time} for all three): large chunks when DingTalk answers fast, and at most
 * about a second of each API's answers to fetch again after a failure or a killed process when it
 * answers at its quota. The two chunk steps form their chunks in {@link BoundedChunkReader}.
 *
 * <p>Job parameters: {@code runDate} (identifying: one run per date; running the same date again after a
 * failure restarts it from its last committed chunk), {@code rerun} (identifying, to run a completed
 * date again), {@code dryRun} (identifying: extract and diff, publish nothing), {@code allowMassDelete}
 * (non-identifying: lifts the deletion guard). No incrementer, so that
 * a re-run with the same parameters is a restart. Every chunk step uses the JDBC transaction manager, so
 * staged rows and saved reader positions commit together.
 */
@Configuration
public class OrgSyncJobConfiguration {

    public static final String JOB_NAME = "orgSyncJob";
    public static final String RUN_DATE = "runDate";
    public static final String RERUN = "rerun";
    public static final String ALLOW_MASS_DELETE = "allowMassDelete";
    public static final String DRY_RUN = "dryRun";

    private static final String RUN_ID = "#{stepExecution.jobExecution.jobInstance.instanceId}";
    private static final String JOB_EXECUTION_ID = "#{stepExecution.jobExecutionId}";

    /** For the steps that follow the walk: each look at the staging table sees the walk's latest commit. */
    private static final DefaultTransactionAttribute READ_COMMITTED = readCommitted();

    @Bean
    Job orgSyncJob(JobRepository jobRepository, Step departmentsStep, Step departmentDetailsStep, Step usersStep,
                   Step publishStep, RunHeartbeat runHeartbeat, CompositeJobExecutionListener orgSyncRunListeners,
                   OrgSyncProgress orgSyncProgress, TaskExecutor extractExecutor) {
        Flow walk = new FlowBuilder<Flow>("walkFlow").start(departmentsStep).build();
        Flow details = new FlowBuilder<Flow>("departmentDetailsFlow").start(departmentDetailsStep).build();
        Flow users = new FlowBuilder<Flow>("usersFlow").start(usersStep).build();
        Flow extract = new FlowBuilder<Flow>("extractFlow")
                .split(extractExecutor)
                .add(walk, details, users)
                .build();
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runHeartbeat)
                .listener(orgSyncRunListeners)
                .listener(orgSyncProgress)
                .start(extract)
                .next(publishStep)
                .end()
                .build();
    }

    @Bean
    DepartmentWalkMonitor departmentWalkMonitor() {
        return new DepartmentWalkMonitor();
    }

    /**
     * The run's bookkeeping, one listener per concern. Before the first step they run in this order (the as-of
     * time first, staging created last); after the last step in the reverse order (staging dropped first).
     */
    @Bean
    CompositeJobExecutionListener orgSyncRunListeners(SyncRunRepository runs, DingTalkClient client,
                                                      ObjectProvider<RunPublishedListener> publishedListeners,
                                                      StagingRepository staging, JobRepository jobRepository,
                                                      MeteredCallLedger ledger) {
        CompositeJobExecutionListener listeners = new CompositeJobExecutionListener();
        listeners.setListeners(List.<JobExecutionListener>of(
                new AsOfClock(runs),
                new RunRecordListener(runs, client),
                new FailureLog(),
                new RunPublishedTrigger(runs, publishedListeners.orderedStream().toList()),
                new ApiCallAccounting(runs, client, ledger),
                new StagingLifecycle(staging, jobRepository)));
        return listeners;
    }

    /** Runs the three extract flows side by side: one thread each, for the length of the extraction. */
    @Bean
    TaskExecutor extractExecutor() {
        return new SimpleAsyncTaskExecutor("extract-");
    }

    @Bean
    OrgSyncProgress orgSyncProgress(DingTalkClient client, SyncRunRepository runs, JdbcTemplate jdbc,
                                    EtlProperties properties) {
        return new OrgSyncProgress(client, runs, jdbc, properties.progress().interval());
    }

    @Bean
    OrgFieldMapper orgFieldMapper(EtlProperties properties) {
        return new OrgFieldMapper(properties);
    }

    // 1. departments

    @Bean
    Step departmentsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                         BoundedChunkReader<DepartmentPage> departmentTreeReader,
                         DepartmentStagingWriter departmentStagingWriter, DepartmentWalkMonitor departmentWalkMonitor) {
        return new StepBuilder("departments", jobRepository)
                .<List<DepartmentPage>, List<DepartmentPage>>chunk(1) // each item a whole chunk: BoundedChunkReader
                .transactionManager(transactionManager)
                .reader(departmentTreeReader)
                .writer(BoundedChunkReader.allItems(departmentStagingWriter))
                .listener(departmentWalkMonitor)
                .build();
    }

    /** Walk pages, {@code etl.departments.chunk-size} per chunk or {@code etl.chunks.max-time}'s worth. */
    @Bean
    @StepScope
    BoundedChunkReader<DepartmentPage> departmentTreeReader(DingTalkClient client, OrgFieldMapper mapper,
                                                            StagingRepository staging, EtlProperties properties,
                                                            TaskExecutor listsubExecutor, @Value(RUN_ID) long runId) {
        return new BoundedChunkReader<>(new DepartmentTreeReader(client, mapper, staging, runId,
                properties.org().rootDeptIds(), properties.departments().concurrency(), listsubExecutor),
                new ChunkLimit(properties.departments().chunkSize(), properties.chunks().maxTime()));
    }

    /** The walk's {@code listsub} calls in flight, {@code etl.departments.concurrency} at a time. */
    @Bean
    ThreadPoolTaskExecutor listsubExecutor(EtlProperties properties) {
        return callExecutor("listsub-", properties.departments().concurrency());
    }

    @Bean
    @StepScope
    DepartmentStagingWriter departmentStagingWriter(StagingRepository staging, OrgSyncProgress progress,
                                                    DepartmentWalkMonitor monitor, @Value(RUN_ID) long runId) {
        return new DepartmentStagingWriter(staging, runId, progress, monitor);
    }

    // 2. department details

    @Bean
    Step departmentDetailsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                               DepartmentDetailsTasklet departmentDetailsTasklet) {
        // each call of the tasklet is one transaction: it returns after every batch, which commits, and is called again
        return new StepBuilder("departmentDetails", jobRepository)
                .tasklet(departmentDetailsTasklet, transactionManager)
                .transactionAttribute(READ_COMMITTED)
                .listener(departmentDetailsTasklet)
                .build();
    }

    @Bean
    @StepScope
    DepartmentDetailsTasklet departmentDetailsTasklet(DingTalkClient client, OrgFieldMapper mapper, StagingRepository staging,
                                                      EtlProperties properties, DepartmentWalkMonitor monitor,
                                                      TaskExecutor departmentGetExecutor,
                                                      @Value(RUN_ID) long runId, @Value(JOB_EXECUTION_ID) long jobExecutionId) {
        return new DepartmentDetailsTasklet(client, mapper, staging, runId, properties.details().enabled(),
                new ChunkLimit(properties.details().commitInterval(), properties.chunks().maxTime()),
                departmentGetExecutor, monitor, jobExecutionId);
    }

    /** The details step's {@code department/get} calls in flight, {@code etl.details.concurrency} at a time. */
    @Bean
    ThreadPoolTaskExecutor departmentGetExecutor(EtlProperties properties) {
        return callExecutor("department-get-", properties.details().concurrency());
    }

    // 3. users

    @Bean
    Step usersStep(JobRepository jobRepository, DepartmentPartitioner departmentPartitioner, Step userPagesStep,
                   TaskExecutor userPartitionExecutor, EtlProperties properties) {
        return new StepBuilder("users", jobRepository)
                .partitioner("userPages", departmentPartitioner)
                .step(userPagesStep)
                .gridSize(properties.users().gridSize())
                .taskExecutor(userPartitionExecutor)
                .build();
    }

    @Bean
    DepartmentPartitioner departmentPartitioner() {
        return new DepartmentPartitioner();
    }

    /** One thread per user partition, all {@code etl.users.grid-size} of them at once. */
    @Bean
    TaskExecutor userPartitionExecutor(EtlProperties properties) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("users-");
        executor.setConcurrencyLimit(properties.users().gridSize());
        return executor;
    }

    @Bean
    Step userPagesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                       BoundedChunkReader<UserPageItem> userPageReader, UserListingProcessor userListingProcessor,
                       UserStagingWriter userStagingWriter) {
        return new StepBuilder("userPages", jobRepository)
                .<List<UserPageItem>, List<List<UserListing>>>chunk(1) // each item a whole chunk: BoundedChunkReader
                .transactionManager(transactionManager)
                .transactionAttribute(READ_COMMITTED)
                .reader(userPageReader)
                .processor(BoundedChunkReader.eachItem(userListingProcessor))
                .writer(BoundedChunkReader.allItems(userStagingWriter))
                .build();
    }

    /** One partition's user pages, {@code etl.users.chunk-size} per chunk or {@code etl.chunks.max-time}'s worth. */
    @Bean
    @StepScope
    BoundedChunkReader<UserPageItem> userPageReader(DingTalkClient client, StagingRepository staging,
                                                    DepartmentWalkMonitor monitor, OrgSyncProgress progress,
                                                    EtlProperties properties, @Value(RUN_ID) long runId,
                                                    @Value(JOB_EXECUTION_ID) long jobExecutionId,
                                                    @Value("#{stepExecutionContext['" + DepartmentPartitioner.PARTITION + "']}") int partition,
                                                    @Value("#{stepExecutionContext['" + DepartmentPartitioner.PARTITIONS + "']}") int partitions) {
        return new BoundedChunkReader<>(new UserPageReader(client, staging, monitor, progress, runId, jobExecutionId,
                partition, partitions, properties.users().pageSize()),
                new ChunkLimit(properties.users().chunkSize(), properties.chunks().maxTime()));
    }

    @Bean
    UserListingProcessor userListingProcessor(OrgFieldMapper mapper) {
        return new UserListingProcessor(mapper);
    }

    @Bean
    @StepScope
    UserStagingWriter userStagingWriter(StagingRepository staging, @Value(RUN_ID) long runId) {
        return new UserStagingWriter(staging, runId);
    }

    // 4. publish

    @Bean
    Step publishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, PublishTasklet publishTasklet) {
        return new StepBuilder("publish", jobRepository)
                .tasklet(publishTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    PublishTasklet publishTasklet(WarehousePublisher publisher, SyncRunRepository runs,
                                  EtlProperties properties, PlatformTransactionManager transactionManager,
                                  ObjectProvider<RunPublishedListener> publishedListeners,
                                  @Value("#{jobParameters['" + ALLOW_MASS_DELETE + "'] ?: false}") boolean allowMassDelete,
                                  @Value("#{jobParameters['" + DRY_RUN + "'] ?: false}") boolean dryRun) {
        return new PublishTasklet(publisher, runs, publishedListeners.orderedStream().toList(),
                new WarehousePublisher.Options(properties.publish().maxDeleteRatio(), allowMassDelete),
                PublishMode.of(dryRun), transactionManager);
    }

    /** A pool for one API's calls in flight; daemon threads, shut down with the application context. */
    private static ThreadPoolTaskExecutor callExecutor(String threadNamePrefix, int threads) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix(threadNamePrefix);
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setDaemon(true);
        executor.setWaitForTasksToCompleteOnShutdown(false);
        return executor;
    }

    private static DefaultTransactionAttribute readCommitted() {
        // like Spring Batch's own default attribute, roll back on every exception, checked ones included
        // (the default rule would commit a chunk whose tasklet threw a checked exception, and go on)
        DefaultTransactionAttribute attribute = new DefaultTransactionAttribute() {
            @Override
            public boolean rollbackOn(Throwable ex) {
                return true;
            }
        };
        attribute.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        return attribute;
    }
}
