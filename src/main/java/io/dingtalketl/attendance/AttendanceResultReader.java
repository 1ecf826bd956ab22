package io.dingtalketl.attendance;

import java.util.List;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.AttendanceResult;
import io.dingtalketl.client.wire.AttendanceResultPage;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads one partition's punch results (its users, its days), one {@code attendance/list} page of up to 50 per
 * item, by offset while DingTalk says {@code hasMore}.
 *
 * <p><b>Restart:</b> {@link #update}, which the step calls inside each chunk's transaction just before the commit,
 * writes the offset of the next page to {@code etl_attendance_position} ({@link ResultPagePositions}), so it commits
 * or rolls back with the chunk's facts; a failed partition resumes at its first uncommitted page, even when the
 * database went away during a commit (Spring Batch may then save an ExecutionContext ahead of the data; the same
 * position is kept there, for operators). Each partition gets its row, at offset 0, when the run is partitioned. Pages read again
 * after a failure are upserted by result id, so nothing is duplicated.
 *
 * <p>Not thread-safe: one per partition (step scope).
 */
class AttendanceResultReader implements ItemStreamReader<List<AttendanceResult>> {

    static final String OFFSET = "attendance.offset";
    static final String FINISHED = "attendance.finished";

    private final DingTalkClient client;
    private final AttendanceCalls calls;
    private final AttendanceWindow days;
    private final List<String> userIds;
    private final ResultPagePositions positions;
    private final long runId;
    private final long jobExecutionId;
    private final String partition;
    private int offset;
    private boolean finished;

    AttendanceResultReader(DingTalkClient client, AttendanceCalls calls, AttendanceWindow days, List<String> userIds,
                           ResultPagePositions positions, long runId, long jobExecutionId, String partition) {
        this.positions = positions;
        this.runId = runId;
        this.client = client;
        this.calls = calls;
        this.days = days;
        this.userIds = userIds;
        this.jobExecutionId = jobExecutionId;
        this.partition = partition;
    }

    @Override
    public void open(ExecutionContext context) {
        ResultPagePositions.Position committed = positions.committed(runId, partition).orElseGet(() ->
                new ResultPagePositions.Position(context.getInt(OFFSET, 0),
                        context.containsKey(FINISHED) && "true".equals(context.getString(FINISHED))));
        offset = committed.nextOffset();
        finished = committed.finished();
    }

    @Override
    public @Nullable List<AttendanceResult> read() {
        if (finished) {
            return null;
        }
        if (!calls.mayCall()) {
            return null;   // maxCalls spent: the chunk ends here, and the partition stops (STOPPED, not finished)
        }
        int limit = DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE;
        AttendanceResultPage page = calls.call(jobExecutionId, "partition " + partition + " offset " + offset,
                () -> client.attendanceResults(days.from(), days.to(), userIds, offset, limit));
        offset += limit;
        finished = !page.more();
        return page.results();
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(OFFSET, offset);
        context.putString(FINISHED, Boolean.toString(finished));
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            positions.save(runId, partition, new ResultPagePositions.Position(offset, finished));
        }
    }
}
