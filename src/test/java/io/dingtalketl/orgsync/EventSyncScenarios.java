package io.dingtalketl.orgsync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.eventsync.EventAttentionListener;
import io.dingtalketl.eventsync.EventSyncJobConfiguration;
import io.dingtalketl.events.EventInbox;
import io.dingtalketl.events.EventPayloads;
import io.dingtalketl.events.Transport;
import io.dingtalketl.ops.report.ChangeReport;
import io.dingtalketl.ops.report.ChangeReportService;
import io.dingtalketl.simulator.ChangeLog;
import io.dingtalketl.simulator.ChangeSpec;
import io.dingtalketl.simulator.ContactEventFeed;
import io.dingtalketl.simulator.Fault;
import io.dingtalketl.simulator.OrgTruth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event path: a full sync on day 1, then the simulator's contact events only, applied by eventSyncJob.
 * Events reach the inbox as DingTalk's HTTP push payloads (decrypted); the transports themselves are tested
 * on their own.
 */
@Import(EventSyncScenarios.Attention.class)
abstract class EventSyncScenarios extends AbstractOrgSyncTest {

    /** What the apply runs asked a person to look at. */
    static class Attention implements EventAttentionListener {

        final List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void needsAttention(String title, String text) {
            told.add(text);
        }
    }

    @Autowired
    Attention attention;

    private static final LocalDate DAY_1 = LocalDate.of(2026, 11, 22);
    private static final LocalDate DAY_2 = LocalDate.of(2026, 11, 23);

    @Autowired
    Job eventSyncJob;
    @Autowired
    EventInbox inbox;
    @Autowired
    ChangeReportService reports;

    private final List<ContactEventFeed.Event> raised = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<ContactEventFeed.Event> collector = raised::add;

    @BeforeEach
    void collectEvents() {
        attention.told.clear();
        simulator.org().events().subscribe(collector);
    }

    @AfterEach
    void stopCollecting() {
        simulator.org().events().unsubscribe(collector);
    }

    @Test
    void eventsAloneBringTheWarehouseToTheTruthWithVersionsAtTheirBirthTimes() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ChangeLog changes = simulator.org().applyDayOfChanges(99, ChangeSpec.typical());
        OrgTruth after = simulator.org().truth();
        deliver(raised);
        simulator.resetCallLog();

        assertThat(applyEvents().getStatus()).isEqualTo(BatchStatus.COMPLETED);

        warehouse.assertMatches(after);
        Instant bornAt = raised.get(0).bornAt();
        for (String userid : changes.renamedUserids()) {
            assertThat(warehouse.userVersions(userid)).last().isEqualTo(new Warehouse.Version(bornAt, null, true));
        }
        for (String userid : changes.leftUserids()) {
            assertThat(warehouse.userVersions(userid)).last().extracting(Warehouse.Version::validTo).isEqualTo(bornAt);
        }
        for (long deptId : changes.removedDeptIds()) {
            assertThat(warehouse.departmentVersions(deptId)).last().extracting(Warehouse.Version::validTo).isEqualTo(bornAt);
        }
        // one targeted call per changed entity, never a walk
        assertThat(simulator.callCount(DingTalkEndpoint.USER_LIST)).isZero();
        assertThat(simulator.callCount(DingTalkEndpoint.DEPARTMENT_LISTSUB)).isZero();
        assertThat(simulator.callCount(DingTalkEndpoint.USER_GET)).isEqualTo(changes.changedUserids().size());
        assertThat(warehouse.count("SELECT COUNT(*) FROM etl_event_inbox WHERE status <> 'APPLIED'")).isZero();

        // the nightly full sync reconciles: nothing left for it to change
        assertThat(run(DAY_2).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(warehouse.count("""
                SELECT users_inserted + users_changed + users_closed + departments_inserted + departments_changed
                  + departments_closed + memberships_inserted + memberships_changed + memberships_closed
                FROM etl_sync_run WHERE job_name = 'orgSyncJob' AND run_date = ?""", DAY_2)).as("drift").isZero();
        warehouse.assertMatches(after);
        ChangeReport report = reports.build(lastFullSync());
        assertThat(report.reconciliation().contactEventsApplied()).isEqualTo(raised.size());
        assertThat(report.users().renamed()).isEmpty();
        assertThat(report.users().left()).isEmpty();
        assertThat(report.departments().moved()).isEmpty();
    }

