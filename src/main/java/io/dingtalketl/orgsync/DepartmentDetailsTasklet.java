package io.dingtalketl.orgsync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * Loads {@code v2/department/get} details for every staged department, {@code commitInterval} departments
 * per transaction, with {@code concurrency} calls in flight; the client's per-API throttle sets the pace.
 * It runs beside the department walk and follows it: when every staged department has its details and the
 * walk is still going, it sleeps until the walk commits more ({@link DepartmentWalkMonitor}); it finishes
 * once the walk is complete and nothing is left.
 *
 * <p>With {@code etl.details.enabled=false} it does nothing: the warehouse then has no order, managers or
 * member counts, and the user partitions are balanced by department count only.
 *
 * <p>The calls of the next batch start while the current one completes and commits, so the API's quota
 * does not idle at batch boundaries.
 *
 * <p><b>Restart:</b> progress is the {@code details_loaded} flag of each staged department, committed
 * with the details, so a restart continues with the first department still without details and never
 * repeats a committed call. A department that vanished since the walk is marked loaded with no details.
 */
public class DepartmentDetailsTasklet implements Tasklet, StepExecutionListener {

    private final DingTalkClient client;
    private final OrgFieldMapper mapper;
    private final StagingRepository staging;
    private final long runId;
    private final boolean enabled;
    private final int commitInterval;
    private final ExecutorService executor;
    private final DepartmentWalkMonitor monitor;
    private final long jobExecutionId;
    /** Calls already started for the next transaction (they were not committed if the step ends first). */
    private @Nullable Batch ahead;
    /** walk_seq of the last department whose call was started. */
    private int requestedSeq;

    public DepartmentDetailsTasklet(DingTalkClient client, OrgFieldMapper mapper, StagingRepository staging, long runId,
                                    boolean enabled, int commitInterval, int concurrency, DepartmentWalkMonitor monitor,
                                    long jobExecutionId) {
        this.monitor = monitor;
        this.jobExecutionId = jobExecutionId;
        this.enabled = enabled;
        this.client = client;
        this.mapper = mapper;
        this.staging = staging;
        this.runId = runId;
        this.commitInterval = commitInterval;
        this.executor = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "department-get-" + runId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws JobExecutionException {
        if (!enabled) {
            return RepeatStatus.FINISHED;
        }
        Batch batch = ahead != null ? ahead : nextBatch(true);
        ahead = null;
        if (batch == null) {
            return RepeatStatus.FINISHED;
        }
        // the next batch's calls start now and run while this one completes and commits: the API's quota
        // does not idle at batch boundaries
        ahead = nextBatch(false);
        List<DepartmentDetails> details = new ArrayList<>(batch.calls().size());
        for (CompletableFuture<DepartmentDetails> call : batch.calls()) {
            try {
                details.add(call.join());
            } catch (CompletionException e) {
                batch.calls().forEach(c -> c.cancel(true));
                cancelAhead();
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        staging.updateDetails(runId, details);
        contribution.incrementReadCount();
        contribution.incrementWriteCount(details.size());
        return RepeatStatus.CONTINUABLE;
    }

    /** Calls for the next departments without details, after those already asked for; null if there are none. */
    private @Nullable Batch nextBatch(boolean waitForTheWalk) throws JobExecutionException {
        while (true) {
            long seen = monitor.commits();
            boolean walkComplete = staging.walkComplete(runId);
            List<StagingRepository.PartitionDepartment> found =
                    staging.departmentsWithoutDetails(runId, requestedSeq, commitInterval);
            if (!found.isEmpty()) {
                requestedSeq = found.get(found.size() - 1).walkSeq();
                List<CompletableFuture<DepartmentDetails>> calls = new ArrayList<>(found.size());
                for (StagingRepository.PartitionDepartment department : found) {
                    long deptId = department.deptId();
                    calls.add(CompletableFuture.supplyAsync(() -> client.getDepartment(deptId)
                            .map(detail -> mapper.details(deptId, detail))
                            .orElseGet(() -> DepartmentDetails.vanished(deptId)), executor));
                }
                return new Batch(calls);
            }
            if (walkComplete || !waitForTheWalk) {
                return null;
            }
            monitor.awaitCommit(jobExecutionId, seen);
        }
    }

    private void cancelAhead() {
        if (ahead != null) {
            ahead.calls().forEach(c -> c.cancel(true));
            ahead = null;
        }
    }

    /** One transaction's department/get calls, in walk order. */
    private record Batch(List<CompletableFuture<DepartmentDetails>> calls) {
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        cancelAhead();
        executor.shutdownNow();
        return null;
    }
}
