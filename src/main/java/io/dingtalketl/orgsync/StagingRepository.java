package io.dingtalketl.orgsync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.dingtalketl.warehouse.staging.StagingTables;
import io.dingtalketl.warehouse.staging.TextColumn;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The staging tables of the org sync: what one run extracted. Each run stages into tables of its own
 * ({@link StagingTables}), created when the run starts and dropped once it completed or is abandoned:
 * dropping a table costs next to nothing, where deleting a run's rows from shared tables cost more than
 * the merge itself (an H2 or InnoDB DELETE writes an undo record per row). Writes join the caller's
 * transaction (the chunk's), so staged rows and the step's saved position commit together.
 *
 * <p>The tables are created and dropped outside any transaction (MySQL commits implicitly around DDL): by
 * the run listener before a run's first step and after its end.
 */
@Repository
public class StagingRepository {

    private final JdbcTemplate jdbc;

    public StagingRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A department in a step's work list, with its place in the walk. */
    public record PartitionDepartment(long deptId, int walkSeq) {
    }

    /**
     * Creates the run's staging tables unless they exist (a restart finds them with what it committed). Tables
     * an earlier version created (a run that failed before an upgrade) are brought to the current definition.
     */
    public void create(long runId) {
        StagingTables tables = StagingTables.of(runId);
        for (String ddl : tables.createStatements()) {
            jdbc.execute(ddl);
        }
        for (String table : List.of(tables.departments(), tables.listings())) {
            if (!hasColumn(table, "cut_columns")) {
                tables.upgradeStatements(table).forEach(jdbc::execute);
            }
        }
    }

    private boolean hasColumn(String table, String column) {
        Integer found = jdbc.queryForObject("""
                SELECT COUNT(*) FROM information_schema.columns
                WHERE LOWER(table_name) = ? AND LOWER(column_name) = ? AND table_schema = SCHEMA()""", Integer.class,
                table, column);
        return found != null && found > 0;
    }

    /** Drops the run's staging tables, when there are any. */
    public void drop(long runId) {
        StagingTables tables = StagingTables.of(runId);
        jdbc.execute("DROP TABLE IF EXISTS " + tables.positions());
        jdbc.execute("DROP TABLE IF EXISTS " + tables.listings());
        jdbc.execute("DROP TABLE IF EXISTS " + tables.departments());
    }

    /** The runs that have staging tables, from the database's catalog. */
    public List<Long> stagedRuns() {
        return jdbc.queryForList("""
                SELECT table_name FROM information_schema.tables
                WHERE LOWER(table_name) LIKE 'stg_department_r%' AND table_schema = SCHEMA()""", String.class)
                .stream().map(StagingTables::runIdOf).filter(Objects::nonNull).distinct().sorted().toList();
    }

    public void insertDepartments(long runId, List<StagedDepartment> departments) {
        jdbc.batchUpdate("""
                INSERT INTO %s (dept_id, walk_seq, parent_dept_id, name, dept_path, depth,
                  create_dept_group, auto_add_user, source_identifier, details_loaded, dept_order, manager_userids,
                  hide_dept, outer_dept, member_count, owning_member_count, cut_columns, expanded)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)""".formatted(StagingTables.of(runId).departments()),
                departments, 500, (ps, d) -> {
            DepartmentDetails details = d.details();
            ps.setLong(1, d.deptId());
            ps.setInt(2, d.walkSeq());
            ps.setObject(3, d.parentDeptId(), Types.BIGINT);
            ps.setString(4, d.name());
            ps.setString(5, d.path());
            ps.setInt(6, d.depth());
            ps.setObject(7, d.createDeptGroup(), Types.BOOLEAN);
            ps.setObject(8, d.autoAddUser(), Types.BOOLEAN);
            ps.setString(9, d.sourceIdentifier());
            ps.setBoolean(10, details != null);
            ps.setObject(11, details == null ? null : details.order(), Types.BIGINT);
            ps.setString(12, details == null ? null : details.managerUserids());
            ps.setObject(13, details == null ? null : details.hideDept(), Types.BOOLEAN);
            ps.setObject(14, details == null ? null : details.outerDept(), Types.BOOLEAN);
            ps.setObject(15, details == null ? null : details.memberCount(), Types.INTEGER);
            ps.setObject(16, details == null ? null : details.owningMemberCount(), Types.INTEGER);
            ps.setString(17, cutColumns(d.cut(), details == null ? Set.of() : details.cut()));
        });
    }

    /** How far the walk's committed pages reach: the last expanded {@code walk_seq} and the last staged one (0, 0: none). */
    public record WalkPosition(int expandedSeq, int lastSeq) {
    }

    public WalkPosition walkPosition(long runId) {
        return jdbc.queryForObject("SELECT COALESCE(MAX(CASE WHEN expanded THEN walk_seq END), 0), COALESCE(MAX(walk_seq), 0) FROM "
                + StagingTables.of(runId).departments(), (rs, i) -> new WalkPosition(rs.getInt(1), rs.getInt(2)));
    }

    /** Where a user partition resumes: the department ({@code walk_seq}) and the cursor of its next page. */
    public record UserPosition(int deptSeq, long cursor) {
    }

    public Optional<UserPosition> userPosition(long runId, int partition) {
        return jdbc.query("SELECT dept_seq, page_cursor FROM " + StagingTables.of(runId).positions() + " WHERE partition_no = ?",
                (rs, i) -> new UserPosition(rs.getInt(1), rs.getLong(2)), partition).stream().findFirst();
    }

    /** Records a partition's position; call it in the transaction that commits the listings read before it. */
    public void saveUserPosition(long runId, int partition, UserPosition position) {
        String table = StagingTables.of(runId).positions();
        if (jdbc.update("UPDATE " + table + " SET dept_seq = ?, page_cursor = ? WHERE partition_no = ?",
                position.deptSeq(), position.cursor(), partition) == 0) {
            jdbc.update("INSERT INTO " + table + " (partition_no, dept_seq, page_cursor) VALUES (?, ?, ?)",
                    partition, position.deptSeq(), position.cursor());
        }
    }

    /** Marks departments whose {@code listsub} page is staged (in the same transaction as their children). */
    public void markExpanded(long runId, List<Long> deptIds) {
        jdbc.batchUpdate("UPDATE " + StagingTables.of(runId).departments() + " SET expanded = TRUE WHERE dept_id = ?",
                deptIds, 500, (ps, deptId) -> ps.setLong(1, deptId));
    }

    /**
     * Whether the run's department walk is over: departments are staged and every one of them is expanded.
     * Steps that follow the walk ask this <em>before</em> looking for work, so that "complete, and nothing
     * left" cannot miss departments committed in between.
     */
    public boolean walkComplete(long runId) {
        String departments = StagingTables.of(runId).departments();
        return !jdbc.queryForList("SELECT 1 FROM " + departments + " LIMIT 1", Integer.class).isEmpty()
                && jdbc.queryForList("SELECT 1 FROM " + departments + " WHERE expanded = FALSE LIMIT 1", Integer.class)
                .isEmpty();
    }

    /** Departments discovered but not yet expanded, in walk order: the walk's frontier after a restart. */
    public List<StagedDepartment> departmentsAfter(long runId, int walkSeq) {
        return jdbc.query("""
                SELECT dept_id, walk_seq, parent_dept_id, name, dept_path, depth FROM %s
                WHERE walk_seq > ? ORDER BY walk_seq""".formatted(StagingTables.of(runId).departments()),
                (rs, i) -> new StagedDepartment(rs.getLong("dept_id"), rs.getInt("walk_seq"), nullableLong(rs, "parent_dept_id"),
                        rs.getString("name"), rs.getString("dept_path"), rs.getInt("depth"), null, null, null, null, Set.of()),
                walkSeq);
    }

    /** The next departments after {@code afterSeq}, in walk order, whose details are not loaded yet. */
    public List<PartitionDepartment> departmentsWithoutDetails(long runId, int afterSeq, int limit) {
        return jdbc.query("""
                SELECT dept_id, walk_seq FROM %s WHERE details_loaded = FALSE AND walk_seq > ?
                ORDER BY walk_seq LIMIT ?""".formatted(StagingTables.of(runId).departments()),
                (rs, i) -> new PartitionDepartment(rs.getLong(1), rs.getInt(2)), afterSeq, limit);
    }

    public void updateDetails(long runId, List<DepartmentDetails> details) {
        jdbc.batchUpdate("""
                UPDATE %s SET details_loaded = TRUE, dept_order = ?, manager_userids = ?, hide_dept = ?,
                  outer_dept = ?, member_count = ?, owning_member_count = ?
                WHERE dept_id = ?""".formatted(StagingTables.of(runId).departments()), details, 500, (ps, d) -> {
            ps.setObject(1, d.order(), Types.BIGINT);
            ps.setString(2, d.managerUserids());
            ps.setObject(3, d.hideDept(), Types.BOOLEAN);
            ps.setObject(4, d.outerDept(), Types.BOOLEAN);
            ps.setObject(5, d.memberCount(), Types.INTEGER);
            ps.setObject(6, d.owningMemberCount(), Types.INTEGER);
            ps.setLong(7, d.deptId());
        });
        List<DepartmentDetails> cut = details.stream().filter(d -> !d.cut().isEmpty()).toList();
        if (cut.isEmpty()) {
            return;
        }
        // added to what the walk cut (the name, say); rare enough for a statement of its own
        jdbc.batchUpdate("""
                UPDATE %s SET cut_columns = CASE WHEN cut_columns IS NULL THEN ? ELSE CONCAT(cut_columns, ',', ?) END
                WHERE dept_id = ?""".formatted(StagingTables.of(runId).departments()), cut, 500, (ps, d) -> {
            String columns = cutColumns(d.cut(), Set.of());
            ps.setString(1, columns);
            ps.setString(2, columns);
            ps.setLong(3, d.deptId());
        });
    }

    /**
     * The next {@code limit} departments of user partition {@code partition} of {@code partitions} (those
     * whose {@code walk_seq} is congruent to it) after {@code afterSeq}, in walk order. The walk commits in
     * walk order, so what this sees is always a prefix of the final list: nothing appears behind a reader.
     */
    public List<PartitionDepartment> departmentsOfPartition(long runId, int partition, int partitions, int afterSeq, int limit) {
        return jdbc.query("""
                SELECT dept_id, walk_seq FROM %s
                WHERE walk_seq > ? AND MOD(walk_seq, ?) = ? ORDER BY walk_seq LIMIT ?""".formatted(StagingTables.of(runId).departments()),
                (rs, i) -> new PartitionDepartment(rs.getLong(1), rs.getInt(2)), afterSeq, partitions, partition, limit);
    }

    public void insertListings(long runId, List<UserListing> listings) {
        jdbc.batchUpdate("""
                INSERT INTO %s (dept_id, userid, unionid, name, mobile, email, org_email, telephone,
                  job_number, title, work_place, hired_date, active, admin, boss, manager_userid, extension, row_hash,
                  is_leader, dept_order, cut_columns)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""".formatted(StagingTables.of(runId).listings()),
                listings, 1000, (ps, u) -> {
            ps.setLong(1, u.deptId());
            ps.setString(2, u.userid());
            ps.setString(3, u.unionid());
            ps.setString(4, u.name());
            ps.setString(5, u.mobile());
            ps.setString(6, u.email());
            ps.setString(7, u.orgEmail());
            ps.setString(8, u.telephone());
            ps.setString(9, u.jobNumber());
            ps.setString(10, u.title());
            ps.setString(11, u.workPlace());
            ps.setObject(12, u.hiredDate(), Types.DATE);
            ps.setObject(13, u.active(), Types.BOOLEAN);
            ps.setObject(14, u.admin(), Types.BOOLEAN);
            ps.setObject(15, u.boss(), Types.BOOLEAN);
            ps.setString(16, u.managerUserid());
            ps.setString(17, u.extension());
            ps.setString(18, u.rowHash());
            ps.setBoolean(19, u.leader());
            ps.setObject(20, u.deptOrder(), Types.BIGINT);
            ps.setString(21, cutColumns(u.cut(), Set.of()));
        });
    }

    /** The names of the columns cut, for {@code cut_columns}; null when none was. */
    private static @Nullable String cutColumns(Set<TextColumn> cut, Set<TextColumn> more) {
        if (cut.isEmpty() && more.isEmpty()) {
            return null;
        }
        return Stream.concat(cut.stream(), more.stream()).map(TextColumn::column).distinct().sorted()
                .collect(Collectors.joining(","));
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
