package io.dingtalketl.orgsync;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.ops.report.ChangeReport.DepartmentEntry;
import io.dingtalketl.ops.report.ChangeReport.DepartmentMove;
import io.dingtalketl.ops.report.ChangeReport.DepartmentRef;
import io.dingtalketl.ops.report.ChangeReport.DepartmentRename;
import io.dingtalketl.ops.report.ChangeReport.TitleChange;
import io.dingtalketl.ops.report.ChangeReport.UserMembership;
import io.dingtalketl.ops.report.ChangeReport.UserMove;
import io.dingtalketl.ops.report.ChangeReport.UserRef;
import io.dingtalketl.ops.report.ChangeReport.UserRename;
import io.dingtalketl.ops.report.ChangeReport;
import io.dingtalketl.ops.report.ChangeReportService;
import io.dingtalketl.ops.report.ReportProperties;
import io.dingtalketl.ops.report.RunReportWriter;
import io.dingtalketl.simulator.ChangeLog;
import io.dingtalketl.simulator.ChangeSpec;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The run report, whatever the database: two runs around a simulated day of changes, and the report of
 * the second run must list exactly what changed, with the right from/to, whenever it is built; it is
 * written as Markdown and HTML and kept with the run.
 */
abstract class RunReportScenarios extends AbstractOrgSyncTest {

    static final LocalDate DAY_1 = LocalDate.of(2026, 11, 22);
    static final LocalDate DAY_2 = LocalDate.of(2026, 11, 23);
    static final LocalDate DAY_3 = LocalDate.of(2026, 11, 24);
    static final String TRICKY_NAME = "<b>\"王\"</b>";
    static final String TRICKY_DEPARTMENT = "研发 & <测试> 部 🚀";

    @Autowired
    ChangeReportService reports;
    @Autowired
    EtlProperties etl;
    @Autowired
    PlatformTransactionManager transactionManager;
    @TempDir
    Path reportDir;

    @BeforeEach
    void smallOrganization() {
        simulator.replaceOrg(SimulatedOrg.generate(OrgSpec.of(5, 16, 60)));
        simulator.clearDroppedRecipients();
    }

    @AfterEach
    void deliverEveryone() {
        simulator.clearDroppedRecipients();
    }

    /** Two runs around a day of changes, plus a new department and a new user with names that need escaping. */
    record TwoRuns(long firstRun, long secondRun, OrgTruth before, OrgTruth after, ChangeLog changes,
                   long newDeptId, String newUserid) {
    }

    /**
     * Runs the job with an as-of time the warehouse can tell apart from the previous run's. MariaDB through
     * mysql-connector-j stores whole seconds (the driver takes MariaDB for MySQL 5.5 and drops fractions),
     * so there a run waits for the next second.
     */
    JobExecution runLater(LocalDate runDate) throws Exception {
        LocalDateTime last = jdbc.queryForObject("SELECT MAX(as_of) FROM etl_sync_run", LocalDateTime.class);
        if (last != null && last.getNano() == 0) {
            Instant previous = last.toInstant(ZoneOffset.UTC);
            while (!Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(previous)) {
                Thread.sleep(20);
            }
        }
        return run(runDate);
    }

    TwoRuns twoRunsAroundADayOfChanges() throws Exception {
        JobExecution first = run(DAY_1);
        assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        OrgTruth before = simulator.org().truth();
        ChangeLog changes = simulator.org().applyDayOfChanges(42, ChangeSpec.typical());
        long newDeptId = simulator.org().addDepartment(SimulatedOrg.ROOT_DEPT_ID, TRICKY_DEPARTMENT);
        String newUserid = simulator.org().addUser(TRICKY_NAME, newDeptId);
        OrgTruth after = simulator.org().truth();
        JobExecution second = runLater(DAY_2);
        assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        // the day must offer every kind of change, or the test below proves less than it claims
        assertThat(changes.joinedUserids()).isNotEmpty();
        assertThat(changes.leftUserids()).isNotEmpty();
        assertThat(changes.movedUsers()).isNotEmpty();
        assertThat(changes.renamedUserids()).isNotEmpty();
        assertThat(changes.titleChangedUserids()).isNotEmpty();
        assertThat(changes.renamedDeptIds()).isNotEmpty();
        assertThat(changes.movedDepartments()).isNotEmpty();
        assertThat(changes.removedDeptIds()).isNotEmpty();
        assertThat(changes.rehomedMembers()).isNotEmpty();
        return new TwoRuns(first.getJobInstance().getInstanceId(), second.getJobInstance().getInstanceId(), before, after,
                changes, newDeptId, newUserid);
    }

