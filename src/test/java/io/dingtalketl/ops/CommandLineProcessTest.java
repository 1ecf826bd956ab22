package io.dingtalketl.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.dingtalketl.DingTalkEtlApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application driven the way a scheduler drives it: separate processes against one H2 file and the
 * embedded simulator (same seed, so every process sees the same organization).
 */
class CommandLineProcessTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String output) {
    }

    private String jdbcUrl() {
        return "jdbc:h2:file:" + dir.resolve("etl") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;AUTO_SERVER=TRUE";
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), DingTalkEtlApplication.class.getName(),
                "--spring.datasource.url=" + jdbcUrl(), "--etl.report.dir=" + dir.resolve("reports"),
                "--etl.progress.interval=1s"));
        if (List.of(args).stream().noneMatch(a -> a.startsWith("--etl.simulator.departments="))) {
            command.addAll(List.of("--etl.simulator.departments=60", "--etl.simulator.users=600"));
        }
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".log").toFile());
    }

    private Result run(String... args) throws Exception {
        ProcessBuilder builder = command(args);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("process finished").isTrue();
        return new Result(process.exitValue(), Files.readString(builder.redirectOutput().file().toPath(), StandardCharsets.UTF_8));
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void failedRunResumesWhenTheSameCommandRunsAgain() throws Exception {
        Result failed = failPartWay();
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(failed.output()).contains("FAILED", "errcode -1", "Run the same command again");
        assertThat(count("SELECT COUNT(*) FROM dim_user")).as("nothing published by a failed run").isZero();
        assertThat(stagingTables()).as("the failed run keeps its staging for the restart").isEqualTo(2);

        Result resumed = run("runDate=2026-11-22", "--etl.simulator.qps=0", "--dingtalk.default-qps=0");
        assertThat(resumed.exitCode()).as(resumed.output()).isEqualTo(ExitCodes.OK);
        assertThat(resumed.output()).contains("COMPLETED").doesNotContain("departments         61");
        assertThat(count("SELECT COUNT(*) FROM dim_user WHERE is_current = TRUE")).isEqualTo(600);
        assertThat(count("""
                SELECT COUNT(*) FROM batch_step_execution s JOIN batch_job_execution e ON s.job_execution_id = e.job_execution_id
                WHERE e.job_execution_id = 2 AND s.step_name = 'departments'""")).as("the completed walk did not run again").isZero();
        assertThat(count("SELECT COUNT(DISTINCT job_instance_id) FROM batch_job_execution")).as("one run, two executions").isEqualTo(1);
        assertThat(stagingTables()).as("the completed run's staging is dropped").isZero();

        Result again = run("runDate=2026-11-22", "--etl.simulator.qps=0", "--dingtalk.default-qps=0");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.ALREADY_COMPLETED);
        assertThat(again.output()).contains("already completed", "--force");
    }

    @Test
    void abandonedRunsStagingIsDropped() throws Exception {
        Result failed = failPartWay();
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(stagingTables()).isEqualTo(2);

        Result abandoned = run("abandon", "1");
        assertThat(abandoned.exitCode()).as(abandoned.output()).isEqualTo(ExitCodes.OK);
        assertThat(stagingTables()).as("an abandoned run is never restarted: its staging goes").isZero();
    }

    /** A run of 2026-11-22 whose user pages fail after 30 calls, with DingTalk's quota off. */
    private Result failPartWay() throws Exception {
        return run("runDate=2026-11-22", "--etl.simulator.qps=0", "--dingtalk.default-qps=0",
                "--etl.simulator.fail-after-calls=30", "--etl.simulator.fail-endpoint=user-list",
                "--dingtalk.retry.max-attempts=2", "--dingtalk.retry.initial-backoff=10ms");
    }

    private long stagingTables() throws Exception {
        return count("SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'stg\\_%\\_r1'");
    }

    @Test
    void killedRunIsReportedAndRecovered() throws Exception {
        ProcessBuilder builder = command("runDate=2026-11-22");   // DingTalk's 20 calls/s: a run of several seconds
        Process process = builder.start();
        Path log = builder.redirectOutput().file().toPath();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!running(Files.readString(log), "users") && System.nanoTime() < deadline && process.isAlive()) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(process.isAlive()).as("still running when killed: " + Files.readString(log)).isTrue();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        Result blocked = run("runDate=2026-11-22");
        assertThat(blocked.exitCode()).as(blocked.output()).isEqualTo(ExitCodes.STILL_RUNNING);
        assertThat(blocked.output()).contains("marked running", "--recover");

        Result recovered = run("runDate=2026-11-22", "--recover", "--etl.simulator.qps=0", "--dingtalk.default-qps=0");
        assertThat(recovered.exitCode()).as(recovered.output()).isEqualTo(ExitCodes.OK);
        assertThat(count("SELECT COUNT(*) FROM dim_user WHERE is_current = TRUE")).isEqualTo(600);
    }

    @Test
    void runningRunIsStoppedFromAnotherProcessAndResumedLater() throws Exception {
        String[] size = {"--etl.simulator.departments=1000", "--etl.simulator.users=2000"};
        ProcessBuilder builder = command("runDate=2026-11-22", size[0], size[1]);   // at 20 calls/s: about 55 s
        Process running = builder.start();
        Path log = builder.redirectOutput().file().toPath();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!running(Files.readString(log), "departments") && System.nanoTime() < deadline && running.isAlive()) {
            TimeUnit.MILLISECONDS.sleep(100);
        }

        Result listed = run("list", "1", size[0], size[1]);
        assertThat(listed.output()).as(listed.output()).contains("STARTED");
        String executionId = listed.output().lines().filter(l -> l.matches("\\d+\\s+\\d+\\s+STARTED.*")).findFirst()
                .orElseThrow().split("\\s+")[0];
        Result stop = run("stop", executionId, size[0], size[1]);
        assertThat(stop.exitCode()).as(stop.output()).isEqualTo(ExitCodes.OK);
        assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(Files.readString(log)).contains("STOPPED");

        Result resumed = run("runDate=2026-11-22", "--etl.simulator.qps=0", "--dingtalk.default-qps=0", size[0], size[1]);
        assertThat(resumed.exitCode()).as(resumed.output()).isEqualTo(ExitCodes.OK);
        assertThat(count("SELECT COUNT(*) FROM dim_user WHERE is_current = TRUE")).isEqualTo(2000);
    }

    /** Whether a progress line ("steps departments+departmentDetails+users | ...") shows the step running. */
    private static boolean running(String log, String step) {
        return log.lines().anyMatch(l -> l.matches(".*steps ([A-Za-z]+\\+)*" + step + "(\\+[A-Za-z]+)* \\|.*"));
    }

    @Test
    void badConfigurationExitsWithTwoAndWritesNothing() throws Exception {
        Result result = run("--etl.publish.max-delete-ratio=2", "--etl.pii.mobile=hash");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(result.output()).contains("Invalid configuration (2 problems)", "etl.publish.max-delete-ratio", "etl.pii.salt")
                .containsOnlyOnce("Invalid configuration");
        assertThat(new File(dir.toFile(), "etl.mv.db")).doesNotExist();
    }
}
