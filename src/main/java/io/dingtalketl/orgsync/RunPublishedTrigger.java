package io.dingtalketl.orgsync;

import java.util.List;

import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Tells the {@link RunPublishedListener}s once a run has completed and its publish is committed. A dry run
 * is told from inside its rolled-back merge instead ({@link PublishTasklet}).
 */
public class RunPublishedTrigger implements JobExecutionListener {

    private final SyncRunRepository runs;
    private final List<RunPublishedListener> listeners;

    public RunPublishedTrigger(SyncRunRepository runs, List<RunPublishedListener> listeners) {
        this.runs = runs;
        this.listeners = listeners;
    }

    @Override
    public void afterJob(JobExecution execution) {
        long runId = execution.getJobInstance().getInstanceId();
        if (execution.getStatus() == BatchStatus.COMPLETED
                && runs.find(runId).map(r -> "PUBLISHED".equals(r.status())).orElse(false)) {
            listeners.forEach(listener -> listener.published(runId));
        }
    }
}
