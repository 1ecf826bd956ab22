package io.dingtalketl.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.simulator.ContactEventFeed;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for DingTalk's Stream gateway, enough for DingTalk's own SDK to run against it unchanged
 * (dingtalk-api.md §8.4): {@code POST /v1.0/gateway/connections/open} over plain HTTP (the receiver's
 * {@code etl.events.stream.open-api-host} points there) hands out a single-use ticket and a {@code wss://}
 * endpoint on 127.0.0.1; the SDK connects to {@code /connect?ticket=…} and gets EVENT frames shaped as
 * DingTalk sends them, and its acknowledgements are collected per message id. {@link #disconnect()} announces
 * a disconnect as the gateway does before it closes a connection; the announced connection is closed once the
 * SDK has opened its next one.
 *
 * <p>The SDK only speaks TLS and checks the certificate against the JVM's default trust store: the first
 * stand-in of a JVM makes a self-signed certificate (keytool, for localhost and 127.0.0.1) and points
 * {@code javax.net.ssl.trustStore} at a copy of the JDK's trusted certificates plus that one.
 *
 * <p>{@link #deliver} takes the events a {@link io.dingtalketl.simulator.SimulatedOrg} raises and sends them with
 * the faults of a real gateway: duplicates, reordering, delay. Every wait ends when its condition holds, or
 * fails after {@link #PATIENCE}.
 */
final class StreamGatewayStandIn implements AutoCloseable {

    static final String CLIENT_ID = "dingstandinappkey01";
    static final String CLIENT_SECRET = "StandInSecret-7Kq2Vz9Lp4Xw";
    static final String CORP_ID = "dingcorpstandin";
    static final String UNIFIED_APP_ID = "5f7a9c3e-standin";
    /** How long any wait lasts before it fails the test: a bound on a hang, never a timing assumption. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer of the SDK to a frame. */
    record Ack(String messageId, int code, @Nullable String status) {

        boolean success() {
            return code == 200 && "SUCCESS".equals(status);
        }

        boolean later() {
            return code == 200 && "LATER".equals(status);
        }
    }

    /** An event frame as sent, to send again. */
    private record Sent(Map<String, Object> headers, String data) {
    }

    private final HttpServer openApi;
    private final Gateway gateway;
    private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stream-stand-in-delay");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    // guarded by this
    private final Set<String> issuedTickets = new HashSet<>();
    private final List<Map<String, Object>> openRequests = new ArrayList<>();
    private int refusedOpenRequests;
    private final List<WebSocket> opened = new ArrayList<>();
    private @Nullable WebSocket current;
    private final List<WebSocket> announcedDisconnect = new ArrayList<>();
    private final Set<WebSocket> closedByStandIn = new HashSet<>();
    private final Map<String, List<Ack>> acks = new LinkedHashMap<>();
    private final Set<WebSocket> closedByClient = new HashSet<>();

    private StreamGatewayStandIn() throws IOException, InterruptedException {
        gateway = new Gateway();
        gateway.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(Tls.get().serverContext));
        gateway.setDaemon(true);
        gateway.start();
        awaitUntil(() -> gateway.started, "the wss endpoint to listen");

        openApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        openApi.createContext("/v1.0/gateway/connections/open", this::openConnection);
        openApi.start();
    }

    static StreamGatewayStandIn start() {
        try {
            return new StreamGatewayStandIn();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the Stream gateway stand-in did not start", e);
        }
    }

    /** What {@code etl.events.stream.open-api-host} is set to. */
    String openApiHost() {
        return "http://127.0.0.1:" + openApi.getAddress().getPort();
    }

    /**
     * A receiver configured as the application configures it (bound from {@code etl.events.*} and
     * {@code dingtalk.*} settings) for this gateway, with the app key it knows and {@code appSecret}.
     */
    StreamReceiver receiver(EventInbox inbox, int consumerThreads, String appSecret, InboxArrivals arrivals) {
        Binder settings = new Binder(new MapConfigurationPropertySource(Map.of(
                "etl.events.stream.enabled", "true",
                "etl.events.stream.open-api-host", openApiHost(),
                "etl.events.stream.consumer-threads", String.valueOf(consumerThreads),
                "dingtalk.app-key", CLIENT_ID,
                "dingtalk.app-secret", appSecret)));
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("arrivals", arrivals));
        return new StreamReceiver(settings.bindOrCreate("etl.events", EventsProperties.class),
                settings.bindOrCreate("dingtalk", DingTalkProperties.class), inbox, beans.getBeanProvider(InboxArrivals.class));
    }

    // ------------------------------------------------------------------ connections

    /** The bodies of every {@code connections/open} request so far, the secret included (the SDK sends it). */
    synchronized List<Map<String, Object>> openRequests() {
        return List.copyOf(openRequests);
    }

    synchronized int refusedOpenRequests() {
        return refusedOpenRequests;
    }

    /** WebSocket connections the SDK has opened so far. */
    synchronized int connectionsOpened() {
        return opened.size();
    }

    /** Connections the SDK closed itself (the stand-in's own closes not counted). */
    synchronized int connectionsClosedByClient() {
        return closedByClient.size();
    }

    void awaitConnections(int count) {
        awaitUntil(() -> connectionsOpened() >= count, count + " connection(s) from the SDK");
    }

    void awaitRefusedOpenRequests(int count) {
        awaitUntil(() -> refusedOpenRequests() >= count, count + " refused connections/open request(s)");
    }

    void awaitClosedByClient(int count) {
        awaitUntil(() -> connectionsClosedByClient() >= count, count + " connection(s) closed by the SDK");
    }

    /**
     * Announces a disconnect on the current connection (SYSTEM frame, topic {@code disconnect}), as the gateway
     * does before it closes one; the stand-in closes it once the SDK has opened its next connection.
     */
    synchronized void disconnect() {
        WebSocket connection = liveConnection();
        announcedDisconnect.add(connection);
        current = null;
        connection.send(frame("SYSTEM", headers("disconnect", UUID.randomUUID().toString()),
                "{\"reason\":\"the stand-in closes this connection\"}"));
    }

    /** Drops the current connection without a word, as a network failure does. */
    synchronized void dropConnection() {
        WebSocket connection = liveConnection();
        current = null;
        closedByStandIn.add(connection);
        connection.closeConnection(1006, "dropped by the stand-in");
    }

    // ------------------------------------------------------------------ events

    /** Sends a contact event as DingTalk's gateway does; returns the frame's message id. */
    String sendEvent(String eventType, String eventId, Instant bornAt, String data) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("eventType", eventType);
        headers.put("eventId", eventId);
        headers.put("eventCorpId", CORP_ID);
        headers.put("eventBornTime", bornAt.toEpochMilli());
        headers.put("eventUnifiedAppId", UNIFIED_APP_ID);
        return send(new Sent(headers, data));
    }

    /** Delivers the frame of {@code messageId} again, as DingTalk redelivers (a new message id, the same event). */
    String redeliver(String messageId) {
        Sent original = sent.get(messageId);
        if (original == null) {
            throw new IllegalArgumentException("no frame " + messageId + " was sent");
        }
        return send(original);
    }

    private String send(Sent event) {
        String messageId = UUID.randomUUID().toString();
        sendAs(messageId, event);
        return messageId;
    }

    private void sendAs(String messageId, Sent event) {
        sent.put(messageId, event);
        Map<String, Object> headers = headers("*", messageId);
        headers.putAll(event.headers());
        String frame = frame("EVENT", headers, event.data());
        synchronized (this) {
            liveConnection().send(frame);
        }
    }

    /** Waits for the SDK's first answer to {@code messageId}. */
    Ack awaitAck(String messageId) {
        awaitUntil(() -> !acksOf(messageId).isEmpty(), "an answer to message " + messageId);
        return acksOf(messageId).get(0);
    }

    /** Waits until every one of {@code messageIds} is answered. */
    void awaitAcks(List<String> messageIds) {
        awaitUntil(() -> messageIds.stream().allMatch(id -> !acksOf(id).isEmpty()),
                "answers to all of " + messageIds.size() + " messages");
    }

    synchronized List<Ack> acksOf(String messageId) {
        return List.copyOf(acks.getOrDefault(messageId, List.of()));
    }

    synchronized List<Ack> acks() {
        return acks.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Delivers every event {@code feed} raises from now on, with {@code plan}'s faults. Close the delivery
     * to send what it holds back and stop listening.
     */
    FeedDelivery deliver(ContactEventFeed feed, DeliveryPlan plan) {
        return new FeedDelivery(feed, plan);
    }

    /**
     * How a gateway mistreats a feed.
     *
     * @param duplicateEvery every n-th event is delivered twice (0: none)
     * @param shuffleWindow  events are held until this many (copies included) have gathered, then sent in a
     *                       random order (1: as raised)
     * @param delay          each frame leaves this long after it was due
     * @param seed           of the shuffle
     */
    record DeliveryPlan(int duplicateEvery, int shuffleWindow, Duration delay, long seed) {

        static DeliveryPlan asRaised() {
            return new DeliveryPlan(0, 1, Duration.ZERO, 0);
        }
    }

    /** Events of a feed on their way; thread safe. */
    final class FeedDelivery implements AutoCloseable {

        private final ContactEventFeed feed;
        private final DeliveryPlan plan;
        private final Random random;
        private final Consumer<ContactEventFeed.Event> subscriber = this::raised;
        private final List<Sent> held = new ArrayList<>();
        private final List<String> messageIds = Collections.synchronizedList(new ArrayList<>());
        private int seen;

        private FeedDelivery(ContactEventFeed feed, DeliveryPlan plan) {
            this.feed = feed;
            this.plan = plan;
            this.random = new Random(plan.seed());
            feed.subscribe(subscriber);
        }

        private synchronized void raised(ContactEventFeed.Event event) {
            Sent frame = frameOf(event);
            held.add(frame);
            seen++;
            if (plan.duplicateEvery() > 0 && seen % plan.duplicateEvery() == 0) {
                held.add(frame);
            }
            if (held.size() >= plan.shuffleWindow()) {
                flush();
            }
        }

        /** Sends what is held back. */
        synchronized void flush() {
            Collections.shuffle(held, random);
            for (Sent frame : held) {
                if (plan.delay().isZero()) {
                    messageIds.add(send(frame));
                } else {
                    // the id is known now, so that a test can wait for its answer
                    String messageId = UUID.randomUUID().toString();
                    messageIds.add(messageId);
                    delayed.schedule(() -> sendAs(messageId, frame), plan.delay().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            held.clear();
        }

        /** The message ids of every frame sent or scheduled so far. */
        List<String> messageIds() {
            synchronized (messageIds) {
                return List.copyOf(messageIds);
            }
        }

        @Override
        public void close() {
            feed.unsubscribe(subscriber);
            flush();
        }
    }

    /** A simulator event in Stream mode's shape: type, id and birth time in the headers, the ids in the data. */
    private static Sent frameOf(ContactEventFeed.Event event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("timeStamp", String.valueOf(event.bornAt().toEpochMilli()));
        if (!event.userIds().isEmpty()) {
            data.put("userId", event.userIds());
        }
        if (!event.deptIds().isEmpty()) {
            data.put("deptId", event.deptIds());
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("eventType", event.type());
        headers.put("eventId", event.eventId());
        headers.put("eventCorpId", CORP_ID);
        headers.put("eventBornTime", event.bornAt().toEpochMilli());
        headers.put("eventUnifiedAppId", UNIFIED_APP_ID);
        return new Sent(headers, JSON.writeValueAsString(data));
    }

    // ------------------------------------------------------------------ wire

    private static Map<String, Object> headers(String topic, String messageId) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("topic", topic);
        headers.put("messageId", messageId);
        headers.put("contentType", "application/json");
        headers.put("time", String.valueOf(System.currentTimeMillis()));
        return headers;
    }

    private static String frame(String type, Map<String, Object> headers, String data) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("specVersion", "1.0");
        frame.put("type", type);
        frame.put("headers", headers);
        frame.put("data", data);
        return JSON.writeValueAsString(frame);
    }

    private WebSocket liveConnection() {
        WebSocket connection = current;
        if (connection == null || !connection.isOpen()) {
            throw new IllegalStateException("the SDK holds no connection to the stand-in: await one first");
        }
        return connection;
    }

    private void openConnection(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            JsonNode request = JSON.readTree(in.readAllBytes());
            int status;
            String body;
            synchronized (this) {
                openRequests.add(JSON.convertValue(request, Map.class));
                if (CLIENT_ID.equals(request.path("clientId").asString(null))
                        && CLIENT_SECRET.equals(request.path("clientSecret").asString(null))) {
                    String ticket = UUID.randomUUID().toString();
                    issuedTickets.add(ticket);
                    status = 200;
                    body = JSON.writeValueAsString(Map.of("endpoint", "wss://127.0.0.1:" + gateway.getPort() + "/gateway",
                            "ticket", ticket));
                } else {
                    refusedOpenRequests++;
                    status = 401;
                    body = "{\"code\":\"authFailed\",\"message\":\"鉴权失败\"}";
                }
                notifyAll();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private final class Gateway extends WebSocketServer {

        private volatile boolean started;

        Gateway() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onStart() {
            started = true;
            synchronized (StreamGatewayStandIn.this) {
                StreamGatewayStandIn.this.notifyAll();
            }
        }

        @Override
        public void onOpen(WebSocket connection, ClientHandshake handshake) {
            String descriptor = handshake.getResourceDescriptor();
            String ticket = descriptor.startsWith("/connect?ticket=") ? descriptor.substring("/connect?ticket=".length()) : "";
            synchronized (StreamGatewayStandIn.this) {
                if (!issuedTickets.remove(ticket)) {
                    closedByStandIn.add(connection);
                    connection.close(1008, "unknown ticket");
                    return;
                }
                opened.add(connection);
                current = connection;
                // the SDK has its next connection: the announced ones go now
                announcedDisconnect.forEach(announced -> {
                    closedByStandIn.add(announced);
                    announced.close();
                });
                announcedDisconnect.clear();
                StreamGatewayStandIn.this.notifyAll();
            }
        }

        @Override
        public void onMessage(WebSocket connection, String message) {
            JsonNode answer = JSON.readTree(message);
            String messageId = answer.path("headers").path("messageId").asString(null);
            if (messageId == null) {
                return;
            }
            String status = null;
            String data = answer.path("data").asString(null);
            if (data != null && !data.isBlank()) {
                status = JSON.readTree(data).path("status").asString(null);
            }
            synchronized (StreamGatewayStandIn.this) {
                acks.computeIfAbsent(messageId, id -> new ArrayList<>())
                        .add(new Ack(messageId, answer.path("code").asInt(), status));
                StreamGatewayStandIn.this.notifyAll();
            }
        }

        @Override
        public void onClosing(WebSocket connection, int code, String reason, boolean remote) {
            // the client's close frame: over TLS, Java-WebSocket does not always get to onClose after answering it
            if (remote) {
                ended(connection);
            }
        }

        @Override
        public void onClose(WebSocket connection, int code, String reason, boolean remote) {
            ended(connection);
        }

        private void ended(WebSocket connection) {
            synchronized (StreamGatewayStandIn.this) {
                if (!closedByStandIn.contains(connection)) {
                    closedByClient.add(connection);
                }
                if (connection == current) {
                    current = null;
                }
                StreamGatewayStandIn.this.notifyAll();
            }
        }

        @Override
        public void onError(@Nullable WebSocket connection, Exception e) {
            // a connection's failure ends in onClose; the server's own shows as a test that waits in vain
        }
    }

    private synchronized void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("waited " + PATIENCE + " for " + what);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        delayed.shutdownNow();
        openApi.stop(0);
        try {
            gateway.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The stand-in's certificate, made once per JVM, and the JVM's trust in it: the SDK builds its TLS context
     * from the default trust store, which is read from {@code javax.net.ssl.trustStore} when a context is made
     * ({@code SSLContext.setDefault} does not reach it).
     */
    private static final class Tls {

        private static final String PASSWORD = "stand-in";
        private static @Nullable Tls instance;

        final SSLContext serverContext;

        private Tls(SSLContext serverContext) {
            this.serverContext = serverContext;
        }

        static synchronized Tls get() throws IOException, InterruptedException {
            if (instance == null) {
                instance = create();
            }
            return instance;
        }

        private static Tls create() throws IOException, InterruptedException {
            Path dir = Files.createTempDirectory("stream-stand-in-tls");
            dir.toFile().deleteOnExit();
            Path keys = dir.resolve("gateway.p12");
            keys.toFile().deleteOnExit();
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "gateway",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool could not make the stand-in's certificate: " + output);
            }
            try {
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keys)) {
                    keyStore.load(in, PASSWORD.toCharArray());
                }
                KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keyStore, PASSWORD.toCharArray());
                SSLContext server = SSLContext.getInstance("TLS");
                server.init(keyManagers.getKeyManagers(), null, null);
                trust(keyStore.getCertificate("gateway"), dir);
                return new Tls(server);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the stand-in's TLS set-up failed", e);
            }
        }

        /** Points the JVM's default trust store at what it trusted before, plus {@code certificate}. */
        private static void trust(Certificate certificate, Path dir) throws Exception {
            String configured = System.getProperty("javax.net.ssl.trustStore");
            Path source;
            String type;
            char[] password;
            if (configured != null) {
                source = Path.of(configured);
                type = System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
                String configuredPassword = System.getProperty("javax.net.ssl.trustStorePassword");
                password = configuredPassword == null ? null : configuredPassword.toCharArray();
            } else {
                Path security = Path.of(System.getProperty("java.home"), "lib", "security");
                source = Files.exists(security.resolve("jssecacerts")) ? security.resolve("jssecacerts") : security.resolve("cacerts");
                type = KeyStore.getDefaultType();
                password = "changeit".toCharArray();
            }
            KeyStore before = KeyStore.getInstance(type);
            try (InputStream in = Files.newInputStream(source)) {
                before.load(in, password);
            }
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (String alias : Collections.list(before.aliases())) {
                if (before.isCertificateEntry(alias)) {
                    trusted.setCertificateEntry(alias, before.getCertificate(alias));
                }
            }
            trusted.setCertificateEntry("dingtalk-etl-stream-stand-in", certificate);
            Path store = dir.resolve("trusted.p12");
            store.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(store)) {
                trusted.store(out, PASSWORD.toCharArray());
            }
            System.setProperty("javax.net.ssl.trustStore", store.toString());
            System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        }
    }
}
