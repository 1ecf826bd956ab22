package io.dingtalketl.orgsync;

import java.util.ArrayDeque;
import java.util.List;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.UserPage;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the direct members of one partition's departments, one {@code v2/user/list} page per item,
 * department after department in walk order, following {@code next_cursor}. Partition {@code p} of
 * {@code n} owns the departments whose {@code walk_seq} is congruent to {@code p} modulo {@code n}, so
 * its work list is known while the walk is still going: the reader follows the walk's commits and
 * sleeps when it has caught up ({@link DepartmentWalkMonitor}); it ends once the walk is complete and
 * its last department is read.
 *
 * <p><b>Restart:</b> the position of the next page to read (the department's {@code walk_seq} and the cursor
 * within it) is written to the run's staging ({@code stg_user_position_r<run>}) inside each chunk's
 * transaction, so it commits or rolls back with the chunk's listings; a failed partition resumes at its first
 * uncommitted page, even when the database went away during a commit (Spring Batch then saves an
 * ExecutionContext that may be ahead of the data; it keeps the same position, for operators). A cursor that
 * does not advance is refused rather than looped on.
 *
 * <p>Not thread-safe: one reader per partition (step scope).
 */
public class UserPageReader implements ItemStreamReader<UserPageItem> {

    static final String DEPT_SEQ = "users.deptSeq";
    static final String CURSOR = "users.cursor";
    private static final int LOOKUP = 100;

    private final DingTalkClient client;
    private final StagingRepository staging;
    private final DepartmentWalkMonitor monitor;
    private final OrgSyncProgress progress;
    private final long runId;
    private final long jobExecutionId;
    private final int partition;
    private final int partitions;
    private final int pageSize;

    private final ArrayDeque<StagingRepository.PartitionDepartment> departments = new ArrayDeque<>();
    /** walk_seq of the last department looked up (the queue holds those after the current one). */
    private int lookedUp;
    private StagingRepository.@Nullable PartitionDepartment current;
    private long cursor;
    private boolean finished;

    public UserPageReader(DingTalkClient client, StagingRepository staging, DepartmentWalkMonitor monitor,
                          OrgSyncProgress progress, long runId, long jobExecutionId, int partition, int partitions,
                          int pageSize) {
        this.client = client;
        this.staging = staging;
        this.monitor = monitor;
        this.progress = progress;
        this.runId = runId;
        this.jobExecutionId = jobExecutionId;
        this.partition = partition;
        this.partitions = partitions;
        this.pageSize = pageSize;
    }

    @Override
    public void open(ExecutionContext context) {
        // no committed position: a fresh partition, or one a version before this staged (its context holds it)
        StagingRepository.UserPosition committed = staging.userPosition(runId, partition)
                .orElse(new StagingRepository.UserPosition(context.getInt(DEPT_SEQ, 0), context.getLong(CURSOR, 0L)));
        int resumeSeq = committed.deptSeq();
        cursor = committed.cursor();
        departments.clear();
        current = null;
        finished = resumeSeq == Integer.MAX_VALUE;
        lookedUp = Math.max(0, resumeSeq - 1);
    }

    @Override
    public @Nullable UserPageItem read() throws JobExecutionException {
        StagingRepository.PartitionDepartment department = current != null ? current : nextDepartment();
        if (department == null) {
            return null;
        }
        current = department;
        long deptId = department.deptId();
        long pageCursor = cursor;
        UserPage page = client.listUsers(deptId, pageCursor, pageSize).orElse(new UserPage(false, null, List.of()));
        Long next = page.nextCursorOrNull();
        if (next != null && next <= pageCursor) {
            throw new IllegalStateException("DingTalk v2/user/list of department " + deptId + " answered next_cursor=" + next
                    + " after cursor=" + pageCursor + "; refusing to page in a loop");
        }
        if (next == null) {
            current = null;
            cursor = 0;
        } else {
            cursor = next;
        }
        // counted as fetched, for the progress lines: the chunk commits only after its last page is read
        progress.membershipsFetched(page.users().size());
        return new UserPageItem(deptId, pageCursor, page.users());
    }

    /** The partition's next department in walk order, waiting for the walk if it has not found it yet. */
    private StagingRepository.@Nullable PartitionDepartment nextDepartment() throws JobExecutionException {
        while (departments.isEmpty() && !finished) {
            long seen = monitor.commits();
            boolean walkComplete = staging.walkComplete(runId);
            List<StagingRepository.PartitionDepartment> found =
                    staging.departmentsOfPartition(runId, partition, partitions, lookedUp, LOOKUP);
            if (!found.isEmpty()) {
                departments.addAll(found);
                lookedUp = found.get(found.size() - 1).walkSeq();
            } else if (walkComplete) {
                finished = true;
            } else {
                monitor.awaitCommit(jobExecutionId, seen);
            }
        }
        return departments.poll();
    }

    @Override
    public void update(ExecutionContext context) {
        int seq;
        if (current != null) {
            seq = current.walkSeq();
        } else if (!departments.isEmpty()) {
            seq = departments.peek().walkSeq();
        } else {
            seq = finished ? Integer.MAX_VALUE : lookedUp + 1;
        }
        context.putInt(DEPT_SEQ, seq);
        context.putLong(CURSOR, current != null ? cursor : 0L);
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // called by the step just before the chunk commits: the position commits with the listings
            staging.saveUserPosition(runId, partition, new StagingRepository.UserPosition(seq, current != null ? cursor : 0L));
        }
    }
}
