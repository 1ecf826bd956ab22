package io.dingtalketl.events;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dingtalketl.events.StreamGatewayStandIn.Ack;
import io.dingtalketl.events.StreamGatewayStandIn.DeliveryPlan;
import io.dingtalketl.events.StreamGatewayStandIn.FeedDelivery;
import io.dingtalketl.simulator.ChangeSpec;
import io.dingtalketl.simulator.ContactEventFeed;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stream mode end to end: DingTalk's own SDK (1.3.12) in {@link StreamReceiver}, connected over TLS to
 * {@link StreamGatewayStandIn}, committing into the inbox on H2. What DingTalk sees is the acknowledgement
 * of each frame; what the warehouse gets is the inbox's rows.
 */
class StreamModeTest {

    private static final Instant BORN = Instant.parse("2026-03-02T01:30:00.123Z");

    private final DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:stream-" + UUID.randomUUID()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(db);
    private final GatedInbox inbox = new GatedInbox(jdbc, new DataSourceTransactionManager(db));
    private final AtomicInteger arrivals = new AtomicInteger();
    private StreamGatewayStandIn gateway;
    private StreamReceiver receiver;

    @BeforeEach
    void connect() {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        gateway = StreamGatewayStandIn.start();
        startReceiver(4);
    }

    private void startReceiver(int consumerThreads) {
        receiver = gateway.receiver(inbox, consumerThreads, StreamGatewayStandIn.CLIENT_SECRET, arrivals::incrementAndGet);
        receiver.start();
        gateway.awaitConnections(gateway.connectionsOpened() + 1);
    }

    @AfterEach
    void disconnect() {
        inbox.openAll();
        receiver.stop();
        gateway.close();
        jdbc.execute("SHUTDOWN");
    }

    @Test
    void anEventIsAcknowledgedOnlyOnceItIsCommitted() {
        CountDownLatch reached = inbox.holdAfterCommit();

        String message = gateway.sendEvent("user_modify_org", "ev-commit-1", BORN, "{\"timeStamp\":\"1772415000123\",\"userId\":[\"0123\"]}");
        awaitReached(reached);

        assertThat(status("ev-commit-1")).as("committed").isEqualTo(EventInbox.PENDING);
        assertThat(gateway.acksOf(message)).as("not answered while the commit is not over").isEmpty();
        inbox.openAll();
        assertThat(gateway.awaitAck(message).success()).isTrue();
        assertThat(jdbc.queryForList("SELECT entity_id FROM etl_event_entity WHERE event_id = 'ev-commit-1'", String.class))
                .containsExactly("0123");
        assertThat(jdbc.queryForObject("SELECT born_at FROM etl_event_inbox WHERE event_id = 'ev-commit-1'", java.sql.Timestamp.class)
                .toLocalDateTime()).as("the frame's eventBornTime, UTC").isEqualTo("2026-03-02T01:30:00.123");
        assertThat(arrivals).hasValue(1);
    }

    @Test
    void anEventThatCannotBeStoredIsAnsweredLaterAndStoredWhenDingTalkDeliversItAgain() {
        inbox.databaseDown = true;

        String first = gateway.sendEvent("org_dept_create", "ev-later-1", BORN, "{\"timeStamp\":\"1772415000123\",\"deptId\":[4321]}");
        Ack later = gateway.awaitAck(first);

        assertThat(later.later()).as("answered LATER: " + later).isTrue();
        assertThat(rows()).isZero();
        assertThat(arrivals).hasValue(0);

        inbox.databaseDown = false;
        String again = gateway.redeliver(first);

        assertThat(gateway.awaitAck(again).success()).isTrue();
        assertThat(status("ev-later-1")).isEqualTo(EventInbox.PENDING);
        assertThat(jdbc.queryForList("SELECT entity_id FROM etl_event_entity WHERE event_id = 'ev-later-1'", String.class))
                .containsExactly("4321");
        assertThat(receiver.received()).isEqualTo(2);
        assertThat(receiver.later()).isEqualTo(1);
        assertThat(receiver.acked()).isEqualTo(1);
        assertThat(arrivals).hasValue(1);
    }

