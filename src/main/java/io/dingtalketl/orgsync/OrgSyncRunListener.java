package io.dingtalketl.orgsync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.dingtalketl.client.ApiCallMetrics;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.ops.report.RunReporter;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Keeps {@code etl_sync_run} in step with the job: fixes the run's as-of time on its first execution
 * (whole seconds, after every earlier run; kept in the job's ExecutionContext, so restarts publish with
 * the same time), records each execution's
 * DingTalk API calls, the failure of a failed execution, and, once a run is published, its change report
 * (written under {@code etl.report.dir}, stored with the run, sent to admins when notifications are on).
 *
 * <p>It also owns the life of the run's staging tables: they are created before the first step (a
 * restart finds them as the failed execution left them) and dropped once the run has completed.
 * Staging left behind by a run that completed or was abandoned in a process that died before dropping
 * it is dropped when the next run starts; staging of a failed or stopped run stays for its restart.
 */
public class OrgSyncRunListener implements JobExecutionListener {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OrgSyncRunListener.class);

    static final String AS_OF = "orgSync.asOf";
    private static final String CALLS_BEFORE = "orgSync.callsBefore";

    private final SyncRunRepository runs;
    private final DingTalkClient client;
    private final RunReporter reporter;
    private final StagingRepository staging;
    private final JobRepository jobRepository;
    private final Map<Long, ApiCallMetrics.Snapshot> before = new java.util.concurrent.ConcurrentHashMap<>();

    public OrgSyncRunListener(SyncRunRepository runs, DingTalkClient client, RunReporter reporter,
                              StagingRepository staging, JobRepository jobRepository) {
        this.runs = runs;
        this.client = client;
        this.reporter = reporter;
        this.staging = staging;
        this.jobRepository = jobRepository;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        if (!execution.getExecutionContext().containsKey(AS_OF)) {
            execution.getExecutionContext().putLong(AS_OF, nextAsOf().toEpochMilli());
        }
        before.put(execution.getId(), client.metrics().snapshot());
        LocalDate runDate = runDate(execution);
        runs.started(runId(execution), execution.getJobInstance().getJobName(), runDate, asOf(execution), Instant.now(),
                client.simulatedSource());
        dropStagingOfEndedRuns(runId(execution));
        staging.create(runId(execution));
    }

    @Override
    public void afterJob(JobExecution execution) {
        ApiCallMetrics.Snapshot start = before.remove(execution.getId());
        if (start != null) {
            Map<String, Long> calls = client.metrics().snapshot().callsSince(start).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().key(), Map.Entry::getValue, Long::sum, LinkedHashMap::new));
            runs.addApiCalls(runId(execution), calls);
        }
        if (execution.getStatus() == BatchStatus.COMPLETED
                && runs.find(runId(execution)).map(r -> "PUBLISHED".equals(r.status())).orElse(false)) {
            // the change report of a published run (a dry run's is built inside its rolled-back merge)
            reporter.report(runId(execution));
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            String message = Failures.first(execution.getAllFailureExceptions());
            if (message == null) {
                message = "Execution ended with status " + execution.getStatus();
            }
            Throwable unexpected = Failures.unexpected(execution.getAllFailureExceptions());
            if (unexpected != null) {
                // one line on the console, the stack trace in the log file only (logging.pattern.console)
                log.error("Run {} execution {} failed: {}{}", runId(execution), execution.getId(),
                        Failures.databaseLost(execution.getAllFailureExceptions()) ? "the database connection was lost: " : "",
                        Failures.describe(unexpected), unexpected);
            } else {
                log.error("Run {} execution {} failed: {}", runId(execution), execution.getId(), message);
            }
            try {
                runs.failed(runId(execution), message);
            } catch (org.springframework.dao.DataAccessException e) {
                log.warn("Could not record the failure of run {} (the database did not answer: {})", runId(execution),
                        e.getMostSpecificCause().getMessage());
            }
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            staging.drop(runId(execution));
        }
    }

    /** Drops the staging tables of other runs that will never be restarted: completed or abandoned ones. */
    private void dropStagingOfEndedRuns(long current) {
        for (long runId : staging.stagedRuns()) {
            if (runId == current) {
                continue;
            }
            JobInstance instance = jobRepository.getJobInstance(runId);
            JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
            if (instance == null || (last != null && (last.getStatus() == BatchStatus.COMPLETED
                    || last.getStatus() == BatchStatus.ABANDONED))) {
                log.info("Dropping the staging tables of run {}, which {}", runId,
                        instance == null ? "the job repository does not know" : "ended " + last.getStatus());
                staging.drop(runId);
            }
        }
    }

    /**
     * A new run's as-of time: now in whole seconds (MySQL drivers may drop fractions of a second, so every
     * database keeps the same value), and strictly after every earlier run's, so versions never overlap.
     */
    private Instant nextAsOf() {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant latest = runs.latestAsOf();
        return latest != null && !asOf.isAfter(latest) ? latest.plusSeconds(1) : asOf;
    }

    static long runId(JobExecution execution) {
        return execution.getJobInstance().getInstanceId();
    }

    static Instant asOf(JobExecution execution) {
        return Instant.ofEpochMilli(execution.getExecutionContext().getLong(AS_OF));
    }

    static LocalDate runDate(JobExecution execution) {
        LocalDate date = execution.getJobParameters().getLocalDate(OrgSyncJobConfiguration.RUN_DATE);
        return date != null ? date : LocalDate.now();
    }
}
