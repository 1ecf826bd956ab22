package io.dingtalketl.orgsync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.dingtalketl.client.ApiCallMetrics;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Keeps {@code etl_sync_run} in step with the job: fixes the run's as-of time on its first execution
 * (kept in the job's ExecutionContext, so restarts publish with the same time), records each execution's
 * DingTalk API calls, and the failure of a failed execution.
 */
public class OrgSyncRunListener implements JobExecutionListener {

    static final String AS_OF = "orgSync.asOf";
    private static final String CALLS_BEFORE = "orgSync.callsBefore";

    private final SyncRunRepository runs;
    private final DingTalkClient client;
    private final Map<Long, ApiCallMetrics.Snapshot> before = new java.util.concurrent.ConcurrentHashMap<>();

    public OrgSyncRunListener(SyncRunRepository runs, DingTalkClient client) {
        this.runs = runs;
        this.client = client;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        if (!execution.getExecutionContext().containsKey(AS_OF)) {
            execution.getExecutionContext().putLong(AS_OF, Instant.now().toEpochMilli());
        }
        before.put(execution.getId(), client.metrics().snapshot());
        LocalDate runDate = runDate(execution);
        runs.started(runId(execution), execution.getJobInstance().getJobName(), runDate, asOf(execution), Instant.now());
    }

    @Override
    public void afterJob(JobExecution execution) {
        ApiCallMetrics.Snapshot start = before.remove(execution.getId());
        if (start != null) {
            Map<String, Long> calls = client.metrics().snapshot().callsSince(start).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().key(), Map.Entry::getValue, Long::sum, LinkedHashMap::new));
            runs.addApiCalls(runId(execution), calls);
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            String message = Failures.first(execution.getAllFailureExceptions());
            if (message == null) {
                message = "Execution ended with status " + execution.getStatus();
            }
            runs.failed(runId(execution), message);
        }
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
