package io.dingtalketl.orgsync;

import java.time.Instant;
import java.time.LocalDate;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessException;

/**
 * Keeps the run's row of {@code etl_sync_run} in step with the job: started (with its date, as-of time and
 * whether it reads a simulator) when an execution starts, and the first failure when one ends unsuccessfully.
 * A row the database refuses to update at the end is logged, not turned into another failure.
 */
public class RunRecordListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunRecordListener.class);

    private final SyncRunRepository runs;
    private final DingTalkClient client;

    public RunRecordListener(SyncRunRepository runs, DingTalkClient client) {
        this.runs = runs;
        this.client = client;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        LocalDate date = execution.getJobParameters().getLocalDate(OrgSyncJobConfiguration.RUN_DATE);
        runs.started(runId(execution), execution.getJobInstance().getJobName(), date != null ? date : LocalDate.now(),
                AsOfClock.asOf(execution), Instant.now(), client.simulatedSource());
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return;
        }
        try {
            if (MaxCalls.reached(execution)) {
                runs.stopped(runId(execution), FailureLog.message(execution));
            } else {
                runs.failed(runId(execution), FailureLog.message(execution));
            }
        } catch (DataAccessException e) {
            log.warn("Could not record the failure of run {} (the database did not answer: {})", runId(execution),
                    e.getMostSpecificCause().getMessage());
        }
    }

    private static long runId(JobExecution execution) {
        return execution.getJobInstance().getInstanceId();
    }
}
