package io.dingtalketl.ops;

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

import java.time.Duration;

import io.dingtalketl.DingTalkEtlApplication;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.CallHold;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.simulator.SimulatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application driven the way a scheduler drives it: separate processes against one database and a
 * DingTalk simulator that runs in the test (so that a test can hold a call until it releases it, and a run
 * is surely mid-step for as long as the test needs, whatever the machine's speed). The processes get the
 * simulator's address and app credentials, as a production launch gets DingTalk's.
 */
abstract class EtlProcesses {

    static final int USERS = 600;

    @TempDir
    Path dir;
    DingTalkSimulator simulator;

    record Result(int exitCode, String output) {
    }

    /** A process started and not yet waited for. */
    record Started(Process process, Path log) {

        Result await() throws Exception {
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("process finished: " + output()).isTrue();
            return new Result(process.exitValue(), output());
        }

        String output() throws Exception {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    abstract String jdbcUrl();

    /** Datasource options of the processes (URL and credentials). */
    abstract List<String> databaseOptions();

    abstract Connection connect() throws Exception;

    /**
     * Whether the database is a server of its own (MariaDB): it outlives any one process. An H2 file is served by the
     * process that opened it first (AUTO_SERVER) and closed by that process's shutdown hook.
     */
    boolean serverDatabase() {
        return true;
    }

    @BeforeEach
    void startSimulator() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(42, 60, USERS)), SimulatorSettings.defaults().withQpsPerApi(0));
    }

    /** Processes a test started: none outlives its test, whatever the test's outcome. */
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stopProcessesAndSimulator() throws InterruptedException {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        simulator.close();
    }

    /** Starts a process the test owns. */
    Started launch(ProcessBuilder builder) throws java.io.IOException {
        Process process = builder.start();
        processes.add(process);
        return new Started(process, builder.redirectOutput().file().toPath());
    }

    List<String> dingTalkOptions() {
        return List.of("--dingtalk.base-url=" + simulator.baseUrl(), "--dingtalk.app-key=" + simulator.settings().appKey(),
                "--dingtalk.app-secret=" + simulator.settings().appSecret(), "--dingtalk.default-qps=0",
                "--dingtalk.retry.max-attempts=2", "--dingtalk.retry.initial-backoff=10ms");
    }

    ProcessBuilder command(List<String> options, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DingTalkEtlApplication.class.getName()));
        command.addAll(List.of(args));
        command.addAll(databaseOptions());
        command.addAll(List.of("--etl.report.dir=" + dir.resolve("reports"), "--etl.progress.interval=1s",
                "--etl.heartbeat.interval=1s"));
        command.addAll(options);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".log").toFile());
    }

    /** The etl command line against the simulator. */
    Started start(String... args) throws Exception {
        return launch(command(dingTalkOptions(), args));
    }

    Result run(String... args) throws Exception {
        return start(args).await();
    }

    /**
     * Two launches of one date at the same moment: the one that gets there is held in DingTalk, and the other
     * must give up while it is (exit 5, "in progress"); released, the first completes. The date runs once.
     */
    void assertTwoLaunchesAtOnceRunTheDateOnce() throws Exception {
        CallHold hold = simulator.holdAfter(DingTalkEndpoint.USER_LIST, 0);
        Started one = start("runDate=2026-11-22");
        if (!serverDatabase()) {
            // an H2 file is served by the process that opened it first (AUTO_SERVER) and closes when that one exits:
            // the second launch starts once the first holds it, else the loser could take the winner's database along
            assertThat(hold.awaitHeld(Duration.ofSeconds(120))).as(one.output()).isTrue();
        }
        Started two = start("runDate=2026-11-22");
        assertThat(hold.awaitHeld(Duration.ofSeconds(120))).as(one.output() + two.output()).isTrue();
        Started loser = waitForFirstExit(one, two);
        Result lost = loser.await();
        assertThat(lost.exitCode()).as(lost.output()).isEqualTo(ExitCodes.IN_PROGRESS);
        assertThat(lost.output()).contains("is in progress").doesNotContain("--recover", "\tat ");

        hold.release();
        Result won = (loser == one ? two : one).await();
        assertThat(won.exitCode()).as(won.output()).isEqualTo(ExitCodes.OK);
        assertThat(count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).isEqualTo(1);
        assertThat(currentUsers()).isEqualTo(USERS);
    }

    private static final String TOKEN = "etlServeTest1";
    private static final String AES_KEY = "etlServeTestKey0123456789abcdefghijklmnopqr";

    /** {@code serve} with the HTTP callback on a free port of 127.0.0.1, the simulator's app as its owner. */
    Started serve() throws Exception {
        return start("serve", "--etl.events.callback.enabled=true", "--etl.events.callback.bind-address=127.0.0.1",
                "--etl.events.callback.port=0", "--etl.events.callback.token=" + TOKEN, "--etl.events.callback.aes-key=" + AES_KEY,
                "--etl.events.callback.owner-key=" + simulator.settings().appKey(), "--etl.events.apply-interval=1s",
                "--etl.events.health-port=-1");
    }

    /** The callback URL a {@link #serve()} process listens on, once it does. */
    static java.net.URI callbackUrl(Started serving) throws Exception {
        java.util.regex.Pattern listening = java.util.regex.Pattern.compile("callback endpoint listening on 127\\.0\\.0\\.1:(\\d+)(\\S+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            java.util.regex.Matcher m = listening.matcher(serving.output());
            if (m.find() && serving.output().contains("Serving contact events")) {
                return java.net.URI.create("http://127.0.0.1:" + m.group(1) + m.group(2));
            }
            assertThat(serving.process().isAlive()).as(serving.output()).isTrue();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("serve did not start listening: " + serving.output());
    }

    /** Waits until the process has printed {@code text}. */
    static void awaitOutput(Started process, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!process.output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the process did not print '" + text + "':\n" + process.output());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /**
     * Waits until {@code sql} counts {@code expected}: the state a process reaches by itself (an event applied).
     * Fails after three minutes with the process's output.
     */
    void awaitCount(String sql, long expected, Started process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (count(sql) != expected) {
            if (System.nanoTime() > deadline) {
                Path log = dir.resolve("logs").resolve("dingtalk-etl.log");
                String trace = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                throw new AssertionError("expected " + expected + " for " + sql + ", was " + count(sql) + "\n" + process.output()
                        + "\nlog file (end):\n" + trace.substring(Math.max(0, trace.length() - 6000)));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /**
     * A full sync, then {@code serve}: a change DingTalk pushes reaches the warehouse, dated to the change. Killed
     * (kill -9) after committing an event and while applying it, the next {@code serve} applies it: once.
     */
    void assertServeAppliesPushedEventsAndAKilledServeLosesNothing() throws Exception {
        Result synced = run("runDate=2026-11-22");
        assertThat(synced.exitCode()).as(synced.output()).isEqualTo(ExitCodes.OK);

        Started serving = serve();
        io.dingtalketl.simulator.CallbackPusher pusher = io.dingtalketl.simulator.CallbackPusher.start(simulator,
                callbackUrl(serving), io.dingtalketl.client.CallbackCrypto.of(TOKEN, AES_KEY, simulator.settings().appKey()));
        try {
            String first = simulator.org().truth().users().get(5).userid();
            simulator.org().renameUser(first, "事件一");
            long firstAt = simulator.org().events().raised().get(0).bornAt().toEpochMilli();
            awaitCount("SELECT COUNT(*) FROM dim_user WHERE userid = '" + first + "' AND is_current = TRUE AND name = '事件一'", 1, serving);
            assertThat(count("SELECT COUNT(*) FROM dim_user WHERE userid = '" + first + "'")).isEqualTo(2);
            try (Connection c = connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT valid_from FROM dim_user WHERE userid = '" + first + "' AND is_current = TRUE")) {
                rs.next();
                assertThat(rs.getObject(1, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC).toEpochMilli())
                        .as("the version starts when the change happened").isEqualTo(firstAt);
            }

            CallHold fetch = simulator.holdAfter(DingTalkEndpoint.USER_GET, 0);
            String second = simulator.org().truth().users().get(6).userid();
            simulator.org().renameUser(second, "事件二");
            assertThat(pusher.awaitAttempts(2, Duration.ofSeconds(120))).isTrue();
            assertThat(fetch.awaitHeld(Duration.ofSeconds(120))).as(serving.output()).isTrue();
            assertThat(pusher.delivered()).as("DingTalk was answered: the event is committed").isEqualTo(2);
            serving.process().destroyForcibly().waitFor(60, TimeUnit.SECONDS);
            fetch.release();
            assertThat(count("SELECT COUNT(*) FROM etl_event_inbox WHERE status = 'PENDING'")).isEqualTo(1);

            Started again = serve();
            callbackUrl(again);   // listening: it owns the database now (H2's AUTO_SERVER hand-over is not raced)
            awaitCount("SELECT COUNT(*) FROM dim_user WHERE userid = '" + second + "' AND is_current = TRUE AND name = '事件二'", 1, again);
            assertThat(count("SELECT COUNT(*) FROM dim_user WHERE userid = '" + second + "'")).as("applied once").isEqualTo(2);
            assertThat(count("SELECT COUNT(*) FROM etl_event_inbox WHERE status = 'APPLIED'")).isEqualTo(2);
            // SIGTERM while applying: the transports stop, the apply finishes its chunk and ends STOPPED
            try (io.dingtalketl.simulator.CallbackPusher toAgain = io.dingtalketl.simulator.CallbackPusher.start(simulator,
                    callbackUrl(again), io.dingtalketl.client.CallbackCrypto.of(TOKEN, AES_KEY, simulator.settings().appKey()))) {
                CallHold applying = simulator.holdAfter(DingTalkEndpoint.USER_GET, 0);
                String third = simulator.org().truth().users().get(7).userid();
                simulator.org().renameUser(third, "事件三");
                assertThat(toAgain.awaitAttempts(1, Duration.ofSeconds(120))).isTrue();
                assertThat(applying.awaitHeld(Duration.ofSeconds(120))).as(again.output()).isTrue();
                again.process().destroy();   // SIGTERM
                if (!serverDatabase()) {
                    // the embedded file closes under the run: its chunk rolls back, the event stays for the next serve
                    applying.release();
                    assertThat(again.process().waitFor(60, TimeUnit.SECONDS)).as(again.output()).isTrue();
                    assertThat(count("SELECT COUNT(*) FROM etl_event_inbox")).isEqualTo(3);
                    return;
                }
                awaitOutput(again, "stops after its current chunk");
                applying.release();
                assertThat(again.process().waitFor(60, TimeUnit.SECONDS)).as(again.output()).isTrue();
                assertThat(count("SELECT COUNT(*) FROM dim_user WHERE userid = '" + third + "' AND is_current = TRUE AND name = '事件三'"))
                        .as("the chunk in flight was finished: " + again.output()).isEqualTo(1);
                assertThat(count("""
                        SELECT COUNT(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                        WHERE i.JOB_NAME = 'eventSyncJob' AND e.STATUS = 'STOPPED'""")).isEqualTo(1);
            }
        } finally {
            pusher.close();
        }
    }

    static Started waitForFirstExit(Started one, Started two) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!one.process().isAlive()) {
                return one;
            }
            if (!two.process().isAlive()) {
                return two;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("neither launch exited: " + one.output() + two.output());
    }

    long count(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long currentUsers() throws Exception {
        return count("SELECT COUNT(*) FROM dim_user WHERE is_current = TRUE");
    }

    long tables() throws Exception {
        try (Connection c = connect(); ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            long n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }
}
