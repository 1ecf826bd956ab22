package io.dingtalketl.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.dingtalketl.batch.RunLiveness;
import io.dingtalketl.eventsync.EventSyncJobConfiguration;
import io.dingtalketl.events.CallbackEndpoint;
import io.dingtalketl.events.EventInbox;
import io.dingtalketl.events.StreamReceiver;
import io.dingtalketl.events.EventsProperties;
import io.dingtalketl.events.FailedPushCatchUp;
import io.dingtalketl.events.InboxArrivals;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contact-event commands: {@code eventSync} applies what the inbox holds once and exits; {@code serve}
 * runs until stopped — the configured transports receive, the apply loop ({@link EventApplyFlow}) applies,
 * pending events are re-tried every minute, and {@code GET /health} reports the transports, the backlog and
 * the last apply. Stopping it (SIGTERM) stops the transports first, so nothing more is acknowledged, then lets
 * a running apply finish its chunk.
 */
@Component
class EventCommands implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventCommands.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job eventSyncJob;
    private final EventInbox inbox;
    private final EventsProperties properties;
    private final ObjectProvider<InboxArrivals> arrivals;
    private final ObjectProvider<SmartLifecycle> lifecycles;
    private final ObjectProvider<FailedPushCatchUp> catchUp;
    private final ObjectProvider<DemoEventFeed> demo;
    private final RunLiveness liveness;
    private final JobOperations operations;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private @Nullable ScheduledExecutorService ticker;
    private @Nullable HttpServer health;

    EventCommands(JobOperator jobOperator, JobRepository jobRepository, Job eventSyncJob, EventInbox inbox,
                  EventsProperties properties, ObjectProvider<InboxArrivals> arrivals, ObjectProvider<SmartLifecycle> lifecycles,
                  ObjectProvider<FailedPushCatchUp> catchUp, ObjectProvider<DemoEventFeed> demo, RunLiveness liveness,
                  JobOperations operations) {
        this.liveness = liveness;
        this.operations = operations;
        this.catchUp = catchUp;
        this.demo = demo;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.eventSyncJob = eventSyncJob;
        this.inbox = inbox;
        this.properties = properties;
        this.arrivals = arrivals;
        this.lifecycles = lifecycles;
    }

    /** Applies the pending events once; the exit code. */
    int eventSync(List<String> arguments) throws Exception {
        boolean allowMassDelete = false;
        for (String argument : arguments) {
            if (argument.equals(EventSyncJobConfiguration.ALLOW_MASS_DELETE + "=true")) {
                allowMassDelete = true;
            } else {
                throw new IllegalArgumentException("Unknown argument '" + argument + "'. eventSync takes allowMassDelete=true only.");
            }
        }
        if (EventApplyFlow.runningElsewhere(jobRepository, liveness, operations)) {
            System.out.println("Contact events are being applied by another process (see 'list'); nothing was started.");
            return ExitCodes.IN_PROGRESS;
        }
        JobParametersBuilder parameters = new JobParametersBuilder(EventApplyFlow.nextParameters(jobRepository));
        if (allowMassDelete) {
            parameters.addString(EventSyncJobConfiguration.ALLOW_MASS_DELETE, "true", false);
        }
        Instant started = Instant.now();
        JobExecution execution = jobOperator.start(eventSyncJob, parameters.toJobParameters());
        System.out.println(describe(execution, Duration.between(started, Instant.now())));
        return execution.getStatus() == BatchStatus.COMPLETED ? ExitCodes.OK : ExitCodes.RUN_FAILED;
    }

    /** Serves until the process is stopped; the exit code. */
    int serve() throws Exception {
        InboxArrivals trigger = arrivals.getIfAvailable();
        if (trigger == null) {
            throw new InvalidConfigurationException(List.of("serve needs its apply loop (etl.events.serving=true, which 'serve' sets)"));
        }
        if (!properties.stream().enabled() && !properties.callback().enabled()) {
            throw new InvalidConfigurationException(List.of("serve receives contact events over Stream mode or the HTTP callback:"
                    + " set etl.events.stream.enabled=true (DINGTALK_APP_KEY/SECRET) or etl.events.callback.enabled=true"
                    + " with etl.events.callback.token and etl.events.callback.aes-key."));
        }
        startHealth();
        trigger.arrived();   // the backlog left while nothing served
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "event-retry");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(trigger::arrived, 1, 1, TimeUnit.MINUTES);
        FailedPushCatchUp failedPushes = catchUp.getIfAvailable();
        if (failedPushes != null) {
            // pushes DingTalk failed to deliver while nothing listened, then every etl.events.catch-up-interval
            ticker.scheduleWithFixedDelay(() -> catchUpFailedPushes(failedPushes), 0,
                    properties.catchUpInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        EventInbox.Backlog backlog = inbox.backlog();
        System.out.println("Serving contact events" + (properties.stream().enabled() ? " over Stream mode" : "")
                + (properties.callback().enabled() ? (properties.stream().enabled() ? " and" : "") + " over the HTTP callback" : "")
                + "; " + backlog.pending() + " pending, " + backlog.held() + " held, " + backlog.quarantined() + " quarantined."
                + (health != null ? " Health: http://127.0.0.1:" + health.getAddress().getPort() + "/health." : "")
                + " Stop with Ctrl-C or SIGTERM.");
        DemoEventFeed demoFeed = demo.getIfAvailable();
        if (demoFeed != null) {
            demoFeed.start();
        }
        stopped.await();
        return ExitCodes.OK;
    }

    private static void catchUpFailedPushes(FailedPushCatchUp failedPushes) {
        try {
            int caught = failedPushes.catchUp();
            if (caught > 0) {
                log.info("Caught up {} contact events DingTalk had failed to push", caught);
            }
        } catch (RuntimeException e) {
            log.warn("Could not catch up the pushes DingTalk failed to deliver (next try in etl.events.catch-up-interval): {}",
                    e.getMessage());
        }
    }

    private void startHealth() throws IOException {
        if (properties.healthPort() < 0) {
            return;
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), properties.healthPort()), 16);
        server.createContext("/health", exchange -> {
            Map<String, Object> body = health();
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders("UP".equals(body.get("status")) ? 200 : 503, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        health = server;
    }

    /** Transports running, the inbox's backlog and the age of its oldest pending event, the last apply. */
    Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean up = true;
        Map<String, Object> transports = new LinkedHashMap<>();
        for (SmartLifecycle lifecycle : lifecycles) {
            if (lifecycle instanceof StreamReceiver stream) {
                transports.put("stream", stream.isConnected() ? "CONNECTED" : "DISCONNECTED");
                up &= stream.isConnected();
            } else if (lifecycle instanceof CallbackEndpoint callback) {
                transports.put("callback", callback.isRunning() ? "LISTENING" : "DOWN");
                up &= callback.isRunning();
            }
        }
        body.put("transports", transports);
        try {
            EventInbox.Backlog backlog = inbox.backlog();
            body.put("pending", backlog.pending());
            body.put("held", backlog.held());
            body.put("quarantined", backlog.quarantined());
            body.put("oldestPendingAgeSeconds", backlog.oldestPending() == null ? null
                    : Duration.between(backlog.oldestPending(), Instant.now()).toSeconds());
            body.put("lastApplied", backlog.lastApplied() == null ? null : backlog.lastApplied().toString());
        } catch (RuntimeException e) {
            body.put("database", "DOWN: " + e.getClass().getSimpleName());
            up = false;
        }
        body.put("status", up ? "UP" : "DOWN");
        return body;
    }

    static String describe(JobExecution execution, Duration took) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (var step : execution.getStepExecutions()) {
            for (var e : step.getExecutionContext().entrySet()) {
                if (e.getValue() instanceof Long n) {
                    counts.merge(e.getKey(), n, Long::sum);
                }
            }
        }
        long events = counts.getOrDefault(EventSyncJobConfiguration.EVENTS_APPLIED, 0L);
        StringBuilder out = new StringBuilder("Contact events ").append(execution.getStatus() == BatchStatus.COMPLETED
                ? "applied" : "apply " + execution.getStatus()).append(" (execution ").append(execution.getId()).append(", ")
                .append(took.toMillis() / 1000.0).append(" s): ").append(events).append(" events");
        counts.forEach((key, n) -> {
            if (!key.equals(EventSyncJobConfiguration.EVENTS_APPLIED) && n > 0) {
                out.append(", ").append(key).append(' ').append(n);
            }
        });
        Object held = execution.getExecutionContext().get(EventSyncJobConfiguration.HELD_MESSAGE);
        if (held != null) {
            out.append("\n").append(held);
        }
        return out.toString();
    }

    @Override
    public void destroy() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (health != null) {
            health.stop(0);
        }
        stopped.countDown();
    }
}
