package io.dingtalketl.ops.report;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * What became of a run notification.
 *
 * @param status     the outcome
 * @param recipients the userids it was sent to
 * @param taskId     DingTalk's {@code task_id}; null when nothing was sent
 * @param dropped    recipients DingTalk accepted but did not deliver to, as {@code getsendresult} reported them
 * @param error      why sending or checking failed; null otherwise
 */
public record NotificationResult(Status status, List<String> recipients, @Nullable Long taskId,
                                 List<DroppedRecipient> dropped, @Nullable String error) {

    public NotificationResult {
        recipients = List.copyOf(recipients);
        dropped = List.copyOf(dropped);
    }

    public enum Status {
        /** {@code etl.notify.enabled=false}: nothing sent. */
        DISABLED,
        /** Sent, and DingTalk reported no recipient dropped. */
        SENT,
        /** Sent, but DingTalk silently dropped some recipients (see {@link #dropped()}). */
        RECIPIENTS_DROPPED,
        /** Sent, but whom DingTalk dropped could not be checked. */
        UNCHECKED,
        /** Not sent. */
        FAILED
    }

    /**
     * A recipient DingTalk did not deliver to.
     *
     * @param reason {@code invalid userid}, {@code failed}, or {@code forbidden} with DingTalk's code and its meaning
     */
    public record DroppedRecipient(String userid, String reason) {
    }

    static NotificationResult disabled() {
        return new NotificationResult(Status.DISABLED, List.of(), null, List.of(), null);
    }

    /** One line for logs and {@code etl_sync_run.notification_detail}. */
    String detail() {
        if (error != null) {
            return error;
        }
        return dropped.stream().map(d -> d.userid() + ": " + d.reason()).collect(Collectors.joining("; "));
    }
}
