package io.dingtalketl.eventsync;

import java.util.List;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * After an apply run, tells the {@link EventAttentionListener}s what needs a person, once: events the deletion
 * guard held in this run, and entities DingTalk refused to let the app read for the first time (a refusal that
 * repeats on every retry is not sent again).
 */
class EventAttentionTrigger implements JobExecutionListener {

    private final List<EventAttentionListener> listeners;

    EventAttentionTrigger(List<EventAttentionListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    public void afterJob(JobExecution execution) {
        StringBuilder text = new StringBuilder();
        Object held = execution.getExecutionContext().get(EventSyncJobConfiguration.HELD_MESSAGE);
        if (held != null) {
            text.append(held).append("\n\n");
        }
        for (StepExecution step : execution.getStepExecutions()) {
            long refused = step.getExecutionContext().getLong(EventSyncCounts.NEWLY_REFUSED, 0L);
            if (refused > 0) {
                text.append("DingTalk refused to let the app read ").append(refused).append(refused == 1 ? " entity" : " entities")
                        .append(" named by contact events; their events stay pending (retried every minute) until the app has"
                                + " the permission or scope:\n\n")
                        .append(step.getExecutionContext().getString(EventSyncCounts.REFUSALS, "").strip().replace("\n", "\n\n"));
            }
        }
        if (text.isEmpty()) {
            return;
        }
        for (EventAttentionListener listener : listeners) {
            listener.needsAttention("dingtalk-etl: contact events need attention", text.toString().strip());
        }
    }
}
