package io.dingtalketl.attendance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dingtalketl.client.DingTalkClient;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Cuts a window into {@code attendance/list} partitions: every 7-day span × every batch of 50 users (by userid),
 * named {@code <first day>-b<batch>}, each context holding its name, its days and its userids; each gets its row
 * in {@code etl_attendance_position} ({@link ResultPagePositions#prepare}). The grid size is ignored:
 * the window and the users decide the partitions.
 *
 * <p><b>Restart:</b> Spring Batch does not run completed partitions again, and hands each failed one its saved
 * context (its userids and its reader's offset), so a restart reads exactly what was not committed. Should an
 * org sync have added users in between, partitions new by name run too.
 */
class AttendancePartitioner implements Partitioner {

    static final String FROM = "from";
    static final String TO = "to";
    static final String USERIDS = "userids";
    static final String PARTITION = "partition";

    private final AttendanceWindow window;
    private final List<String> users;
    private final ResultPagePositions positions;
    private final long runId;

    AttendancePartitioner(AttendanceWindow window, List<String> users, ResultPagePositions positions, long runId) {
        this.window = window;
        this.users = users;
        this.positions = positions;
        this.runId = runId;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        int batchSize = DingTalkClient.MAX_ATTENDANCE_USERS;
        for (AttendanceWindow week : window.weeks()) {
            for (int first = 0, batch = 0; first < users.size(); first += batchSize, batch++) {
                ExecutionContext context = new ExecutionContext();
                context.putString(FROM, week.from().toString());
                context.putString(TO, week.to().toString());
                context.putString(USERIDS, String.join(",", users.subList(first, Math.min(users.size(), first + batchSize))));
                String name = String.format("%s-b%04d", week.from(), batch);
                context.putString(PARTITION, name);
                partitions.put(name, context);
            }
        }
        positions.prepare(runId, partitions.keySet());
        return partitions;
    }
}
