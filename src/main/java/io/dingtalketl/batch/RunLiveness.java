package io.dingtalketl.batch;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a job execution that the job repository shows as running (or left UNKNOWN) still has a live
 * process, judged from its {@link RunHeartbeat}:
 * <ul>
 *   <li>a heartbeat from a process of this host whose pid is gone: dead, at once;</li>
 *   <li>a heartbeat younger than {@code etl.heartbeat.stale-after} (database clock): alive;</li>
 *   <li>an older one: dead (killed, or its machine lost);</li>
 *   <li>no heartbeat: alive while the execution is STARTING or STARTED and younger than {@code stale-after}
 *       (its process is between creating the execution and its first heartbeat), else dead (an execution
 *       left UNKNOWN by a process that then ended, or one killed before its first heartbeat).</li>
 * </ul>
 */
public class RunLiveness {

    private final JdbcTemplate jdbc;
    private final HeartbeatProperties properties;

    public RunLiveness(JdbcTemplate jdbc, HeartbeatProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * The verdict and what it rests on, for an operator: the live process ("pid 4711 on etl-01 (last heartbeat
     * 2 s ago)"), or why there is none ("pid 4711 on etl-01 has exited", "no heartbeat from pid 4711 on etl-01
     * for 95 s").
     */
    public record Verdict(boolean alive, String process) {
    }

    public Verdict of(JobExecution execution) {
        List<Verdict> verdicts = jdbc.query(
                "SELECT host, pid, started_at, beat_at, CURRENT_TIMESTAMP(3) AS now FROM etl_run_heartbeat WHERE job_execution_id = ?",
                (rs, i) -> judge(rs.getString("host"), rs.getLong("pid"), rs.getObject("beat_at", LocalDateTime.class),
                        rs.getObject("now", LocalDateTime.class)), execution.getId());
        if (!verdicts.isEmpty()) {
            return verdicts.get(0);
        }
        // a process inserts its heartbeat right after marking the execution STARTED, and deletes it once the
        // execution has its final status: without a row, only a young STARTING or STARTED execution is alive
        Duration age = Duration.between(execution.getCreateTime(), LocalDateTime.now());
        boolean starting = execution.getStatus() == BatchStatus.STARTING || execution.getStatus() == BatchStatus.STARTED;
        return starting && age.compareTo(properties.staleAfter()) <= 0
                ? new Verdict(true, "a process that is starting it (created " + seconds(age) + " ago, no heartbeat yet)")
                : new Verdict(false, "no heartbeat was ever recorded for it");
    }

    /** Whether this process runs {@code execution} (its heartbeat names this host and pid). */
    public boolean runHere(JobExecution execution) {
        return jdbc.query("SELECT host, pid FROM etl_run_heartbeat WHERE job_execution_id = ?",
                (rs, i) -> rs.getString(1).equals(ThisProcess.HOST) && rs.getLong(2) == ThisProcess.PID, execution.getId())
                .stream().anyMatch(Boolean::booleanValue);
    }

    /** Forgets the heartbeat of an execution whose process is gone (it is being recovered). */
    public void forget(long jobExecutionId) {
        jdbc.update("DELETE FROM etl_run_heartbeat WHERE job_execution_id = ?", jobExecutionId);
    }

    private Verdict judge(String host, long pid, LocalDateTime beatAt, LocalDateTime now) {
        String where = "pid " + pid + " on " + host;
        if (host.equals(ThisProcess.HOST) && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return new Verdict(false, where + " has exited");
        }
        Duration age = Duration.between(beatAt, now);
        if (age.compareTo(properties.staleAfter()) <= 0) {
            return new Verdict(true, where + " (last heartbeat " + seconds(age) + " ago)");
        }
        return new Verdict(false, "no heartbeat from " + where + " for " + seconds(age));
    }

    private static String seconds(Duration d) {
        return Math.max(0, d.toSeconds()) + " s";
    }
}
