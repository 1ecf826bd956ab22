package io.dingtalketl.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.CallHold;
import io.dingtalketl.simulator.Fault;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line on H2, process by process: resume after a failure, stop from another process, a
 * killed run, a second launch beside a live one, two launches at once, and the launches that must not
 * run at all (no credentials outside the embedded defaults, bad configuration).
 */
class CommandLineProcessTest extends H2Processes {

    private static final Duration HELD = Duration.ofSeconds(120);

    @Test
    void failedRunResumesWhenTheSameCommandRunsAgain() throws Exception {
        simulator.failAfter(DingTalkEndpoint.USER_LIST, 30, Fault.SYSTEM_BUSY);
        Result failed = run("runDate=2026-11-22");
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(failed.output()).contains("FAILED", "errcode -1", "Run the same command again").doesNotContain("\tat ");
        assertThat(count("SELECT COUNT(*) FROM dim_user")).as("nothing published by a failed run").isZero();
        assertThat(stagingTables()).as("the failed run keeps its staging for the restart").isEqualTo(3);

        simulator.clearFaults();
        Result resumed = run("runDate=2026-11-22");
        assertThat(resumed.exitCode()).as(resumed.output()).isEqualTo(ExitCodes.OK);
        assertThat(currentUsers()).isEqualTo(USERS);
        assertThat(count("""
                SELECT COUNT(*) FROM batch_step_execution s JOIN batch_job_execution e ON s.job_execution_id = e.job_execution_id
                WHERE e.job_execution_id = 2 AND s.step_name = 'departments'""")).as("the completed walk did not run again").isZero();
        assertThat(count("SELECT COUNT(DISTINCT job_instance_id) FROM batch_job_execution")).as("one run, two executions").isEqualTo(1);
        assertThat(stagingTables()).as("the completed run's staging is dropped").isZero();
        assertThat(count("SELECT COUNT(*) FROM etl_sync_run WHERE simulated_source IS NULL")).as("a run of DingTalk is not marked simulated")
                .isEqualTo(1);

        Result again = run("runDate=2026-11-22");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.ALREADY_COMPLETED);
        assertThat(again.output()).contains("already completed", "--force");
    }

    @Test
    void abandonedRunsStagingIsDroppedAndTheDateStartsAfresh() throws Exception {
        simulator.failAfter(DingTalkEndpoint.USER_LIST, 30, Fault.SYSTEM_BUSY);
        Result failed = run("runDate=2026-11-22");
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(stagingTables()).isEqualTo(3);

        Result abandoned = run("abandon", "1");
        assertThat(abandoned.exitCode()).as(abandoned.output()).isEqualTo(ExitCodes.OK);
        assertThat(stagingTables()).as("an abandoned run is never restarted: its staging goes").isZero();

        simulator.clearFaults();
        Result fresh = run("runDate=2026-11-22");
        assertThat(fresh.exitCode()).as(fresh.output()).isEqualTo(ExitCodes.OK);
        assertThat(fresh.output()).contains("(run 2, execution 2)");
        assertThat(currentUsers()).isEqualTo(USERS);
    }

    @Test
    void killedRunIsReportedAndRecovered() throws Exception {
        CallHold hold = simulator.holdAfter(DingTalkEndpoint.USER_LIST, 5);
        Started running = start("runDate=2026-11-22");
        assertThat(hold.awaitHeld(HELD)).as("the run reached its user pages: " + running.output()).isTrue();
        running.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        hold.release();

        Result blocked = run("runDate=2026-11-22");
        assertThat(blocked.exitCode()).as(blocked.output()).isEqualTo(ExitCodes.STILL_RUNNING);
        assertThat(blocked.output()).contains("marked running", "is gone", "--recover");

        Result recovered = run("runDate=2026-11-22", "--recover");
        assertThat(recovered.exitCode()).as(recovered.output()).isEqualTo(ExitCodes.OK);
        assertThat(currentUsers()).isEqualTo(USERS);
        assertThat(count("SELECT COUNT(*) FROM etl_run_heartbeat")).as("no heartbeat outlives its run").isZero();
    }

    @Test
    void aLaunchBesideALiveRunSaysItIsInProgressAndRecoverDoesNotTouchIt() throws Exception {
        CallHold hold = simulator.holdAfter(DingTalkEndpoint.USER_LIST, 5);
        Started running = start("runDate=2026-11-22");
        assertThat(hold.awaitHeld(HELD)).as(running.output()).isTrue();

        Result second = run("runDate=2026-11-22");
        assertThat(second.exitCode()).as(second.output()).isEqualTo(ExitCodes.IN_PROGRESS);
        assertThat(second.output()).contains("is in progress", "pid " + running.process().pid(), "Nothing was started");
        Result recover = run("runDate=2026-11-22", "--recover");
        assertThat(recover.exitCode()).as(recover.output()).isEqualTo(ExitCodes.IN_PROGRESS);
        assertThat(running.process().isAlive()).isTrue();

        hold.release();
        Result first = running.await();
        assertThat(first.exitCode()).as(first.output()).isEqualTo(ExitCodes.OK);
        assertThat(count("SELECT COUNT(*) FROM batch_job_execution")).as("only the first launch ran").isEqualTo(1);
        assertThat(currentUsers()).isEqualTo(USERS);
    }

    @Test
    void twoLaunchesAtOnceRunTheDateOnce() throws Exception {
        assertTwoLaunchesAtOnceRunTheDateOnce();
    }

    @Test
    void servedEventsReachTheWarehouseAndAKilledServeLosesNone() throws Exception {
        assertServeAppliesPushedEventsAndAKilledServeLosesNothing();
    }

    @Test
    void runningRunIsStoppedFromAnotherProcessAndResumedLater() throws Exception {
        CallHold hold = simulator.holdAfter(DingTalkEndpoint.USER_LIST, 5);
        Started running = start("runDate=2026-11-22");
        assertThat(hold.awaitHeld(HELD)).as(running.output()).isTrue();

        Result listed = run("list", "1");
        assertThat(listed.output()).as(listed.output()).contains("STARTED").contains("orgSyncJob");
        Result unknownJob = run("list", "job=noSuchJob");
        assertThat(unknownJob.exitCode()).as(unknownJob.output()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(unknownJob.output()).contains("No execution of job 'noSuchJob' is recorded; jobs with executions: orgSyncJob");
        String executionId = listed.output().lines().filter(l -> l.matches("\\d+\\s+\\d+\\s+STARTED.*")).findFirst()
                .orElseThrow().split("\\s+")[0];
        Result stop = run("stop", executionId);
        assertThat(stop.exitCode()).as(stop.output()).isEqualTo(ExitCodes.OK);
        hold.release();
        Result stopped = running.await();
        assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(stopped.output()).contains("STOPPED");

        Result resumed = run("runDate=2026-11-22");
        assertThat(resumed.exitCode()).as(resumed.output()).isEqualTo(ExitCodes.OK);
        assertThat(currentUsers()).isEqualTo(USERS);
    }

    @Test
    void withoutCredentialsOutsideTheEmbeddedDefaultsNothingRuns() throws Exception {
        ProcessBuilder builder = command(List.of(), "runDate=2026-11-22");
        Started started = launch(builder);
        Result refused = started.await();
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(refused.output()).contains("No DingTalk credentials", "DINGTALK_APP_KEY", "not the embedded default")
                .doesNotContain("simulator at http");
        assertThat(dir.resolve("etl.mv.db")).as("nothing written").doesNotExist();
    }

    @Test
    void theDemoSaysItsDataIsInvented() throws Exception {
        ProcessBuilder builder = command(List.of("--etl.simulator.departments=20", "--etl.simulator.users=100",
                "--etl.simulator.qps=0", "--dingtalk.default-qps=0"), "demo", "runDate=2026-11-22");
        Result demo = launch(builder).await();
        assertThat(demo.exitCode()).as(demo.output()).isEqualTo(ExitCodes.OK);
        assertThat(demo.output()).contains("Source: embedded DingTalk simulator", "invented data, not DingTalk");
        assertThat(count("SELECT COUNT(*) FROM etl_sync_run WHERE simulated_source LIKE 'embedded DingTalk simulator%'")).isEqualTo(1);
        try (var reports = Files.list(dir.resolve("reports"))) {
            Path markdown = reports.filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow();
            assertThat(Files.readString(markdown)).contains("SIMULATED, not DingTalk");
        }
    }

    @Test
    void attendancePrintsItsEstimateLoadsTheWindowAndSaysWhenItIsAlreadyLoaded() throws Exception {
        assertThat(run("runDate=2026-11-22").exitCode()).isEqualTo(ExitCodes.OK);   // dim_user first
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(60);
        simulator.attendanceToday(today);
        String from = "from=" + today.minusDays(7);
        String to = "to=" + today.minusDays(1);

        Result loaded = run("attendance", from, to);
        assertThat(loaded.exitCode()).as(loaded.output()).isEqualTo(ExitCodes.OK);
        assertThat(loaded.output()).contains("Loading the attendance of " + today.minusDays(7) + " .. " + today.minusDays(1)
                + ": about ", " metered DingTalk calls (", "attendance/list for " + USERS + " users", "punch results new",
                "Metered DingTalk calls: ", " this run, ", "quota unknown (set dingtalk.monthly-quota)");
        assertThat(count("SELECT COUNT(*) FROM fact_attendance_result")).isPositive();
        assertThat(count("SELECT COUNT(*) FROM etl_sync_run WHERE job_name = 'attendanceJob' AND status = 'LOADED'")).isEqualTo(1);

        Result again = run("attendance", from, to);
        assertThat(again.exitCode()).as(again.output()).isEqualTo(ExitCodes.ALREADY_COMPLETED);
        assertThat(again.output()).contains("already loaded", "--force");

        Result bad = run("attendance", "from=yesterday");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(bad.output()).contains("from must be a date like 2026-11-22, was 'yesterday'");

        // without dates: the nightly policy (changes); its first night reads the lookback, with no scan yet
        Result nightly = run("attendance");
        assertThat(nightly.exitCode()).as(nightly.output()).isEqualTo(ExitCodes.OK);
        java.time.LocalDate realToday = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(nightly.output()).contains("Loading the attendance of " + realToday.minusDays(8) + " .. " + realToday.minusDays(1)
                + " (nightly, policy changes: new days; no change scan due)");
        Result nightlyAgain = run("attendance");
        assertThat(nightlyAgain.exitCode()).as(nightlyAgain.output()).isEqualTo(ExitCodes.ALREADY_COMPLETED);
    }

    @Test
    void accountsLoadedBeforeAnOrgSyncAreMatchedAfterItAndABadAccountFileChangesNothing() throws Exception {
        var user = simulator.org().truth().users().stream().filter(u -> u.jobNumber() != null).findFirst().orElseThrow();
        Path accounts = Files.writeString(dir.resolve("wiki.csv"), "account_id,employee_number\nw1, " + user.jobNumber().toLowerCase()
                + "\nw2,NO-SUCH\n");

        Result loaded = run("accounts", "load", "system=wiki", "file=" + accounts);
        assertThat(loaded.exitCode()).as(loaded.output()).isEqualTo(ExitCodes.OK);
        assertThat(loaded.output()).contains("Loaded 2 accounts of system 'wiki'");

        Result synced = run("runDate=2026-11-22");
        assertThat(synced.exitCode()).as(synced.output()).isEqualTo(ExitCodes.OK);
        assertThat(synced.output()).contains("orgSyncJob runDate=2026-11-22: COMPLETED", "matchJob: COMPLETED",
                "new wiki/w1 → " + user.userid() + " by employee-number");
        assertThat(count("SELECT COUNT(*) FROM map_account_user WHERE is_current = TRUE AND userid = '" + user.userid() + "'")).isEqualTo(1);

        Path bad = Files.writeString(dir.resolve("bad.csv"), "account_id,active\nw1,true\n,true\n");
        Result refused = run("accounts", "load", "system=wiki", "file=" + bad);
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(refused.output()).contains(bad + ": 1 problem, no account loaded:", "line 3: no account_id");
        assertThat(count("SELECT COUNT(*) FROM src_account WHERE source_system = 'wiki'")).isEqualTo(2);
    }

    @Test
    void helpAnswersWithoutStartingTheApplication() throws Exception {
        Result help = run("help");
        assertThat(help.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(help.output()).contains("Usage:", "demo", "5 in progress").doesNotContain("Started", "HikariPool");
        assertThat(dir.resolve("etl.mv.db")).doesNotExist();
    }

    @Test
    void badConfigurationExitsWithTwoAndWritesNothing() throws Exception {
        Result result = run("--etl.publish.max-delete-ratio=2", "--etl.pii.mobile=hash");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(result.output()).contains("Invalid configuration (2 problems)", "etl.publish.max-delete-ratio", "etl.pii.salt")
                .containsOnlyOnce("Invalid configuration");
        assertThat(dir.resolve("etl.mv.db")).doesNotExist();
    }

    @Test
    void theSchedulersScriptRefusesASecretsFolderThatIsNotThere() throws Exception {
        Path script = Path.of(System.getProperty("user.dir"), "jobs", "run-job.sh");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "org-sync", "runDate=2026-11-22")
                .redirectErrorStream(true).redirectOutput(dir.resolve("script.log").toFile());
        builder.environment().put("ETL_SECRETS_DIR", dir.resolve("no-such-secrets").toString());
        builder.environment().put("ETL_JAR", dir.resolve("no-such.jar").toString());   // never built: the check comes first
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(Files.readString(dir.resolve("script.log"))).contains("ETL_SECRETS_DIR", "no-such-secrets", "not a readable directory");
    }

    private long stagingTables() throws Exception {
        return count("SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'stg\\_%\\_r1'");
    }
}
