package io.dingtalketl.orgsync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.dingtalketl.identity.AccountFileException;
import io.dingtalketl.identity.AccountFileLoader;
import io.dingtalketl.identity.MatchJobConfiguration;
import io.dingtalketl.identity.MatchReport;
import io.dingtalketl.identity.MatchRuns;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Identity matching (matchJob) against the users an org sync of a small simulated organization published, with
 * accounts loaded from CSV files: deliberate ambiguities both ways, case and whitespace differences, a leaver, a
 * re-link after a job number moved, a run killed by a database failure, and re-runs that change nothing.
 */
abstract class IdentityMatchingScenarios extends AbstractOrgSyncTest {

    private static final LocalDate DAY_1 = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Autowired
    Job matchJob;
    @Autowired
    AccountFileLoader loader;
    @Autowired
    MatchRuns matchRuns;
    @TempDir
    Path files;

    /** The users the scenarios give known job numbers and emails, by position: u[0] .. u[9]. */
    private String[] u;
    private long requested;

    @BeforeEach
    void smallOrganizationWithKnownIdentities() {
        for (String table : List.of("src_account", "map_account_user", "etl_match_run", "etl_match_rule_count", "etl_match_finding")) {
            jdbc.update("DELETE FROM " + table);
        }
        simulator.replaceOrg(SimulatedOrg.generate(OrgSpec.of(11, 5, 30)));
        List<String> userids = simulator.org().truth().users().stream().map(t -> t.userid()).sorted().toList();
        u = userids.subList(0, 10).toArray(String[]::new);
        for (int i = 0; i < userids.size(); i++) {
            // every user's identity fields known and distinct; the chosen ten are E-100i, user.i@example.com, ui@corp.example
            simulator.org().updateUser(userids.get(i), fields(i));
        }
    }

    private static Map<String, String> fields(int i) {
        Map<String, String> f = new HashMap<>();
        f.put("job_number", "E-" + (1000 + i));
        f.put("email", "user." + i + "@example.com");
        f.put("org_email", "u" + i + "@corp.example");
        return f;
    }

