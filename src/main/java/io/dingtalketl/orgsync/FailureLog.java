package io.dingtalketl.orgsync;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Logs an execution that did not complete, once, at ERROR: one line on the console, with the stack trace
 * in the log file only when the failure is not an expected one (a DingTalk error, the deletion guard). Spring
 * Batch's own step failure logging is turned off in application.yml for that reason.
 */
public class FailureLog implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(FailureLog.class);

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return;
        }
        long runId = execution.getJobInstance().getInstanceId();
        if (MaxCalls.reached(execution)) {
            log.info("Run {} execution {} stopped: {}", runId, execution.getId(), message(execution));
            return;
        }
        Throwable unexpected = Failures.unexpected(execution.getAllFailureExceptions());
        if (unexpected != null) {
            // one line on the console, the stack trace in the log file only (logging.pattern.console)
            log.error("Run {} execution {} failed: {}{}", runId, execution.getId(),
                    Failures.databaseLost(execution.getAllFailureExceptions()) ? "the database connection was lost: " : "",
                    Failures.describe(unexpected), unexpected);
        } else {
            log.error("Run {} execution {} failed: {}", runId, execution.getId(), message(execution));
        }
    }

    /** What went wrong with an execution that did not complete, in one sentence. */
    static String message(JobExecution execution) {
        if (MaxCalls.reached(execution)) {
            return execution.getExitStatus().getExitDescription();
        }
        @Nullable String message = Failures.first(execution.getAllFailureExceptions());
        return message != null ? message : "Execution ended with status " + execution.getStatus();
    }
}
