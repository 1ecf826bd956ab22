package io.dingtalketl.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.dingtalketl.warehouse.staging.RowHash;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * SCD type 2 versions of single users and departments, as contact events report their changes: the same
 * dimensions, the same row hash and the same rule as the full sync's {@link WarehousePublisher} (a changed
 * attribute closes the current version and opens a new one; an unchanged entity gets no version; a gone
 * entity is closed with its memberships), applied per entity instead of per organization.
 *
 * <p><b>Time.</b> A version opened by an event starts at the event's birth time: the moment DingTalk says the
 * change happened. Each key's versions stay in time order across both sources: when the key already has a
 * version starting (or ending) at or after the birth time — a full sync published it after the change
 * happened, or a later event was applied first — the new version starts 1 ms after that one instead.
 *
 * <p>Call inside a transaction (the apply job's chunk): the entity's versions and the inbox's record of
 * having applied it commit together.
 */
@Repository
public class ContactVersions {

    private static final java.time.format.DateTimeFormatter TIME_TEXT =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final JdbcTemplate jdbc;

    public ContactVersions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A user's versioned attributes, as the field mapper made them ({@code rowHash} over them). */
    public record UserVersion(String userid, @Nullable String unionid, String name, @Nullable String mobile,
                              @Nullable String email, @Nullable String orgEmail, @Nullable String telephone,
                              @Nullable String jobNumber, @Nullable String title, @Nullable String workPlace,
                              @Nullable LocalDate hiredDate, @Nullable Boolean active, @Nullable Boolean admin,
                              @Nullable Boolean boss, @Nullable String managerUserid, @Nullable String extension,
                              String rowHash) {
    }

    /** One direct membership of a user. */
    public record Membership(long deptId, boolean leader, @Nullable Long order) {
    }

    /** A department's versioned attributes and its type-1 member counts. */
    public record DepartmentVersion(long deptId, @Nullable Long parentDeptId, String name, String path, int depth,
                                    @Nullable Long order, @Nullable String sourceIdentifier, @Nullable String managerUserids,
                                    @Nullable Boolean createDeptGroup, @Nullable Boolean autoAddUser,
                                    @Nullable Boolean hideDept, @Nullable Boolean outerDept,
                                    @Nullable Integer memberCount, @Nullable Integer owningMemberCount) {

        /** The row hash, over the attributes in the order the full sync hashes them. */
        public String rowHash() {
            return RowHash.of(parentDeptId, name, path, depth, order, sourceIdentifier, managerUserids, createDeptGroup,
                    autoAddUser, hideDept, outerDept);
        }

        /** This department under a parent at {@code parent}. */
        public DepartmentVersion placedUnder(Position parent) {
            return new DepartmentVersion(deptId, parentDeptId, name, parent.path() + "/" + deptId, parent.depth() + 1, order,
                    sourceIdentifier, managerUserids, createDeptGroup, autoAddUser, hideDept, outerDept, memberCount,
                    owningMemberCount);
        }
    }

    /** Where a current department sits: its path from the root and its depth. */
    public record Position(String path, int depth) {
    }

    /** What one apply did to the warehouse. */
    public enum Outcome {
        INSERTED, CHANGED, UNCHANGED, CLOSED, ALREADY_CLOSED
    }

    /** How many users have a current version. */
    public int currentUsers() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM dim_user WHERE is_current = TRUE", Integer.class);
        return n == null ? 0 : n;
    }

    /** How many departments have a current version. */
    public int currentDepartments() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM dim_department WHERE is_current = TRUE", Integer.class);
        return n == null ? 0 : n;
    }

    // ------------------------------------------------------------------ users

    /**
     * Brings {@code user} and their direct memberships to the given state, as of {@code bornAt}.
     *
     * @return what happened to the user's own row (memberships follow regardless)
     */
    public Outcome applyUser(UserVersion user, List<Membership> memberships, Instant bornAt, long runId) {
        LocalDateTime at = userTime(user.userid(), bornAt);
        String currentHash = jdbc.query("SELECT row_hash FROM dim_user WHERE current_userid = ?",
                rs -> rs.next() ? rs.getString(1) : null, user.userid());
        Outcome outcome;
        if (Objects.equals(currentHash, user.rowHash())) {
            outcome = Outcome.UNCHANGED;
        } else {
            if (currentHash != null) {
                jdbc.update("UPDATE dim_user SET valid_to = ?, is_current = FALSE WHERE current_userid = ?", text(at), user.userid());
            }
            jdbc.update("""
                    INSERT INTO dim_user (userid, unionid, name, mobile, email, org_email, telephone, job_number, title,
                      work_place, hired_date, active, admin, boss, manager_userid, extension, row_hash, valid_from, valid_to,
                      is_current, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, TRUE, ?)""",
                    user.userid(), user.unionid(), user.name(), user.mobile(), user.email(), user.orgEmail(), user.telephone(),
                    user.jobNumber(), user.title(), user.workPlace(), user.hiredDate(), user.active(), user.admin(), user.boss(),
                    user.managerUserid(), user.extension(), user.rowHash(), text(at), runId);
            outcome = currentHash == null ? Outcome.INSERTED : Outcome.CHANGED;
        }
        applyMemberships(user.userid(), memberships, at, runId);
        return outcome;
    }

    /** Closes a user who left (or can no longer be read) with their memberships, as of {@code bornAt}. */
    public Outcome closeUser(String userid, Instant bornAt) {
        LocalDateTime at = userTime(userid, bornAt);
        int closed = jdbc.update("UPDATE dim_user SET valid_to = ?, is_current = FALSE WHERE current_userid = ?", text(at), userid);
        jdbc.update("UPDATE bridge_user_department SET valid_to = ?, is_current = FALSE WHERE is_current = TRUE AND userid = ?",
                text(at), userid);
        return closed == 0 ? Outcome.ALREADY_CLOSED : Outcome.CLOSED;
    }

    private void applyMemberships(String userid, List<Membership> memberships, LocalDateTime at, long runId) {
        Map<Long, Membership> current = new HashMap<>();
        jdbc.query("SELECT dept_id, is_leader, dept_order FROM bridge_user_department WHERE is_current = TRUE AND userid = ?",
                rs -> {
                    long order = rs.getLong(3);
                    current.put(rs.getLong(1), new Membership(rs.getLong(1), rs.getBoolean(2), rs.wasNull() ? null : order));
                }, userid);
        Map<Long, Membership> wanted = new HashMap<>();
        memberships.forEach(m -> wanted.put(m.deptId(), m));
        for (Membership was : current.values()) {
            if (!was.equals(wanted.get(was.deptId()))) {
                jdbc.update("""
                        UPDATE bridge_user_department SET valid_to = ?, is_current = FALSE
                        WHERE current_membership = CONCAT(?, '@', ?)""", text(at), userid, was.deptId());
            }
        }
        for (Membership now : wanted.values()) {
            if (!now.equals(current.get(now.deptId()))) {
                jdbc.update("""
                        INSERT INTO bridge_user_department (userid, dept_id, is_leader, dept_order, valid_from, valid_to, is_current, run_id)
                        VALUES (?, ?, ?, ?, ?, NULL, TRUE, ?)""", userid, now.deptId(), now.leader(), now.order(), text(at), runId);
            }
        }
    }

    /** The version time for a change of {@code userid} born at {@code bornAt}: after every version the user has. */
    private LocalDateTime userTime(String userid, Instant bornAt) {
        return after(jdbc.queryForObject("""
                SELECT MAX(t) FROM (SELECT MAX(valid_from) t FROM dim_user WHERE userid = ?
                  UNION ALL SELECT MAX(valid_to) FROM dim_user WHERE userid = ?
                  UNION ALL SELECT MAX(valid_from) FROM bridge_user_department WHERE userid = ?
                  UNION ALL SELECT MAX(valid_to) FROM bridge_user_department WHERE userid = ?) x""",
                LocalDateTime.class, userid, userid, userid, userid), bornAt);
    }

    // ------------------------------------------------------------------ departments

    /** The current path and depth of {@code deptId}, or null when the warehouse has no current version of it. */
    public @Nullable Position position(long deptId) {
        return jdbc.query("SELECT dept_path, depth FROM dim_department WHERE current_dept_id = ?",
                rs -> rs.next() ? new Position(rs.getString(1), rs.getInt(2)) : null, deptId);
    }

    /**
     * Brings {@code department} to the given state as of {@code bornAt}. When its path changed (it moved to
     * another parent), every current department below it gets a version with its new path and depth, at the
     * same time.
     */
    public Outcome applyDepartment(DepartmentVersion department, Instant bornAt, long runId) {
        LocalDateTime at = departmentTime(department.deptId(), bornAt);
        record Current(String hash, String path) {
        }
        Current current = jdbc.query("SELECT row_hash, dept_path FROM dim_department WHERE current_dept_id = ?",
                rs -> rs.next() ? new Current(rs.getString(1), rs.getString(2)) : null, department.deptId());
        Outcome outcome;
        if (current != null && current.hash().equals(department.rowHash())) {
            outcome = Outcome.UNCHANGED;
        } else {
            if (current != null) {
                jdbc.update("UPDATE dim_department SET valid_to = ?, is_current = FALSE WHERE current_dept_id = ?",
                        text(at), department.deptId());
            }
            insertDepartment(department, at, runId);
            outcome = current == null ? Outcome.INSERTED : Outcome.CHANGED;
            if (current != null && !current.path().equals(department.path())) {
                movePathsBelow(current.path(), department, at, runId);
            }
        }
        jdbc.update("UPDATE dim_department SET member_count = ?, owning_member_count = ? WHERE current_dept_id = ?",
                department.memberCount(), department.owningMemberCount(), department.deptId());
        return outcome;
    }

    /** Closes a removed department and the memberships it still has, as of {@code bornAt}. */
    public Outcome closeDepartment(long deptId, Instant bornAt) {
        LocalDateTime at = departmentTime(deptId, bornAt);
        int closed = jdbc.update("UPDATE dim_department SET valid_to = ?, is_current = FALSE WHERE current_dept_id = ?", text(at), deptId);
        jdbc.update("UPDATE bridge_user_department SET valid_to = ?, is_current = FALSE WHERE is_current = TRUE AND dept_id = ?",
                text(at), deptId);
        return closed == 0 ? Outcome.ALREADY_CLOSED : Outcome.CLOSED;
    }

    private void movePathsBelow(String oldPath, DepartmentVersion moved, LocalDateTime at, long runId) {
        List<DepartmentVersion> below = jdbc.query("""
                SELECT dept_id, parent_dept_id, name, dept_path, depth, dept_order, source_identifier, manager_userids,
                  create_dept_group, auto_add_user, hide_dept, outer_dept, member_count, owning_member_count
                FROM dim_department WHERE is_current = TRUE AND dept_path LIKE ? ORDER BY depth, dept_id""",
                (rs, i) -> new DepartmentVersion(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getObject(6, Long.class), rs.getString(7), rs.getString(8),
                        rs.getObject(9, Boolean.class), rs.getObject(10, Boolean.class), rs.getObject(11, Boolean.class),
                        rs.getObject(12, Boolean.class), rs.getObject(13, Integer.class), rs.getObject(14, Integer.class)),
                oldPath + "/%");   // paths hold digits and slashes only
        int shift = moved.depth() - (int) oldPath.chars().filter(c -> c == '/').count() + 1;
        for (DepartmentVersion d : below) {
            String path = moved.path() + d.path().substring(oldPath.length());
            DepartmentVersion repathed = new DepartmentVersion(d.deptId(), d.parentDeptId(), d.name(), path, d.depth() + shift,
                    d.order(), d.sourceIdentifier(), d.managerUserids(), d.createDeptGroup(), d.autoAddUser(), d.hideDept(),
                    d.outerDept(), d.memberCount(), d.owningMemberCount());
            LocalDateTime when = departmentTime(d.deptId(), at.toInstant(ZoneOffset.UTC));
            jdbc.update("UPDATE dim_department SET valid_to = ?, is_current = FALSE WHERE current_dept_id = ?", text(when), d.deptId());
            insertDepartment(repathed, when, runId);
        }
    }

    private void insertDepartment(DepartmentVersion d, LocalDateTime at, long runId) {
        jdbc.update("""
                INSERT INTO dim_department (dept_id, parent_dept_id, name, dept_path, depth, dept_order, source_identifier,
                  manager_userids, create_dept_group, auto_add_user, hide_dept, outer_dept, member_count, owning_member_count,
                  row_hash, valid_from, valid_to, is_current, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, TRUE, ?)""",
                d.deptId(), d.parentDeptId(), d.name(), d.path(), d.depth(), d.order(), d.sourceIdentifier(), d.managerUserids(),
                d.createDeptGroup(), d.autoAddUser(), d.hideDept(), d.outerDept(), d.memberCount(), d.owningMemberCount(),
                d.rowHash(), text(at), runId);
    }

    private LocalDateTime departmentTime(long deptId, Instant bornAt) {
        return after(jdbc.queryForObject("""
                SELECT MAX(t) FROM (SELECT MAX(valid_from) t FROM dim_department WHERE dept_id = ?
                  UNION ALL SELECT MAX(valid_to) FROM dim_department WHERE dept_id = ?) x""",
                LocalDateTime.class, deptId, deptId), bornAt);
    }

    /**
     * A version time as SQL text with its milliseconds. Bound as a date-time value, MySQL Connector/J drops the
     * fraction when it talks to MariaDB 10 (which announces itself as 5.5.5); bound as text every database keeps it.
     */
    private static String text(LocalDateTime time) {
        return TIME_TEXT.format(time);
    }

    /** {@code bornAt}, or 1 ms after {@code latest} when the key already has history at or after it. */
    private static LocalDateTime after(@Nullable LocalDateTime latest, Instant bornAt) {
        LocalDateTime at = LocalDateTime.ofInstant(bornAt, ZoneOffset.UTC);
        return latest != null && !latest.isBefore(at) ? latest.plusNanos(1_000_000) : at;
    }
}
