package io.dingtalketl.eventsync;

import java.time.Instant;
import java.util.Map;

import io.dingtalketl.events.EntityKind;
import io.dingtalketl.warehouse.ContactVersions.Outcome;
import io.dingtalketl.warehouse.EntityCounts;
import io.dingtalketl.warehouse.PublishResult;
import io.dingtalketl.warehouse.SyncRunRepository;
import io.dingtalketl.warehouse.TruncatedValues;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Records a completed apply run in {@code etl_sync_run} (status {@code APPLIED}): the users and departments it
 * inserted, changed and closed, summed from the apply step's counts. Memberships are not counted per run.
 */
class EventRunResult implements JobExecutionListener {

    static final String APPLIED = "APPLIED";

    private final SyncRunRepository runs;

    EventRunResult(SyncRunRepository runs) {
        this.runs = runs;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            return;
        }
        ExecutionContext counts = new ExecutionContext();
        for (StepExecution step : execution.getStepExecutions()) {
            for (Map.Entry<String, Object> e : step.getExecutionContext().entrySet()) {
                if (e.getValue() instanceof Long n) {
                    counts.putLong(e.getKey(), counts.getLong(e.getKey(), 0L) + n);
                }
            }
        }
        runs.published(execution.getJobInstance().getInstanceId(), execution.getId(), new PublishResult(
                entityCounts(counts, EntityKind.DEPARTMENT), entityCounts(counts, EntityKind.USER), new EntityCounts(0, 0, 0, 0),
                new TruncatedValues(Map.of())), APPLIED, Instant.now());
    }

    private static EntityCounts entityCounts(ExecutionContext counts, EntityKind kind) {
        int inserted = (int) counts.getLong(EventSyncCounts.key(kind, Outcome.INSERTED), 0L);
        int changed = (int) counts.getLong(EventSyncCounts.key(kind, Outcome.CHANGED), 0L);
        int unchanged = (int) counts.getLong(EventSyncCounts.key(kind, Outcome.UNCHANGED), 0L);
        int closed = (int) counts.getLong(EventSyncCounts.key(kind, Outcome.CLOSED), 0L);
        int alreadyClosed = (int) counts.getLong(EventSyncCounts.key(kind, Outcome.ALREADY_CLOSED), 0L);
        return new EntityCounts(inserted + changed + unchanged + closed + alreadyClosed, inserted, changed, closed);
    }
}
