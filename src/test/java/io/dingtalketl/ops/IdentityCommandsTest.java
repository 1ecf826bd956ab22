package io.dingtalketl.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code accounts load …} and {@code match}: what they print, what they refuse, and the match after an org sync. */
@SpringBootTest(properties = {
        "etl.launcher.enabled=false",
        "etl.simulator.enabled=false",
        "dingtalk.access-token=test-token",
        "etl.match.keep-findings-of-runs=2",
        "logging.level.org.springframework.batch=ERROR",
        "spring.datasource.url=jdbc:h2:mem:identity-command-${random.uuid};MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1"})
@ExtendWith(OutputCaptureExtension.class)
class IdentityCommandsTest {

    @Autowired
    IdentityCommands commands;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobRepository jobRepository;
    @TempDir
    Path dir;

    @BeforeEach
    void twoCurrentUsersAndALeaver() {
        new JobRepositoryTestUtils(jobRepository).removeJobExecutions();
        for (String table : List.of("src_account", "map_account_user", "etl_match_run", "etl_match_rule_count", "etl_match_finding", "dim_user")) {
            jdbc.update("DELETE FROM " + table);
        }
        user("u1", "E-1", "li@example.com", true);
        user("u2", "E-2", "li@example.com", true);
        user("u9", "E-9", null, false);
    }

    @Test
    void loadThenMatchPrintsTheReportWithTheAmbiguousAccountsListed(CapturedOutput output) throws Exception {
        Path file = Files.writeString(dir.resolve("wiki.csv"), "account_id,employee_number,email\nw1,E-1,\nw2,,li@example.com\nw9,E-9,\n",
                StandardCharsets.UTF_8);

        assertThat(commands.accounts(List.of("load", "system=wiki", "file=" + file))).isEqualTo(ExitCodes.OK);
        assertThat(output).contains("Loaded 3 accounts of system 'wiki' from " + file + " (0 inactive): 3 new, 0 removed since the last load.");

        assertThat(commands.match(List.of())).isEqualTo(ExitCodes.OK);
        assertThat(output)
                .contains("users of org sync run none): 3 active accounts in 1 system, 2 current users")
                .contains("links by rule: employee-number 1")
                .contains("Ambiguous (not linked) (1):\n    wiki/w2: email finds 2 users: u1, u2")
                .contains("Changed since the last run (1):\n    new wiki/w1 → u1 by employee-number");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM map_account_user WHERE is_current = TRUE", Integer.class)).isEqualTo(1);
    }

    @Test
    void adminsAreToldOfAnAmbiguousAccountOnceNotEveryRunItStaysSo() throws Exception {
        commands.accounts(List.of("load", "system=wiki", "file=" + Files.writeString(dir.resolve("wiki.csv"),
                "account_id,email\nw2,li@example.com\n")));

        assertThat(commands.match(List.of())).isEqualTo(ExitCodes.OK);
        long first = jdbc.queryForObject("SELECT MAX(match_run_id) FROM etl_match_run", Long.class);
        assertThat(commands.newAmbiguities(first)).get().asString()
                .contains("1 account newly ambiguous, not linked (match run " + first + ")")
                .contains("- wiki/w2: email finds 2 users: u1, u2");

        assertThat(commands.match(List.of())).isEqualTo(ExitCodes.OK);
        long second = jdbc.queryForObject("SELECT MAX(match_run_id) FROM etl_match_run", Long.class);
        assertThat(second).isGreaterThan(first);
        assertThat(commands.newAmbiguities(second)).as("still ambiguous, already told").isEmpty();
    }

    @Test
    void onlyTheLatestRunsKeepTheirFindingsAndEveryRunItsTotals() throws Exception {
        commands.accounts(List.of("load", "system=wiki", "file=" + Files.writeString(dir.resolve("wiki.csv"),
                "account_id,email\nw2,li@example.com\nw8,nobody@example.com\n")));

        for (int i = 0; i < 3; i++) {
            assertThat(commands.match(List.of())).isEqualTo(ExitCodes.OK);
        }

        List<Long> runIds = jdbc.queryForList("SELECT match_run_id FROM etl_match_run ORDER BY match_run_id", Long.class);
        assertThat(runIds).hasSize(3);
        assertThat(jdbc.queryForList("SELECT DISTINCT match_run_id FROM etl_match_finding ORDER BY match_run_id", Long.class))
                .as("etl.match.keep-findings-of-runs=2").containsExactlyElementsOf(runIds.subList(1, 3));
        assertThat(jdbc.queryForObject("SELECT unmatched_accounts FROM etl_match_run WHERE match_run_id = ?", Integer.class, runIds.get(0)))
                .isEqualTo(1);
    }

    @Test
    void afterAnOrgSyncMatchRunsOnlyWhenThereAreAccounts(CapturedOutput output) throws Exception {
        assertThat(commands.afterOrgSync()).isEqualTo(ExitCodes.OK);
        assertThat(output).doesNotContain("matchJob");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM etl_match_run", Integer.class)).isZero();

        commands.accounts(List.of("load", "system=hr", "file=" + Files.writeString(dir.resolve("hr.csv"), "account_id,employee_number\nh2,E-2\n")));
        assertThat(commands.afterOrgSync()).isEqualTo(ExitCodes.OK);

        assertThat(output).contains("matchJob: COMPLETED");
        assertThat(jdbc.queryForList("SELECT userid FROM map_account_user WHERE is_current = TRUE", String.class)).containsExactly("u2");
    }

    @Test
    void badArgumentsAreRefusedSayingWhat() {
        assertThatThrownBy(() -> commands.accounts(List.of())).hasMessage("Usage: accounts load system=<name> file=<path.csv>.");
        assertThatThrownBy(() -> commands.accounts(List.of("load", "file=x.csv"))).hasMessageStartingWith("No system given.");
        assertThatThrownBy(() -> commands.accounts(List.of("load", "system=wiki", "path=x.csv")))
                .hasMessageStartingWith("Unknown argument 'path=x.csv'.");
        assertThatThrownBy(() -> commands.accounts(List.of("load", "system=wiki", "file=" + dir.resolve("missing.csv"))))
                .hasMessage(dir.resolve("missing.csv") + ": 1 problem, no account loaded:\n  - no such file");
        assertThatThrownBy(() -> commands.match(List.of("now"))).hasMessageContaining("match takes no arguments");
    }

    private void user(String userid, String jobNumber, String email, boolean current) {
        jdbc.update("""
                INSERT INTO dim_user (userid, name, job_number, email, row_hash, valid_from, valid_to, is_current, run_id)
                VALUES (?, ?, ?, ?, 'h', TIMESTAMP '2026-11-01 00:00:00', ?, ?, 1)""", userid, "User " + userid, jobNumber, email,
                current ? null : java.sql.Timestamp.valueOf("2026-11-15 00:00:00"), current);
    }
}
