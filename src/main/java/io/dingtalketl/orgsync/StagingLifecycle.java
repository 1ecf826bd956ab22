package io.dingtalketl.orgsync;

import io.dingtalketl.batch.Executions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Owns the life of each run's staging tables: created before the first step (a restart finds them as the
 * failed execution left them) and dropped once the run has completed. Staging left behind by a run that
 * completed or was abandoned in a process that died before dropping it is dropped when the next run starts;
 * staging of a failed or stopped run stays for its restart. DDL runs outside any transaction.
 */
public class StagingLifecycle implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(StagingLifecycle.class);

    private final StagingRepository staging;
    private final JobRepository jobRepository;

    public StagingLifecycle(StagingRepository staging, JobRepository jobRepository) {
        this.staging = staging;
        this.jobRepository = jobRepository;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        long runId = execution.getJobInstance().getInstanceId();
        dropStagingOfEndedRuns(runId);
        staging.create(runId);
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            staging.drop(execution.getJobInstance().getInstanceId());
        }
    }

    /** Drops the staging tables of other runs that will never be restarted: completed or abandoned ones. */
    private void dropStagingOfEndedRuns(long current) {
        for (long runId : staging.stagedRuns()) {
            if (runId == current) {
                continue;
            }
            JobInstance instance = jobRepository.getJobInstance(runId);
            JobExecution last = instance == null ? null : Executions.latest(jobRepository, instance);
            if (instance == null || (last != null && (last.getStatus() == BatchStatus.COMPLETED
                    || last.getStatus() == BatchStatus.ABANDONED))) {
                log.info("Dropping the staging tables of run {}, which {}", runId,
                        instance == null ? "the job repository does not know" : "ended " + last.getStatus());
                staging.drop(runId);
            }
        }
    }
}
