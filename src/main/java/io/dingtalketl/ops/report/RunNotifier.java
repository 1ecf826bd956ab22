package io.dingtalketl.ops.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dingtalketl.eventsync.EventAttentionListener;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.ApiCallMetrics;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.client.wire.SendResultResponse;
import io.dingtalketl.ops.report.NotificationResult.DroppedRecipient;
import io.dingtalketl.ops.report.NotificationResult.Status;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Announces a run by DingTalk work notification ({@code asyncsend_v2}, markdown) to {@code etl.notify.userids}
 * from the app {@code dingtalk.agent-id}, then asks {@code getsendresult} whom DingTalk dropped: DingTalk
 * answers success even when a sending limit (same content twice a day, 500 a day per user, 5000 a minute)
 * keeps the message from some recipients. Dropped recipients are logged at WARN, returned and recorded in
 * {@code etl_sync_run}.
 *
 * <p>{@link #notify} never throws: the run has already been published, and a notification that cannot be
 * sent is logged at ERROR and recorded as FAILED. Enabling notifications without recipients or without
 * an AgentId fails at startup with a message naming the setting. Thread-safe.
 */
@Component
public class RunNotifier implements EventAttentionListener {

    private static final Logger log = LoggerFactory.getLogger(RunNotifier.class);

    /** DingTalk's forbidden codes (getsendresult's {@code forbidden_list}). */
    private static final Map<String, String> FORBIDDEN_CODES = Map.of(
            "143103", "too many recipients per minute for the app",
            "143104", "too many recipients per minute for the organization",
            "143105", "more than 500 messages to this user today",
            "143106", "the same content was already sent to this user today");

    private final DingTalkClient client;
    private final NotifyProperties notify;
    private final ReportProperties report;
    private final EtlProperties etl;
    private final SyncRunRepository runs;
    private final MeteredCallLedger ledger;
    private final @Nullable Long agentId;

    public RunNotifier(DingTalkClient client, DingTalkProperties dingtalk, NotifyProperties notify, ReportProperties report,
                       EtlProperties etl, SyncRunRepository runs, MeteredCallLedger ledger) {
        this.client = client;
        this.ledger = ledger;
        this.notify = notify;
        this.report = report;
        this.etl = etl;
        this.runs = runs;
        this.agentId = dingtalk.agentId();
        notify.problems(agentId).stream().findFirst().ifPresent(problem -> {
            throw problem;
        });
    }

    /** Tells the admins what needs them (contact events held, items refused, accounts not linked): a work notification when enabled; never throws. */
    @Override
    public void needsAttention(String title, String text) {
        Long agent = agentId;
        if (!notify.enabled() || agent == null) {
            log.warn("{} (work notifications are off: etl.notify.enabled)", text.replace('\n', ' '));
            return;
        }
        try {
            long taskId = client.sendMarkdownNotification(agent, notify.userids(), title, text);
            log.info("Work notification '{}' sent to {} (task {})", title, notify.userids(), taskId);
        } catch (RuntimeException e) {
            log.error("The DingTalk work notification '{}' to {} could not be sent: {}", title, notify.userids(), e.getMessage());
        }
    }

    /** Sends the run's summary and checks its delivery; never throws. */
    public NotificationResult notify(ChangeReport changes) {
        Long agent = agentId;
        if (!notify.enabled() || agent == null) {
            return NotificationResult.disabled();
        }
        long runId = changes.run().runId();
        ApiCallMetrics.Snapshot before = client.metrics().snapshot();
        NotificationResult result;
        try {
            NotificationMessage message = NotificationMessage.of(
                    new ReportLayout(changes, report.maxListItems(), etl.org().timeZone()), report.link(changes));
            long taskId = client.sendMarkdownNotification(agent, notify.userids(), message.title(), message.text());
            result = check(agent, taskId);
        } catch (RuntimeException e) {
            result = new NotificationResult(Status.FAILED, notify.userids(), null, List.of(), e.getMessage() == null
                    ? e.getClass().getName() : e.getMessage());
            log.error("Run {}: the DingTalk work notification to {} could not be sent (the sync itself is not affected): {}",
                    runId, notify.userids(), result.error(), e);
        }
        switch (result.status()) {
            case SENT -> log.info("Run {}: work notification sent to {} (task {})", runId, result.recipients(), result.taskId());
            case RECIPIENTS_DROPPED -> log.warn("Run {}: DingTalk accepted the work notification (task {}) but did not deliver "
                    + "it to {} of {} recipients: {}", runId, result.taskId(), result.dropped().size(), result.recipients().size(),
                    result.detail());
            case UNCHECKED -> log.warn("Run {}: work notification sent (task {}), but whom DingTalk dropped is unknown: {}",
                    runId, result.taskId(), result.error());
            default -> { }
        }
        record(runId, result);
        recordMeteredCalls(runId, client.metrics().snapshot().meteredSince(before));
        return result;
    }

    /**
     * The notification is sent once the run's own calls are counted, so its metered call ({@code asyncsend_v2}) is added
     * to the run, and to the month under the run's last execution, here.
     */
    private void recordMeteredCalls(long runId, long metered) {
        if (metered <= 0) {
            return;
        }
        try {
            runs.addMeteredCalls(runId, metered);
            runs.find(runId).filter(run -> run.lastExecutionId() != null).ifPresent(run -> ledger.record(run.lastExecutionId(),
                    runId, run.jobName(), metered, Instant.now()));
        } catch (RuntimeException e) {
            log.warn("Run {}: could not record the notification's {} metered call(s): {}", runId, metered, e.getMessage());
        }
    }

    private NotificationResult check(long agent, long taskId) {
        try {
            sleep(notify.resultDelay());
            SendResultResponse.SendResult sent = client.getSendResult(agent, taskId);
            List<DroppedRecipient> dropped = dropped(sent);
            return new NotificationResult(dropped.isEmpty() ? Status.SENT : Status.RECIPIENTS_DROPPED, notify.userids(),
                    taskId, dropped, null);
        } catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new NotificationResult(Status.UNCHECKED, notify.userids(), taskId, List.of(),
                    "getsendresult failed: " + e.getMessage());
        }
    }

    private static List<DroppedRecipient> dropped(SendResultResponse.SendResult sent) {
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> codes = new LinkedHashMap<>();
        if (sent.forbiddenList() != null) {
            for (SendResultResponse.Forbidden f : sent.forbiddenList()) {
                if (f.userid() != null) {
                    codes.put(f.userid(), f.code());
                }
            }
        }
        each(sent.invalidUserIdList(), u -> reasons.putIfAbsent(u, "invalid userid"));
        each(sent.forbiddenUserIdList(), u -> reasons.putIfAbsent(u, forbidden(codes.get(u))));
        codes.forEach((u, code) -> reasons.putIfAbsent(u, forbidden(code)));
        each(sent.failedUserIdList(), u -> reasons.putIfAbsent(u, "failed"));
        List<DroppedRecipient> dropped = new ArrayList<>();
        reasons.forEach((u, reason) -> dropped.add(new DroppedRecipient(u, reason)));
        return dropped;
    }

    private static String forbidden(@Nullable String code) {
        if (code == null) {
            return "forbidden by a DingTalk sending limit";
        }
        return "forbidden " + code + " (" + FORBIDDEN_CODES.getOrDefault(code, "a DingTalk sending limit") + ")";
    }

    private static void each(@Nullable List<String> userids, java.util.function.Consumer<String> action) {
        if (userids != null) {
            userids.forEach(action);
        }
    }

    private static void sleep(Duration delay) throws InterruptedException {
        if (!delay.isZero() && !delay.isNegative()) {
            Thread.sleep(delay.toMillis());
        }
    }

    private void record(long runId, NotificationResult result) {
        try {
            runs.notified(runId, result.status().name(), result.taskId(), result.detail());
        } catch (RuntimeException e) {
            log.warn("Run {}: could not record the notification outcome ({}) in etl_sync_run: {}", runId, result.status(),
                    e.getMessage());
        }
    }
}
