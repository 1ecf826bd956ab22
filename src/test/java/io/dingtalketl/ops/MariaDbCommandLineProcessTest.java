package io.dingtalketl.ops;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.CallHold;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command line on MariaDB, where production runs: two launches at once, a database that kills the run's
 * connections mid-run, and a production launch (the {@code mysql} profile) with its credentials forgotten.
 * Each test starts from an empty database ({@link #DATABASE}).
 */
class MariaDbCommandLineProcessTest extends EtlProcesses {

    /** Recreated for each test; {@code ETL_TEST_CLI_DB} names another (for test runs side by side). */
    static final String DATABASE = System.getenv().getOrDefault("ETL_TEST_CLI_DB", "dingtalk_etl_test_cli");
    private static final String URL = "jdbc:mysql://127.0.0.1:3306/" + DATABASE
            + "?rewriteBatchedStatements=true&characterEncoding=UTF-8&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
    private static final Duration HELD = Duration.ofSeconds(120);

    @Override
    String jdbcUrl() {
        return URL;
    }

    @Override
    List<String> databaseOptions() {
        return List.of("--spring.datasource.url=" + URL, "--spring.datasource.username=etl", "--spring.datasource.password=etl");
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "etl", "etl");
    }

    @BeforeEach
    void emptyDatabase() throws Exception {
        boolean reachable;
        try (Connection c = DriverManager.getConnection(URL.replace("/" + DATABASE + "?", "/?"), "etl", "etl");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            reachable = true;
        } catch (SQLException e) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("CI must run the MariaDB suite: " + e.getMessage()
                        + " (bash .ci/ensure-mariadb.sh grants etl the database " + DATABASE + ")", e);
            }
            reachable = false;
        }
        assumeTrue(reachable, "MariaDB not reachable; run bash .ci/ensure-mariadb.sh");
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
    void aRunWhoseConnectionsAreKilledFailsCleanlyAndTheSameCommandResumesIt() throws Exception {
        CallHold hold = simulator.holdAfter(DingTalkEndpoint.DEPARTMENT_GET, 10);
        Started running = start("runDate=2026-11-22");
        assertThat(hold.awaitHeld(HELD)).as(running.output()).isTrue();
        int killed = killConnectionsOfOthers();
        assertThat(killed).as("the run's connections").isPositive();
        hold.release();

        Result failed = running.await();
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(failed.output()).as("one message, no stack trace on the console").doesNotContain("\tat ")
                .contains("The database connection was lost", "Run the same command again");
        assertThat(failed.output().lines().count()).as(failed.output()).isLessThan(60);
        assertThat(Files.readString(dir.resolve("logs/dingtalk-etl.log"))).as("the stack trace is in the log file").contains("\tat ");
        assertThat(count("SELECT COUNT(*) FROM dim_user")).as("nothing published").isZero();

        Result resumed = run("runDate=2026-11-22");
        assertThat(resumed.exitCode()).as(resumed.output()).isEqualTo(ExitCodes.OK);
        assertThat(currentUsers()).isEqualTo(USERS);
        assertThat(count("SELECT COUNT(DISTINCT JOB_INSTANCE_ID) FROM BATCH_JOB_EXECUTION")).as("the same run, resumed").isEqualTo(1);
    }

    @Test
    void aProductionLaunchWithoutCredentialsWritesNothing() throws Exception {
        ProcessBuilder builder = command(List.of("--spring.profiles.active=mysql"), "runDate=2026-11-22");
        builder.environment().put("ETL_DB_URL", URL);
        builder.environment().put("ETL_DB_USER", "etl");
        builder.environment().put("ETL_DB_PASSWORD", "etl");
        Result refused = launch(builder).await();
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(refused.output()).contains("No DingTalk credentials", "DINGTALK_APP_KEY", "profile mysql")
                .doesNotContain("simulator at http");
        assertThat(tables()).as("nothing written, not even the schema").isZero();
    }

    /** KILLs every connection to the test database except this one; how many were killed. */
    private int killConnectionsOfOthers() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM information_schema.processlist WHERE db = '" + DATABASE
                    + "' AND id <> CONNECTION_ID()")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                try {
                    s.execute("KILL " + id);
                } catch (SQLException gone) {
                    // it ended by itself meanwhile
                }
            }
            return ids.size();
        }
    }
}
