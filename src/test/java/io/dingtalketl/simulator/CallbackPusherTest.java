package io.dingtalketl.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dingtalketl.client.CallbackCrypto;
import io.dingtalketl.simulator.CallbackPusher.PayloadShape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator pushes contact events the way DingTalk does (dingtalk-api.md §8.3): POST with {@code signature},
 * {@code msg_signature}, {@code timestamp} and {@code nonce}, a body {@code {"encrypt":"…"}}, and DingTalk's payload
 * shapes inside; a push counts as delivered only when answered with the encrypted {@code success}. Received here
 * by a bare receiver that checks every push with {@link CallbackCrypto} and records what it says.
 */
class CallbackPusherTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DingTalkSimulator simulator;
    private SimulatedOrg org;
    private CallbackCrypto crypto;
    private HttpServer receiver;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> queries = new CopyOnWriteArrayList<>();
    private final AtomicBoolean answerSuccess = new AtomicBoolean(true);
    private CallbackPusher pusher;
    /** When set, the receiver answers a push only once the test counts it down. */
    private volatile CountDownLatch holdPushes;
    private final AtomicBoolean heldTooLong = new AtomicBoolean();

    @BeforeEach
    void start() throws IOException {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(9, 5, 20)), SimulatorSettings.defaults());
        org = simulator.org();
        crypto = CallbackCrypto.of("pusherToken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", simulator.settings().appKey());
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        receiver.createContext("/callback", this::receive);
        receiver.start();
        pusher = CallbackPusher.start(simulator, URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/callback"),
                crypto).replyTimeout(WAIT);
    }

    @AfterEach
    void stop() {
        pusher.close();
        receiver.stop(0);
        simulator.close();
    }

    @Test
    void eachEventIsPushedEncryptedAndSignedAsDingTalkPushesIt() throws Exception {
        String userid = org.addUser("郑七", SimulatedOrg.ROOT_DEPT_ID);

        assertThat(pusher.awaitAttempts(1, WAIT)).isTrue();
        assertThat(pusher.delivered()).isOne();
        Map<String, String> query = queries.get(0);
        assertThat(query).containsKeys("signature", "msg_signature", "timestamp", "nonce");
        assertThat(query.get("signature")).isEqualTo(query.get("msg_signature"));
        JsonNode push = received.get(0);
        ContactEventFeed.Event event = org.events().raised().get(0);
        assertThat(push.path("EventType").asString()).isEqualTo("user_add_org");
        assertThat(push.path("eventId").asString()).isEqualTo(event.eventId());
        assertThat(push.path("TimeStamp").isString()).as("epoch ms as a string").isTrue();
        assertThat(push.path("TimeStamp").asString()).isEqualTo(Long.toString(event.bornAt().toEpochMilli()));
        assertThat(push.path("CorpId").asString()).isEqualTo(CallbackPusher.DEFAULT_CORP_ID);
        assertThat(push.path("UserId").get(0).asString()).isEqualTo(userid);
    }

    @Test
    void shapesTakeTurns() throws Exception {
        pusher.shapes(PayloadShape.CAMEL_CASE, PayloadShape.LEGACY);
        long dept = org.addDepartment(SimulatedOrg.ROOT_DEPT_ID, "法务部");
        org.renameDepartment(dept, "法务合规部");

        assertThat(pusher.awaitAttempts(2, WAIT)).isTrue();
        JsonNode camel = received.get(0);
        JsonNode legacy = received.get(1);
        assertThat(camel.path("deptId").get(0).asLong()).isEqualTo(dept);
        assertThat(camel.path("EventTime").isNumber()).isTrue();
        assertThat(camel.path("timeStamp").isString()).isTrue();
        assertThat(camel.has("eventId")).isTrue();
        assertThat(legacy.path("EventType").asString()).isEqualTo("org_dept_modify");
        assertThat(legacy.path("DeptId").get(0).asLong()).isEqualTo(dept);
        assertThat(legacy.has("eventId")).as("legacy pushes carry no event id").isFalse();
    }

    @Test
    void duplicatesComeTwiceAndHeldEventsComeReversed() throws Exception {
        pusher.duplicateNext(1).reorderNext(3);
        String a = org.addUser("甲", SimulatedOrg.ROOT_DEPT_ID);
        String b = org.addUser("乙", SimulatedOrg.ROOT_DEPT_ID);
        String c = org.addUser("丙", SimulatedOrg.ROOT_DEPT_ID);

        assertThat(pusher.awaitAttempts(4, WAIT)).isTrue();
        assertThat(received).extracting(p -> p.path("UserId").get(0).asString()).containsExactly(c, b, a, a);
        assertThat(received.get(2)).as("the same payload twice").isEqualTo(received.get(3));
    }

    @Test
    void heldEventsCanBeFlushedBeforeTheirNumberIsReached() throws Exception {
        pusher.reorderNext(5);
        String a = org.addUser("甲", SimulatedOrg.ROOT_DEPT_ID);
        String b = org.addUser("乙", SimulatedOrg.ROOT_DEPT_ID);
        pusher.flush();

        assertThat(pusher.awaitAttempts(2, WAIT)).isTrue();
        assertThat(received).extracting(p -> p.path("UserId").get(0).asString()).containsExactly(b, a);
    }

    @Test
    void aPushThatFailsOrIsNotAcknowledgedIsKeptForTheFailedResultApi() throws Exception {
        pusher.failNext(1);
        org.addUser("甲", SimulatedOrg.ROOT_DEPT_ID);     // never leaves
        answerSuccess.set(false);
        org.addUser("乙", SimulatedOrg.ROOT_DEPT_ID);     // answered, but not with the encrypted success

        assertThat(pusher.awaitAttempts(2, WAIT)).isTrue();
        assertThat(pusher.failed()).isEqualTo(2);
        assertThat(pusher.delivered()).isZero();
        assertThat(received).hasSize(1);
        assertThat(simulator.failedPushCount()).isEqualTo(2);
    }

    @Test
    void aChangeNeverWaitsForItsPush() throws Exception {
        holdPushes = new CountDownLatch(1);

        org.addUser("慢", SimulatedOrg.ROOT_DEPT_ID); // returns while the receiver still holds the push
        holdPushes.countDown();

        assertThat(pusher.awaitAttempts(1, WAIT)).isTrue();
        assertThat(heldTooLong.get()).as("the push was released by the test, after the change returned").isFalse();
        assertThat(pusher.delivered()).isOne();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            CountDownLatch hold = holdPushes;
            if (hold != null) {
                try {
                    heldTooLong.compareAndSet(false, !hold.await(WAIT.toSeconds(), TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Map<String, String> query = new HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            String encrypt = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("encrypt").asString();
            String payload = crypto.open(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), encrypt);
            queries.add(query);
            received.add(JSON.readTree(payload));
            byte[] answer = answerSuccess.get() ? JSON.writeValueAsBytes(crypto.successReply())
                    : "{\"errcode\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }
}
