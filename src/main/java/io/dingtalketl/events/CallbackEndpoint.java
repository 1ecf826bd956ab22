package io.dingtalketl.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dingtalketl.client.CallbackCrypto;
import io.dingtalketl.client.CallbackCryptoException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.SmartLifecycle;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DingTalk's encrypted HTTP callback (dingtalk-api.md §8.3) on the JDK's HTTP server: {@code POST <path>?
 * msg_signature|signature=…&timestamp=…&nonce=…} with the body {@code {"encrypt":"…"}}.
 *
 * <p>A push is refused with HTTP 403 and a short reason, and nothing is stored, when its signature does not
 * match, its timestamp is further than {@code max-clock-skew} from now, it was encrypted for another owner key,
 * or its body is not {@code {"encrypt":"…"}}. DingTalk's URL check ({@code check_url}) is answered without
 * storing anything. Every other push is committed to the {@link EventInbox} (one that cannot be read is stored
 * quarantined), and only then answered with the encrypted {@code success}; when the inbox cannot store it the
 * answer is HTTP 500, so that DingTalk keeps it and pushes again or lists it among its failed pushes. Nothing is
 * applied here: when an event is new, {@link InboxArrivals} is told (a signal), and DingTalk is answered.
 *
 * <p>Thread safe; pushes are handled on a small pool of its own. The token, the AES key and decrypted
 * messages never reach a log line or an exception.
 */