    @Test
    void theFullSyncNamesWhatAMissedEventLeftAsDrift() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> userids = simulator.org().truth().users().stream().map(OrgTruth.TruthUser::userid).limit(2).toList();
        simulator.org().renameUser(userids.get(0), "事件送达");
        deliver(raised);
        simulator.org().renameUser(userids.get(1), "事件丢失");   // DingTalk never delivers this one
        assertThat(applyEvents().getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(run(DAY_2).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        ChangeReport report = reports.build(lastFullSync());
        assertThat(report.reconciliation().contactEventsApplied()).isEqualTo(1);
        assertThat(report.users().renamed()).extracting(ChangeReport.UserRename::userid).containsExactly(userids.get(1));
        warehouse.assertMatches(simulator.org().truth());
    }

    private long lastFullSync() {
        return jdbc.queryForObject("SELECT MAX(run_id) FROM etl_sync_run WHERE job_name = 'orgSyncJob'", Long.class);
    }

    @Test
    void duplicatedAndReorderedDeliveriesGiveTheSameWarehouse() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        simulator.org().applyDayOfChanges(5, ChangeSpec.typical());
        OrgTruth after = simulator.org().truth();
        List<ContactEventFeed.Event> deliveries = new ArrayList<>(raised);
        deliveries.addAll(raised);
        Collections.reverse(deliveries);
        deliver(deliveries);

        assertThat(applyEvents().getStatus()).isEqualTo(BatchStatus.COMPLETED);

        warehouse.assertMatches(after);
        assertThat(warehouse.count("SELECT COUNT(*) FROM etl_event_inbox")).isEqualTo(raised.size());
    }

    @Test
    void manyEventsAboutOneUserAreOneFetchAndOneVersionAtTheLastEvent() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String userid = simulator.org().truth().users().get(3).userid();
        for (int i = 0; i < 50; i++) {
            simulator.org().renameUser(userid, "改名" + i);
        }
        deliver(raised);
        simulator.resetCallLog();

        assertThat(applyEvents().getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(simulator.callCount(DingTalkEndpoint.USER_GET)).isEqualTo(1);
        assertThat(warehouse.userVersions(userid)).hasSize(2).last()
                .isEqualTo(new Warehouse.Version(raised.get(raised.size() - 1).bornAt(), null, true));
        warehouse.assertMatches(simulator.org().truth());
    }

    @Test
    void aRunThatFailsPartWayIsResumedAndAppliesEveryEntityOnce() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ChangeLog changes = simulator.org().applyDayOfChanges(11, new ChangeSpec(60, 0, 0, 0, 0, 0, 0, 0));
        deliver(raised);
        simulator.failAfter(DingTalkEndpoint.USER_GET, 55, Fault.SYSTEM_BUSY);

        JobExecution failed = applyEvents();
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        int appliedBefore = warehouse.count("SELECT COUNT(*) FROM etl_event_inbox WHERE status = 'APPLIED'");
        assertThat(appliedBefore).isBetween(1, changes.joinedUserids().size() - 1);

        simulator.clearFaults();
        assertThat(applyEvents().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        warehouse.assertMatches(simulator.org().truth());
        for (String userid : changes.joinedUserids()) {
            assertThat(warehouse.userVersions(userid)).as("versions of " + userid).hasSize(1);
        }
    }

    @Test
    void aBurstOfLeavesOverTheGuardIsHeldUntilAllowed() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        var before = warehouse.snapshot();
        List<String> leaving = simulator.org().truth().users().stream().filter(u -> !Boolean.TRUE.equals(u.boss()))
                .map(OrgTruth.TruthUser::userid).limit(USERS / 5).toList();
        leaving.forEach(simulator.org()::removeUser);
        deliver(raised);