    @Test
    void aDuplicateDeliveryIsAcknowledgedAndLeavesOneRow() {
        String first = gateway.sendEvent("user_add_org", "ev-dup-1", BORN, "{\"timeStamp\":\"1772415000123\",\"userId\":[\"0456\"]}");
        assertThat(gateway.awaitAck(first).success()).isTrue();

        String second = gateway.redeliver(first);

        assertThat(gateway.awaitAck(second).success()).isTrue();
        assertThat(rows()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM etl_event_entity", Integer.class)).isEqualTo(1);
        assertThat(arrivals).as("told of the new event once").hasValue(1);
        assertThat(receiver.acked()).isEqualTo(2);
    }

    @Test
    void anEventOfATypeTheWarehouseDoesNotFollowIsStoredAsItCame() {
        String data = "{\"timeStamp\":\"1772415000123\",\"LabelIdList\":[1180012],\"action\":\"add\"}";

        String message = gateway.sendEvent("label_conf_add", "ev-label-1", BORN, data);

        assertThat(gateway.awaitAck(message).success()).isTrue();
        assertThat(status("ev-label-1")).isEqualTo(EventInbox.STORED);
        assertThat(jdbc.queryForObject("SELECT payload FROM etl_event_inbox WHERE event_id = 'ev-label-1'", String.class))
                .isEqualTo(data);
        assertThat(jdbc.queryForObject("SELECT transport FROM etl_event_inbox WHERE event_id = 'ev-label-1'", String.class))
                .isEqualTo("STREAM");
    }

    @Test
    void anEventThatNamesNothingUsableIsQuarantinedAndAcknowledged() {
        String badIds = gateway.sendEvent("org_dept_modify", "ev-bad-ids", BORN, "{\"timeStamp\":\"1772415000123\",\"deptId\":[\"研发部\"]}");
        String noIds = gateway.sendEvent("user_leave_org", "ev-no-ids", BORN, "{\"timeStamp\":\"1772415000123\"}");

        gateway.awaitAcks(List.of(badIds, noIds));
        assertThat(gateway.acksOf(badIds)).allMatch(Ack::success);
        assertThat(gateway.acksOf(noIds)).allMatch(Ack::success);
        assertThat(status("ev-bad-ids")).isEqualTo(EventInbox.QUARANTINED);
        assertThat(status("ev-no-ids")).isEqualTo(EventInbox.QUARANTINED);
        assertThat(jdbc.queryForObject("SELECT last_error FROM etl_event_inbox WHERE event_id = 'ev-bad-ids'", String.class))
                .contains("not a department id");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM etl_event_entity", Integer.class)).isZero();
        assertThat(arrivals).as("nothing new to apply").hasValue(0);
    }

    /** A limit of DingTalk's SDK, not of the receiver: data it cannot parse as a JSON object never reaches it. */
    @Test
    void dataThatIsNotAJsonObjectFailsInsideTheSdkAndIsNotAnswered() {
        receiver.stop();
        startReceiver(1); // one consumer thread: frames are handled in the order sent

        String garbled = gateway.sendEvent("user_add_org", "ev-garbled", BORN, "{\"userId\":[\"0789\"");
        String next = gateway.sendEvent("user_add_org", "ev-after", BORN, "{\"timeStamp\":\"1772415000123\",\"userId\":[\"0790\"]}");

        assertThat(gateway.awaitAck(next).success()).isTrue();
        assertThat(gateway.acksOf(garbled)).as("handled before the next one, and not answered").isEmpty();
        assertThat(receiver.received()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT event_id FROM etl_event_inbox", String.class)).containsExactly("ev-after");
    }

    @Test
    void afterTheGatewayAnnouncesADisconnectTheReceiverReconnectsAndEventsStillLand() {
        await().atMost(StreamGatewayStandIn.PATIENCE).until(receiver::isConnected);
        String before = gateway.sendEvent("user_add_org", "ev-before", BORN, "{\"timeStamp\":\"1772415000123\",\"userId\":[\"0100\"]}");
        assertThat(gateway.awaitAck(before).success()).isTrue();

        gateway.disconnect();
        gateway.awaitConnections(2);
        String after = gateway.sendEvent("user_add_org", "ev-after", BORN, "{\"timeStamp\":\"1772415000124\",\"userId\":[\"0101\"]}");

        assertThat(gateway.awaitAck(after).success()).isTrue();
        assertThat(jdbc.queryForList("SELECT event_id FROM etl_event_inbox ORDER BY event_id", String.class))
                .containsExactly("ev-after", "ev-before");
        await().atMost(StreamGatewayStandIn.PATIENCE).until(receiver::isConnected);
        assertThat(gateway.openRequests()).hasSize(2).allSatisfy(request -> assertThat(request.get("subscriptions"))
                .isEqualTo(List.of(Map.of("type", "EVENT", "topic", "*"))));
    }

    @Test
    void aDroppedConnectionIsNoticedAndOpenedAgain() {
        await().atMost(StreamGatewayStandIn.PATIENCE).until(receiver::isConnected);

        gateway.dropConnection();
        await().atMost(StreamGatewayStandIn.PATIENCE).until(() -> !receiver.isConnected());
        gateway.awaitConnections(2); // the SDK tries again every 5 seconds
        String message = gateway.sendEvent("org_dept_remove", "ev-after-drop", BORN, "{\"timeStamp\":\"1772415000123\",\"deptId\":[77]}");

        assertThat(gateway.awaitAck(message).success()).isTrue();
        assertThat(status("ev-after-drop")).isEqualTo(EventInbox.PENDING);
        await().atMost(StreamGatewayStandIn.PATIENCE).until(receiver::isConnected);
    }

    @Test
    void theSimulatedOrgsChangesLandOnceEachThoughTheGatewayDuplicatesReordersAndDelaysThem() {
        SimulatedOrg org = SimulatedOrg.generate(OrgSpec.of(7, 30, 120));
        int before = org.events().raised().size();
        FeedDelivery delivery = gateway.deliver(org.events(), new DeliveryPlan(3, 7, Duration.ofMillis(5), 11));

        String newcomer = org.addUser("周新", SimulatedOrg.ROOT_DEPT_ID);
        org.renameUser(newcomer, "周欣");
        long lab = org.addDepartment(SimulatedOrg.ROOT_DEPT_ID, "创新实验室");
        org.moveUser(newcomer, SimulatedOrg.ROOT_DEPT_ID, lab);
        org.applyDayOfChanges(2026, ChangeSpec.typical());
        delivery.close();
        List<ContactEventFeed.Event> raised = org.events().raised().subList(before, org.events().raised().size());
        gateway.awaitAcks(delivery.messageIds());

        assertThat(delivery.messageIds()).as("some frames were duplicated").hasSizeGreaterThan(raised.size());
        assertThat(gateway.acks()).allMatch(Ack::success);
        assertThat(jdbc.queryForList("SELECT event_id FROM etl_event_inbox", String.class))
                .containsExactlyInAnyOrderElementsOf(raised.stream().map(ContactEventFeed.Event::eventId).toList());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM etl_event_inbox WHERE status <> 'PENDING'", Integer.class)).isZero();
        Set<String> named = new HashSet<>();
        raised.forEach(e -> {
            e.userIds().forEach(id -> named.add("USER:" + id));
            e.deptIds().forEach(id -> named.add("DEPARTMENT:" + id));
        });
        assertThat(inbox.pendingEntities(null, 10_000)).extracting(p -> p.kind() + ":" + p.id())
                .containsExactlyInAnyOrderElementsOf(named);
        assertThat(arrivals).hasValue(raised.size());
        assertThat(receiver.acked()).isEqualTo(delivery.messageIds().size());
    }

    @Test
    void stoppingWaitsForTheEventBeingCommittedSoThatItsAcknowledgementGoesOut() throws Exception {
        CountDownLatch reached = inbox.holdBeforeCommit();
        String held = gateway.sendEvent("user_add_org", "ev-held", BORN, "{\"timeStamp\":\"1772415000123\",\"userId\":[\"0200\"]}");
        awaitReached(reached);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(receiver::stop);
        await().atMost(StreamGatewayStandIn.PATIENCE).until(receiver::isStopping);
        assertThat(stopped).as("stop waits for the event being committed").isNotDone();
        inbox.openAll();

        assertThat(gateway.awaitAck(held).success()).isTrue();
        stopped.get(StreamGatewayStandIn.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        gateway.awaitClosedByClient(1);
        assertThat(receiver.isRunning()).isFalse();
        assertThat(receiver.isConnected()).isFalse();
        assertThat(jdbc.queryForList("SELECT event_id FROM etl_event_inbox", String.class)).containsExactly("ev-held");
    }

    private int rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM etl_event_inbox", Integer.class);
    }

    private @Nullable String status(String eventId) {
        List<String> statuses = jdbc.queryForList("SELECT status FROM etl_event_inbox WHERE event_id = ?", String.class, eventId);
        return statuses.isEmpty() ? null : statuses.get(0);
    }

    private static void awaitReached(CountDownLatch latch) {
        try {
            assertThat(latch.await(StreamGatewayStandIn.PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("reached the inbox").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The real inbox, with a database that can be taken away and a gate that holds deliveries just before or
     * just after their commit.
     */
    static final class GatedInbox extends EventInbox {

        volatile boolean databaseDown;
        private volatile @Nullable CountDownLatch reached;
        private volatile boolean beforeCommit;
        private final CountDownLatch open = new CountDownLatch(1);

        GatedInbox(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
            super(jdbc, transactionManager);
        }

        CountDownLatch holdBeforeCommit() {
            beforeCommit = true;
            return reached = new CountDownLatch(1);
        }

        CountDownLatch holdAfterCommit() {
            beforeCommit = false;
            return reached = new CountDownLatch(1);
        }

        void openAll() {
            open.countDown();
        }

        @Override
        public Receipt receive(InboundEvent event) {
            if (databaseDown) {
                throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection: the database is away (test)");
            }
            if (beforeCommit) {
                hold();
            }
            Receipt receipt = super.receive(event);
            if (!beforeCommit) {
                hold();
            }
            return receipt;
        }

        private void hold() {
            CountDownLatch gate = reached;
            if (gate == null || open.getCount() == 0) {
                return;
            }
            gate.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
