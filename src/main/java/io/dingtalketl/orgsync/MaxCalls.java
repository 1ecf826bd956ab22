package io.dingtalketl.orgsync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;

/**
 * The {@value #PARAMETER} job parameter (non-identifying): at most that many metered calls per job execution. A step
 * asks {@link #take()} before each metered call; once the budget is spent the answer is no, and the step running on
 * that thread is marked to stop ({@link StepExecution#setTerminateOnly()}): it ends the chunk in hand with what it has
 * read, commits it with its position, and ends {@code STOPPED}, as a {@code stop} would. The execution ends
 * {@code STOPPED} with exit code {@value #REACHED}; running the same command again restarts it from its last committed
 * chunks (completed partitions are not redone), with a new budget of {@value #PARAMETER} calls.
 *
 * <p>Thread-safe: partitions running side by side share their execution's budget, so an execution never makes more
 * than {@value #PARAMETER} calls through it.
 */
public final class MaxCalls {

    /** Job parameter: the most metered calls one execution makes. */
    public static final String PARAMETER = "maxCalls";
    /** Exit code of an execution stopped because its budget was spent. */
    public static final String REACHED = "MAX_CALLS_REACHED";

    private final Map<Long, AtomicLong> asked = new ConcurrentHashMap<>();

    /**
     * Takes one call from the budget of the job execution whose step runs on this thread; {@code false} when it is
     * spent, and then that step stops after its current chunk. Always {@code true} without {@value #PARAMETER}.
     */
    public boolean take() {
        StepContext context = StepSynchronizationManager.getContext();
        if (context == null) {
            return true;
        }
        StepExecution step = context.getStepExecution();
        Long max = step.getJobParameters().getLong(PARAMETER);
        if (max == null) {
            return true;
        }
        if (asked.computeIfAbsent(step.getJobExecutionId(), id -> new AtomicLong()).incrementAndGet() <= max) {
            return true;
        }
        step.setTerminateOnly();
        return false;
    }

    /** When the execution ended because its budget was spent, says so in its exit status; forgets the execution. */
    public void finished(JobExecution execution) {
        AtomicLong used = asked.remove(execution.getId());
        Long max = execution.getJobParameters().getLong(PARAMETER);
        if (used != null && max != null && used.get() > max && execution.getStatus() == BatchStatus.STOPPED) {
            execution.setExitStatus(new ExitStatus(REACHED, "Stopped after the chunk that reached " + PARAMETER + "=" + max
                    + " metered calls; every chunk read so far is committed. Run the same command again to go on from there."));
        }
    }

    /** Whether {@code execution} stopped because it spent its {@value #PARAMETER}. */
    public static boolean reached(JobExecution execution) {
        return REACHED.equals(execution.getExitStatus().getExitCode());
    }
}
