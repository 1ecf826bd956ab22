package io.dingtalketl.attendance;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code etl_attendance_position}: the committed position of each {@code attendance/list} partition of a run,
 * written in the chunk's own transaction so that it commits or rolls back with the chunk's facts. Spring Batch's
 * ExecutionContext is saved in that transaction too, but after a commit that failed (the database went away
 * mid-commit) Spring Batch may still save a context that is ahead of the data; this table never is.
 */
class ResultPagePositions {

    /** Where a partition goes on. */
    record Position(int nextOffset, boolean finished) {
    }

    private final JdbcTemplate jdbc;

    ResultPagePositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Position> committed(long runId, String partition) {
        List<Position> rows = jdbc.query("SELECT next_offset, finished FROM etl_attendance_position WHERE run_id = ? AND partition_name = ?",
                (rs, i) -> new Position(rs.getInt(1), rs.getBoolean(2)), runId, partition);
        return rows.stream().findFirst();
    }

    /**
     * Gives each partition of a run its row (offset 0) before any chunk runs, those it has already kept: the chunks
     * then only update their own row by key, which takes no gap lock, so concurrent partitions do not deadlock
     * on MySQL's REPEATABLE READ as an insert-if-absent in each chunk would.
     */
    void prepare(long runId, java.util.Collection<String> partitions) {
        java.util.Set<String> known = new java.util.HashSet<>(jdbc.queryForList(
                "SELECT partition_name FROM etl_attendance_position WHERE run_id = ?", String.class, runId));
        List<Object[]> missing = partitions.stream().filter(p -> !known.contains(p)).map(p -> new Object[] {runId, p}).toList();
        if (!missing.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO etl_attendance_position (run_id, partition_name, next_offset, finished) VALUES (?, ?, 0, FALSE)",
                    missing);
        }
    }

    /** Saves the position; call inside the chunk's transaction. */
    void save(long runId, String partition, Position position) {
        int updated = jdbc.update("UPDATE etl_attendance_position SET next_offset = ?, finished = ? WHERE run_id = ? AND partition_name = ?",
                position.nextOffset(), position.finished(), runId, partition);
        if (updated == 0) {
            jdbc.update("INSERT INTO etl_attendance_position (run_id, partition_name, next_offset, finished) VALUES (?, ?, ?, ?)",
                    runId, partition, position.nextOffset(), position.finished());
        }
    }

    /** Forgets a completed run's positions. */
    void forget(long runId) {
        jdbc.update("DELETE FROM etl_attendance_position WHERE run_id = ?", runId);
    }
}
