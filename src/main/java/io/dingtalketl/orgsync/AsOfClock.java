package io.dingtalketl.orgsync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Fixes a run's as-of time, the {@code valid_from}/{@code valid_to} of the versions it publishes, on its first
 * execution: now in whole seconds (MySQL drivers may drop fractions of a second, so every database keeps the
 * same value), and strictly after every earlier run's, so versions never overlap. Kept in the job's
 * ExecutionContext under {@value #AS_OF}, so a restart publishes with the same time. Register it before the
 * listeners that read it.
 */
public class AsOfClock implements JobExecutionListener {

    static final String AS_OF = "orgSync.asOf";

    private final SyncRunRepository runs;

    public AsOfClock(SyncRunRepository runs) {
        this.runs = runs;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        if (!execution.getExecutionContext().containsKey(AS_OF)) {
            execution.getExecutionContext().putLong(AS_OF, nextAsOf().toEpochMilli());
        }
    }

    /** The as-of time of the run {@code execution} belongs to. */
    public static Instant asOf(JobExecution execution) {
        return Instant.ofEpochMilli(execution.getExecutionContext().getLong(AS_OF));
    }

    private Instant nextAsOf() {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant latest = runs.latestAsOf();
        return latest != null && !asOf.isAfter(latest) ? latest.plusSeconds(1) : asOf;
    }
}
