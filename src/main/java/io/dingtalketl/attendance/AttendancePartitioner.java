package io.dingtalketl.attendance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dingtalketl.client.DingTalkClient;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Cuts a window into {@code attendance/list} partitions: every 7-day span × every batch of 50 users (by userid),
 * named {@code <first day>-b<batch>}, and every changed day a change scan found × every batch of 50 of its changed
 * users, named {@code <day>-c<batch>} (read again), each context holding its name, its days and its userids; each gets its row
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
    private final List<AttendanceChanges.ChangedDay> changed;

    /** @param changed user-days a change scan found changed: read again, one partition per day and 50 users */
    AttendancePartitioner(AttendanceWindow window, List<String> users, ResultPagePositions positions, long runId,
                          List<AttendanceChanges.ChangedDay> changed) {
        this.window = window;
        this.users = users;
        this.changed = changed;
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
        Map<java.time.LocalDate, List<String>> changedByDay = new java.util.TreeMap<>();
        changed.forEach(d -> changedByDay.computeIfAbsent(d.workDate(), k -> new java.util.ArrayList<>()).add(d.userid()));
        changedByDay.forEach((day, dayUsers) -> {
            List<String> sorted = dayUsers.stream().sorted().toList();
            for (int first = 0, batch = 0; first < sorted.size(); first += batchSize, batch++) {
                ExecutionContext context = new ExecutionContext();
                context.putString(FROM, day.toString());
                context.putString(TO, day.toString());
                context.putString(USERIDS, String.join(",", sorted.subList(first, Math.min(sorted.size(), first + batchSize))));
                String name = String.format("%s-c%04d", day, batch);
                context.putString(PARTITION, name);
                partitions.put(name, context);
            }
        });
        positions.prepare(runId, partitions.keySet());
        return partitions;
    }
}
