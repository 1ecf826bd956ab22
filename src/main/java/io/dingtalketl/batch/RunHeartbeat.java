package io.dingtalketl.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;

/**
 * Shows that the process running a job execution is alive: a row of {@code etl_run_heartbeat} inserted
 * when the execution starts, its {@code beat_at} refreshed every {@code etl.heartbeat.interval} by the
 * database's clock, deleted when the execution ends. A process that dies leaves its row behind, and the
 * row goes stale; {@link RunLiveness} tells the two apart.
 *
 * <p>Register it as a job's first listener. A heartbeat the database refuses (an outage) is logged once
 * and retried at the next interval; it never fails the job. Thread safe.
 */
public class RunHeartbeat implements JobExecutionListener, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RunHeartbeat.class);

    private final JdbcTemplate jdbc;
    private final TaskScheduler scheduler;
    private final HeartbeatProperties properties;
    private final Map<Long, ScheduledFuture<?>> beating = new ConcurrentHashMap<>();
    private final AtomicBoolean failing = new AtomicBoolean();

    public RunHeartbeat(JdbcTemplate jdbc, TaskScheduler scheduler, HeartbeatProperties properties) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        long id = execution.getId();
        jdbc.update("DELETE FROM etl_run_heartbeat WHERE job_execution_id = ?", id);
        jdbc.update("""
                INSERT INTO etl_run_heartbeat (job_execution_id, job_instance_id, job_name, host, pid, started_at, beat_at)
                VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP(3), CURRENT_TIMESTAMP(3))""",
                id, execution.getJobInstance().getInstanceId(), execution.getJobInstance().getJobName(),
                ThisProcess.HOST, ThisProcess.PID);
        beating.put(id, scheduler.scheduleWithFixedDelay(() -> beat(id), properties.interval()));
    }

    @Override
    public void afterJob(JobExecution execution) {
        ScheduledFuture<?> beat = beating.remove(execution.getId());
        if (beat != null) {
            beat.cancel(false);
        }
        try {
            jdbc.update("DELETE FROM etl_run_heartbeat WHERE job_execution_id = ?", execution.getId());
        } catch (DataAccessException e) {
            // the row goes stale and the execution is then known to have no live process
            log.warn("Could not clear the heartbeat of execution {}: {}", execution.getId(), e.getMostSpecificCause().getMessage());
        }
    }

    private void beat(long executionId) {
        try {
            jdbc.update("UPDATE etl_run_heartbeat SET beat_at = CURRENT_TIMESTAMP(3) WHERE job_execution_id = ?", executionId);
            if (failing.compareAndSet(true, false)) {
                log.info("Heartbeat of execution {} is written again", executionId);
            }
        } catch (DataAccessException e) {
            if (failing.compareAndSet(false, true)) {
                log.warn("Could not write the heartbeat of execution {} (retrying every {} s): {}", executionId,
                        properties.interval().toSeconds(), e.getMostSpecificCause().getMessage());
            }
        }
    }
}
