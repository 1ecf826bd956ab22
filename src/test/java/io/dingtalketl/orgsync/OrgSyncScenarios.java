package io.dingtalketl.orgsync;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.ChangeLog;
import io.dingtalketl.simulator.ChangeSpec;
import io.dingtalketl.simulator.Fault;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.warehouse.staging.StagingTables;
import io.dingtalketl.warehouse.staging.TextColumn;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** What the org sync must do, whatever the database: the suite {@code H2OrgSyncTest} and {@code MariaDbOrgSyncTest} run. */
abstract class OrgSyncScenarios extends AbstractOrgSyncTest {

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @org.springframework.beans.factory.annotation.Autowired
    ApplicationContext context;

    static final LocalDate DAY_1 = LocalDate.of(2026, 11, 22);
    static final LocalDate DAY_2 = LocalDate.of(2026, 11, 23);

    @Test
    void fullSyncEqualsDingTalksTruth() throws Exception {
        JobExecution execution = run(DAY_1);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        OrgTruth truth = simulator.org().truth();
        warehouse.assertMatches(truth);
        assertThat(truth.departments()).anyMatch(d -> d.depth() >= 3);
        assertThat(truth.users()).anyMatch(u -> u.userid().startsWith("0"));
        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_department WHERE parent_dept_id IS NULL")).isEqualTo(1);
        // calls: one listsub per department, one department/get per department, the user pages, one token
        assertThat(simulator.callCount(DingTalkEndpoint.DEPARTMENT_LISTSUB)).isEqualTo(truth.departmentCount());
        assertThat(simulator.callCount(DingTalkEndpoint.DEPARTMENT_GET)).isEqualTo(truth.departmentCount());
        long pages = truth.departments().stream().mapToLong(d -> Math.max(1, (d.owningMemberCount() + 99) / 100)).sum();
        assertThat(simulator.callCount(DingTalkEndpoint.USER_LIST)).isEqualTo(pages);
        assertThat(simulator.callCount(DingTalkEndpoint.USER_GET)).as("no per-user calls").isZero();
        assertThat(simulator.callCount(DingTalkEndpoint.GET_TOKEN)).as("the token is cached").isLessThanOrEqualTo(1);
        assertThat(warehouse.count("SELECT users_seen FROM etl_sync_run")).isEqualTo(truth.userCount());
        assertThat(warehouse.count("SELECT api_calls_total FROM etl_sync_run"))
                .isEqualTo((int) simulator.callCounts().values().stream().mapToLong(Long::longValue).sum());
        // Micrometer: Spring Batch's own observations and the client's per-API counters
        assertThat(meters.find("spring.batch.job").timers()).isNotEmpty();
        assertThat(meters.find("spring.batch.step").timers()).isNotEmpty();
        assertThat(meters.get("dingtalk.client.calls").tag("api", "user-list").functionCounter().count()).isGreaterThanOrEqualTo(pages);
    }

    @Test
    void secondRunAfterADayOfChangesKeepsExactHistory() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Instant firstAsOf = asOf();
        OrgTruth before = simulator.org().truth();
        ChangeLog changes = simulator.org().applyDayOfChanges(99, ChangeSpec.typical());
        OrgTruth after = simulator.org().truth();

