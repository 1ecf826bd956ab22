package io.dingtalketl.orgsync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lets the steps that follow the department walk ({@code departmentDetails} and the user partitions) sleep
 * until the walk commits more departments, instead of polling the staging table in a tight loop, and tells
 * them when the walk of their job execution ended without finishing, so that they stop instead of waiting
 * for departments that will not come.
 *
 * <p>It only wakes and warns: what is staged, and whether the walk is complete, is always read from the
 * staging table ({@link StagingRepository#walkComplete}), which is also what a restart in another process
 * sees. A missed wake-up costs at most {@link #MAX_WAIT}.
 *
 * <p>Thread-safe; one instance serves every job execution of the process.
 */
public class DepartmentWalkMonitor implements StepExecutionListener {

    /** Longest sleep between two looks at the staging table. */
    static final Duration MAX_WAIT = Duration.ofMillis(250);

    private final Object lock = new Object();
    private final Map<Long, BatchStatus> unfinishedWalks = new ConcurrentHashMap<>();
    private final Duration maxWait;
    private long commits;

    public DepartmentWalkMonitor() {
        this(MAX_WAIT);
    }

    /** With another longest sleep: a test makes it long enough that a waiter that returns was woken. */
    DepartmentWalkMonitor(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** Called by the walk's writer: wakes the waiting steps once the current transaction has committed. */
    void departmentsStaged() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUp();
                }
            });
        } else {
            wakeUp();
        }
    }

    /** A counter of walk commits, to pass to {@link #awaitCommit} after looking at the staging table. */
    long commits() {
        synchronized (lock) {
            return commits;
        }
    }

    /**
     * Sleeps until the walk commits again after {@code seen}, or {@link #MAX_WAIT} passes. Returns at once
     * when it has committed since {@code seen}.
     *
     * @throws JobInterruptedException if the walk of this job execution was stopped (the caller stops too)
     * @throws WalkUnfinishedException  if the walk failed: what it did not find cannot come, so the caller
     *                                  fails too, keeping what it committed for the restart
     */
    void awaitCommit(long jobExecutionId, long seen) throws JobExecutionException {
        synchronized (lock) {
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (commits == seen && !unfinishedWalks.containsKey(jobExecutionId)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new JobInterruptedException("Interrupted while waiting for the department walk", BatchStatus.STOPPED);
                }
            }
        }
        BatchStatus walk = unfinishedWalks.get(jobExecutionId);
        if (walk == BatchStatus.STOPPED || walk == BatchStatus.STOPPING) {
            throw new JobInterruptedException("The department walk of this execution was stopped; this step stops too,"
                    + " at its last committed chunk, and resumes on restart");
        }
        if (walk != null) {
            throw new WalkUnfinishedException(walk);
        }
    }

    /**
     * A step that follows the walk cannot complete because the walk ended {@code FAILED}; the walk's own
     * failure is the one to report (see {@link Failures}).
     */
    static final class WalkUnfinishedException extends JobExecutionException {

        WalkUnfinishedException(BatchStatus walk) {
            super("The department walk of this execution ended " + walk + " before finding every department;"
                    + " this step ends at its last committed chunk and resumes on restart");
        }
    }

    private void wakeUp() {
        synchronized (lock) {
            commits++;
            lock.notifyAll();
        }
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        unfinishedWalks.remove(stepExecution.getJobExecutionId());
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (stepExecution.getStatus() != BatchStatus.COMPLETED) {
            unfinishedWalks.put(stepExecution.getJobExecutionId(), stepExecution.getStatus());
        }
        wakeUp();
        return null;
    }
}
