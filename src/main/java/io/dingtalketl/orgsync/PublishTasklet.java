package io.dingtalketl.orgsync;

import java.time.Instant;
import java.util.List;

import io.dingtalketl.warehouse.PublishResult;
import io.dingtalketl.warehouse.SyncRunRepository;
import io.dingtalketl.warehouse.WarehousePublisher;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the run's staging into the warehouse, in the step's single transaction: a refused or failed
 * publish leaves the warehouse exactly as it was. (The run's staging tables are dropped once the run has
 * completed, by {@link StagingLifecycle}.) In {@link PublishMode#DRY_RUN} the merge runs in a transaction
 * of its own that is rolled back: the counts say what publishing would have done, and the
 * {@link RunPublishedListener}s read what they need from the merged state before the rollback.
 */
public class PublishTasklet implements Tasklet {

    private final WarehousePublisher publisher;
    private final SyncRunRepository runs;
    private final List<RunPublishedListener> listeners;
    private final WarehousePublisher.Options options;
    private final PublishMode mode;
    private final TransactionTemplate separateTransaction;

    public PublishTasklet(WarehousePublisher publisher, SyncRunRepository runs, List<RunPublishedListener> listeners,
                          WarehousePublisher.Options options, PublishMode mode, PlatformTransactionManager transactionManager) {
        this.publisher = publisher;
        this.runs = runs;
        this.listeners = listeners;
        this.options = options;
        this.mode = mode;
        this.separateTransaction = new TransactionTemplate(transactionManager,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW));
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        long runId = job.getJobInstance().getInstanceId();
        Instant asOf = AsOfClock.asOf(job);
        PublishResult result = switch (mode) {
            case PUBLISH -> {
                PublishResult published = publisher.publish(runId, asOf, options);
                runs.published(runId, job.getId(), published, "PUBLISHED", Instant.now());
                yield published;
            }
            case DRY_RUN -> dryRun(runId, asOf, job.getId());
        };
        contribution.incrementWriteCount(result.departments().seen() + result.users().seen() + result.memberships().seen());
        chunkContext.getStepContext().getStepExecution().getExecutionContext().put("publish.result", result.toString());
        return RepeatStatus.FINISHED;
    }

    /**
     * The same merge, deletion guard included, in a transaction that is always rolled back; the listeners
     * read the merged state before the rollback and deliver after it.
     */
    private PublishResult dryRun(long runId, Instant asOf, long executionId) {
        Runnable[] afterRollback = new Runnable[listeners.size()];
        PublishResult result = separateTransaction.execute(status -> {
            status.setRollbackOnly();
            PublishResult merged = publisher.publish(runId, asOf, options);
            runs.published(runId, executionId, merged, "DRY_RUN", Instant.now());
            for (int i = 0; i < afterRollback.length; i++) {
                afterRollback[i] = listeners.get(i).dryRunMerged(runId);
            }
            return merged;
        });
        runs.published(runId, executionId, result, "DRY_RUN", Instant.now());
        for (Runnable action : afterRollback) {
            action.run();
        }
        return result;
    }
}
