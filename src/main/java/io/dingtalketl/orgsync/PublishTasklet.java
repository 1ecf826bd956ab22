package io.dingtalketl.orgsync;

import java.time.Instant;

import io.dingtalketl.ops.report.ChangeReport;
import io.dingtalketl.ops.report.ChangeReportService;
import io.dingtalketl.ops.report.RunReporter;
import io.dingtalketl.warehouse.PublishResult;
import io.dingtalketl.warehouse.SyncRunRepository;
import io.dingtalketl.warehouse.WarehousePublisher;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the run's staging into the warehouse, in the step's single transaction: a refused or failed
 * publish leaves the warehouse exactly as it was. (The run's staging tables are dropped once the run has
 * completed, by {@link OrgSyncRunListener}.) In a dry run the merge runs in a
 * transaction of its own that is rolled back: the counts say what publishing would have done.
 */
public class PublishTasklet implements Tasklet {

    private final WarehousePublisher publisher;
    private final SyncRunRepository runs;
    private final ChangeReportService reports;
    private final RunReporter reporter;
    private final WarehousePublisher.Options options;
    private final @Nullable TransactionTemplate dryRun;

    /**
     * @param dryRun for a dry run, a template opening a separate transaction in which the merge runs and is
     *               measured, then rolled back; null to publish
     */
    public PublishTasklet(WarehousePublisher publisher, SyncRunRepository runs,
                          ChangeReportService reports, RunReporter reporter, WarehousePublisher.Options options,
                          @Nullable TransactionTemplate dryRun) {
        this.reports = reports;
        this.reporter = reporter;
        this.dryRun = dryRun;
        this.publisher = publisher;
        this.runs = runs;
        this.options = options;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        long runId = OrgSyncRunListener.runId(job);
        PublishResult result;
        if (dryRun == null) {
            result = publisher.publish(runId, OrgSyncRunListener.asOf(job), options);
        } else {
            // the same merge, deletion guard included, in a transaction that is always rolled back; the
            // change report is read from the merged state before the rollback, and delivered after it
            ChangeReport[] report = new ChangeReport[1];
            result = dryRun.execute(status -> {
                status.setRollbackOnly();
                PublishResult merged = publisher.publish(runId, OrgSyncRunListener.asOf(job), options);
                runs.published(runId, job.getId(), merged, "DRY_RUN", Instant.now());
                report[0] = reports.build(runId);
                return merged;
            });
            runs.published(runId, job.getId(), result, "DRY_RUN", Instant.now());
            reporter.deliver(report[0]);
        }
        if (dryRun == null) {
            runs.published(runId, job.getId(), result, "PUBLISHED", Instant.now());
        }
        contribution.incrementWriteCount(result.departments().seen() + result.users().seen() + result.memberships().seen());
        chunkContext.getStepContext().getStepExecution().getExecutionContext().put("publish.result", result.toString());
        return RepeatStatus.FINISHED;
    }
}