        assertThat(run(DAY_2).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Instant secondAsOf = asOf();

        warehouse.assertMatches(after);
        // users: changed ones have a closed and a current version, unchanged ones a single version
        Set<String> changedUsers = new HashSet<>(changes.renamedUserids());
        changedUsers.addAll(changes.titleChangedUserids());
        for (String userid : changedUsers) {
            assertThat(warehouse.userVersions(userid)).as("versions of changed user " + userid).containsExactly(
                    new Warehouse.Version(firstAsOf, secondAsOf, false), new Warehouse.Version(secondAsOf, null, true));
        }
        for (String userid : changes.leftUserids()) {
            assertThat(warehouse.userVersions(userid)).as("versions of leaver " + userid)
                    .containsExactly(new Warehouse.Version(firstAsOf, secondAsOf, false));
        }
        for (String userid : changes.joinedUserids()) {
            assertThat(warehouse.userVersions(userid)).containsExactly(new Warehouse.Version(secondAsOf, null, true));
        }
        int unchangedUsers = (int) before.users().stream().filter(u -> after.user(u.userid()).isPresent())
                .filter(u -> u.equals(after.user(u.userid()).orElseThrow())).count();
        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_user d WHERE is_current = TRUE AND valid_from = ?",
                LocalDateTime.ofInstant(firstAsOf, ZoneOffset.UTC))).as("unchanged users keep their only version")
                .isEqualTo(unchangedUsers);
        // memberships: a moved user's old membership is closed, the new one current
        for (ChangeLog.UserMove move : changes.movedUsers()) {
            assertThat(warehouse.membershipVersions(move.userid(), move.fromDeptId()))
                    .containsExactly(new Warehouse.Version(firstAsOf, secondAsOf, false));
            assertThat(warehouse.membershipVersions(move.userid(), move.toDeptId()))
                    .endsWith(new Warehouse.Version(secondAsOf, null, true));
        }
        // departments: a removed one has no current row; a renamed one two versions
        for (long deptId : changes.removedDeptIds()) {
            assertThat(warehouse.departmentVersions(deptId)).containsExactly(new Warehouse.Version(firstAsOf, secondAsOf, false));
        }
        for (long deptId : changes.renamedDeptIds()) {
            assertThat(warehouse.departmentVersions(deptId)).hasSize(2).last().isEqualTo(new Warehouse.Version(secondAsOf, null, true));
        }
        Map<String, Object> counts = jdbc.queryForMap("SELECT * FROM etl_sync_run WHERE run_date = ?", DAY_2);
        assertThat(((Number) counts.get("users_closed")).intValue()).isEqualTo(changes.leftUserids().size());
        assertThat(((Number) counts.get("users_inserted")).intValue()).isEqualTo(changes.joinedUserids().size());
    }

    @Test
    void unchangedOrganizationGetsNoNewVersions() throws Exception {
        run(DAY_1);
        Map<String, List<Map<String, Object>>> first = warehouse.snapshot();

        assertThat(run(DAY_2).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_user")).isEqualTo(first.get("dim_user").size());
        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_department")).isEqualTo(first.get("dim_department").size());
        assertThat(warehouse.count("SELECT COUNT(*) FROM bridge_user_department")).isEqualTo(first.get("bridge_user_department").size());
        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_user WHERE valid_to IS NOT NULL")).isZero();
    }

    @Test
    void failureFetchingUsersThenRestartCompletesWithoutRepeatingACommittedPage() throws Exception {
        simulator.failAfter(DingTalkEndpoint.USER_LIST, Math.max(17, DEPARTMENTS / 2), Fault.SYSTEM_BUSY);
        JobExecution failed = run(DAY_1);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        Set<String> firstPages = answeredPages(DingTalkEndpoint.USER_LIST);
        Set<String> committed = committedUserPages(failed, firstPages);
        long departmentCalls = simulator.callCount(DingTalkEndpoint.DEPARTMENT_LISTSUB);
        assertThat(committed).as("the failure came after some pages were committed").isNotEmpty();

        simulator.clearFaults();
        simulator.resetCallLog();
        JobExecution restarted = run(DAY_1);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        warehouse.assertMatches(simulator.org().truth());
        Set<String> secondPages = answeredPages(DingTalkEndpoint.USER_LIST);
        assertThat(secondPages).as("pages committed before the failure are not fetched again").doesNotContainAnyElementsOf(committed);
        Set<String> repeated = new HashSet<>(secondPages);
        repeated.retainAll(firstPages);
        System.out.printf("[restart] user pages: %d answered before the failure, %d of them committed; restart fetched %d, "
                + "repeating %d committed and %d uncommitted%n", firstPages.size(), committed.size(), secondPages.size(),
                0, repeated.size());
        assertThat(simulator.callCount(DingTalkEndpoint.DEPARTMENT_LISTSUB)).as("the completed walk is not repeated").isZero();
        assertThat(departmentCalls).isEqualTo(simulator.org().truth().departmentCount());
        assertThat(simulator.callCount(DingTalkEndpoint.DEPARTMENT_GET)).as("completed details are not repeated").isZero();
    }

    @Test
    void eachRunStagesIntoTablesOfItsOwnKeptForItsRestartAndDroppedOnceItCompletes() throws Exception {
        JobExecution first = run(DAY_1);
        assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(staging.stagedRuns()).as("a completed run's staging is dropped").isEmpty();
        long completedRun = first.getJobInstance().getInstanceId();
        staging.create(completedRun); // as a process that died between publishing and dropping would leave it

        simulator.failAfter(DingTalkEndpoint.USER_LIST, Math.max(5, DEPARTMENTS / 4), Fault.SYSTEM_BUSY);
        JobExecution failed = run(DAY_2);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        long failedRun = failed.getJobInstance().getInstanceId();
        assertThat(staging.stagedRuns()).as("the completed run's leftovers are dropped when the next run starts; "
                + "the failed run keeps its own for the restart").containsExactly(failedRun);
        StagingTables tables = StagingTables.of(failedRun);
        assertThat(warehouse.count("SELECT COUNT(*) FROM " + tables.departments())).isEqualTo(simulator.org().truth().departmentCount());
        assertThat(warehouse.count("SELECT COUNT(*) FROM " + tables.listings())).isPositive();

        simulator.clearFaults();
        JobExecution restarted = run(DAY_2);
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failedRun);
        warehouse.assertMatches(simulator.org().truth());
        assertThat(staging.stagedRuns()).isEmpty();
    }

    @Test
    void failureInTheDepartmentWalkThenRestartResumesMidWalk() throws Exception {
        simulator.failAfter(DingTalkEndpoint.DEPARTMENT_LISTSUB, Math.max(17, DEPARTMENTS / 2), Fault.HTTP_502_HTML);
        JobExecution failed = run(DAY_1);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        ExecutionContext walk = stepContext(failed, "departments");
        int expandedSeq = walk.getInt(DepartmentTreeReader.EXPANDED_SEQ);
        assertThat(expandedSeq).as("some pages were committed").isGreaterThan(1);
        long runId = failed.getJobInstance().getInstanceId();
        Set<String> committed = new HashSet<>();
        jdbc.queryForList("SELECT dept_id FROM " + StagingTables.of(runId).departments() + " WHERE walk_seq <= ?",
                        Long.class, expandedSeq)
                .forEach(id -> committed.add("dept_id=" + id));

        simulator.clearFaults();
        simulator.resetCallLog();
        JobExecution restarted = run(DAY_1);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        warehouse.assertMatches(simulator.org().truth());
        Set<String> secondPages = answeredPages(DingTalkEndpoint.DEPARTMENT_LISTSUB);
        assertThat(secondPages).doesNotContainAnyElementsOf(committed);
        System.out.printf("[restart] listsub pages: %d committed before the failure; restart fetched %d, repeating 0 committed%n",
                committed.size(), secondPages.size());
        assertThat(secondPages.size() + committed.size()).as("every department expanded exactly once across both executions")
                .isEqualTo(simulator.org().truth().departmentCount());
    }

    @Test
    void deletionGuardRefusesAMassDeletionAndLeavesTheWarehouseUnchanged() throws Exception {
        run(DAY_1);
        Map<String, List<Map<String, Object>>> before = warehouse.snapshot();
        SimulatedOrg org = simulator.org();
        List<String> leavers = org.truth().users().stream().map(OrgTruth.TruthUser::userid)
                .filter(id -> !id.equals(bossOf(org.truth()))).limit(org.truth().userCount() / 5).toList();
        leavers.forEach(org::removeUser);

        JobExecution refused = run(DAY_2);

        assertThat(refused.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(Failures.first(refused.getAllFailureExceptions())).contains(leavers.size() + " of " + USERS + " current users", "max-delete-ratio=0.1", "Nothing was changed", "allowMassDelete=true");
        assertThat(warehouse.snapshot()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT status FROM etl_sync_run WHERE run_date = ?", String.class, DAY_2)).isEqualTo("FAILED");

        JobExecution allowed = run(DAY_2, true);

        assertThat(allowed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        warehouse.assertMatches(org.truth());
        assertThat(warehouse.count("SELECT users_closed FROM etl_sync_run WHERE run_date = ?", DAY_2)).isEqualTo(leavers.size());
    }

    @Test
    void scopeErrorFailsNamingTheDepartmentAndIsNeverTakenAsDeletion() throws Exception {
        run(DAY_1);
        Map<String, List<Map<String, Object>>> before = warehouse.snapshot();
        long denied = simulator.org().truth().departments().stream().filter(d -> d.depth() == 1).findFirst().orElseThrow().deptId();
        simulator.denyScope(denied);

        JobExecution execution = run(DAY_2);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(Failures.first(execution.getAllFailureExceptions())).contains("dept_id=" + denied, "50004", "contact scope");
        assertThat(warehouse.snapshot()).isEqualTo(before);
    }

    @Test
    void oddlyLongValuesNeverFailTheNight() throws Exception {
        OrgTruth truth = simulator.org().truth();
        String userid = truth.users().stream().map(OrgTruth.TruthUser::userid)
                .filter(id -> truth.memberships().stream().filter(m -> m.userid().equals(id)).count() > 1)
                .findFirst().orElseThrow(); // listed on two member pages: one record, one warning counted
        String title = "高级技术专家兼架构委员会委员，".repeat(20);         // 300 characters: DingTalk allows 200 today
        String workPlace = "浙江省杭州市余杭区文一西路969号".repeat(30);     // 510 characters: users.work_place holds 500
        String extension = "{\"简介\":\"" + "热爱开源".repeat(750) + "\"}"; // 3,009 characters: TEXT
        simulator.org().updateUser(userid, Map.of("title", title, "work_place", workPlace, "extension", extension));
        long deptId = truth.departments().stream().filter(d -> d.depth() == 2).findFirst().orElseThrow().deptId();
        String deptName = "华东区域数字化转型与客户成功事业部".repeat(18);     // 306 characters: departments.name holds 255
        simulator.org().renameDepartment(deptId, deptName);

        JobExecution execution = run(DAY_1);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> user = jdbc.queryForMap(
                "SELECT title, work_place, extension FROM dim_user WHERE userid = ? AND is_current = TRUE", userid);
        assertThat(user.get("title")).as("fits the widened column: stored whole").isEqualTo(title);
        assertThat(user.get("extension")).as("TEXT: stored whole").isEqualTo(extension);
        assertThat(user.get("work_place")).as("cut to its column").isEqualTo(workPlace.substring(0, 500));
        assertThat(jdbc.queryForObject("SELECT name FROM dim_department WHERE dept_id = ? AND is_current = TRUE",
                String.class, deptId)).isEqualTo(deptName.substring(0, 255));
        Map<String, Object> counted = jdbc.queryForMap(
                "SELECT values_truncated, values_truncated_columns, report_markdown FROM etl_sync_run WHERE run_date = ?", DAY_1);
        assertThat(((Number) counted.get("values_truncated")).intValue()).isEqualTo(2);
        assertThat(counted.get("values_truncated_columns")).isEqualTo("{\"departments.name\":1,\"users.work_place\":1}");
        assertThat(summary(execution))
                .contains("\n  Warnings: 2 values cut to fit their columns (departments.name 1, users.work_place 1)\n");
        assertThat((String) counted.get("report_markdown"))
                .contains("**Warnings:** 2 values cut to fit their columns (departments.name 1, users.work\\_place 1)");

        assertThat(run(DAY_2).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(warehouse.userVersions(userid)).as("cut the same way the next night: no new version").hasSize(1);
        assertThat(warehouse.departmentVersions(deptId)).hasSize(1);
        assertThat(warehouse.count("SELECT values_truncated FROM etl_sync_run WHERE run_date = ?", DAY_2)).isEqualTo(2);
    }

    @Test
    void valuesCutAreCountedOncePerRecordAcrossPartitionsAndARestart() throws Exception {
        OrgTruth truth = simulator.org().truth();
        List<String> odd = truth.users().stream().map(OrgTruth.TruthUser::userid).filter(id -> id.hashCode() % 7 == 0).toList();
        odd.forEach(id -> simulator.org().updateUser(id, Map.of("job_number", "EMP-" + "0".repeat(300) + id)));
        assertThat(odd).hasSizeGreaterThan(USERS / 20);
        simulator.failAfter(DingTalkEndpoint.USER_LIST, Math.max(17, DEPARTMENTS / 2), Fault.SYSTEM_BUSY);
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.FAILED);
        simulator.clearFaults();

        JobExecution restarted = run(DAY_1);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(warehouse.count("SELECT values_truncated FROM etl_sync_run WHERE run_date = ?", DAY_1)).isEqualTo(odd.size());
        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_user WHERE is_current = TRUE AND LENGTH(job_number) = 255"))
                .isEqualTo(odd.size());
        assertThat(summary(restarted)).contains("Warnings: " + odd.size() + " values cut to fit their columns (users.job_number "
                + odd.size() + ")");
    }

    @Test
    void textColumnsHoldWhatTheFieldMapperKeeps() {
        staging.create(999_999);
        try {
            for (TextColumn column : TextColumn.values()) {
                String dimension = column.table() == TextColumn.Table.USERS ? "dim_user" : "dim_department";
                StagingTables run = StagingTables.of(999_999);
                String stagingTable = column.table() == TextColumn.Table.USERS ? run.listings() : run.departments();
                for (String table : List.of(dimension, stagingTable)) {
                    long length = jdbc.queryForObject("""
                            SELECT character_maximum_length FROM information_schema.columns
                            WHERE LOWER(table_name) = ? AND LOWER(column_name) = ? AND table_schema = SCHEMA()""",
                            Long.class, table, column.column());
                    if (column.length() == TextColumn.TEXT) {
                        assertThat(length).as(table + "." + column.column() + " is a TEXT column").isGreaterThanOrEqualTo(65_535);
                    } else {
                        assertThat(length).as(table + "." + column.column()).isEqualTo(column.length());
                    }
                }
            }
        } finally {
            staging.drop(999_999);
        }
    }

    /** The closing lines the command line prints for the execution (RunSummary is the command line's own). */
    private String summary(JobExecution execution) {
        return ReflectionTestUtils.invokeMethod(context.getBean("runSummary"), "render", execution, Duration.ofSeconds(1));
    }

    private static String bossOf(OrgTruth truth) {
        return truth.users().stream().filter(u -> Boolean.TRUE.equals(u.boss())).findFirst().orElseThrow().userid();
    }

    private Instant asOf() {
        return jdbc.queryForObject("SELECT MAX(as_of) FROM etl_sync_run", LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    private static ExecutionContext stepContext(JobExecution execution, String stepName) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().equals(stepName)).findFirst()
                .orElseThrow().getExecutionContext();
    }
}
