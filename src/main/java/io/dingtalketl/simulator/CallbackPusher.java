package io.dingtalketl.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import io.dingtalketl.client.CallbackCrypto;
import io.dingtalketl.client.CallbackCryptoException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DingTalk's HTTP callback push, simulated: every event a {@link SimulatedOrg} raises ({@link ContactEventFeed})
 * is encrypted with {@link CallbackCrypto} and POSTed to a URL as DingTalk does it (dingtalk-api.md §8.3):
 * {@code ?signature=…&msg_signature=…&timestamp=…&nonce=…} and the body {@code {"encrypt":"…"}}. A push counts
 * as delivered only when the answer is HTTP 200 with the encrypted, correctly signed {@code success}; any
 * other outcome is a failed push, kept by the simulator for {@code call_back/get_call_back_failed_result}.
 *
 * <p>Pushes leave on a daemon thread of their own, in the order the events were raised: a change of the org
 * never waits for a push. Knobs for tests (each takes effect for the events raised after it): deliver events
 * twice ({@link #duplicateNext}), hold some and deliver them reversed ({@link #reorderNext}), wait before each
 * push ({@link #delay}), fail pushes as a broken network would ({@link #failNext}), and the payload's shape
 * ({@link #shapes}). Tests wait for pushes with {@link #awaitAttempts}, never by sleeping. Thread safe.
 */
public final class CallbackPusher implements AutoCloseable {

    /** The corp id pushes carry unless told otherwise. */
    public static final String DEFAULT_CORP_ID = "dingsimulatedcorp00000000000000001";

    /** How a push's decrypted JSON is spelled; DingTalk has used each. */
    public enum PayloadShape {
        /** {@code {"EventType","eventId","TimeStamp":"<ms>","CorpId","UserId"|"DeptId":[…]}}. */
        CURRENT,
        /**
         * The current documentation's example: {@code {"EventType","EventTime":<ms>,"CorpId","eventId",
         * "timeStamp":"<ms>","userId"|"deptId":[…]}}.
         */
        CAMEL_CASE,
        /**
         * A real legacy push (open-dingtalk/DingTalk-Callback-Crypto#9): {@code {"CorpId","EventType",
         * "UserId"|"DeptId":[…],"TimeStamp":"<ms>"}}, without an event id.
         */
        LEGACY
    }

    /** One push as it goes on the wire: the query parameters and the body's {@code encrypt}. */
    public record Push(String signature, String timestamp, String nonce, String encrypt) {

        /** The same push with another signature (a forgery, for tests). */
        public Push withSignature(String forged) {
            return new Push(forged, timestamp, nonce, encrypt);
        }
    }

    /**
     * What the endpoint answered.
     *
     * @param status       HTTP status, 0 when no answer came (connection refused, timeout)
     * @param body         the answer's body, or the error when none came
     * @param acknowledged whether it is DingTalk's {@code success}, encrypted and signed with this pusher's keys
     */
    public record Answer(int status, String body, boolean acknowledged) {
    }

    private record Delivery(ContactEventFeed.Event event, String payload) {
    }

    private static final System.Logger LOG = System.getLogger(CallbackPusher.class.getName());

    private final URI url;
    private final CallbackCrypto crypto;
    private final DingTalkSimulator simulator;
    private final ContactEventFeed feed;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final Consumer<ContactEventFeed.Event> subscriber = this::raised;
    private final Thread worker;

    // knobs, guarded by this
    private int duplicateNext;
    private int reorderNext;
    private final List<List<Delivery>> held = new ArrayList<>();
    private int failNext;
    private Duration delay = Duration.ZERO;
    private Duration replyTimeout = Duration.ofMillis(2500);
    private List<PayloadShape> shapes = List.of(PayloadShape.CURRENT);
    private int shapeTurn;
    private String corpId = DEFAULT_CORP_ID;

    // counts, guarded by counts
    private final Object counts = new Object();
    private long attempted;
    private long delivered;
    private long failed;

    private volatile boolean closed;

    private CallbackPusher(DingTalkSimulator simulator, URI url, CallbackCrypto crypto) {
        this.url = url;
        this.crypto = crypto;
        this.simulator = simulator;
        this.feed = simulator.org().events();
        this.worker = new Thread(this::work, "dingtalk-callback-pusher");
        worker.setDaemon(true);
        worker.start();
        feed.subscribe(subscriber);
    }

    /**
     * Pushes every event the simulator's organization raises from now on to {@code url}; pushes that fail are
     * kept by {@code simulator}. {@code crypto}'s owner key is the app's key ({@link SimulatorSettings#appKey()}
     * for an internal app's event subscription).
     */
    public static CallbackPusher start(DingTalkSimulator simulator, URI url, CallbackCrypto crypto) {
        return new CallbackPusher(simulator, url, crypto);
    }

    // ------------------------------------------------------------------ knobs

    /** The next {@code events} events are each delivered twice in a row (the same payload). */
    public synchronized CallbackPusher duplicateNext(int events) {
        duplicateNext = nonNegative(events, "events");
        return this;
    }

    /** The next {@code events} events are held and, once all have been raised, delivered in reverse order. */
    public synchronized CallbackPusher reorderNext(int events) {
        reorderNext = nonNegative(events, "events");
        return this;
    }

    /** The next {@code pushes} pushes fail before they reach the endpoint, as a broken network would: they are kept. */
    public synchronized CallbackPusher failNext(int pushes) {
        failNext = nonNegative(pushes, "pushes");
        return this;
    }

    /** Each push waits this long before it leaves (a slow DingTalk). */
    public synchronized CallbackPusher delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** How long a push waits for its answer before it counts as failed (DingTalk: 1.5 to 2.5 s). */
    public synchronized CallbackPusher replyTimeout(Duration timeout) {
        this.replyTimeout = timeout;
        return this;
    }

    /** Payload shapes, used in turn, one event after the other. */
    public synchronized CallbackPusher shapes(PayloadShape... shapes) {
        if (shapes.length == 0) {
            throw new IllegalArgumentException("at least one shape");
        }
        this.shapes = List.of(shapes);
        this.shapeTurn = 0;
        return this;
    }

    public synchronized CallbackPusher corpId(String corpId) {
        this.corpId = corpId;
        return this;
    }

    /** Releases events held by {@link #reorderNext} before all of them were raised, reversed. */
    public synchronized void flush() {
        releaseHeld();
    }

    // ------------------------------------------------------------------ counts

    /** Pushes that left (or failed to), duplicates included. */
    public long attempted() {
        synchronized (counts) {
            return attempted;
        }
    }

    /** Pushes the endpoint acknowledged with the encrypted {@code success}. */
    public long delivered() {
        synchronized (counts) {
            return delivered;
        }
    }

    /** Pushes that failed and were kept for {@code get_call_back_failed_result}. */
    public long failed() {
        synchronized (counts) {
            return failed;
        }
    }

    /**
     * Waits until {@code pushes} pushes have been attempted (and, when failed, kept); false when {@code timeout}
     * passed first.
     */
    public boolean awaitAttempts(long pushes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (counts) {
            while (attempted < pushes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                counts.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    // ------------------------------------------------------------------ pushes by hand (tests)

    /** {@code plaintext} encrypted and signed as a push of now. */
    public Push seal(String plaintext) {
        return seal(plaintext, System.currentTimeMillis());
    }

    /** {@code plaintext} encrypted and signed as a push stamped {@code timestampMillis}. */
    public Push seal(String plaintext, long timestampMillis) {
        String encrypt = crypto.encrypt(plaintext);
        String timestamp = Long.toString(timestampMillis);
        String nonce = CallbackCrypto.nonce().substring(0, 8);
        return new Push(crypto.signature(timestamp, nonce, encrypt), timestamp, nonce, encrypt);
    }

    /** Sends one push now, on the caller's thread, and returns the answer. Counts nothing, keeps nothing. */
    public Answer deliver(Push push) {
        String query = "signature=" + encode(push.signature()) + "&msg_signature=" + encode(push.signature())
                + "&timestamp=" + encode(push.timestamp()) + "&nonce=" + encode(push.nonce());
        return post(query, json.writeValueAsString(Map.of("encrypt", push.encrypt())));
    }

    /** Sends a request with this body, as it is, to the URL (malformed bodies, for tests). */
    public Answer post(String rawQuery, String body) {
        Duration timeout;
        synchronized (this) {
            timeout = replyTimeout;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + (rawQuery.isEmpty() ? "" : "?" + rawQuery)))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(),
                    response.statusCode() == 200 && acknowledges(response.body()));
        } catch (IOException e) {
            return new Answer(0, e.toString(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, e.toString(), false);
        }
    }

    // ------------------------------------------------------------------ the push thread

    private void raised(ContactEventFeed.Event event) {
        if (closed) {
            return;
        }
        synchronized (this) {
            Delivery delivery = new Delivery(event, payload(event, shapes.get(shapeTurn++ % shapes.size())));
            List<Delivery> copies = duplicateNext > 0 ? List.of(delivery, delivery) : List.of(delivery);
            if (duplicateNext > 0) {
                duplicateNext--;
            }
            if (reorderNext > 0) {
                held.add(copies);
                if (held.size() >= reorderNext) {
                    reorderNext = 0;
                    releaseHeld();
                }
                return;
            }
            queue.addAll(copies);
        }
    }

    /** Called holding this. */
    private void releaseHeld() {
        List<List<Delivery>> reversed = new ArrayList<>(held);
        Collections.reverse(reversed);
        reversed.forEach(queue::addAll);
        held.clear();
    }

    private void work() {
        while (!closed) {
            Delivery delivery;
            try {
                delivery = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            Duration wait;
            boolean fail;
            synchronized (this) {
                wait = delay;
                fail = failNext > 0;
                if (fail) {
                    failNext--;
                }
            }
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            boolean ok = false;
            if (!fail) {
                Answer answer = deliver(seal(delivery.payload()));
                ok = answer.acknowledged();
                if (!ok) {
                    LOG.log(System.Logger.Level.DEBUG, "callback push of " + delivery.event().eventId() + " failed: "
                            + answer.status() + " " + answer.body());
                }
            }
            if (!ok) {
                simulator.keepFailedPush(delivery.event(), corpId());
            }
            synchronized (counts) {
                attempted++;
                if (ok) {
                    delivered++;
                } else {
                    failed++;
                }
                counts.notifyAll();
            }
        }
    }

    private synchronized String corpId() {
        return corpId;
    }

    // ------------------------------------------------------------------ wire format

    /** The decrypted JSON DingTalk pushes for {@code event}, in {@code shape}. Called holding this. */
    private String payload(ContactEventFeed.Event event, PayloadShape shape) {
        String millis = Long.toString(event.bornAt().toEpochMilli());
        boolean users = !event.userIds().isEmpty();
        List<?> ids = users ? event.userIds() : event.deptIds();
        Map<String, Object> body = new LinkedHashMap<>();
        switch (shape) {
            case CURRENT -> {
                body.put("EventType", event.type());
                body.put("eventId", event.eventId());
                body.put("TimeStamp", millis);
                body.put("CorpId", corpId);
                body.put(users ? "UserId" : "DeptId", ids);
            }
            case CAMEL_CASE -> {
                body.put("EventType", event.type());
                body.put("EventTime", event.bornAt().toEpochMilli());
                body.put("CorpId", corpId);
                body.put("eventId", event.eventId());
                body.put("timeStamp", millis);
                body.put(users ? "userId" : "deptId", ids);
            }
            case LEGACY -> {
                body.put("CorpId", corpId);
                body.put("EventType", event.type());
                body.put(users ? "UserId" : "DeptId", ids);
                body.put("TimeStamp", millis);
            }
        }
        return json.writeValueAsString(body);
    }

    /** Whether an answer body is DingTalk's encrypted success, signed with this pusher's token. */
    private boolean acknowledges(String body) {
        try {
            JsonNode reply = json.readTree(body);
            String encrypt = reply.path("encrypt").asString("");
            return crypto.verify(reply.path("msg_signature").asString(null), reply.path("timeStamp").asString(""),
                    reply.path("nonce").asString(""), encrypt)
                    && CallbackCrypto.SUCCESS.equals(crypto.decrypt(encrypt));
        } catch (JacksonException | CallbackCryptoException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int nonNegative(int n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + n);
        }
        return n;
    }

    /** Stops pushing: events raised from now on are not pushed, and pushes not yet sent are dropped. */
    @Override
    public void close() {
        closed = true;
        feed.unsubscribe(subscriber);
        worker.interrupt();
    }
}
