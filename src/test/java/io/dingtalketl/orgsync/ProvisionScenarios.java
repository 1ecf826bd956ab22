package io.dingtalketl.orgsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.eventsync.EventSyncJobConfiguration;
import io.dingtalketl.provision.HrMasterLoader;
import io.dingtalketl.provision.InvalidHrMasterException;
import io.dingtalketl.provision.ItemStatus;
import io.dingtalketl.provision.MassDeletionRefusedException;
import io.dingtalketl.provision.PlanAction;
import io.dingtalketl.provision.PlanItem;
import io.dingtalketl.provision.PlanStore;
import io.dingtalketl.provision.ProvisionJobConfiguration;
import io.dingtalketl.provision.Provisioning;
import io.dingtalketl.simulator.CallHold;
import io.dingtalketl.simulator.CallRecord;
import io.dingtalketl.simulator.Fault;
import io.dingtalketl.simulator.OrgTruth;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Provisioning against the simulator's write APIs, after an org sync has filled the warehouse: the HR master is
 * written to hr_department / hr_employee / hr_employee_department, planned, applied by provisionJob, and brought
 * back into the warehouse by eventSyncJob. The client's read timeout is short so that a held write times out (its
 * answer lost while DingTalk executes it).
 */
@TestPropertySource(properties = {"dingtalk.read-timeout=5s", "etl.provision.max-delete-ratio=0.10"})
abstract class ProvisionScenarios extends AbstractOrgSyncTest {

    private static final Set<DingTalkEndpoint> WRITES = Set.of(DingTalkEndpoint.values()).stream()
            .filter(DingTalkEndpoint::writes).collect(Collectors.toSet());

    @Autowired
    Job provisionJob;
    @Autowired
    Job eventSyncJob;
    @Autowired
    Provisioning provisioning;
    @Autowired
    PlanStore plans;
    @Autowired
    HrMasterLoader loader;
    @Autowired
    DingTalkClient client;

    private OrgTruth before;
    /** Existing DingTalk users the HR master links to: u1 by job number, u3 by mobile (u3 has no job number in HR). */
    private OrgTruth.TruthUser u1;
    private OrgTruth.TruthUser u2;
    private OrgTruth.TruthUser u3;

