package io.dingtalketl.ops.report;

import java.util.Optional;

import io.dingtalketl.orgsync.RunPublishedListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The report step of a run in one call, for the job's end: build the {@link ChangeReport}, write it
 * ({@link RunReportWriter}) and announce it ({@link RunNotifier}). Never throws: the run is published
 * by then, and a report that cannot be built or written is logged at ERROR, not turned into a failed sync.
 * Plugs into the org sync job as its {@link RunPublishedListener}.
 */
@Component
public class RunReporter implements RunPublishedListener {

    private static final Logger log = LoggerFactory.getLogger(RunReporter.class);

    private final ChangeReportService reports;
    private final RunReportWriter writer;
    private final RunNotifier notifier;

    public RunReporter(ChangeReportService reports, RunReportWriter writer, RunNotifier notifier) {
        this.reports = reports;
        this.writer = writer;
        this.notifier = notifier;
    }

    @Override
    public void published(long runId) {
        report(runId);
    }

    /** Builds the dry run's report from its merged state; writes and announces it after the rollback. */
    @Override
    public Runnable dryRunMerged(long runId) {
        ChangeReport report = reports.build(runId);
        return () -> deliver(report);
    }

    /** Builds, writes and announces the report of a published run; empty when it could not be built. */
    public Optional<ChangeReport> report(long runId) {
        ChangeReport report;
        try {
            report = reports.build(runId);
        } catch (RuntimeException e) {
            log.error("Run {}: the run report could not be built (the sync itself is not affected)", runId, e);
            return Optional.empty();
        }
        deliver(report);
        return Optional.of(report);
    }

    /**
     * Writes and announces a report built earlier, such as one built inside a dry run's transaction
     * before it was rolled back. Call it after that transaction ended, or the stored Markdown rolls back too.
     */
    public NotificationResult deliver(ChangeReport report) {
        try {
            writer.write(report);
        } catch (RuntimeException e) {
            log.error("Run {}: the run report could not be written (the sync itself is not affected)", report.run().runId(), e);
        }
        return notifier.notify(report);
    }
}
