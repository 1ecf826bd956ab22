package io.dingtalketl.ops;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.dingtalketl.orgsync.Failures;
import io.dingtalketl.warehouse.EntityCounts;
import io.dingtalketl.events.EventInbox;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/** The closing lines of a run, for the console and the scheduler's log. */
@Component
class RunSummary {

    private final SyncRunRepository runs;
    private final EventInbox inbox;
    private final MeteredQuotaCheck quota;

    RunSummary(SyncRunRepository runs, EventInbox inbox, MeteredQuotaCheck quota) {
        this.runs = runs;
        this.inbox = inbox;
        this.quota = quota;
    }

    String render(JobExecution execution, Duration took) {
        long runId = execution.getJobInstance().getInstanceId();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%s %s: %s in %.1f s (run %d, execution %d)%n",
                execution.getJobInstance().getJobName(), execution.getJobParameters().parameters().stream()
                        .filter(p -> p.identifying()).map(p -> p.name() + "=" + p.value()).collect(Collectors.joining(" ")),
                execution.getStatus(), took.toMillis() / 1000.0, runId, execution.getId()));
        out.append(String.format(Locale.ROOT, "  %-17s %8s %8s %8s%n", "step", "read", "written", "status"));
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStepName().contains(":")) {
                continue; // partitions are summed up in their manager step
            }
            out.append(String.format(Locale.ROOT, "  %-17s %8d %8d %8s%n", step.getStepName(), step.getReadCount(),
                    step.getWriteCount(), step.getStatus()));
        }
        try {
            warehouse(out, execution, runId);
        } catch (DataAccessException e) {
            out.append("  (the database did not answer, so the run's counts cannot be shown: ")
                    .append(e.getMostSpecificCause().getMessage()).append(')').append(System.lineSeparator());
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            String failure = Failures.first(execution.getAllFailureExceptions());
            if (failure != null) {
                out.append("  Failure: ").append(failure).append(System.lineSeparator());
            }
            if (Failures.databaseLost(execution.getAllFailureExceptions())) {
                boolean published = execution.getStepExecutions().stream()
                        .anyMatch(st -> st.getStepName().equals("publish") && st.getStatus() == BatchStatus.COMPLETED);
                out.append("  The database connection was lost: every chunk committed before it is kept (its rows and its"
                        + " restart position commit together)").append(published ? "." : "; nothing was published.")
                        .append(System.lineSeparator());
            }
            out.append("  Run the same command again to resume from the last committed chunk")
                    .append(execution.getStatus() == BatchStatus.UNKNOWN ? " (it marks this UNKNOWN execution failed first)." : ".")
                    .append(System.lineSeparator());
        }
        return out.toString();
    }

    /**
     * With contact events applied since the previous full sync, what this full sync still changed is drift: events
     * missed or not yet applied (the change report names each).
     */
    private void drift(StringBuilder out, SyncRunRepository.SyncRun run) {
        java.time.Instant previous = runs.previousFullSyncAsOf(run.runId(), run.jobName(), run.asOf());
        int events = previous == null || !"PUBLISHED".equals(run.status()) ? 0 : inbox.appliedBetween(previous, java.time.Instant.now());
        if (events == 0) {
            return;
        }
        int drift = 0;
        for (var counts : List.of(run.counts().departments(), run.counts().users(), run.counts().memberships())) {
            drift += counts.inserted() + counts.changed() + counts.closed();
        }
        out.append("  Drift from contact events: ").append(drift == 0 ? "none" : drift + " changes the events had not applied")
                .append(" (").append(events).append(" events applied since the previous full sync)").append(System.lineSeparator());
    }

    private void warehouse(StringBuilder out, JobExecution execution, long runId) {
        runs.find(runId).ifPresent(run -> {
            if (run.simulated()) {
                out.append("  Source: ").append(run.simulatedSource()).append(" — invented data, not DingTalk")
                        .append(System.lineSeparator());
            }
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                out.append(String.format(Locale.ROOT, "  %-17s %8s %8s %8s %8s%n", "warehouse", "seen", "inserted", "changed", "closed"));
                row(out, "departments", run.counts().departments());
                row(out, "users", run.counts().users());
                row(out, "memberships", run.counts().memberships());
                drift(out, run);
                if (run.counts().truncated().total() > 0) {
                    out.append("  Warnings: ").append(run.counts().truncated().describe()).append(System.lineSeparator());
                }
            }
            out.append("  DingTalk API calls: ").append(run.apiCallsTotal());
            Map<String, Long> calls = run.apiCalls();
            if (!calls.isEmpty()) {
                out.append(calls.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ", " (", ")")));
            }
            out.append(System.lineSeparator());
            out.append("  ").append(quota.usage(run.meteredCalls() == null ? 0 : run.meteredCalls()).describe())
                    .append(System.lineSeparator());
        });
        runs.delivery(runId).ifPresent(d -> {
            if (d.reportPath() != null) {
                out.append("  Change report: ").append(d.reportPath()).append(System.lineSeparator());
            }
            if (d.notificationStatus() != null && !"DISABLED".equals(d.notificationStatus())) {
                out.append("  Notification: ").append(d.notificationStatus())
                        .append(d.notificationDetail() == null ? "" : " (" + d.notificationDetail() + ")").append(System.lineSeparator());
            }
        });
    }

    private static void row(StringBuilder out, String entity, EntityCounts c) {
        out.append(String.format(Locale.ROOT, "  %-17s %8d %8d %8d %8d%n", entity, c.seen(), c.inserted(), c.changed(), c.closed()));
    }
}