        JobExecution held = applyEvents();
        assertThat(held.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(warehouse.snapshot()).isEqualTo(before);
        assertThat(warehouse.count("SELECT COUNT(*) FROM etl_event_inbox WHERE status = 'HELD'")).isEqualTo(leaving.size());
        assertThat(held.getExecutionContext().getString("events.held")).contains("deletion guard", "allowMassDelete=true");
        assertThat(attention.told).anySatisfy(text -> assertThat(text).contains("deletion guard"));

        JobExecution allowed = jobOperator.start(eventSyncJob, new JobParametersBuilder()
                .addLong(EventSyncJobConfiguration.TRIGGERED_AT, System.nanoTime())
                .addString(EventSyncJobConfiguration.ALLOW_MASS_DELETE, "true", false).toJobParameters());
        assertThat(allowed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        warehouse.assertMatches(simulator.org().truth());
    }

    @Test
    void aPayloadThatCannotBeUnderstoodIsQuarantinedAndTheOthersApply() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String userid = simulator.org().truth().users().get(1).userid();
        simulator.org().renameUser(userid, "新名字");
        assertThat(inbox.receive(EventPayloads.fromPush("{\"EventType\":\"user_modify_org\",\"TimeStamp\":\"1700000000000\"}",
                Transport.HTTP, Instant.now()))).isEqualTo(EventInbox.Receipt.QUARANTINED);
        assertThat(inbox.receive(EventPayloads.fromPush("not json", Transport.HTTP, Instant.now())))
                .isEqualTo(EventInbox.Receipt.QUARANTINED);
        deliver(raised);

        assertThat(applyEvents().getStatus()).isEqualTo(BatchStatus.COMPLETED);

        warehouse.assertMatches(simulator.org().truth());
        assertThat(warehouse.count("SELECT COUNT(*) FROM etl_event_inbox WHERE status = 'QUARANTINED' AND last_error IS NOT NULL"))
                .isEqualTo(2);
    }

    @Test
    void anEntityTheAppMayNotReadKeepsItsEventsPendingAndTheAdminsAreToldOnce() throws Exception {
        assertThat(run(DAY_1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String userid = simulator.org().truth().users().get(2).userid();
        simulator.org().renameUser(userid, "无权读取");
        deliver(raised);
        simulator.denyPermission(DingTalkEndpoint.USER_GET);

        assertThat(applyEvents().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(applyEvents().getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(warehouse.count("SELECT COUNT(*) FROM etl_event_inbox WHERE status = 'PENDING' AND attempts = 2"
                + " AND last_error IS NOT NULL")).isEqualTo(1);
        assertThat(warehouse.userVersions(userid)).hasSize(1);
        assertThat(attention.told).hasSize(1);
        assertThat(attention.told.get(0)).contains("User " + userid, "permission");

        simulator.grantPermission(DingTalkEndpoint.USER_GET);
        assertThat(applyEvents().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        warehouse.assertMatches(simulator.org().truth());
        assertThat(attention.told).hasSize(1);
    }

    private JobExecution applyEvents() throws Exception {
        return jobOperator.start(eventSyncJob, new JobParametersBuilder()
                .addLong(EventSyncJobConfiguration.TRIGGERED_AT, System.nanoTime()).toJobParameters());
    }

    /** Each event as DingTalk's HTTP push carries it, decrypted, into the inbox. */
    private void deliver(List<ContactEventFeed.Event> events) {
        for (ContactEventFeed.Event e : List.copyOf(events)) {
            String ids = e.userIds().isEmpty()
                    ? "\"deptId\":" + e.deptIds()
                    : "\"userId\":[" + String.join(",", e.userIds().stream().map(u -> "\"" + u + "\"").toList()) + "]";
            String json = "{\"EventType\":\"" + e.type() + "\",\"eventId\":\"" + e.eventId() + "\",\"timeStamp\":\""
                    + e.bornAt().toEpochMilli() + "\",\"CorpId\":\"dingtest\"," + ids + "}";
            inbox.receive(EventPayloads.fromPush(json, Transport.HTTP, Instant.now()));
        }
    }
}
