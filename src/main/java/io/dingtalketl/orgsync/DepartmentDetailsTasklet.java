package io.dingtalketl.orgsync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.dingtalketl.client.DingTalkClient;
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
        List<Long> batch;
        while (true) {
            long seen = monitor.commits();
            boolean walkComplete = staging.walkComplete(runId);
            batch = staging.departmentsWithoutDetails(runId, commitInterval);
            if (!batch.isEmpty()) {
                break;
            }
            if (walkComplete) {
                return RepeatStatus.FINISHED;
            }
            monitor.awaitCommit(jobExecutionId, seen);
        }
        List<CompletableFuture<DepartmentDetails>> calls = new ArrayList<>(batch.size());
        for (Long deptId : batch) {
            calls.add(CompletableFuture.supplyAsync(() -> client.getDepartment(deptId)
                    .map(detail -> mapper.details(deptId, detail))
                    .orElseGet(() -> DepartmentDetails.vanished(deptId)), executor));
        }
        List<DepartmentDetails> details = new ArrayList<>(batch.size());
        for (CompletableFuture<DepartmentDetails> call : calls) {
            try {
                details.add(call.join());
            } catch (CompletionException e) {
                calls.forEach(c -> c.cancel(true));
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        staging.updateDetails(runId, details);
        contribution.incrementReadCount();
        contribution.incrementWriteCount(details.size());
        return RepeatStatus.CONTINUABLE;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        executor.shutdownNow();
        return null;
    }
}
