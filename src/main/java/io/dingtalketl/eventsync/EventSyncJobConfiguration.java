package io.dingtalketl.eventsync;

import java.util.List;

import io.dingtalketl.batch.RunHeartbeat;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.events.EventInbox;
import io.dingtalketl.events.EventInbox.PendingEntity;
import io.dingtalketl.orgsync.ApiCallAccounting;
import io.dingtalketl.orgsync.AsOfClock;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.FailureLog;
import io.dingtalketl.orgsync.OrgFieldMapper;
import io.dingtalketl.orgsync.RunRecordListener;
import io.dingtalketl.warehouse.ContactVersions;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.CompositeJobExecutionListener;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code eventSyncJob}: the contact events of the inbox, applied to the warehouse.
 * <ol>
 *   <li>{@code holdMassClosures}: the deletion guard ({@link MassClosureGuard});</li>
 *   <li>{@code applyEvents}: pages of pending entities, each page one chunk: fetched side by side
 *       ({@link EntityFetcher}), written and settled in the inbox in the chunk's transaction
 *       ({@link EntityChangeWriter}).</li>
 * </ol>
 * Job parameters: {@code triggeredAt} (identifying, epoch ms: each trigger is its own run; a failed run is
 * restarted by launching it with the same value) and {@code allowMassDelete} (apply what the guard holds).
 * A restart needs no saved position: whatever a failed run did not settle is still pending.
 */
@Configuration(proxyBeanMethods = false)
public class EventSyncJobConfiguration {

    public static final String JOB_NAME = "eventSyncJob";
    public static final String TRIGGERED_AT = "triggeredAt";
    public static final String ALLOW_MASS_DELETE = "allowMassDelete";
    /** Job execution context: what the deletion guard held in this run, and why (absent when nothing was held). */
    public static final String HELD_MESSAGE = "events.held";
    /** Step execution context: how many events the run applied (the other counts sit beside it). */
    public static final String EVENTS_APPLIED = EventSyncCounts.EVENTS;
    /** Entities per chunk: one page of the inbox, fetched side by side. */
    static final int PAGE_SIZE = 50;

    private static final String RUN_ID = "#{stepExecution.jobExecution.jobInstance.instanceId}";

    @Bean
    Job eventSyncJob(JobRepository jobRepository, Step holdMassClosuresStep, Step applyEventsStep, RunHeartbeat runHeartbeat,
                     SyncRunRepository runs, DingTalkClient client, ObjectProvider<EventAttentionListener> attention, MeteredCallLedger ledger) {
        CompositeJobExecutionListener bookkeeping = new CompositeJobExecutionListener();
        bookkeeping.setListeners(List.<JobExecutionListener>of(new AsOfClock(runs), new RunRecordListener(runs, client),
                new FailureLog(), new EventRunResult(runs), new EventAttentionTrigger(attention.orderedStream().toList()),
                new ApiCallAccounting(runs, client, ledger)));
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runHeartbeat)
                .listener(bookkeeping)
                .start(holdMassClosuresStep)
                .next(applyEventsStep)
                .build();
    }

    @Bean
    Step holdMassClosuresStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                              MassClosureGuard massClosureGuard) {
        return new StepBuilder("holdMassClosures", jobRepository)
                .tasklet(massClosureGuard, transactionManager)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    @StepScope
    MassClosureGuard massClosureGuard(EventInbox inbox, ContactVersions versions, EtlProperties properties,
                                      @Value("#{jobParameters['" + ALLOW_MASS_DELETE + "']}") String allowMassDelete) {
        return new MassClosureGuard(inbox, versions, properties.publish().maxDeleteRatio(), Boolean.parseBoolean(allowMassDelete));
    }

    @Bean
    Step applyEventsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                         PendingEntityReader pendingEntityReader, EntityFetcher entityFetcher,
                         EntityChangeWriter entityChangeWriter) {
        return new StepBuilder("applyEvents", jobRepository)
                .<List<PendingEntity>, List<EntityChange>>chunk(1) // each item one page of entities
                .transactionManager(transactionManager)
                .reader(pendingEntityReader)
                .processor(entityFetcher)
                .writer(entityChangeWriter)
                .listener(entityChangeWriter)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    @StepScope
    PendingEntityReader pendingEntityReader(EventInbox inbox) {
        return new PendingEntityReader(inbox, PAGE_SIZE);
    }

    @Bean
    @StepScope
    EntityFetcher entityFetcher(DingTalkClient client, OrgFieldMapper mapper, ContactVersions versions,
                                EtlProperties properties, TaskExecutor entityGetExecutor) {
        return new EntityFetcher(client, mapper, versions, properties.org().rootDeptIds(), entityGetExecutor);
    }

    @Bean
    @StepScope
    EntityChangeWriter entityChangeWriter(ContactVersions versions, EventInbox inbox, @Value(RUN_ID) long runId) {
        return new EntityChangeWriter(versions, inbox, runId);
    }

    /** The apply's {@code v2/user/get} and {@code v2/department/get} calls in flight, as many as the walk's listsub. */
    @Bean
    ThreadPoolTaskExecutor entityGetExecutor(EtlProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("entity-get-");
        executor.setCorePoolSize(properties.departments().concurrency());
        executor.setMaxPoolSize(properties.departments().concurrency());
        executor.setDaemon(true);
        return executor;
    }
}
