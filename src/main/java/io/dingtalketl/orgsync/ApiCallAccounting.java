package io.dingtalketl.orgsync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.dingtalketl.client.ApiCallMetrics;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Adds each execution's DingTalk API calls, per API, to its run's totals in {@code etl_sync_run}: the
 * client's call counters at the end minus those at the start. Thread-safe.
 */
public class ApiCallAccounting implements JobExecutionListener {

    private final SyncRunRepository runs;
    private final DingTalkClient client;
    private final Map<Long, ApiCallMetrics.Snapshot> before = new ConcurrentHashMap<>();

    public ApiCallAccounting(SyncRunRepository runs, DingTalkClient client) {
        this.runs = runs;
        this.client = client;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        before.put(execution.getId(), client.metrics().snapshot());
    }

    @Override
    public void afterJob(JobExecution execution) {
        ApiCallMetrics.Snapshot start = before.remove(execution.getId());
        if (start != null) {
            Map<String, Long> calls = client.metrics().snapshot().callsSince(start).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().key(), Map.Entry::getValue, Long::sum, LinkedHashMap::new));
            runs.addApiCalls(execution.getJobInstance().getInstanceId(), calls);
        }
    }
}
