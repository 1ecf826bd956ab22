package io.dingtalketl.attendance;

import java.util.List;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.AttendanceResult;
import io.dingtalketl.client.wire.AttendanceResultPage;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one partition's punch results (its users, its days), one {@code attendance/list} page of up to 50 per
 * item, by offset while DingTalk says {@code hasMore}.
 *
 * <p><b>Restart:</b> {@link #update} saves the offset of the next page in the step's ExecutionContext, which the
 * step commits in the same transaction as the chunk's rows (the JDBC transaction manager): a failed partition
 * resumes at its first uncommitted page. Pages read again after a failure are upserted by result id, so nothing
 * is duplicated.
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
    private final long jobExecutionId;
    private final String partition;
    private int offset;
    private boolean finished;

    AttendanceResultReader(DingTalkClient client, AttendanceCalls calls, AttendanceWindow days, List<String> userIds,
                           long jobExecutionId, String partition) {
        this.client = client;
        this.calls = calls;
        this.days = days;
        this.userIds = userIds;
        this.jobExecutionId = jobExecutionId;
        this.partition = partition;
    }

    @Override
    public void open(ExecutionContext context) {
        offset = context.getInt(OFFSET, 0);
        finished = context.containsKey(FINISHED) && "true".equals(context.getString(FINISHED));
    }

    @Override
    public @Nullable List<AttendanceResult> read() {
        if (finished) {
            return null;
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
    }
}
