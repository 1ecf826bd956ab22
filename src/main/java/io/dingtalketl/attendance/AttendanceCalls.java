package io.dingtalketl.attendance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.dingtalketl.client.DingTalkApiException;
import io.dingtalketl.client.ErrorCategory;
import io.dingtalketl.orgsync.MaxCalls;
import org.springframework.batch.core.job.JobExecution;

/**
 * Every metered call of {@code attendanceJob} goes through here. Two DingTalk refusals end the run at once, with
 * no retry and no skip (the client does not retry them either):
 * <ul>
 *   <li><b>90020</b>, the organization's monthly quota used up: the message gives DingTalk's count and quota
 *       and says that the same command resumes from the last committed chunk when the quota is back. The first
 *       partition that meets it stops the others before their next call: calls beyond the quota are counted by
 *       DingTalk too, and spend nothing but time.</li>
 *   <li><b>a missing permission</b> (60011): the message names the attendance permission to grant.</li>
 * </ul>
 * Thread-safe; one per application, keyed by job execution.
 */
public class AttendanceCalls {

    private final Map<Long, DingTalkApiException> quotaStops = new ConcurrentHashMap<>();
    private final MaxCalls maxCalls = new MaxCalls();

    /**
     * Whether the step on this thread may make its next metered call under the run's {@code maxCalls}; when not, the
     * step is marked to stop after its current chunk, and the caller makes no call ({@link MaxCalls}).
     */
    boolean mayCall() {
        return maxCalls.take();
    }

    /** Makes one call for {@code jobExecutionId}; {@code what} names it in messages (API and partition). */
    <T> T call(long jobExecutionId, String what, Supplier<T> call) {
        DingTalkApiException stopped = quotaStops.get(jobExecutionId);
        if (stopped != null) {
            throw stopped.withMessage(stopped.getMessage());
        }
        try {
            return call.get();
        } catch (DingTalkApiException e) {
            if (e.category() == ErrorCategory.QUOTA_EXHAUSTED) {
                DingTalkApiException quota = e.withMessage(quotaMessage(e, what));
                quotaStops.putIfAbsent(jobExecutionId, quota);
                throw quota;
            }
            if (e.category() == ErrorCategory.PERMISSION) {
                throw e.withMessage("The DingTalk app lacks the attendance permission '" + e.endpoint().permission() + "' (errcode "
                        + e.errcode() + " from " + e.endpoint().defaultPath() + ", " + what + "): grant it in the DingTalk"
                        + " developer console, then run the same command again. " + e.getMessage());
            }
            throw e;
        }
    }

    /** Forgets a finished execution's stop; an execution stopped by its {@code maxCalls} says so in its exit status. */
    void finished(JobExecution execution) {
        quotaStops.remove(execution.getId());
        maxCalls.finished(execution);
    }

    static String quotaMessage(DingTalkApiException e, String what) {
        String errmsg = e.errmsg() == null ? "" : e.errmsg();
        String numbers = e.quotaNumbers();
        return "DingTalk's monthly quota of metered API calls is used up (errcode " + e.errcode() + " at "
                + e.endpoint().defaultPath() + ", " + what + "): " + numbers + " (errmsg: " + errmsg + "). The run stopped at once;"
                + " every chunk committed before is kept. Run the same command again when the quota is back (next month, or"
                + " after an edition upgrade): it resumes from the last committed chunk.";
    }
}
