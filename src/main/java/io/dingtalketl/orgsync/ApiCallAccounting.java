package io.dingtalketl.orgsync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.dingtalketl.client.ApiCallMetrics;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Adds each execution's DingTalk API calls, per API, to its run's totals in {@code etl_sync_run}: the
 * client's call counters at the end minus those at the start; and its metered calls (those that count toward
 * DingTalk's monthly quota) to the run's {@code metered_calls} and to {@code etl_metered_calls} under the month it
 * ended in. Every job declares it. Thread-safe.
 */
public class ApiCallAccounting implements JobExecutionListener {

    private final SyncRunRepository runs;
    private final DingTalkClient client;
    private final MeteredCallLedger ledger;
    private final Map<Long, ApiCallMetrics.Snapshot> before = new ConcurrentHashMap<>();

    public ApiCallAccounting(SyncRunRepository runs, DingTalkClient client, MeteredCallLedger ledger) {
        this.runs = runs;
        this.client = client;
        this.ledger = ledger;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        before.put(execution.getId(), client.metrics().snapshot());
    }

    @Override
    public void afterJob(JobExecution execution) {
        ApiCallMetrics.Snapshot start = before.remove(execution.getId());
        if (start != null) {
            ApiCallMetrics.Snapshot end = client.metrics().snapshot();
            long runId = execution.getJobInstance().getInstanceId();
            long metered = end.meteredSince(start);
            runs.addMeteredCalls(runId, metered);
            ledger.record(execution.getId(), runId, execution.getJobInstance().getJobName(), metered, Instant.now());
            Map<String, Long> calls = end.callsSince(start).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().key(), Map.Entry::getValue, Long::sum, LinkedHashMap::new));
            runs.addApiCalls(runId, calls);
        }
    }
}
