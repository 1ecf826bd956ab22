package io.dingtalketl.orgsync;

import java.time.Instant;

import io.dingtalketl.warehouse.PublishResult;
import io.dingtalketl.warehouse.SyncRunRepository;
import io.dingtalketl.warehouse.WarehousePublisher;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Publishes the run's staging into the warehouse and clears it, in the step's single transaction: a
 * refused or failed publish leaves the warehouse exactly as it was.
 */
public class PublishTasklet implements Tasklet {

    private final WarehousePublisher publisher;
    private final SyncRunRepository runs;
    private final StagingRepository staging;
    private final WarehousePublisher.Options options;

    public PublishTasklet(WarehousePublisher publisher, SyncRunRepository runs, StagingRepository staging,
                          WarehousePublisher.Options options) {
        this.publisher = publisher;
        this.runs = runs;
        this.staging = staging;
        this.options = options;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        long runId = OrgSyncRunListener.runId(job);
        PublishResult result = publisher.publish(runId, OrgSyncRunListener.asOf(job), options);
        runs.published(runId, job.getId(), result, "PUBLISHED", Instant.now());
        staging.deleteRun(runId);
        contribution.incrementWriteCount(result.departments().seen() + result.users().seen() + result.memberships().seen());
        chunkContext.getStepContext().getStepExecution().getExecutionContext().put("publish.result", result.toString());
        return RepeatStatus.FINISHED;
    }
}
