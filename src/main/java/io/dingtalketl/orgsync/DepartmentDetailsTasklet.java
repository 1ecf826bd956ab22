package io.dingtalketl.orgsync;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.dingtalketl.client.DingTalkClient;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Loads {@code v2/department/get} details for every staged department, with {@code concurrency} calls in
 * flight; the client's per-API throttle sets the pace. Each call of the tasklet is one transaction: it
 * commits the answers of up to {@code etl.details.commit-interval} departments, or those that arrived
 * within {@code etl.chunks.max-time} of its first one, whichever limit comes first ({@link ChunkLimit}).
 * It runs beside the department walk and follows it: when every staged department has its details and the
 * walk is still going, it sleeps until the walk commits more ({@link DepartmentWalkMonitor}); it finishes
 * once the walk is complete and nothing is left.
 *
 * <p>With {@code etl.details.enabled=false} it does nothing: the warehouse then has no order, managers or
 * member counts, and the user partitions are balanced by department count only.
 *
 * <p>Calls for up to two transactions' worth of departments are queued, so calls go on while a
 * transaction commits and the API's quota does not idle at transaction boundaries; answers not yet
 * committed are carried over to the next transaction.
 *
 * <p><b>Restart:</b> progress is the {@code details_loaded} flag of each staged department, committed
 * with the details, so a restart continues with the first department still without details and never
 * repeats a committed call; what a failure or a killed process throws away is the answers of at most one
 * transaction (about {@code etl.chunks.max-time} of calls) and the calls then in flight. A department that
 * vanished since the walk is marked loaded with no details.
 */
public class DepartmentDetailsTasklet implements Tasklet, StepExecutionListener {

    private final DingTalkClient client;
    private final OrgFieldMapper mapper;
    private final StagingRepository staging;
    private final long runId;
    private final boolean enabled;
    private final ChunkLimit limit;
    private final Executor executor;
    private final DepartmentWalkMonitor monitor;
    private final long jobExecutionId;
    /** Calls started and not committed yet, in walk order (they were not committed if the step ends first). */
    private final ArrayDeque<CompletableFuture<DepartmentDetails>> calls = new ArrayDeque<>();
    /** walk_seq of the last department whose call was started. */
    private int requestedSeq;

    public DepartmentDetailsTasklet(DingTalkClient client, OrgFieldMapper mapper, StagingRepository staging, long runId,
                                    boolean enabled, ChunkLimit limit, Executor executor, DepartmentWalkMonitor monitor,
                                    long jobExecutionId) {
        this.monitor = monitor;
        this.jobExecutionId = jobExecutionId;
        this.enabled = enabled;
        this.client = client;
        this.mapper = mapper;
        this.staging = staging;
        this.runId = runId;
        this.limit = limit;
        this.executor = executor;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        if (!enabled) {
            return RepeatStatus.FINISHED;
        }
        if (calls.isEmpty()) {
            requestMore(true);
            if (calls.isEmpty()) {
                return RepeatStatus.FINISHED;
            }
        }
        if (calls.size() <= limit.maxItems()) {
            requestMore(false); // the next transaction's calls: they run while this one completes and commits
        }
        List<DepartmentDetails> details = new ArrayList<>();
        ChunkLimit.Started transaction = null;
        while (!calls.isEmpty() && (transaction == null || !transaction.isComplete(details.size()))) {
            DepartmentDetails answer = await(calls.peek(), transaction == null ? null : transaction.timeLeft());
            if (answer == null) {
                break; // time is up: the calls still running go to the next transaction
            }
            calls.poll();
            details.add(answer);
            if (transaction == null) {
                transaction = limit.start();
            }
        }
        staging.updateDetails(runId, details);
        contribution.incrementReadCount();
        contribution.incrementWriteCount(details.size());
        return RepeatStatus.CONTINUABLE;
    }

    /** The call's answer; null if it is not there within {@code timeLeft} (null: wait as long as it takes). */
    private @Nullable DepartmentDetails await(CompletableFuture<DepartmentDetails> call, @Nullable Duration timeLeft)
            throws InterruptedException {
        try {
            return timeLeft == null ? call.get() : call.get(timeLeft.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            cancelCalls();
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    /** Starts calls for the next departments without details, after those already asked for. */
    private void requestMore(boolean waitForTheWalk) throws JobExecutionException {
        while (true) {
            long seen = monitor.commits();
            boolean walkComplete = staging.walkComplete(runId);
            List<StagingRepository.PartitionDepartment> found =
                    staging.departmentsWithoutDetails(runId, requestedSeq, limit.maxItems());
            if (!found.isEmpty()) {
                requestedSeq = found.get(found.size() - 1).walkSeq();
                for (StagingRepository.PartitionDepartment department : found) {
                    long deptId = department.deptId();
                    calls.add(CompletableFuture.supplyAsync(() -> client.getDepartment(deptId)
                            .map(detail -> mapper.details(deptId, detail))
                            .orElseGet(() -> DepartmentDetails.vanished(deptId)), executor));
                }
                return;
            }
            if (walkComplete || !waitForTheWalk) {
                return;
            }
            monitor.awaitCommit(jobExecutionId, seen);
        }
    }

    private void cancelCalls() {
        calls.forEach(c -> c.cancel(true));
        calls.clear();
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        // the executor is shared (a bean): calls not started are cancelled, those running finish there
        cancelCalls();
        return null;
    }
}