    @Test
    void theFirstRuleThatFindsAUserDecidesAmbiguitiesAreNeverLinkedAndTheReportListsEachCategory() throws Exception {
        // two users with the same email; two users with the same job number
        simulator.org().updateUser(u[2], Map.of("email", "user.1@example.com"));
        simulator.org().updateUser(u[9], Map.of("job_number", "E-1008"));
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        load("wiki", """
                account_id,employee_number,username,email,display_name,active
                a-emp,"  e-1000 ",,,Case and spaces,true
                a-user,,E-1003,,Login is the job number,
                a-mail,,, USER.4@Example.COM ,Email in capitals,1
                a-org,,,u5@corp.example,Organization mailbox,yes
                a-amb,,,user.1@example.com,Email of two users,true
                a-amb2,E-1008,,user.8@example.com,"Job number of two users, email of one",true
                a-dup1,E-1006,,,"Two accounts, one employee number",true
                a-dup2,E-1006,,,"Two accounts, one employee number",true
                a-none,,,nobody@example.com,No such user,true
                a-off,E-1007,,,Disabled,false
                """);

        MatchReport report = match();

        assertThat(currentLinks("wiki")).isEqualTo(Map.of(
                "a-emp", u[0] + " employee-number", "a-user", u[3] + " username-job-number",
                "a-mail", u[4] + " email", "a-org", u[5] + " org-email"));
        assertThat(findings(report, "AMBIGUOUS")).containsExactly("a-amb", "a-amb2", "a-dup1", "a-dup2");
        assertThat(jdbc.queryForObject("SELECT detail FROM etl_match_finding WHERE account_id = 'a-amb2' AND match_run_id = ?",
                String.class, report.matchRunId())).isEqualTo("employee-number finds 2 users: " + sorted(u[8], u[9]));
        assertThat(jdbc.queryForObject("SELECT match_rule FROM etl_match_finding WHERE account_id = 'a-amb' AND match_run_id = ?",
                String.class, report.matchRunId())).isEqualTo("email");
        assertThat(findings(report, "UNMATCHED_ACCOUNT")).containsExactly("a-none");
        assertThat(findings(report, "NEW")).containsExactly("a-emp", "a-mail", "a-org", "a-user");
        assertThat(findings(report, "RELINKED")).isEmpty();
        assertThat(findings(report, "CLOSED")).isEmpty();
        Set<String> spoken = Set.of(u[0], u[3], u[4], u[5], u[1], u[2], u[6], u[8], u[9]);
        Set<String> expectedUnmatchedUsers = currentUserids().stream().filter(x -> !spoken.contains(x)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(unmatchedUsers(report)).isEqualTo(expectedUnmatchedUsers).contains(u[7]);   // a-off is disabled: u7 stays unmatched
        assertThat(report.linksPerRule()).isEqualTo(Map.of("wiki", Map.of("employee-number", 1, "username-job-number", 1, "email", 1, "org-email", 1)));
        assertThat(List.of(report.accounts(), report.links(), report.linksNew(), report.linksRelinked(), report.linksClosed(),
                report.ambiguousAccounts(), report.unmatchedAccounts(), report.unmatchedUsers()))
                .containsExactly(9, 4, 4, 0, 0, 4, 1, expectedUnmatchedUsers.size());

        List<Map<String, Object>> before = allLinkRows();
        MatchReport again = match();

        assertThat(allLinkRows()).isEqualTo(before);
        assertThat(List.of(again.links(), again.linksNew(), again.linksRelinked(), again.linksClosed(), again.ambiguousAccounts()))
                .containsExactly(4, 0, 0, 0, 4);
        assertThat(findings(again, "AMBIGUOUS")).containsExactly("a-amb", "a-amb2", "a-dup1", "a-dup2");
    }

    @Test
    void aMovedJobNumberReLinksALeaversLinkClosesAndTheUnchangedLinkIsUntouched() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        load("hr", """
                account_id,employee_number
                h0,E-1000
                h1,E-1001
                h2,E-1002
                """);
        MatchReport first = match();
        assertThat(first.linksNew()).isEqualTo(3);
        Map<String, Object> untouched = linkRows("hr", "h2").get(0);

        // u0's job number moves to u3; u1 leaves the organization
        simulator.org().updateUser(u[0], Map.of("job_number", "E-2000"));
        simulator.org().updateUser(u[3], Map.of("job_number", "E-1000"));
        simulator.org().removeUser(u[1]);
        assertThat(run(DAY_1.plusDays(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        MatchReport second = match();

        assertThat(currentLinks("hr")).isEqualTo(Map.of("h0", u[3] + " employee-number", "h2", u[2] + " employee-number"));
        assertThat(findings(second, "RELINKED")).containsExactly("h0");
        assertThat(findings(second, "CLOSED")).containsExactly("h1");
        assertThat(jdbc.queryForObject("SELECT detail FROM etl_match_finding WHERE category = 'CLOSED' AND match_run_id = ?",
                String.class, second.matchRunId())).isEqualTo("user-left");
        assertThat(jdbc.queryForObject("SELECT detail FROM etl_match_finding WHERE category = 'RELINKED' AND match_run_id = ?",
                String.class, second.matchRunId())).isEqualTo("was " + u[0] + " by employee-number");
        assertThat(findings(second, "UNMATCHED_ACCOUNT")).containsExactly("h1");
        List<Map<String, Object>> h0 = linkRows("hr", "h0");
        assertThat(h0).hasSize(2);
        assertThat(h0.get(0)).containsEntry("userid", u[0]).containsEntry("close_reason", "relinked");
        assertThat(h0.get(0).get("valid_to")).isNotNull().isEqualTo(h0.get(1).get("valid_from"));
        assertThat(h0.get(1)).containsEntry("userid", u[3]).containsEntry("valid_to", null);
        assertThat(linkRows("hr", "h1")).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("userid", u[1]).containsEntry("close_reason", "user-left");
            assertThat(row.get("valid_to")).isNotNull();
        });
        assertThat(linkRows("hr", "h2")).containsExactly(untouched);

        List<Map<String, Object>> before = allLinkRows();
        MatchReport third = match();
        assertThat(allLinkRows()).isEqualTo(before);
        assertThat(List.of(third.linksNew(), third.linksRelinked(), third.linksClosed())).containsExactly(0, 0, 0);

        // h0 leaves the HR file, h2 is disabled there
        load("hr", """
                account_id,employee_number,active
                h1,E-1001,true
                h2,E-1002,false
                """);
        MatchReport fourth = match();
        assertThat(currentLinks("hr")).isEmpty();
        assertThat(jdbc.queryForList("SELECT CONCAT(account_id, ' ', detail) FROM etl_match_finding WHERE category = 'CLOSED'"
                + " AND match_run_id = ? ORDER BY account_id", String.class, fourth.matchRunId()))
                .containsExactly("h0 account-removed", "h2 account-inactive");
    }

    @Test
    void aMatchRunTheDatabaseFailsChangesNothingAndItsRestartLinksEachAccountOnce() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        load("wiki", """
                account_id,employee_number,email
                w0,E-1000,
                w1,,user.1@example.com
                """);
        // the run's last write fails: its links were written in the same transaction
        jdbc.execute("ALTER TABLE etl_match_rule_count RENAME TO etl_match_rule_count_away");
        JobExecution failed;
        try {
            failed = jobOperator.start(matchJob, parameters());
        } finally {
            jdbc.execute("ALTER TABLE etl_match_rule_count_away RENAME TO etl_match_rule_count");
        }

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(allLinkRows()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM etl_match_run", Integer.class)).isZero();

        JobExecution restarted = jobOperator.restart(failed);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(currentLinks("wiki")).isEqualTo(Map.of("w0", u[0] + " employee-number", "w1", u[1] + " email"));
        assertThat(allLinkRows()).hasSize(2);
        assertThat(matchRuns.find(restarted.getJobInstance().getInstanceId()).orElseThrow().linksNew()).isEqualTo(2);
    }

    @Test
    void aLoadReplacesTheSystemsAccountsAndABadFileLoadsNothingNamingEachProblem() throws IOException {
        load("wiki", "\uFEFFaccount_id,display_name,email\n"
                + "w1,\"Li, Lei\",li@example.com\n"
                + "w2,\"Two\nlines \"\"quoted\"\"\",\n");
        load("mail", "account_id\nm1\n");
        assertThat(jdbc.queryForList("SELECT display_name FROM src_account WHERE source_system = 'wiki' ORDER BY account_id", String.class))
                .containsExactly("Li, Lei", "Two\nlines \"quoted\"");

        AccountFileLoader.LoadResult replaced = load("wiki", "account_id,active\nw2,false\nw3,\n");
        assertThat(replaced).isEqualTo(new AccountFileLoader.LoadResult("wiki", 2, 1, 1, 1));
        assertThat(accounts()).containsExactly("mail/m1 true", "wiki/w2 false", "wiki/w3 true");

        Path bad = write("bad.csv", """
                account_id,email,active
                x1,x1@example.com,true
                ,nobody@example.com,true
                x1,again@example.com,true
                x4,x4@example.com,maybe
                """);
        assertThatThrownBy(() -> loader.load("wiki", bad))
                .isInstanceOf(AccountFileException.class)
                .hasMessageStartingWith(bad + ": 3 problems, no account loaded:")
                .hasMessageContaining("line 3: no account_id")
                .hasMessageContaining("line 4: duplicate account_id 'x1' (first on line 2)")
                .hasMessageContaining("line 5: active is 'maybe', not true/false, 1/0 or yes/no");
        assertThatThrownBy(() -> loader.load("wiki", write("nocolumn.csv", "id,email\n1,a@b.c\n")))
                .hasMessageContaining("line 1: unknown column 'id'");
        assertThatThrownBy(() -> loader.load("wiki one", bad)).hasMessageContaining("system must be a name");
        assertThatThrownBy(() -> loader.load("wiki", write("empty.csv", "account_id,email\n")))
                .hasMessageContaining("no accounts below the header row");
        assertThat(accounts()).containsExactly("mail/m1 true", "wiki/w2 false", "wiki/w3 true");
    }

    // --- helpers

    private AccountFileLoader.LoadResult load(String system, String csv) throws IOException {
        return loader.load(system, write(system + "-" + System.nanoTime() + ".csv", csv));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(files.resolve(name), text, StandardCharsets.UTF_8);
    }

    private MatchReport match() throws Exception {
        JobExecution execution = jobOperator.start(matchJob, parameters());
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        return matchRuns.find(execution.getJobInstance().getInstanceId()).orElseThrow();
    }

    private org.springframework.batch.core.job.parameters.JobParameters parameters() {
        return new JobParametersBuilder().addLong(MatchJobConfiguration.REQUESTED, ++requested).toJobParameters();
    }

    private Map<String, String> currentLinks(String system) {
        Map<String, String> links = new TreeMap<>();
        jdbc.query("SELECT account_id, userid, match_rule FROM map_account_user WHERE source_system = ? AND is_current = TRUE",
                rs -> {
                    links.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
                }, system);
        return links;
    }

    private List<String> findings(MatchReport report, String category) {
        return jdbc.queryForList("SELECT account_id FROM etl_match_finding WHERE match_run_id = ? AND category = ? ORDER BY account_id",
                String.class, report.matchRunId(), category);
    }

    private Set<String> unmatchedUsers(MatchReport report) {
        return new TreeSet<>(jdbc.queryForList("SELECT userid FROM etl_match_finding WHERE match_run_id = ? AND category = 'UNMATCHED_USER'",
                String.class, report.matchRunId()));
    }

    private Set<String> currentUserids() {
        return new TreeSet<>(jdbc.queryForList("SELECT userid FROM dim_user WHERE is_current = TRUE", String.class));
    }

    private List<String> accounts() {
        return jdbc.query("SELECT source_system, account_id, active FROM src_account ORDER BY source_system, account_id",
                (rs, i) -> rs.getString(1) + "/" + rs.getString(2) + " " + rs.getBoolean(3));
    }

    private List<Map<String, Object>> linkRows(String system, String accountId) {
        return jdbc.query("""
                SELECT link_key, userid, match_rule, valid_from, valid_to, is_current, close_reason, opened_run, closed_run
                FROM map_account_user WHERE source_system = ? AND account_id = ? ORDER BY link_key""", (rs, i) -> row(rs), system, accountId);
    }

    private List<Map<String, Object>> allLinkRows() {
        return jdbc.query("""
                SELECT link_key, source_system, account_id, userid, match_rule, valid_from, valid_to, is_current, close_reason,
                       opened_run, closed_run
                FROM map_account_user ORDER BY link_key""", (rs, i) -> row(rs));
    }

    private static Map<String, Object> row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> row = new HashMap<>();
        var meta = rs.getMetaData();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            String name = meta.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT);
            Object value = name.startsWith("valid_") ? rs.getObject(c, LocalDateTime.class) : rs.getObject(c);
            if (value instanceof Number n && !(value instanceof Long)) {
                value = n.longValue();
            }
            if (name.equals("is_current")) {
                value = rs.getBoolean(c);
            }
            row.put(name, value);
        }
        return row;
    }

    private static String sorted(String a, String b) {
        return a.compareTo(b) < 0 ? a + ", " + b : b + ", " + a;
    }
}
