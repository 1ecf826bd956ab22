package io.dingtalketl.events;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.message.GenericOpenDingTalkEvent;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import com.dingtalk.open.app.stream.protocol.event.EventAckStatus;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.events.EventInbox.Receipt;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives contact events over DingTalk's Stream mode (dingtalk-api.md §8.4): DingTalk's SDK holds an outbound
 * WebSocket to the gateway, opened with the app's credentials ({@code dingtalk.app-key} and
 * {@code dingtalk.app-secret}) and subscribed to every event; each event is committed to the {@link EventInbox}
 * and only then answered {@code SUCCESS}. An event that cannot be stored (the database is away) is answered
 * {@code LATER}, and DingTalk delivers it again. Duplicates and quarantined events are answered {@code SUCCESS}:
 * the inbox already has them. After each new event the {@link InboxArrivals} beans, if any, are told.
 *
 * <p>Created only when {@code etl.events.stream.enabled=true}; it connects when the context starts and
 * reconnects by itself (the SDK tries every 5 seconds, and opens a new connection when the gateway announces a
 * disconnect). On stop it takes no new events (those already queued in the SDK are answered {@code LATER}, later
 * ones are refused by the SDK and not answered), waits up to {@link #DRAIN_TIMEOUT} for those being committed so
 * that their {@code SUCCESS} still goes out, and closes the client. Nothing is acknowledged that is not
 * committed; an acknowledgement lost on the way only means a second delivery, which the inbox recognises.
 *
 * <p>Thread safe: events are committed on up to {@code etl.events.stream.consumer-threads} SDK threads at once,
 * in no particular order (the inbox orders them by birth time).
 *
 * <p>{@code etl.events.stream.open-api-host} points the SDK at another gateway; it exists for stand-ins and tests
 * only, and is applied by reflection because the SDK keeps that setting private ({@link StreamSdkAccess}).
 *
 * <p>Limits of the SDK (1.3.12): an event whose {@code data} is not a JSON object, or whose
 * {@code eventBornTime} header is not a number, fails inside the SDK before it reaches this class; the SDK
 * answers nothing (or an error code) and DingTalk's redelivery is all that happens to it. The SDK's shared
 * network threads are not daemon threads and outlive {@link #stop()}: the command line ends with
 * {@code System.exit}.
 */
@Component
@ConditionalOnBooleanProperty({"etl.events.stream.enabled", "etl.events.serving"})   // only in serve
public class StreamReceiver implements SmartLifecycle {

    /** How long {@link #stop()} waits for events being committed, so that their {@code SUCCESS} still goes out. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(StreamReceiver.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventInbox inbox;
    private final ObjectProvider<InboxArrivals> arrivals;
    private final String appKey;
    private final String appSecret;
    private final @Nullable String openApiHost;
    private final int consumerThreads;
    private final Duration connectTimeout;

    private volatile boolean accepting;
    private volatile @Nullable OpenDingTalkClient client;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong later = new AtomicLong();

    public StreamReceiver(EventsProperties events, DingTalkProperties dingtalk, EventInbox inbox,
                          ObjectProvider<InboxArrivals> arrivals) {
        if (!dingtalk.hasAppCredentials()) {
            throw new IllegalStateException("etl.events.stream.enabled=true needs dingtalk.app-key and dingtalk.app-secret: "
                    + "Stream mode opens its connection with the app's credentials (a fixed dingtalk.access-token cannot)");
        }
        if (events.stream().consumerThreads() < 1) {
            throw new IllegalStateException("etl.events.stream.consumer-threads must be at least 1, was "
                    + events.stream().consumerThreads());
        }
        this.inbox = inbox;
        this.arrivals = arrivals;
        this.appKey = dingtalk.appKey();
        this.appSecret = dingtalk.appSecret();
        String host = events.stream().openApiHost();
        this.openApiHost = host == null || host.isBlank() ? null : host;
        this.consumerThreads = events.stream().consumerThreads();
        this.connectTimeout = events.stream().connectTimeout();
    }

    @Override
    public synchronized void start() {
        if (client != null) {
            return;
        }
        OpenDingTalkStreamClientBuilder builder = OpenDingTalkStreamClientBuilder.custom()
                .credential(new AuthClientCredential(appKey, appSecret))
                .consumeThreads(consumerThreads)
                .connectTimeout(connectTimeout.toMillis())
                .registerAllEventListener(this::onEvent);
        if (openApiHost != null) {
            StreamSdkAccess.pointAt(builder, openApiHost);
        }
        OpenDingTalkClient started = builder.build();
        accepting = true;
        try {
            started.start(); // connects in the background, and keeps reconnecting
        } catch (Exception e) {
            accepting = false;
            throw new IllegalStateException("DingTalk's Stream client did not start: " + e.getMessage(), e);
        }
        client = started;
        log.info("Stream mode: receiving contact events as app {} from {}", appKey,
                openApiHost != null ? openApiHost + " (etl.events.stream.open-api-host: a stand-in, not DingTalk)" : "DingTalk");
    }

    @Override
    public synchronized void stop() {
        OpenDingTalkClient stopping = client;
        if (stopping == null) {
            return;
        }
        accepting = false;
        ExecutorService consumers = StreamSdkAccess.consumers(stopping);
        if (consumers != null) {
            // what is queued runs (and is answered LATER), what arrives from now on is refused by the SDK
            consumers.shutdown();
            try {
                if (!consumers.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Stream mode: events were still being committed after {}; DingTalk will deliver them again "
                            + "(the inbox recognises those it has)", DRAIN_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            stopping.stop();
        } catch (Exception e) {
            log.warn("Stream mode: closing DingTalk's Stream client failed: {}", e.toString());
        } finally {
            client = null;
        }
        log.info("Stream mode stopped: {} events received, {} acknowledged, {} left for DingTalk to deliver again",
                received.get(), acked.get(), later.get());
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }

    /** Whether {@link #stop()} has begun and waits for the events being committed. */
    boolean isStopping() {
        return client != null && !accepting;
    }

    /** Whether the SDK holds an open connection to the gateway (one that announced a disconnect does not count). */
    public boolean isConnected() {
        OpenDingTalkClient current = client;
        return current != null && StreamSdkAccess.openConnections(current) > 0;
    }

    /** Events the SDK handed over since this receiver was created, including redeliveries. */
    public long received() {
        return received.get();
    }

    /** Events answered {@code SUCCESS}: committed, or already in the inbox. */
    public long acked() {
        return acked.get();
    }

    /** Events answered {@code LATER}: not committed, for DingTalk to deliver again. */
    public long later() {
        return later.get();
    }

    /** The SDK's listener: runs on its consumer threads, and the SDK writes the answer once it returns. */
    EventAckStatus onEvent(GenericOpenDingTalkEvent event) {
        received.incrementAndGet();
        if (!accepting) {
            return deferred(); // stopping: left in the SDK's queue when the receiver began to stop
        }
        Receipt receipt;
        try {
            receipt = inbox.receive(EventPayloads.fromStream(headers(event), JSON.writeValueAsString(event.getData()),
                    Instant.now()));
        } catch (RuntimeException e) {
            log.warn("Stream event {} ({}) was not stored; DingTalk will deliver it again: {}", event.getEventId(),
                    event.getEventType(), e.toString());
            return deferred();
        }
        acked.incrementAndGet();
        if (receipt == Receipt.NEW) {
            announceArrival();
        } else if (receipt == Receipt.QUARANTINED) {
            log.warn("Stream event {} ({}) is quarantined: it cannot be applied", event.getEventId(), event.getEventType());
        }
        return EventAckStatus.SUCCESS;
    }

    private EventAckStatus deferred() {
        later.incrementAndGet();
        return EventAckStatus.LATER;
    }

    private void announceArrival() {
        try {
            arrivals.orderedStream().forEach(InboxArrivals::arrived);
        } catch (RuntimeException e) {
            // the event is committed whatever a listener does: it is acknowledged all the same
            log.warn("An inbox arrival listener failed: {}", e.toString());
        }
    }

    /** The frame's event headers, as {@link EventPayloads#fromStream} reads them. */
    private static Map<String, String> headers(GenericOpenDingTalkEvent event) {
        Map<String, String> headers = new HashMap<>();
        putIfPresent(headers, "eventType", event.getEventType());
        putIfPresent(headers, "eventId", event.getEventId());
        putIfPresent(headers, "eventBornTime", event.getEventBornTime() == null ? null : event.getEventBornTime().toString());
        putIfPresent(headers, "eventCorpId", event.getEventCorpId());
        putIfPresent(headers, "eventUnifiedAppId", event.getEventUnifiedAppId());
        return headers;
    }

    private static void putIfPresent(Map<String, String> headers, String name, @Nullable String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }
}
