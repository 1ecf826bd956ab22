package io.dingtalketl.events;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.dingtalketl.client.CallbackCrypto;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.client.PublishedCallbackExamples;
import io.dingtalketl.events.EventInbox.PendingEntity;
import io.dingtalketl.simulator.CallbackPusher;
import io.dingtalketl.simulator.CallbackPusher.Answer;
import io.dingtalketl.simulator.CallbackPusher.PayloadShape;
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
import static org.assertj.core.api.Assertions.tuple;

/**
 * The HTTP callback end to end: the simulated organization changes, the simulator pushes each event as DingTalk
 * does (encrypted, signed, in DingTalk's payload shapes), and the endpoint commits it to the inbox (H2) before it
 * answers. What must not be stored is refused with 403 and leaves the inbox empty. No test waits on the clock:
 * each waits for the pusher's count of attempted pushes, which the endpoint answers only after storing.
 */
class CallbackEndpointTest {

    static final String TOKEN = "etlCallback2026";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static InboxDatabase db;
    private DingTalkSimulator simulator;
    private SimulatedOrg org;
    private CallbackEndpoint endpoint;
    private CallbackPusher pusher;
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
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(7, 6, 30)), SimulatorSettings.defaults().withQpsPerApi(0));
        org = simulator.org();
        endpoint = endpoint(db.inbox, Duration.ofMinutes(10));
        pusher = CallbackPusher.start(simulator, endpoint.localUri(), crypto(appKey())).replyTimeout(WAIT);
    }

    @AfterEach
    void stop() {
        pusher.close();
        endpoint.stop();
        simulator.close();
    }

    @Test
    void eachChangeOfTheOrgArrivesInTheInboxBeforeDingTalkIsAnswered() throws Exception {
        long dept = org.addDepartment(SimulatedOrg.ROOT_DEPT_ID, "数据平台部");
        String userid = org.addUser("王小明", dept);
        org.renameUser(userid, "王晓明");
        org.removeUser(userid);

        assertThat(pusher.awaitAttempts(4, WAIT)).isTrue();
        assertThat(pusher.delivered()).as("every push acknowledged with the encrypted success").isEqualTo(4);
        List<ContactEventFeed.Event> raised = org.events().raised();
        assertThat(db.rows()).extracting(r -> r.get("event_id"))
                .containsExactlyInAnyOrderElementsOf(raised.stream().map(ContactEventFeed.Event::eventId).toList());
        assertThat(db.rows()).allSatisfy(r -> {
            assertThat(r.get("transport")).isEqualTo("HTTP");
            assertThat(r.get("status")).isEqualTo(EventInbox.PENDING);
        });
        assertThat(db.entities(raised.get(0).eventId())).containsExactly(Long.toString(dept));
        assertThat(db.entities(raised.get(3).eventId())).containsExactly(userid);
        assertThat(db.inbox.pendingEntities(null, 10)).extracting(PendingEntity::kind, PendingEntity::id, PendingEntity::events)
                .containsExactlyInAnyOrder(tuple(EntityKind.DEPARTMENT, Long.toString(dept), 1),
                        tuple(EntityKind.USER, userid, 3));
        assertThat(endpoint.accepted()).isEqualTo(4);
        assertThat(endpoint.rejected()).isZero();
        assertThat(arrivals.tryAcquire(4, 0, TimeUnit.SECONDS)).as("told of each new event before the answer").isTrue();
    }

    @Test
    void everyShapeDingTalkPushesIsUnderstood() throws Exception {
        pusher.shapes(PayloadShape.CURRENT, PayloadShape.CAMEL_CASE, PayloadShape.LEGACY);

        long dept = org.addDepartment(SimulatedOrg.ROOT_DEPT_ID, "数据平台部");   // CURRENT
        String userid = org.addUser("王小明", dept);                              // CAMEL_CASE
        org.renameDepartment(dept, "数据中台部");                                  // LEGACY: no event id

        assertThat(pusher.awaitAttempts(3, WAIT)).isTrue();
        List<ContactEventFeed.Event> raised = org.events().raised();
        assertThat(db.rows()).hasSize(3).allSatisfy(r -> assertThat(r.get("status")).isEqualTo(EventInbox.PENDING));
        assertThat(db.rows()).extracting(r -> (String) r.get("event_id"))
                .contains(raised.get(0).eventId(), raised.get(1).eventId())
                .anySatisfy(id -> assertThat(id).startsWith("sha256:"));
        assertThat(db.inbox.pendingEntities(null, 10)).extracting(PendingEntity::id, PendingEntity::firstBornAt, PendingEntity::lastBornAt)
                .containsExactlyInAnyOrder(
                        tuple(Long.toString(dept), millis(raised.get(0).bornAt()), millis(raised.get(2).bornAt())),
                        tuple(userid, millis(raised.get(1).bornAt()), millis(raised.get(1).bornAt())));
    }

    @Test
    void aForgedSignatureIsRefusedAndNothingIsStored() {
        CallbackPusher.Push genuine = pusher.seal(userAdded("zhangsan"));
        String forged = (genuine.signature().charAt(0) == 'a' ? "b" : "a") + genuine.signature().substring(1);

        Answer answer = pusher.deliver(genuine.withSignature(forged));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("signature");
        assertThat(db.events()).isZero();
        assertThat(endpoint.rejected()).isEqualTo(1);
        assertThat(pusher.deliver(genuine).acknowledged()).as("the genuine push still goes through").isTrue();
        assertThat(db.events()).isOne();
    }

    @Test
    void aPushStampedOutsideTheAllowedClockSkewIsRefused() {
        long now = System.currentTimeMillis();

        Answer stale = pusher.deliver(pusher.seal(userAdded("zhangsan"), now - Duration.ofMinutes(11).toMillis()));
        Answer future = pusher.deliver(pusher.seal(userAdded("lisi"), now + Duration.ofMinutes(11).toMillis()));

        assertThat(stale.status()).isEqualTo(403);
        assertThat(stale.body()).contains("timestamp");
        assertThat(future.status()).isEqualTo(403);
        assertThat(db.events()).isZero();
        assertThat(endpoint.rejected()).isEqualTo(2);
    }

    @Test
    void aPushEncryptedForAnotherAppIsRefused() {
        CallbackCrypto otherApp = crypto("dingotherappkey");
        String encrypt = otherApp.encrypt(userAdded("zhangsan"));
        String timestamp = Long.toString(System.currentTimeMillis());

        Answer answer = pusher.deliver(new CallbackPusher.Push(otherApp.signature(timestamp, "n0nce123", encrypt), timestamp,
                "n0nce123", encrypt));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("owner key");
        assertThat(db.events()).isZero();
    }

    @Test
    void aRequestThatIsNotAnEncryptedPushIsRefused() {
        CallbackPusher.Push push = pusher.seal(userAdded("zhangsan"));
        String query = "msg_signature=" + push.signature() + "&timestamp=" + push.timestamp() + "&nonce=" + push.nonce();

        assertThat(pusher.post(query, "encrypt=" + push.encrypt()).status()).as("not JSON").isEqualTo(403);
        assertThat(pusher.post(query, "{\"Encrypt\":\"" + push.encrypt() + "\"}").status()).as("no encrypt").isEqualTo(403);
        assertThat(pusher.post(query, "[\"" + push.encrypt() + "\"]").status()).as("not an object").isEqualTo(403);
        assertThat(pusher.post("timestamp=" + push.timestamp() + "&nonce=" + push.nonce(), "{\"encrypt\":\"" + push.encrypt() + "\"}")
                .status()).as("no signature").isEqualTo(403);
        assertThat(db.events()).isZero();
        assertThat(endpoint.rejected()).isEqualTo(4);
        assertThat(pusher.post(query, "{\"encrypt\":\"" + push.encrypt() + "\"}").acknowledged())
                .as("msg_signature alone, as DingTalk's Spring sample reads it").isTrue();
    }

    @Test
    void dingTalksUrlCheckIsAnsweredAndNotStored() throws Exception {
        Answer answer = pusher.deliver(pusher.seal("{\"EventType\":\"check_url\"}"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.acknowledged()).isTrue();
        assertThat(db.events()).isZero();
        assertThat(arrivals.availablePermits()).isZero();
    }

    @Test
    void dingTalksPublishedUrlCheckPushIsAnswered() {
        // DingTalk's own example push (PublishedCallbackExamples.CHECK_URL: open-dingtalk/dingtalk-callback-Crypto,
        // DingCallbackCrypto3.py), replayed as it was sent in December 2020: only a clock skew of decades admits it
        PublishedCallbackExamples.Published published = PublishedCallbackExamples.CHECK_URL;
        CallbackEndpoint patient = new CallbackEndpoint(new EventsProperties.Callback(true, "127.0.0.1", 0, "/dingtalk/events",
                published.token(), published.aesKey(), published.ownerKey(), Duration.ofDays(365 * 30)), null, db.inbox, null,
                Clock.systemUTC());
        patient.start();
        try (CallbackPusher replay = CallbackPusher.start(simulator, patient.localUri(), published.crypto()).replyTimeout(WAIT)) {
            Answer answer = replay.deliver(new CallbackPusher.Push(published.signature(), published.timestamp(), published.nonce(),
                    published.encrypt()));

            assertThat(answer.acknowledged()).as(answer.body()).isTrue();
            assertThat(db.events()).isZero();
            assertThat(replay.deliver(new CallbackPusher.Push(published.signature(), "1608001896815", published.nonce(),
                    published.encrypt())).status()).as("its signature covers the timestamp").isEqualTo(403);
        } finally {
            patient.stop();
        }
    }

    @Test
    void aPayloadThatCannotBeReadIsStoredQuarantinedAndAcknowledged() {
        Answer notJson = pusher.deliver(pusher.seal("EventType=user_add_org&UserId=zhangsan"));
        Answer noIds = pusher.deliver(pusher.seal("{\"EventType\":\"user_add_org\",\"eventId\":\"ev-1\",\"TimeStamp\":\"1685501863357\"}"));

        assertThat(notJson.acknowledged()).as("DingTalk must not push it again and again").isTrue();
        assertThat(noIds.acknowledged()).isTrue();
        assertThat(db.rows()).hasSize(2).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo(EventInbox.QUARANTINED);
            assertThat((String) r.get("last_error")).isNotBlank();
        });
        assertThat(db.rows()).extracting(r -> r.get("payload"))
                .contains("EventType=user_add_org&UserId=zhangsan");
        assertThat(arrivals.availablePermits()).as("nothing to apply").isZero();
    }

    @Test
    void anEventDeliveredTwiceIsStoredOnce() throws Exception {
        pusher.duplicateNext(2);
        String first = org.addUser("赵一", SimulatedOrg.ROOT_DEPT_ID);
        pusher.shapes(PayloadShape.LEGACY); // no event id: the second copy is known by its payload
        String second = org.addUser("赵二", SimulatedOrg.ROOT_DEPT_ID);

        assertThat(pusher.awaitAttempts(4, WAIT)).isTrue();
        assertThat(pusher.delivered()).as("both copies acknowledged").isEqualTo(4);
        assertThat(db.events()).isEqualTo(2);
        assertThat(db.inbox.pendingEntities(null, 10)).extracting(PendingEntity::id, PendingEntity::events)
                .containsExactlyInAnyOrder(tuple(first, 1), tuple(second, 1));
        assertThat(arrivals.availablePermits()).as("one arrival per new event").isEqualTo(2);
    }

    @Test
    void eventsPushedOutOfOrderKeepTheTimesTheyHappened() throws Exception {
        pusher.reorderNext(3);
        String userid = org.addUser("钱三", SimulatedOrg.ROOT_DEPT_ID);
        org.renameUser(userid, "钱叁");
        org.removeUser(userid);

        assertThat(pusher.awaitAttempts(3, WAIT)).isTrue();
        List<ContactEventFeed.Event> raised = org.events().raised();
        assertThat(db.events()).isEqualTo(3);
        assertThat(db.inbox.pendingEntities(null, 10)).singleElement().satisfies(user -> {
            assertThat(user.firstBornAt()).as("the add, pushed last").isEqualTo(millis(raised.get(0).bornAt()));
            assertThat(user.lastBornAt()).as("the removal, pushed first").isEqualTo(millis(raised.get(2).bornAt()));
        });
    }

    @Test
    void aPushTheInboxCannotStoreIsAnswered500AndDingTalkKeepsIt() throws Exception {
        pusher.close();
        EventInbox down = new EventInbox(db.jdbc, new DataSourceTransactionManager(db.dataSource)) {
            @Override
            public Receipt receive(InboundEvent event) {
                throw new DataAccessResourceFailureException("the warehouse database is down");
            }
        };
        CallbackEndpoint failing = endpoint(down, Duration.ofMinutes(10));
        try (CallbackPusher toFailing = CallbackPusher.start(simulator, failing.localUri(), crypto(appKey())).replyTimeout(WAIT)) {
            String userid = org.addUser("孙四", SimulatedOrg.ROOT_DEPT_ID);

            assertThat(toFailing.awaitAttempts(1, WAIT)).isTrue();
            assertThat(toFailing.failed()).as("not acknowledged").isOne();
            assertThat(failing.failed()).isOne();
            assertThat(simulator.failedPushCount()).as("DingTalk keeps what was not acknowledged").isOne();
            assertThat(db.events()).isZero();

            int caughtUp = new FailedPushCatchUp(client(), db.inbox, arrivals::release, Clock.systemUTC()).catchUp();

            assertThat(caughtUp).isOne();
            assertThat(db.rows()).singleElement().satisfies(r -> {
                assertThat(r.get("transport")).isEqualTo("CATCH_UP");
                assertThat(r.get("status")).isEqualTo(EventInbox.PENDING);
            });
            assertThat(db.inbox.pendingEntities(null, 10)).extracting(PendingEntity::id).containsExactly(userid);
        } finally {
            failing.stop();
        }
    }

    // ------------------------------------------------------------------ support

    private CallbackEndpoint endpoint(EventInbox inbox, Duration maxClockSkew) {
        CallbackEndpoint started = new CallbackEndpoint(new EventsProperties.Callback(true, "127.0.0.1", 0, "/dingtalk/events",
                TOKEN, AES_KEY, null, maxClockSkew), appKey(), inbox, arrivals::release, Clock.systemUTC());
        started.start();
        return started;
    }

    private String appKey() {
        return simulator.settings().appKey();
    }

    private static CallbackCrypto crypto(String ownerKey) {
        return CallbackCrypto.of(TOKEN, AES_KEY, ownerKey);
    }

    private DingTalkClient client() {
        URI url = URI.create(simulator.baseUrl());
        return DingTalkClient.create(DingTalkProperties.defaults(url).withTarget(url, appKey(), simulator.settings().appSecret())
                .withDefaultQps(0), null);
    }

    private static String userAdded(String userid) {
        return "{\"EventType\":\"user_add_org\",\"eventId\":\"ev-" + userid + "\",\"TimeStamp\":\"" + System.currentTimeMillis()
                + "\",\"CorpId\":\"ding1\",\"UserId\":[\"" + userid + "\"]}";
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
