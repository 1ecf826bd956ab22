package io.dingtalketl.ops;

import java.time.Instant;

import io.dingtalketl.batch.Executions;
import io.dingtalketl.batch.RunLiveness;
import io.dingtalketl.eventsync.EventSyncJobConfiguration;
import io.dingtalketl.events.EventsProperties;
import io.dingtalketl.events.InboxArrivals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.launch.JobLaunchRequest;
import org.springframework.batch.integration.launch.JobLaunchingGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The apply loop of {@code serve}: every inbox arrival becomes a message on {@code eventArrivals}, a queue that
 * holds one — arrivals while a trigger waits are coalesced into it — and a poller takes it at most once per
 * {@code etl.events.apply-interval}, turns it into a launch request for {@code eventSyncJob} and hands it to
 * Spring Batch Integration's {@link JobLaunchingGateway}, which runs the job on the poller's thread: one run at
 * a time. When the last run failed or was stopped, the request restarts it (same parameters) instead of
 * starting another.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
@ConditionalOnProperty(name = "etl.events.serving", havingValue = "true")
class EventApplyFlow {

    private static final Logger log = LoggerFactory.getLogger(EventApplyFlow.class);

    @Bean
    QueueChannel eventArrivals() {
        return new QueueChannel(1);
    }

    /** What transports call after each new event: a trigger, dropped when one is already waiting. */
    @Bean
    InboxArrivals inboxArrivals(QueueChannel eventArrivals) {
        return () -> eventArrivals.send(MessageBuilder.withPayload(Instant.now()).build(), 0);
    }

    @Bean
    JobLaunchingGateway eventSyncLaunchingGateway(JobOperator jobOperator) {
        return new JobLaunchingGateway(jobOperator);
    }

    @Bean
    IntegrationFlow eventApplyLoop(QueueChannel eventArrivals, JobLaunchingGateway eventSyncLaunchingGateway,
                                   Job eventSyncJob, JobRepository jobRepository, EventsProperties properties,
                                   RunLiveness liveness, JobOperations operations) {
        return IntegrationFlow.from(eventArrivals)
                .bridge(e -> e.poller(Pollers.fixedDelay(properties.applyInterval()).maxMessagesPerPoll(1)))
                .filter(Instant.class, trigger -> !runningElsewhere(jobRepository, liveness, operations))
                .transform(Instant.class, trigger -> new JobLaunchRequest(eventSyncJob, nextParameters(jobRepository)))
                .handle(eventSyncLaunchingGateway)
                .handle(JobExecution.class, (execution, headers) -> {
                    if (execution.getStatus() != BatchStatus.COMPLETED) {
                        log.warn("Applying events ended {} (execution {}); the next trigger restarts it", execution.getStatus(),
                                execution.getId());
                    }
                    return null;
                })
                .get();
    }

    /**
     * On shutdown, after the transports have stopped acknowledging (they stop first: a higher phase) and before
     * the poller stops: an apply run of this process is asked to stop at its next chunk boundary and waited for
     * (up to 30 s), so that it ends STOPPED with its last chunk committed; the next trigger restarts it.
     */
    @Bean
    SmartLifecycle eventApplyShutdown(JobRepository jobRepository, RunLiveness liveness) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                try {
                    for (JobExecution execution : jobRepository.findRunningJobExecutions(EventSyncJobConfiguration.JOB_NAME)) {
                        if (liveness.runHere(execution)) {
                            stopAndWait(execution);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    log.warn("Could not stop applying events cleanly ({}); the next serve restarts it", e.toString());
                }
            }

            private void stopAndWait(JobExecution execution) throws Exception {
                log.info("Stopping: applying events (execution {}) stops after its current chunk", execution.getId());
                // what 'stop' from another process does: the running step sees STOPPING when it commits its chunk.
                // (JobOperator.stop in this process would also update the running step execution from a stale copy,
                // which fails that step's own next update on its version.)
                execution.setStatus(BatchStatus.STOPPING);
                jobRepository.update(execution);
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    JobExecution now = jobRepository.getJobExecution(execution.getId());
                    if (now == null || !now.isRunning()) {
                        return;
                    }
                    Thread.sleep(100);
                }
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 1;   // after the transports (DEFAULT_PHASE), before Spring Integration's endpoints
            }
        };
    }

    /**
     * Whether the last apply run is running in another live process (a second {@code serve}): then this trigger
     * launches nothing, that process applies. One left running by a process that is gone is marked failed, so
     * that {@link #nextParameters} restarts it.
     */
    static boolean runningElsewhere(JobRepository jobRepository, RunLiveness liveness, JobOperations operations) {
        JobInstance last = jobRepository.getLastJobInstance(EventSyncJobConfiguration.JOB_NAME);
        JobExecution execution = last == null ? null : Executions.latest(jobRepository, last);
        if (execution == null || !(execution.isRunning() || execution.getStatus() == BatchStatus.UNKNOWN)) {
            return false;
        }
        RunLiveness.Verdict verdict = liveness.of(execution);
        if (verdict.alive()) {
            log.info("Applying events: execution {} is running in {}; it applies what arrived", execution.getId(), verdict.process());
            return true;
        }
        log.info("Applying events: execution {} was left running by a process that is gone ({}); marking it failed and"
                + " restarting it", execution.getId(), verdict.process());
        operations.markFailed(execution);
        liveness.forget(execution.getId());
        return false;
    }

    /** A new run, or the last one again when it did not complete (Spring Batch restarts it from where it stopped). */
    static JobParameters nextParameters(JobRepository jobRepository) {
        JobInstance last = jobRepository.getLastJobInstance(EventSyncJobConfiguration.JOB_NAME);
        JobExecution execution = last == null ? null : Executions.latest(jobRepository, last);
        if (execution != null && (execution.getStatus() == BatchStatus.FAILED || execution.getStatus() == BatchStatus.STOPPED)) {
            return execution.getJobParameters();
        }
        return new JobParametersBuilder().addLong(EventSyncJobConfiguration.TRIGGERED_AT, System.currentTimeMillis())
                .toJobParameters();
    }
}