    @Test
    void reportOfTheSecondRunListsExactlyTheDayOfChanges() throws Exception {
        TwoRuns runs = twoRunsAroundADayOfChanges();
        OrgTruth before = runs.before();
        OrgTruth after = runs.after();
        ChangeLog changes = runs.changes();

        ChangeReport report = reports.build(runs.secondRun());

        // users who joined, with the departments they joined
        List<String> joined = new ArrayList<>(changes.joinedUserids());
        joined.add(runs.newUserid());
        assertThat(report.users().joined()).containsExactlyInAnyOrderElementsOf(joined.stream()
                .map(u -> new UserMembership(u, name(after, u), departments(after, u))).toList());
        assertThat(report.users().joined()).filteredOn(u -> u.userid().equals(runs.newUserid()))
                .singleElement().extracting(UserMembership::name).isEqualTo(TRICKY_NAME);
        // users who left, with the departments they left (named as before the run)
        assertThat(report.users().left()).containsExactlyInAnyOrderElementsOf(changes.leftUserids().stream()
                .map(u -> new UserMembership(u, name(before, u), departments(before, u))).toList());
        // moves: the day's moves, and members of a removed department moved to its parent
        List<UserMove> moved = new ArrayList<>();
        List<UserMove> membershipsOnly = new ArrayList<>();
        for (ChangeLog.UserMove m : changes.movedUsers()) {
            moved.add(new UserMove(m.userid(), name(after, m.userid()), List.of(department(before, m.fromDeptId())),
                    List.of(department(after, m.toDeptId()))));
        }
        for (ChangeLog.UserMove m : changes.rehomedMembers()) {
            boolean alreadyInParent = before.membershipsOf(m.userid()).stream().anyMatch(x -> x.deptId() == m.toDeptId());
            (alreadyInParent ? membershipsOnly : moved).add(new UserMove(m.userid(), name(after, m.userid()),
                    List.of(department(before, m.fromDeptId())), alreadyInParent ? List.of() : List.of(department(after, m.toDeptId()))));
        }
        assertThat(report.users().moved()).containsExactlyInAnyOrderElementsOf(moved);
        assertThat(report.users().memberships()).containsExactlyInAnyOrderElementsOf(membershipsOnly);
        assertThat(report.users().renamed()).containsExactlyInAnyOrderElementsOf(changes.renamedUserids().stream()
                .map(u -> new UserRename(u, name(before, u), name(after, u))).toList());
        assertThat(report.users().titleChanges()).containsExactlyInAnyOrderElementsOf(changes.titleChangedUserids().stream()
                .map(u -> new TitleChange(u, name(after, u), before.user(u).orElseThrow().title(), after.user(u).orElseThrow().title()))
                .toList());

        // departments
        assertThat(report.departments().created()).containsExactly(new DepartmentEntry(runs.newDeptId(), TRICKY_DEPARTMENT,
                department(after, SimulatedOrg.ROOT_DEPT_ID)));
        assertThat(report.departments().removed()).containsExactlyInAnyOrderElementsOf(changes.removedDeptIds().stream()
                .map(d -> new DepartmentEntry(d, before.department(d).orElseThrow().name(),
                        department(before, before.department(d).orElseThrow().parentId()))).toList());
        assertThat(report.departments().moved()).containsExactlyInAnyOrderElementsOf(changes.movedDepartments().stream()
                .map(m -> new DepartmentMove(m.deptId(), after.department(m.deptId()).orElseThrow().name(),
                        department(before, m.fromParentId()), department(after, m.toParentId()))).toList());
        assertThat(report.departments().renamed()).containsExactlyInAnyOrderElementsOf(changes.renamedDeptIds().stream()
                .map(d -> new DepartmentRename(d, before.department(d).orElseThrow().name(), after.department(d).orElseThrow().name()))
                .toList());

        // counts agree with the publish, lists are in key order, the warehouse reconciles
        assertThat(report.run().runId()).isEqualTo(runs.secondRun());
        assertThat(report.run().runDate()).isEqualTo(DAY_2);
        assertThat(report.run().status()).isEqualTo("PUBLISHED");
        assertThat(report.run().initialLoad()).isFalse();
        assertThat(report.run().counts().users().inserted()).isEqualTo(report.users().joined().size());
        assertThat(report.run().counts().users().closed()).isEqualTo(report.users().left().size());
        assertThat(report.run().counts().departments().inserted()).isEqualTo(report.departments().created().size());
        assertThat(report.run().counts().departments().closed()).isEqualTo(report.departments().removed().size());
        assertThat(report.run().apiCallsTotal()).isPositive();
        assertThat(report.run().apiCalls()).containsKey(DingTalkEndpoint.USER_LIST.key());
        assertThat(report.users().joined()).extracting(UserMembership::userid).isSorted();
        assertThat(report.departments().removed()).extracting(DepartmentEntry::deptId).isSorted();
        assertThat(report.reconciliation().usersSeen()).isEqualTo(after.userCount());
        assertThat(report.reconciliation().warehouseUsers()).isEqualTo(after.userCount());
        assertThat(report.reconciliation().dingtalkUserCount()).as("user/count, fetched at the start of the run")
                .isEqualTo(after.userCount());
        assertThat(report.reconciliation().usersWithoutDepartment()).isEmpty();
        assertThat(report.reconciliation().orphanDepartments()).isEmpty();
        assertThat(report.reconciliation().clean()).isTrue();
    }