    @BeforeEach
    void organizationInTheWarehouseAndAnEmptyHrMaster() throws Exception {
        for (String table : List.of("hr_employee_role", "hr_employee_department", "hr_employee", "hr_department", "prov_plan_item", "prov_plan",
                "map_account_user")) {
            jdbc.update("DELETE FROM " + table);
        }
        assertThat(run(LocalDate.of(2026, 11, 22)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        before = simulator.org().truth();
        List<OrgTruth.TruthUser> withJobNumbers = before.users().stream()
                .filter(u -> u.jobNumber() != null && u.mobile() != null).toList();
        u1 = withJobNumbers.get(0);
        u2 = withJobNumbers.get(1);
        u3 = withJobNumbers.get(2);
        simulator.resetCallLog();
    }

    // ------------------------------------------------------------------ the HR master of round 1

    /** A (root child), B under A; e1 = u1 (job number in other case and spaces) moved to B with a new title;
     *  e2 new in A; e3 = u3 (by mobile) left the company; e9 a leaver DingTalk never had. */
    private void roundOneMaster() {
        department("A", null, "Alpha Ops");
        department("B", "A", "Beta Team");
        employee("e1", "  " + u1.jobNumber().toLowerCase() + " ", u1.name(), null, null, "Chief Tester", true, "B");
        employee("e2", "HR-0002", "新员工甲", "13900000002", "e2@example.com", "Engineer", true, "A");
        employee("e3", null, u3.name(), u3.mobile(), null, null, false);
        employee("e9", "HR-0009", "Gone Before", "13900000009", null, null, false);
    }

    @Test
    void theFirstPlanCreatesParentsBeforeChildrenAndLinksUsersByJobNumberThenMobile() {
        roundOneMaster();

        long planId = provisioning.plan();

        assertThat(lines(plans.items(planId, 100))).containsExactly(
                "1 DEPARTMENT CREATE hr=A dt=null {name=Alpha Ops}",
                "2 DEPARTMENT CREATE hr=B dt=null {name=Beta Team, parentHrId=A}",
                "3 USER CREATE hr=e2 dt=null {name=新员工甲, mobile=13900000002, email=e2@example.com, title=Engineer, jobNumber=HR-0002, deptHrIds=[A]}",
                "4 USER UPDATE hr=e1 dt=" + u1.userid() + " {title=Chief Tester}",
                "5 USER MOVE hr=e1 dt=" + u1.userid() + " {deptHrIds=[B]}",
                "6 USER DEACTIVATE hr=e3 dt=" + u3.userid() + " {}");
        PlanStore.Plan plan = plans.plan(planId).orElseThrow();
        assertThat(plan.status()).isEqualTo("PLANNED");
        assertThat(plan.describeActions()).isEqualTo("departments: 2 create; users: 1 create, 1 update, 1 move, 1 deactivate");
        assertThat(writeCalls()).isEmpty();   // planning writes nothing to DingTalk
    }

    @Test
    void aStoredPlanStillHoldsUntilTheMasterOrTheWarehouseChangesAndAMobileWrittenDifferentlyIsNoChange() {
        roundOneMaster();
        jdbc.update("UPDATE hr_employee SET mobile = ? WHERE hr_id = 'e3'", "+86 " + u3.mobile().substring(0, 3) + "-"
                + u3.mobile().substring(3, 7) + "-" + u3.mobile().substring(7));
        long planId = provisioning.plan();

        assertThat(provisioning.staleness(planId)).as("nothing changed since the plan").isEmpty();
        assertThat(lines(plans.items(planId, 100))).as("e3 is still linked to u3 by its mobile in DingTalk's form")
                .contains("6 USER DEACTIVATE hr=e3 dt=" + u3.userid() + " {}");

        jdbc.update("UPDATE hr_employee SET title = 'Head Tester' WHERE hr_id = 'e1'");

        assertThat(provisioning.staleness(planId)).get().asString()
                .startsWith("Plan " + planId + " (computed ")
                .contains("a plan computed now has 6 items, 1 of them not in plan " + planId + ", and 1 of its 6 items are no longer needed")
                .endsWith("Run provision for a fresh plan.");
        assertThat(writeCalls()).isEmpty();
    }

    @Test
    void anIdentityMatchingLinkOfTheHrSystemLinksAnEmployeeBeforeJobNumberAndMobile() {
        department("A", null, "Alpha Ops");
        employee("e5", "NO-SUCH-NUMBER", "Linked Person", null, null, "Linked By Identity", true, "A");
        // the identity matching linked account e5 of system 'hr' to u2 (a closed link to u1 is history, not a link)
        jdbc.update("""
                INSERT INTO map_account_user (source_system, account_id, userid, match_rule, valid_from, valid_to, is_current,
                  close_reason, opened_run, closed_run) VALUES
                  ('hr', 'e5', ?, 'employee-number', '2026-11-01 00:00:00', '2026-11-20 00:00:00', FALSE, 'relinked', 1, 2),
                  ('hr', 'e5', ?, 'email', '2026-11-20 00:00:00', NULL, TRUE, NULL, 2, NULL)""", u1.userid(), u2.userid());

        long planId = provisioning.plan();

        assertThat(lines(plans.items(planId, 100))).containsExactly(
                "1 DEPARTMENT CREATE hr=A dt=null {name=Alpha Ops}",
                "2 USER UPDATE hr=e5 dt=" + u2.userid() + " {name=Linked Person, title=Linked By Identity}",
                "3 USER MOVE hr=e5 dt=" + u2.userid() + " {deptHrIds=[A]}");
    }

    @Test
    void applyMakesDingTalkHoldTheHrMasterTheWarehouseShowsItAndApplyingAgainWritesNothing() throws Exception {
        roundOneMaster();

        long planId = provisioning.plan();
        JobExecution applied = apply(planId, false);

        assertThat(applied.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(plans.plan(planId).orElseThrow().status()).isEqualTo("APPLIED");
        assertThat(plans.items(planId, ItemStatus.APPLIED)).hasSize(6);
        OrgTruth after = simulator.org().truth();
        OrgTruth.TruthDepartment a = bySource(after, "A");
        OrgTruth.TruthDepartment b = bySource(after, "B");
        assertThat(a.parentId()).isEqualTo(1L);
        assertThat(a.name()).isEqualTo("Alpha Ops");
        assertThat(b.parentId()).isEqualTo(a.deptId());
        assertThat(b.name()).isEqualTo("Beta Team");
        assertThat(after.user(u1.userid()).orElseThrow().title()).isEqualTo("Chief Tester");
        assertThat(deptsOf(after, u1.userid())).containsExactly(b.deptId());
        OrgTruth.TruthUser e2 = after.users().stream().filter(u -> "13900000002".equals(u.mobile())).findFirst().orElseThrow();
        assertThat(e2.name()).isEqualTo("新员工甲");
        assertThat(e2.jobNumber()).isEqualTo("HR-0002");
        assertThat(e2.email()).isEqualTo("e2@example.com");
        assertThat(deptsOf(after, e2.userid())).containsExactly(a.deptId());
        assertThat(after.user(u3.userid())).isEmpty();
        assertThat(after.userCount()).isEqualTo(before.userCount());   // one created, one deactivated
        assertThat(successfulWrites(DingTalkEndpoint.DEPARTMENT_CREATE)).isEqualTo(2);
        assertThat(successfulWrites(DingTalkEndpoint.USER_CREATE)).isEqualTo(1);
        assertThat(successfulWrites(DingTalkEndpoint.USER_DELETE)).isEqualTo(1);

        assertThat(syncChanges().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_department WHERE is_current AND source_identifier = 'B' AND parent_dept_id = ?",
                a.deptId())).isEqualTo(1);
        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_user WHERE is_current AND userid = ?", e2.userid())).isEqualTo(1);
        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_user WHERE is_current AND userid = ?", u3.userid())).isZero();
        assertThat(warehouse.count("SELECT COUNT(*) FROM bridge_user_department WHERE is_current AND userid = ?", u1.userid())).isEqualTo(1);

        simulator.resetCallLog();
        long again = provisioning.plan();
        assertThat(plans.plan(again).orElseThrow().items()).isZero();
        assertThat(apply(again, false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(writeCalls()).isEmpty();
        assertThat(simulator.calls()).noneMatch(c -> c.endpoint() == DingTalkEndpoint.USER_GETBYMOBILE
                || c.endpoint() == DingTalkEndpoint.DEPARTMENT_LISTSUB);
    }

    @Test
    void aChangedMasterRenamesMovesAndDeletesMovingMembersAndChildrenOutFirst() throws Exception {
        roundOneMaster();
        applyAndSync(provisioning.plan());
        // B renamed and moved under a new C; A leaves the master, so e2 moves from A to C
        department("C", null, "Gamma Unit");
        jdbc.update("UPDATE hr_department SET name = 'Beta Renamed', parent_hr_id = 'C' WHERE hr_id = 'B'");
        jdbc.update("DELETE FROM hr_employee_department WHERE employee_hr_id = 'e2'");
        jdbc.update("INSERT INTO hr_employee_department VALUES ('e2', 'C')");
        jdbc.update("DELETE FROM hr_department WHERE hr_id = 'A'");
        OrgTruth round1 = simulator.org().truth();
        long a = bySource(round1, "A").deptId();
        long b = bySource(round1, "B").deptId();
        String e2 = round1.users().stream().filter(u -> "13900000002".equals(u.mobile())).findFirst().orElseThrow().userid();
        simulator.resetCallLog();

        long planId = provisioning.plan();

        assertThat(lines(plans.items(planId, 100))).containsExactly(
                "1 DEPARTMENT CREATE hr=C dt=null {name=Gamma Unit}",
                "2 DEPARTMENT UPDATE hr=B dt=" + b + " {name=Beta Renamed}",
                "3 DEPARTMENT MOVE hr=B dt=" + b + " {parentHrId=C}",
                "4 USER MOVE hr=e2 dt=" + e2 + " {deptHrIds=[C]}",
                "5 DEPARTMENT DELETE hr=A dt=" + a + " {}");
        assertThat(apply(planId, false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        OrgTruth after = simulator.org().truth();
        OrgTruth.TruthDepartment c = bySource(after, "C");
        assertThat(after.department(a)).isEmpty();
        assertThat(after.department(b).orElseThrow().parentId()).isEqualTo(c.deptId());
        assertThat(after.department(b).orElseThrow().name()).isEqualTo("Beta Renamed");
        assertThat(deptsOf(after, e2)).containsExactly(c.deptId());
        assertThat(plans.items(planId, ItemStatus.APPLIED)).hasSize(5);
    }

    @Test
    void rolesOfTheHrMasterAreCreatedOnceAndGivenToTheirUsers() throws Exception {
        roundOneMaster();
        role("e1", "职务", "Team Lead");
        role("e2", "职务", "Team Lead");
        role("e2", "职务", "Mentor");
        role("e3", "职务", "Mentor");   // a leaver: no role

        long planId = provisioning.plan();

        assertThat(lines(plans.items(planId, 100)).subList(5, 12)).containsExactly(
                "6 ROLE_GROUP CREATE hr=职务 dt=null {name=职务}",
                "7 ROLE CREATE hr=职务/Mentor dt=null {roleGroup=职务, roleName=Mentor}",
                "8 ROLE CREATE hr=职务/Team Lead dt=null {roleGroup=职务, roleName=Team Lead}",
                "9 ROLE ASSIGN hr=e2 dt=null {roleGroup=职务, roleName=Mentor}",
                "10 ROLE ASSIGN hr=e1 dt=" + u1.userid() + " {roleGroup=职务, roleName=Team Lead}",
                "11 ROLE ASSIGN hr=e2 dt=null {roleGroup=职务, roleName=Team Lead}",
                "12 USER DEACTIVATE hr=e3 dt=" + u3.userid() + " {}");
        assertThat(plans.plan(planId).orElseThrow().describeActions())
                .isEqualTo("departments: 2 create; users: 1 create, 1 update, 1 move, 1 deactivate; role groups: 1 create; roles: 2 create, 3 assign");

        applyAndSync(planId);

        String e2 = simulator.org().truth().users().stream().filter(u -> "13900000002".equals(u.mobile())).findFirst().orElseThrow().userid();
        assertThat(simulator.org().roleGroups().values()).containsExactly("职务");
        assertThat(simulator.org().roles()).extracting(r -> r.groupName() + "/" + r.name() + " " + new TreeSet<>(r.userids()))
                .containsExactlyInAnyOrder("职务/Mentor " + new TreeSet<>(List.of(e2)), "职务/Team Lead " + new TreeSet<>(List.of(u1.userid(), e2)));
        simulator.resetCallLog();
        long again = provisioning.plan();
        assertThat(plans.plan(again).orElseThrow().items()).isZero();
        role("e1", "职务", "Mentor");
        long more = provisioning.plan();
        assertThat(lines(plans.items(more, 100))).containsExactly("1 ROLE ASSIGN hr=e1 dt=" + u1.userid() + " {roleGroup=职务, roleName=Mentor}");
        assertThat(apply(more, false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(simulator.org().roles()).filteredOn(r -> r.name().equals("Mentor")).singleElement()
                .extracting(r -> new TreeSet<>(r.userids())).isEqualTo(new TreeSet<>(List.of(u1.userid(), e2)));
        assertThat(successfulWrites(DingTalkEndpoint.ROLE_ADD_GROUP)).isZero();
        assertThat(successfulWrites(DingTalkEndpoint.ROLE_ADD)).isZero();
    }

    @Test
    void rolesAlreadyInDingTalkAreNotPlannedAsCreatesAndAreGivenByTheIdsRoleListFinds() throws Exception {
        roundOneMaster();
        role("e1", "职务", "Team Lead");
        role("e1", "职务", "Mentor");
        // made by hand in DingTalk: the group, and one of the two roles
        long group = client.addRoleGroup("职务");
        long teamLead = client.addRole(group, "Team Lead");
        simulator.resetCallLog();

        long planId = provisioning.plan();

        assertThat(simulator.calls()).extracting(CallRecord::endpoint).filteredOn(e -> e != DingTalkEndpoint.GET_TOKEN)
                .as("a dry run reads DingTalk's roles, once, and writes nothing").containsExactly(DingTalkEndpoint.ROLE_LIST);
        assertThat(lines(plans.items(planId, 100))).filteredOn(l -> l.contains(" ROLE")).containsExactly(
                "6 ROLE CREATE hr=职务/Mentor dt=null {roleGroup=职务, roleName=Mentor}",
                "7 ROLE ASSIGN hr=e1 dt=" + u1.userid() + " {roleGroup=职务, roleName=Mentor}",
                "8 ROLE ASSIGN hr=e1 dt=" + u1.userid() + " {roleGroup=职务, roleName=Team Lead}");

        applyAndSync(planId);

        assertThat(simulator.org().roleGroups()).containsOnlyKeys(group);
        assertThat(simulator.org().roles()).extracting(r -> r.roleId() == teamLead, r -> r.groupName() + "/" + r.name() + " " + r.userids())
                .containsExactlyInAnyOrder(tuple(true, "职务/Team Lead [" + u1.userid() + "]"), tuple(false, "职务/Mentor [" + u1.userid() + "]"));
        assertThat(successfulWrites(DingTalkEndpoint.ROLE_ADD_GROUP)).isZero();
        assertThat(successfulWrites(DingTalkEndpoint.ROLE_ADD)).isEqualTo(1);
    }

    @Test
    void aRoleGroupCreateWhoseAnswerWasLostIsFoundByRoleListOnResumeAndNotCreatedTwice() throws Exception {
        department("A", null, "Alpha Ops");
        employee("n1", "HR-0301", "新人丙", "13900000301", null, null, true, "A");
        role("n1", "职务", "Team Lead");
        long planId = provisioning.plan();
        assertThat(lines(plans.items(planId, 100))).extracting(l -> l.split(" hr=")[0]).containsExactly(
                "1 DEPARTMENT CREATE", "2 USER CREATE", "3 ROLE_GROUP CREATE", "4 ROLE CREATE", "5 ROLE ASSIGN");
        // the role group is created in DingTalk, but its answer never comes back: the client times out and does not
        // send it again (DingTalk may have executed it); the run fails at item 3
        CallHold hold = simulator.holdAfter(DingTalkEndpoint.ROLE_ADD_GROUP, 0);

        JobExecution failed = apply(planId, false);

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(hold.awaitHeld(Duration.ZERO)).isTrue();
        assertThat(plans.items(planId, ItemStatus.PLANNED)).extracting(PlanItem::seq).containsExactly(3, 4, 5);
        hold.release();   // now DingTalk executes the held create
        awaitSuccessful(DingTalkEndpoint.ROLE_ADD_GROUP, 1);

        JobExecution resumed = apply(planId, false);

        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(plans.items(planId, ItemStatus.APPLIED)).hasSize(5);
        PlanItem groupItem = plans.items(planId, 100).get(2);
        assertThat(groupItem.errmsg()).isEqualTo("already in DingTalk (found by role/list)");
        assertThat(simulator.org().roleGroups()).containsOnlyKeys(Long.parseLong(groupItem.dingtalkId()));
        assertThat(simulator.org().roleGroups().values()).containsExactly("职务");
        String n1 = plans.items(planId, 100).get(1).dingtalkId();
        assertThat(simulator.org().roles()).singleElement().satisfies(r -> {
            assertThat(r.groupName() + "/" + r.name()).isEqualTo("职务/Team Lead");
            assertThat(r.userids()).containsExactly(n1);
        });
        assertThat(calls(DingTalkEndpoint.ROLE_ADD_GROUP)).hasSize(1);
        assertThat(calls(DingTalkEndpoint.ROLE_ADD)).hasSize(1);
    }

    @Test
    void anApplyWhoseWriteAnswerWasLostResumesAndAppliesEveryItemExactlyOnce() throws Exception {
        department("A", null, "Alpha Ops");
        department("B", null, "Beta Team");
        for (int i = 1; i <= 4; i++) {
            employee("n" + i, "HR-010" + i, "新人" + i, "1390000010" + i, null, null, true, i % 2 == 0 ? "A" : "B");
        }
        long planId = provisioning.plan();
        // the 2nd user/create reaches DingTalk but its answer never comes back: the client times out and,
        // since DingTalk may have executed it, does not send it again; the run fails there
        CallHold hold = simulator.holdAfter(DingTalkEndpoint.USER_CREATE, 1);

        JobExecution failed = apply(planId, false);

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(hold.awaitHeld(Duration.ZERO)).isTrue();
        assertThat(plans.items(planId, ItemStatus.PLANNED)).extracting(PlanItem::seq).containsExactly(4, 5, 6);
        hold.release();   // now DingTalk executes the held create
        awaitSuccessful(DingTalkEndpoint.USER_CREATE, 2);

        JobExecution resumed = apply(planId, false);

        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(plans.items(planId, ItemStatus.APPLIED)).hasSize(6);
        assertThat(plans.items(planId, 100).get(3).errmsg()).isEqualTo("already in DingTalk (found by mobile)");
        OrgTruth after = simulator.org().truth();
        for (int i = 1; i <= 4; i++) {
            String mobile = "1390000010" + i;
            assertThat(after.users().stream().filter(u -> mobile.equals(u.mobile()))).hasSize(1);
        }
        // one create per entity: 2 departments, 4 users (the held one counted once, where DingTalk executed it)
        assertThat(successfulWrites(DingTalkEndpoint.DEPARTMENT_CREATE)).isEqualTo(2);
        assertThat(successfulWrites(DingTalkEndpoint.USER_CREATE)).isEqualTo(4);
        assertThat(calls(DingTalkEndpoint.USER_CREATE)).hasSize(4);
        assertThat(after.departments().stream().filter(d -> "A".equals(d.sourceIdentifier()))).hasSize(1);
    }

    @Test
    void aRunFailedBeforeItsWriteResumesWithoutWritingAnyItemTwice() throws Exception {
        department("A", null, "Alpha Ops");
        department("A1", "A", "Alpha One");
        department("A2", "A", "Alpha Two");
        employee("n1", "HR-0201", "新人甲", "13900000201", null, null, true, "A1");
        long planId = provisioning.plan();
        simulator.failAfter(DingTalkEndpoint.DEPARTMENT_CREATE, 2, Fault.HTTP_502_HTML);

        JobExecution failed = apply(planId, false);

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(plans.plan(planId).orElseThrow().status()).isEqualTo("INTERRUPTED");
        assertThat(plans.items(planId, ItemStatus.APPLIED)).extracting(PlanItem::seq).containsExactly(1, 2);
        simulator.clearFaults();
        JobExecution resumed = apply(planId, false);

        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(successfulWrites(DingTalkEndpoint.DEPARTMENT_CREATE)).isEqualTo(3);
        assertThat(successfulWrites(DingTalkEndpoint.USER_CREATE)).isEqualTo(1);
        OrgTruth after = simulator.org().truth();
        assertThat(bySource(after, "A2").parentId()).isEqualTo(bySource(after, "A").deptId());
    }

    @Test
    void aDeactivationOfAUserAlreadyGoneCountsAsDoneAndTheWarehouseClosesTheUser() throws Exception {
        roundOneMaster();
        applyAndSync(provisioning.plan());
        jdbc.update("UPDATE hr_employee SET active = FALSE WHERE hr_id = 'e1'");
        long planId = provisioning.plan();
        simulator.org().removeUser(u1.userid());   // deleted in DingTalk meanwhile (or by a run whose answer was lost)

        assertThat(apply(planId, false).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        PlanItem deactivate = plans.items(planId, 100).get(0);
        assertThat(deactivate.action()).isEqualTo(PlanAction.DEACTIVATE);
        assertThat(deactivate.status()).isEqualTo(ItemStatus.APPLIED);
        assertThat(deactivate.errmsg()).startsWith("already gone: ");
        assertThat(syncChanges().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(warehouse.count("SELECT COUNT(*) FROM dim_user WHERE is_current AND userid = ?", u1.userid())).isZero();
    }

    @Test
    void theDeletionGuardRefusesAMassDeactivationUnlessAllowed() throws Exception {
        List<OrgTruth.TruthUser> leavers = before.users().stream().filter(u -> u.jobNumber() != null).limit(before.userCount() / 10 + 1).toList();
        int n = 0;
        for (OrgTruth.TruthUser leaver : leavers) {
            employee("L" + n++, leaver.jobNumber(), leaver.name(), null, null, null, false);
        }
        long planId = provisioning.plan();

        JobExecution refused = apply(planId, false);

        assertThat(refused.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(refused.getAllFailureExceptions()).singleElement().isInstanceOf(MassDeletionRefusedException.class)
                .extracting(Throwable::getMessage).asString()
                .contains("deactivates " + leavers.size() + " of " + before.userCount() + " current users")
                .contains("etl.provision.max-delete-ratio=0.1").contains("allowMassDelete=true");
        assertThat(writeCalls()).isEmpty();
        assertThat(plans.items(planId, ItemStatus.PLANNED)).hasSize(leavers.size());

        JobExecution allowed = apply(planId, true);   // the same plan again, allowed: resumes at the guard

        assertThat(allowed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(allowed.getJobInstance().getInstanceId()).isEqualTo(refused.getJobInstance().getInstanceId());
        assertThat(plans.items(planId, ItemStatus.APPLIED)).hasSize(leavers.size());
        assertThat(simulator.org().truth().userCount()).isEqualTo(before.userCount() - leavers.size());
    }

    @Test
    void itemsDingTalkRefusesAreRecordedWithErrcodeTheirDependentsSkippedAndTheRestApplied() throws Exception {
        roundOneMaster();
        applyAndSync(provisioning.plan());
        long b = bySource(simulator.org().truth(), "B").deptId();
        simulator.org().removeDepartment(b);   // removed in DingTalk since the last sync: the warehouse still has it
        department("Q", "B", "Quality");
        employee("e7", "HR-0007", "新员工乙", "13900000007", null, null, true, "Q");
        jdbc.update("UPDATE hr_employee SET mobile = ? WHERE hr_id = 'e1'", u2.mobile());   // u2's mobile: taken
        jdbc.update("UPDATE hr_employee SET title = 'Lead Engineer' WHERE hr_id = 'e2'");
        simulator.resetCallLog();

        long planId = provisioning.plan();
        JobExecution applied = apply(planId, false);

        assertThat(applied.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(plans.plan(planId).orElseThrow().status()).isEqualTo("APPLIED_WITH_ERRORS");
        Map<String, PlanItem> byHrAction = plans.items(planId, 100).stream()
                .collect(Collectors.toMap(i -> i.hrId() + " " + i.action(), i -> i));
        PlanItem q = byHrAction.get("Q CREATE");
        assertThat(q.status()).isEqualTo(ItemStatus.FAILED);
        assertThat(q.errcode()).isEqualTo(60004);
        PlanItem e7 = byHrAction.get("e7 CREATE");
        assertThat(e7.status()).isEqualTo(ItemStatus.SKIPPED);
        assertThat(e7.errmsg()).contains("department hr Q was not created (item " + q.seq() + " FAILED errcode 60004");
        PlanItem mobile = byHrAction.get("e1 UPDATE");
        assertThat(mobile.status()).isEqualTo(ItemStatus.FAILED);
        assertThat(mobile.errcode()).isEqualTo(60104);
        assertThat(byHrAction.get("e2 UPDATE").status()).isEqualTo(ItemStatus.APPLIED);
        OrgTruth after = simulator.org().truth();
        assertThat(after.users().stream().filter(u -> "13900000002".equals(u.mobile())).findFirst().orElseThrow().title())
                .isEqualTo("Lead Engineer");
        assertThat(after.users()).noneMatch(u -> "13900000007".equals(u.mobile()));
        assertThat(after.user(u1.userid()).orElseThrow().mobile()).isEqualTo(u1.mobile());
    }

    @Test
    void withoutTheWriteScopeEveryWriteIsRecordedAs60011AndItsDependentsSkipped() throws Exception {
        roundOneMaster();
        simulator.denyWrites();

        long planId = provisioning.plan();
        JobExecution applied = apply(planId, false);

        assertThat(applied.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(plans.items(planId, 100)).extracting(i -> i.seq() + " " + i.status() + " " + i.errcode()).containsExactly(
                "1 FAILED 60011", "2 SKIPPED null", "3 SKIPPED null", "4 FAILED 60011", "5 SKIPPED null", "6 FAILED 60011");
        assertThat(plans.items(planId, 100).get(1).errmsg()).startsWith("its parent department hr A was not created (item 1 FAILED errcode 60011");
        assertThat(plans.plan(planId).orElseThrow().status()).isEqualTo("APPLIED_WITH_ERRORS");
        assertThat(simulator.org().truth().user(u3.userid())).isPresent();
        assertThat(simulator.org().truth().users()).hasSize(before.userCount());
    }

    @Test
    void aMasterWithProblemsIsRefusedWithEveryProblemNamedAndNothingStored() {
        department("A", "Z", "Alpha");
        department("B", "C", "Beta");
        department("C", "B", "Gamma");
        department("D", null, "Bad-Name");
        employee("e1", "HR-1", "Someone", "13900000001", null, null, true, "NOPE");
        employee("e2", "HR-2", "Someone Else", "13900000001", null, null, true, "D");

        assertThatThrownBy(() -> provisioning.plan()).isInstanceOf(InvalidHrMasterException.class)
                .hasMessageContaining("hr_department A: parent_hr_id Z is not in hr_department.")
                .hasMessageContaining("hr_department B: its parents form a cycle")
                .hasMessageContaining("hr_department D: name 'Bad-Name' is not a DingTalk department name")
                .hasMessageContaining("employee e1 is in department NOPE, which is not in hr_department.")
                .hasMessageContaining("hr_employee e2: mobile 139****0001 is also active employee e1's.");
        assertThat(warehouse.count("SELECT COUNT(*) FROM prov_plan")).isZero();
        assertThat(warehouse.count("SELECT COUNT(*) FROM prov_plan_item")).isZero();
    }

    @Test
    void theHrMasterLoadsFromCsvFilesQuotedFieldsAndAllAndPlansLikeTheTables(@TempDir Path dir) throws Exception {
        Path departments = Files.writeString(dir.resolve("departments.csv"), """
                hr_id,parent_hr_id,name,display_order
                A,,Alpha Ops,
                B,A,"Beta Team",7
                """);
        Path employees = Files.writeString(dir.resolve("employees.csv"), """
                name,hr_id,job_number,mobile,email,title,active,departments
                "%s",e1,"  %s ",,,"Chief Tester, QA",true,B
                新员工甲,e2,HR-0002,13900000002,e2@example.com,Engineer,,A;B
                "%s",e3,,%s,,,false,
                """.formatted(u1.name(), u1.jobNumber().toLowerCase(), u3.name(), u3.mobile()));

        HrMasterLoader.Loaded loaded = loader.load(departments, employees);

        assertThat(loaded).isEqualTo(new HrMasterLoader.Loaded(2, 3, 3));
        assertThat(jdbc.queryForList("SELECT hr_id FROM hr_employee WHERE job_number = ?", String.class, u1.jobNumber().toLowerCase()))
                .containsExactly("e1");
        assertThat(jdbc.queryForObject("SELECT display_order FROM hr_department WHERE hr_id = 'B'", Long.class)).isEqualTo(7L);
        long planId = provisioning.plan();
        assertThat(lines(plans.items(planId, 100))).containsExactly(
                "1 DEPARTMENT CREATE hr=A dt=null {name=Alpha Ops}",
                "2 DEPARTMENT CREATE hr=B dt=null {name=Beta Team, parentHrId=A, order=7}",
                "3 USER CREATE hr=e2 dt=null {name=新员工甲, mobile=13900000002, email=e2@example.com, title=Engineer, jobNumber=HR-0002, deptHrIds=[A, B]}",
                "4 USER UPDATE hr=e1 dt=" + u1.userid() + " {title=Chief Tester, QA}",
                "5 USER MOVE hr=e1 dt=" + u1.userid() + " {deptHrIds=[B]}",
                "6 USER DEACTIVATE hr=e3 dt=" + u3.userid() + " {}");
    }

    @Test
    void aBadCsvFileIsRefusedNamingEachLineAndTheHrMasterKeepsWhatItHeld(@TempDir Path dir) throws Exception {
        department("KEPT", null, "Kept Department");
        Path departments = Files.writeString(dir.resolve("departments.csv"), """
                hr_id,parent_hr_id,name,display_order
                A,,Alpha,first
                A,,Again,
                """);
        Path employees = Files.writeString(dir.resolve("employees.csv"), """
                hr_id,name,mobile,email,title,active,departments
                e1,Someone,13900000001,,,maybe,A
                """);

        assertThatThrownBy(() -> loader.load(departments, employees)).isInstanceOf(InvalidHrMasterException.class)
                .hasMessageContaining("departments.csv line 2: display_order must be a whole number, was 'first'.")
                .hasMessageContaining("departments.csv line 3: hr_id A is also on record 1.")
                .hasMessageContaining("employees.csv: missing column job_number");
        Path fine = Files.writeString(dir.resolve("employees-ok.csv"), """
                hr_id,job_number,name,mobile,email,title,active,departments
                e1,HR-1,Someone,13900000001,,,true,NOPE
                """);
        Path goodDepartments = Files.writeString(dir.resolve("departments-ok.csv"), "hr_id,parent_hr_id,name,display_order\nA,,Alpha,\n");
        assertThatThrownBy(() -> loader.load(goodDepartments, fine)).isInstanceOf(InvalidHrMasterException.class)
                .hasMessageContaining("employee e1 is in department NOPE, which is not in hr_department.");
        assertThat(jdbc.queryForList("SELECT hr_id FROM hr_department", String.class)).containsExactly("KEPT");
        assertThat(warehouse.count("SELECT COUNT(*) FROM hr_employee")).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private void department(String hrId, String parent, String name) {
        jdbc.update("INSERT INTO hr_department (hr_id, parent_hr_id, name, display_order) VALUES (?, ?, ?, NULL)", hrId, parent, name);
    }

    private void employee(String hrId, String jobNumber, String name, String mobile, String email, String title, boolean active,
                          String... departments) {
        jdbc.update("INSERT INTO hr_employee (hr_id, job_number, name, mobile, email, title, active) VALUES (?, ?, ?, ?, ?, ?, ?)",
                hrId, jobNumber, name, mobile, email, title, active);
        for (String department : departments) {
            jdbc.update("INSERT INTO hr_employee_department (employee_hr_id, department_hr_id) VALUES (?, ?)", hrId, department);
        }
    }

    private void role(String employee, String group, String role) {
        jdbc.update("INSERT INTO hr_employee_role (employee_hr_id, role_group, role_name) VALUES (?, ?, ?)", employee, group, role);
    }

    private JobExecution apply(long planId, boolean allowMassDelete) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder().addLong(ProvisionJobConfiguration.PLAN_ID, planId);
        if (allowMassDelete) {
            parameters.addString(ProvisionJobConfiguration.ALLOW_MASS_DELETE, "true", false);
        }
        return jobOperator.start(provisionJob, parameters.toJobParameters());
    }

    private JobExecution syncChanges() throws Exception {
        return jobOperator.start(eventSyncJob, new JobParametersBuilder()
                .addLong(EventSyncJobConfiguration.TRIGGERED_AT, System.nanoTime()).toJobParameters());
    }

    private void applyAndSync(long planId) throws Exception {
        assertThat(apply(planId, false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(plans.items(planId, ItemStatus.APPLIED)).hasSize(plans.plan(planId).orElseThrow().items());
        assertThat(syncChanges().getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    private static List<String> lines(List<PlanItem> items) {
        List<String> lines = new ArrayList<>();
        for (PlanItem i : items) {
            lines.add(i.seq() + " " + i.kind() + " " + i.action() + " hr=" + i.hrId() + " dt=" + i.dingtalkId() + " " + i.intended());
        }
        return lines;
    }

    private static OrgTruth.TruthDepartment bySource(OrgTruth truth, String hrId) {
        List<OrgTruth.TruthDepartment> found = truth.departments().stream().filter(d -> hrId.equals(d.sourceIdentifier())).toList();
        assertThat(found).as("DingTalk departments with source_identifier " + hrId).hasSize(1);
        return found.get(0);
    }

    private static Set<Long> deptsOf(OrgTruth truth, String userid) {
        return truth.membershipsOf(userid).stream().map(OrgTruth.TruthMembership::deptId).collect(Collectors.toCollection(TreeSet::new));
    }

    private List<CallRecord> writeCalls() {
        return simulator.calls().stream().filter(c -> WRITES.contains(c.endpoint())).toList();
    }

    private long successfulWrites(DingTalkEndpoint endpoint) {
        return simulator.calls().stream().filter(c -> c.endpoint() == endpoint && c.succeeded()).count();
    }

    /** Waits until DingTalk has answered {@code count} calls of the endpoint successfully (the released held call). */
    private void awaitSuccessful(DingTalkEndpoint endpoint, int count) throws InterruptedException {
        assertThat(simulator.awaitCalls(c -> c.endpoint() == endpoint && c.succeeded(), count, Duration.ofSeconds(30))).isTrue();
        assertThat(successfulWrites(endpoint)).isEqualTo(count);
    }
}