public final class CallbackEndpoint implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CallbackEndpoint.class);
    private static final String PREFIX = "etl.events.callback.";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int THREADS = 4;
    /** Timestamps below this are seconds, not milliseconds (DingTalk sends milliseconds; its Python sample seconds). */
    private static final long SECONDS_BELOW = 100_000_000_000L;

    static {
        // As in the simulator: without TCP_NODELAY the JDK server's answer waits for the client's delayed ACK
        // (~40 ms a push). Read once per JVM; an explicit setting is left alone.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final EventsProperties.Callback settings;
    private final CallbackCrypto crypto;
    private final EventInbox inbox;
    private final @Nullable InboxArrivals arrivals;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile @Nullable HttpServer server;
    private volatile @Nullable ThreadPoolExecutor executor;
    /** Guards {@link #inFlight} and {@link #draining}: stop() lets the pushes being stored finish and be answered. */
    private final Object handling = new Object();
    private int inFlight;
    private boolean draining;

    /**
     * @param appKey the app key ({@code dingtalk.app-key}), the owner key when {@code owner-key} is not set
     * @throws IllegalStateException when the settings cannot work; the message names the setting, never its value
     */
    CallbackEndpoint(EventsProperties.Callback settings, @Nullable String appKey, EventInbox inbox,
                     @Nullable InboxArrivals arrivals, Clock clock) {
        List<InvalidConfigurationPropertyValueException> problems = settings.problems(appKey);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.stream().map(InvalidConfigurationPropertyValueException::getReason)
                    .collect(Collectors.joining(" ")));
        }
        this.settings = settings;
        this.crypto = CallbackCrypto.of(settings.token(), settings.aesKey(), settings.ownerKeyOr(appKey));
        this.inbox = inbox;
        this.arrivals = arrivals;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(PREFIX + "bind-address '" + settings.bindAddress() + "' is not an address of this host.", e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "dingtalk-callback-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServer http;
        try {
            http = HttpServer.create(address, 64);
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("The DingTalk callback endpoint cannot listen on " + settings.bindAddress() + ":"
                    + settings.port() + " (" + PREFIX + "bind-address, " + PREFIX + "port): " + e.getMessage(), e);
        }
        http.setExecutor(pool);
        http.createContext("/", this::handle);
        http.start();
        executor = pool;
        server = http;
        log.info("DingTalk callback endpoint listening on {}:{}{} (owner key {})", settings.bindAddress(),
                http.getAddress().getPort(), settings.path(), crypto.ownerKey());
    }

    @Override
    public synchronized void stop() {
        HttpServer http = server;
        ThreadPoolExecutor pool = executor;
        server = null;
        executor = null;
        drain(Duration.ofSeconds(2));
        if (http != null) {
            // not stop(n): on JDK 17 it waits all n seconds whenever a connection is open, busy or not
            http.stop(0);
        }
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (handling) {
            draining = false;
        }
    }

    /** Refuses new pushes (503) and waits, at most {@code patience}, for those being handled to be answered. */
    private void drain(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (handling) {
            draining = true;
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("Stopping the DingTalk callback endpoint with {} pushes unanswered; DingTalk will push them again", inFlight);
                    return;
                }
                try {
                    handling.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    // ------------------------------------------------------------------ what it tells

    /** The port it listens on (the one chosen when {@code port} is 0). */
    public int port() {
        HttpServer http = server;
        if (http == null) {
            throw new IllegalStateException("the DingTalk callback endpoint is not running");
        }
        return http.getAddress().getPort();
    }

    /** Where to reach it from this host, e.g. {@code http://127.0.0.1:41234/dingtalk/events}. */
    public URI localUri() {
        String host = settings.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port()
                + settings.path());
    }

    /** Pushes answered {@code success}: stored (new, duplicate or quarantined) and URL checks. */
    public long accepted() {
        return accepted.sum();
    }

    /** Pushes refused with 403 (signature, timestamp, owner key, body). */
    public long rejected() {
        return rejected.sum();
    }

    /** Pushes answered 500 because the inbox could not store them. */
    public long failed() {
        return failed.sum();
    }

    // ------------------------------------------------------------------ handling a push

    /** An answer: status, content type and body; {@code arrived} when a new event was committed. */
    private record Answer(int status, String contentType, byte[] body, boolean arrived) {

        static Answer text(int status, String reason) {
            return new Answer(status, "text/plain; charset=utf-8", reason.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private void handle(HttpExchange exchange) {
        synchronized (handling) {
            if (draining) {
                exchange.close(); // stopping: DingTalk sees no answer and pushes again
                return;
            }
            inFlight++;
        }
        try {
            handleAdmitted(exchange);
        } finally {
            synchronized (handling) {
                inFlight--;
                handling.notifyAll();
            }
        }
    }

    private void handleAdmitted(HttpExchange exchange) {
        try (exchange) {
            Answer answer = answer(exchange);
            if (answer.arrived()) {
                tellArrival(); // a signal only: whoever listens returns at once
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
            exchange.getResponseBody().flush();
        } catch (IOException e) {
            log.debug("DingTalk went away before the answer was written: {}", e.toString());
        } catch (RuntimeException e) {
            log.warn("The DingTalk callback endpoint failed on a request", e);
        }
    }

    private void tellArrival() {
        InboxArrivals listener = arrivals;
        if (listener == null) {
            return;
        }
        try {
            listener.arrived();
        } catch (RuntimeException e) {
            log.warn("The inbox arrival listener failed; the event is stored and will be applied on the next round", e);
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        if (!settings.path().equals(exchange.getRequestURI().getPath())) {
            return Answer.text(404, "not found");
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            return Answer.text(405, "POST only");
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return refuse(exchange, "body larger than " + MAX_BODY_BYTES + " bytes");
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String signature = query.getOrDefault("msg_signature", query.get("signature"));
        String timestamp = query.getOrDefault("timestamp", query.get("timeStamp"));
        String nonce = query.get("nonce");
        if (signature == null || timestamp == null || nonce == null) {
            return refuse(exchange, "missing msg_signature/signature, timestamp or nonce");
        }
        String encrypt = encryptOf(body);
        if (encrypt == null) {
            return refuse(exchange, "body is not {\"encrypt\":\"...\"}");
        }
        if (!crypto.verify(signature, timestamp, nonce, encrypt)) {
            return refuse(exchange, "signature mismatch");
        }
        Instant now = clock.instant();
        String skew = skewProblem(timestamp, now);
        if (skew != null) {
            return refuse(exchange, skew);
        }
        String message;
        try {
            message = crypto.decrypt(encrypt);
        } catch (CallbackCryptoException e) {
            return refuse(exchange, e.getMessage());
        }
        InboundEvent event = EventPayloads.fromPush(message, Transport.HTTP, now);
        if ("check_url".equals(event.type())) {
            log.info("DingTalk checked the callback URL");
            accepted.increment();
            return success(false);
        }
        EventInbox.Receipt receipt;
        try {
            receipt = inbox.receive(event);
        } catch (RuntimeException e) {
            failed.increment();
            log.error("Could not store DingTalk event {} ({}); answered 500 so that DingTalk pushes it again",
                    event.eventId(), event.type(), e);
            return Answer.text(500, "could not store the event; push it again");
        }
        accepted.increment();
        if (receipt == EventInbox.Receipt.QUARANTINED) {
            log.warn("Stored DingTalk event {} ({}) as quarantined: {}", event.eventId(), event.type(), event.problem());
        }
        return success(receipt == EventInbox.Receipt.NEW);
    }

    private Answer success(boolean arrived) {
        return new Answer(200, "application/json; charset=utf-8", json.writeValueAsBytes(crypto.successReply()), arrived);
    }

    private Answer refuse(HttpExchange exchange, String reason) {
        rejected.increment();
        log.warn("Refused a DingTalk callback push from {}: {}", exchange.getRemoteAddress().getAddress().getHostAddress(), reason);
        return Answer.text(403, reason);
    }

    /** Why {@code timestamp} is not within {@code max-clock-skew} of now, or null when it is. */
    private @Nullable String skewProblem(String timestamp, Instant now) {
        long value;
        try {
            value = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "timestamp is not a number";
        }
        Instant at = value < SECONDS_BELOW ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
        Duration off = Duration.between(at, now).abs();
        return off.compareTo(settings.maxClockSkew()) > 0
                ? "timestamp is " + off.toSeconds() + " s from now (more than " + settings.maxClockSkew().toSeconds() + " s)"
                : null;
    }

    /** The {@code encrypt} of a body {@code {"encrypt":"…"}}, or null when the body is anything else. */
    private @Nullable String encryptOf(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode encrypt = root.get("encrypt");
        return encrypt != null && encrypt.isString() && !encrypt.asString().isBlank() ? encrypt.asString() : null;
    }

    private static byte @Nullable [] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    /** The first value of each query parameter. */
    private static Map<String, String> query(@Nullable String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                params.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // a broken escape: the parameter is as good as absent
            }
        }
        return params;
    }
}