    @Test
    void aRunsReportStaysTheSameAfterLaterRuns() throws Exception {
        TwoRuns runs = twoRunsAroundADayOfChanges();
        ChangeReport second = reports.build(runs.secondRun());
        String renamed = runs.changes().renamedUserids().get(0);
        simulator.org().renameUser(renamed, "改名又改名");
        simulator.org().removeUser(runs.newUserid());

        assertThat(runLater(DAY_3).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(reports.build(runs.secondRun())).isEqualTo(second);
        ChangeReport first = reports.build(runs.firstRun());
        assertThat(first.run().initialLoad()).isTrue();
        assertThat(first.users().joined()).extracting(UserMembership::userid)
                .containsExactlyElementsOf(new TreeSet<>(runs.before().users().stream().map(OrgTruth.TruthUser::userid).toList()));
        assertThat(first.departments().created()).hasSize(runs.before().departmentCount());
        assertThat(first.users().left()).isEmpty();
        assertThat(first.users().moved()).isEmpty();
    }

    @Test
    void reportIsWrittenAsMarkdownAndEscapedHtmlAndKeptWithTheRun() throws Exception {
        TwoRuns runs = twoRunsAroundADayOfChanges();
        ChangeReport report = reports.build(runs.secondRun());

        RunReportWriter.WrittenReport written = new RunReportWriter(new SyncRunRepository(jdbc), new ReportProperties(reportDir, 50, null), etl).write(report);

        assertThat(written.markdownFile()).isEqualTo(reportDir.resolve("orgsync-2026-11-23-run" + runs.secondRun() + ".md"));
        assertThat(written.htmlFile()).isEqualTo(reportDir.resolve("orgsync-2026-11-23-run" + runs.secondRun() + ".html"));
        String markdown = Files.readString(written.markdownFile(), StandardCharsets.UTF_8);
        String html = Files.readString(written.htmlFile(), StandardCharsets.UTF_8);
        assertThat(markdown).isEqualTo(written.markdown());
        assertThat(html).contains("&lt;b&gt;&quot;王&quot;&lt;/b&gt;", "研发 &amp; &lt;测试&gt; 部 🚀")
                .doesNotContain(TRICKY_NAME).doesNotContain("<测试>");
        assertThat(markdown).contains("\\<b\\>\"王\"\\</b\\>", "## Users joined (" + report.users().joined().size() + ")")
                .doesNotContain(TRICKY_NAME);
        for (UserRename rename : report.users().renamed()) {
            assertThat(html).contains(rename.oldName(), rename.newName());
            assertThat(markdown).contains("| " + rename.userid().replace("_", "\\_") + " | " + rename.oldName() + " | " + rename.newName() + " |");
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT report_markdown, report_path FROM etl_sync_run WHERE run_id = ?",
                runs.secondRun());
        assertThat(row.get("report_markdown")).isEqualTo(markdown);
        assertThat(row.get("report_path")).isEqualTo(written.htmlFile().toAbsolutePath().normalize().toString());
    }

    @Test
    void reportBuiltInsideTheUncommittedPublishTransactionSeesThePublish() throws Exception {
        run(DAY_1);
        long firstRun = jdbc.queryForObject("SELECT run_id FROM etl_sync_run", Long.class);
        Instant firstAsOf = jdbc.queryForObject("SELECT as_of FROM etl_sync_run", LocalDateTime.class).toInstant(ZoneOffset.UTC);
        long dryRun = firstRun + 1000;
        LocalDateTime at = LocalDateTime.ofInstant(firstAsOf.plus(Duration.ofHours(24)), ZoneOffset.UTC);
        OrgTruth.TruthUser user = simulator.org().truth().users().get(3);

        ChangeReport report = new TransactionTemplate(transactionManager).execute(tx -> {
            // what a dry run's publish would have written: a renamed user, a new user in no department,
            // a department under a parent the warehouse does not hold
            jdbc.update("""
                    INSERT INTO etl_sync_run (run_id, job_name, run_date, as_of, status, started_at, dingtalk_user_count, dry_run)
                    VALUES (?, 'orgSyncJob', ?, ?, 'DRY_RUN', ?, ?, TRUE)""", dryRun, DAY_2, at, at, 64);
            jdbc.update("UPDATE dim_user SET valid_to = ?, is_current = FALSE WHERE userid = ? AND is_current = TRUE", at, user.userid());
            jdbc.update("""
                    INSERT INTO dim_user (userid, name, title, row_hash, valid_from, is_current, run_id)
                    VALUES (?, '新名字', ?, 'h1', ?, TRUE, ?), ('nodept01', '无部门', NULL, 'h2', ?, TRUE, ?)""",
                    user.userid(), user.title(), at, dryRun, at, dryRun);
            jdbc.update("""
                    INSERT INTO dim_department (dept_id, parent_dept_id, name, dept_path, depth, row_hash, valid_from, is_current, run_id)
                    VALUES (990001, 880001, '孤儿部门', '/1/880001/990001', 2, 'h3', ?, TRUE, ?)""", at, dryRun);
            ChangeReport inside = reports.build(dryRun);
            tx.setRollbackOnly();
            return inside;
        });

        assertThat(report.run().dryRun()).isTrue();
        assertThat(report.users().renamed()).containsExactly(new UserRename(user.userid(), user.name(), "新名字"));
        assertThat(report.users().joined()).containsExactly(new UserMembership("nodept01", "无部门", List.of()));
        assertThat(report.departments().created()).containsExactly(new DepartmentEntry(990001, "孤儿部门", new DepartmentRef(880001, "")));
        assertThat(report.reconciliation().usersWithoutDepartment()).containsExactly(new UserRef("nodept01", "无部门"));
        assertThat(report.reconciliation().orphanDepartments()).extracting(DepartmentEntry::deptId).containsExactly(990001L);
        assertThat(report.reconciliation().dingtalkUserCount()).isEqualTo(64);
        assertThat(report.reconciliation().usersSeen()).isNull();
        assertThat(report.reconciliation().missingFromRun()).isEqualTo(64 - (simulator.org().truth().userCount() + 1));
        assertThat(report.reconciliation().clean()).isFalse();
        // rolled back: the warehouse never held it
        assertThatThrownBy(() -> reports.build(dryRun)).isInstanceOf(IllegalArgumentException.class);
        assertThat(warehouse.userVersions(user.userid())).hasSize(1);
    }

    static String name(OrgTruth truth, String userid) {
        return truth.user(userid).orElseThrow().name();
    }

    static List<DepartmentRef> departments(OrgTruth truth, String userid) {
        return truth.membershipsOf(userid).stream().map(m -> m.deptId()).sorted().map(d -> department(truth, d)).toList();
    }

    static DepartmentRef department(OrgTruth truth, Long deptId) {
        return new DepartmentRef(deptId, truth.department(deptId).orElseThrow().name());
    }
}
