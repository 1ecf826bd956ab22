package io.dingtalketl.orgsync;

import java.util.List;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.UserPage;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the direct members of one partition's departments, one {@code v2/user/list} page per item,
 * department after department in walk order, following {@code next_cursor}.
 *
 * <p><b>Restart:</b> the ExecutionContext holds the position of the next page to read: the department's
 * {@code walk_seq} and the cursor within it, saved at each chunk commit. A failed partition resumes at its
 * first uncommitted page. A cursor that does not advance is refused rather than looped on.
 *
 * <p>Not thread-safe: one reader per partition (step scope).
 */
public class UserPageReader implements ItemStreamReader<UserPageItem> {

    static final String DEPT_SEQ = "users.deptSeq";
    static final String CURSOR = "users.cursor";

    private final DingTalkClient client;
    private final StagingRepository staging;
    private final long runId;
    private final int partition;
    private final int pageSize;

    private List<StagingRepository.PartitionDepartment> departments = List.of();
    private int position;
    private long cursor;

    public UserPageReader(DingTalkClient client, StagingRepository staging, long runId, int partition, int pageSize) {
        this.client = client;
        this.staging = staging;
        this.runId = runId;
        this.partition = partition;
        this.pageSize = pageSize;
    }

    @Override
    public void open(ExecutionContext context) {
        departments = staging.departmentsOfPartition(runId, partition);
        int resumeSeq = context.getInt(DEPT_SEQ, 0);
        cursor = context.getLong(CURSOR, 0L);
        position = 0;
        while (position < departments.size() && departments.get(position).walkSeq() < resumeSeq) {
            position++;
        }
    }

    @Override
    public @Nullable UserPageItem read() {
        if (position >= departments.size()) {
            return null;
        }
        long deptId = departments.get(position).deptId();
        long pageCursor = cursor;
        UserPage page = client.listUsers(deptId, pageCursor, pageSize).orElse(new UserPage(false, null, List.of()));
        Long next = page.nextCursorOrNull();
        if (next != null && next <= pageCursor) {
            throw new IllegalStateException("DingTalk v2/user/list of department " + deptId + " answered next_cursor=" + next
                    + " after cursor=" + pageCursor + "; refusing to page in a loop");
        }
        if (next == null) {
            position++;
            cursor = 0;
        } else {
            cursor = next;
        }
        return new UserPageItem(deptId, pageCursor, page.users());
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(DEPT_SEQ, position < departments.size() ? departments.get(position).walkSeq() : Integer.MAX_VALUE);
        context.putLong(CURSOR, cursor);
    }
}
