package io.dingtalketl.events;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Semaphore;

import io.dingtalketl.client.CallbackCrypto;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.events.EventInbox.PendingEntity;
import io.dingtalketl.simulator.CallbackPusher;
import io.dingtalketl.simulator.ContactEventFeed;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.simulator.SimulatorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Pushes DingTalk could not deliver are fetched from {@code call_back/get_call_back_failed_result} (the simulator
 * serves them in DingTalk's format) and land in the inbox as CATCH_UP events: every page until {@code has_more}
 * is false, each entry once, nothing fetched lost without a word.
 */
class FailedPushCatchUpTest {

    private static final String CORP_ID = "ding241f334c339e175b35c2f4657xxxx";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static InboxDatabase db;
    private DingTalkSimulator simulator;
    private DingTalkClient client;
    private final Semaphore arrivals = new Semaphore(0);

    @BeforeAll
    static void migrate() {
        db = new InboxDatabase();
    }

    @AfterAll
    static void shutdown() {
        db.shutdown();
    }

    @BeforeEach
    void start() {
        db.clear();
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(11, 6, 30)), SimulatorSettings.defaults().withQpsPerApi(0));
        URI url = URI.create(simulator.baseUrl());
        client = DingTalkClient.create(DingTalkProperties.defaults(url)
                .withTarget(url, simulator.settings().appKey(), simulator.settings().appSecret()).withDefaultQps(0), null);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void pushesThatFailedArriveByCatchUpWithTheTimesTheyHappened() throws Exception {
        CallbackEndpoint endpoint = new CallbackEndpoint(new EventsProperties.Callback(true, "127.0.0.1", 0, "/dingtalk/events",
                CallbackEndpointTest.TOKEN, CallbackEndpointTest.AES_KEY, null, Duration.ofMinutes(10)),
                simulator.settings().appKey(), db.inbox, null, Clock.systemUTC());
        endpoint.start();
        SimulatedOrg org = simulator.org();
        try (CallbackPusher pusher = CallbackPusher.start(simulator, endpoint.localUri(),
                CallbackCrypto.of(CallbackEndpointTest.TOKEN, CallbackEndpointTest.AES_KEY, simulator.settings().appKey()))
                .replyTimeout(WAIT)) {
            pusher.failNext(2);
            long dept = org.addDepartment(SimulatedOrg.ROOT_DEPT_ID, "采购部");   // fails
            String userid = org.addUser("周五", dept);                          // fails
            org.renameUser(userid, "周伍");                                      // delivered

            assertThat(pusher.awaitAttempts(3, WAIT)).isTrue();
            assertThat(pusher.delivered()).isOne();
            assertThat(simulator.failedPushCount()).isEqualTo(2);

            int caughtUp = catchUp().catchUp();

            List<ContactEventFeed.Event> raised = org.events().raised();
            assertThat(caughtUp).isEqualTo(2);
            assertThat(db.rows()).extracting(r -> r.get("transport")).containsExactlyInAnyOrder("CATCH_UP", "CATCH_UP", "HTTP");
            assertThat(db.inbox.pendingEntities(null, 10))
                    .extracting(PendingEntity::kind, PendingEntity::id, PendingEntity::firstBornAt, PendingEntity::events)
                    .containsExactly(tuple(EntityKind.DEPARTMENT, Long.toString(dept), millis(raised.get(0).bornAt()), 1),
                            tuple(EntityKind.USER, userid, millis(raised.get(1).bornAt()), 2));
            assertThat(arrivals.availablePermits()).as("told once per catch-up with new events").isOne();
            assertThat(simulator.failedPushCount()).isZero();
            assertThat(catchUp().catchUp()).as("nothing left").isZero();
        } finally {
            endpoint.stop();
        }
    }

    @Test
    void fetchesPageAfterPageUntilDingTalkHasNoMore() {
        for (int i = 0; i < 450; i++) {
            keep("user_modify_org", List.of("u" + i), List.of(), 1_700_000_000_000L + i);
        }

        assertThat(catchUp().catchUp()).isEqualTo(450);

        assertThat(simulator.callCount(DingTalkEndpoint.CALLBACK_FAILED_RESULT)).as("200 + 200 + 50").isEqualTo(3);
        assertThat(db.events()).isEqualTo(450);
        assertThat(db.rows()).allSatisfy(r -> assertThat(r.get("transport")).isEqualTo("CATCH_UP"));
    }

    @Test
    void anEntryListedTwiceIsStoredOnce() {
        keep("user_leave_org", List.of("zhangsan"), List.of(), 1_606_126_433_000L);
        keep("user_leave_org", List.of("zhangsan"), List.of(), 1_606_126_433_000L);
        keep("org_dept_remove", List.of(), List.of(42L), 1_606_126_434_000L);

        assertThat(catchUp().catchUp()).isEqualTo(2);
        assertThat(db.events()).isEqualTo(2);
        assertThat(db.inbox.pendingEntities(null, 10)).extracting(PendingEntity::kind, PendingEntity::id)
                .containsExactly(tuple(EntityKind.USER, "zhangsan"), tuple(EntityKind.DEPARTMENT, "42"));
    }

    @Test
    void whenTheInboxCannotStoreNoFurtherPageIsFetchedAndTheCatchUpFails() {
        for (int i = 0; i < 250; i++) {
            keep("user_add_org", List.of("u" + i), List.of(), 1_700_000_000_000L + i);
        }
        EventInbox down = new EventInbox(db.jdbc, new DataSourceTransactionManager(db.dataSource)) {
            @Override
            public Receipt receive(InboundEvent event) {
                throw new DataAccessResourceFailureException("the warehouse database is down");
            }
        };

        assertThatThrownBy(() -> new FailedPushCatchUp(client, down, arrivals::release, Clock.systemUTC()).catchUp())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Could not store 200 failed pushes")
                .hasRootCauseInstanceOf(DataAccessResourceFailureException.class);
        assertThat(simulator.callCount(DingTalkEndpoint.CALLBACK_FAILED_RESULT)).as("DingTalk deletes what it returns").isOne();
        assertThat(simulator.failedPushCount()).as("still with DingTalk for the next catch-up").isEqualTo(50);
        assertThat(arrivals.availablePermits()).isZero();
    }

    @Test
    void readsTheEntriesOfDingTalksPublishedExample() {
        // D-ev-failed's response example (open.dingtalk.com/document/development/
        // list-of-events-where-historical-push-notifications-failed), entry by entry
        Instant now = Instant.now();
        InboundEvent added = EventPayloads.fromFailedPush("""
                {"user_add_org":{"userid":["zhangsan"],"corpid":"ding241f334c339e175b35c2f4657xxxx"},
                 "call_back_tag":"user_add_org","event_time":1606126433000}""", now);
        InboundEvent approval = EventPayloads.fromFailedPush("""
                {"bpms_instance_change":{"bpmsCallBackData":{},"corpid":"ding241f334c339e175b35c2f4657xxxx"},
                 "call_back_tag":"bpms_instance_change","event_time":1606126433000}""", now);
        // what DingTalk's Java SDK hands over (it types each entry's data as a string), and what a developer saw
        // come back for user_modify_org (developer.aliyun.com/ask/228906): a Java map's toString, without userid
        InboundEvent asSdkString = EventPayloads.fromFailedPush("""
                {"call_back_tag":"org_dept_modify","event_time":1606126434000,
                 "org_dept_modify":"{\\"deptid\\":[42],\\"corpid\\":\\"ding1\\"}"}""", now);
        InboundEvent asMapText = EventPayloads.fromFailedPush("""
                {"call_back_tag":"user_modify_org","event_time":1535028105000,
                 "user_modify_org":"{corpid=dingb40b8a19b6ded94235c2f4657eb6378f}"}""", now);

        assertThat(added.type()).isEqualTo("user_add_org");
        assertThat(added.kind()).isEqualTo(EntityKind.USER);
        assertThat(added.entityIds()).containsExactly("zhangsan");
        assertThat(added.bornAt()).isEqualTo(Instant.ofEpochMilli(1606126433000L));
        assertThat(added.transport()).isEqualTo(Transport.CATCH_UP);
        assertThat(added.eventId()).startsWith("sha256:");
        assertThat(added.problem()).isNull();
        assertThat(approval.type()).isEqualTo("bpms_instance_change");
        assertThat(approval.kind()).as("kept, but nothing in the warehouse follows").isNull();
        assertThat(approval.problem()).isNull();
        assertThat(asSdkString.kind()).isEqualTo(EntityKind.DEPARTMENT);
        assertThat(asSdkString.entityIds()).containsExactly("42");
        assertThat(asMapText.problem()).as("quarantined, never dropped").contains("without userId");
        assertThat(EventPayloads.fromFailedPush("not json", now).problem()).isNotNull();
    }

    private FailedPushCatchUp catchUp() {
        return new FailedPushCatchUp(client, db.inbox, arrivals::release, Clock.systemUTC());
    }

    private void keep(String type, List<String> userids, List<Long> deptIds, long bornAtMillis) {
        simulator.keepFailedPush(new ContactEventFeed.Event(type + bornAtMillis, type, userids, deptIds,
                Instant.ofEpochMilli(bornAtMillis)), CORP_ID);
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
