package io.dingtalketl.orgsync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The staging tables of the org sync: what one run extracted, keyed by {@code run_id}. Writes join the
 * caller's transaction (the chunk's), so staged rows and the step's saved position commit together.
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

    public void insertDepartments(long runId, List<StagedDepartment> departments) {
        jdbc.batchUpdate("""
                INSERT INTO stg_department (run_id, dept_id, walk_seq, parent_dept_id, name, dept_path, depth,
                  create_dept_group, auto_add_user, source_identifier, details_loaded, dept_order, manager_userids,
                  hide_dept, outer_dept, member_count, owning_member_count, expanded)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)""", departments, 500, (ps, d) -> {
            DepartmentDetails details = d.details();
            ps.setLong(1, runId);
            ps.setLong(2, d.deptId());
            ps.setInt(3, d.walkSeq());
            ps.setObject(4, d.parentDeptId(), Types.BIGINT);
            ps.setString(5, d.name());
            ps.setString(6, d.path());
            ps.setInt(7, d.depth());
            ps.setObject(8, d.createDeptGroup(), Types.BOOLEAN);
            ps.setObject(9, d.autoAddUser(), Types.BOOLEAN);
            ps.setString(10, d.sourceIdentifier());
            ps.setBoolean(11, details != null);
            ps.setObject(12, details == null ? null : details.order(), Types.BIGINT);
            ps.setString(13, details == null ? null : details.managerUserids());
            ps.setObject(14, details == null ? null : details.hideDept(), Types.BOOLEAN);
            ps.setObject(15, details == null ? null : details.outerDept(), Types.BOOLEAN);
            ps.setObject(16, details == null ? null : details.memberCount(), Types.INTEGER);
            ps.setObject(17, details == null ? null : details.owningMemberCount(), Types.INTEGER);
        });
    }

    /** Marks departments whose {@code listsub} page is staged (in the same transaction as their children). */
    public void markExpanded(long runId, List<Long> deptIds) {
        jdbc.batchUpdate("UPDATE stg_department SET expanded = TRUE WHERE run_id = ? AND dept_id = ?", deptIds, 500,
                (ps, deptId) -> {
                    ps.setLong(1, runId);
                    ps.setLong(2, deptId);
                });
    }

    /**
     * Whether the run's department walk is over: departments are staged and every one of them is expanded.
     * Steps that follow the walk ask this <em>before</em> looking for work, so that "complete, and nothing
     * left" cannot miss departments committed in between.
     */
    public boolean walkComplete(long runId) {
        return !jdbc.queryForList("SELECT 1 FROM stg_department WHERE run_id = ? LIMIT 1", Integer.class, runId).isEmpty()
                && jdbc.queryForList("SELECT 1 FROM stg_department WHERE run_id = ? AND expanded = FALSE LIMIT 1",
                Integer.class, runId).isEmpty();
    }

    /** Departments discovered but not yet expanded, in walk order: the walk's frontier after a restart. */
    public List<StagedDepartment> departmentsAfter(long runId, int walkSeq) {
        return jdbc.query("""
                SELECT dept_id, walk_seq, parent_dept_id, name, dept_path, depth FROM stg_department
                WHERE run_id = ? AND walk_seq > ? ORDER BY walk_seq""", (rs, i) -> new StagedDepartment(
                rs.getLong("dept_id"), rs.getInt("walk_seq"), nullableLong(rs, "parent_dept_id"), rs.getString("name"),
                rs.getString("dept_path"), rs.getInt("depth"), null, null, null, null), runId, walkSeq);
    }

    /** The next departments after {@code afterSeq}, in walk order, whose details are not loaded yet. */
    public List<PartitionDepartment> departmentsWithoutDetails(long runId, int afterSeq, int limit) {
        return jdbc.query("""
                SELECT dept_id, walk_seq FROM stg_department WHERE run_id = ? AND details_loaded = FALSE AND walk_seq > ?
                ORDER BY walk_seq LIMIT ?""", (rs, i) -> new PartitionDepartment(rs.getLong(1), rs.getInt(2)),
                runId, afterSeq, limit);
    }

    public void updateDetails(long runId, List<DepartmentDetails> details) {
        jdbc.batchUpdate("""
                UPDATE stg_department SET details_loaded = TRUE, dept_order = ?, manager_userids = ?, hide_dept = ?,
                  outer_dept = ?, member_count = ?, owning_member_count = ?
                WHERE run_id = ? AND dept_id = ?""", details, 500, (ps, d) -> {
            ps.setObject(1, d.order(), Types.BIGINT);
            ps.setString(2, d.managerUserids());
            ps.setObject(3, d.hideDept(), Types.BOOLEAN);
            ps.setObject(4, d.outerDept(), Types.BOOLEAN);
            ps.setObject(5, d.memberCount(), Types.INTEGER);
            ps.setObject(6, d.owningMemberCount(), Types.INTEGER);
            ps.setLong(7, runId);
            ps.setLong(8, d.deptId());
        });
    }

    /**
     * The next {@code limit} departments of user partition {@code partition} of {@code partitions} (those
     * whose {@code walk_seq} is congruent to it) after {@code afterSeq}, in walk order. The walk commits in
     * walk order, so what this sees is always a prefix of the final list: nothing appears behind a reader.
     */
    public List<PartitionDepartment> departmentsOfPartition(long runId, int partition, int partitions, int afterSeq, int limit) {
        return jdbc.query("""
                SELECT dept_id, walk_seq FROM stg_department
                WHERE run_id = ? AND walk_seq > ? AND MOD(walk_seq, ?) = ? ORDER BY walk_seq LIMIT ?""",
                (rs, i) -> new PartitionDepartment(rs.getLong(1), rs.getInt(2)), runId, afterSeq, partitions, partition, limit);
    }

    public void insertListings(long runId, List<UserListing> listings) {
        jdbc.batchUpdate("""
                INSERT INTO stg_user_listing (run_id, dept_id, userid, unionid, name, mobile, email, org_email, telephone,
                  job_number, title, work_place, hired_date, active, admin, boss, manager_userid, extension, row_hash,
                  is_leader, dept_order)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", listings, 1000, (ps, u) -> {
            ps.setLong(1, runId);
            ps.setLong(2, u.deptId());
            ps.setString(3, u.userid());
            ps.setString(4, u.unionid());
            ps.setString(5, u.name());
            ps.setString(6, u.mobile());
            ps.setString(7, u.email());
            ps.setString(8, u.orgEmail());
            ps.setString(9, u.telephone());
            ps.setString(10, u.jobNumber());
            ps.setString(11, u.title());
            ps.setString(12, u.workPlace());
            ps.setObject(13, u.hiredDate(), Types.DATE);
            ps.setObject(14, u.active(), Types.BOOLEAN);
            ps.setObject(15, u.admin(), Types.BOOLEAN);
            ps.setObject(16, u.boss(), Types.BOOLEAN);
            ps.setString(17, u.managerUserid());
            ps.setString(18, u.extension());
            ps.setString(19, u.rowHash());
            ps.setBoolean(20, u.leader());
            ps.setObject(21, u.deptOrder(), Types.BIGINT);
        });
    }

    public void deleteRun(long runId) {
        jdbc.update("DELETE FROM stg_user_listing WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM stg_department WHERE run_id = ?", runId);
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
