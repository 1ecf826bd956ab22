package io.dingtalketl.orgsync;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.dingtalketl.simulator.OrgTruth;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the warehouse the way an analyst would, and compares it with the simulator's truth. */
final class Warehouse {

    private final JdbcTemplate jdbc;

    Warehouse(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Dept(long deptId, Long parentDeptId, String name, String path, int depth) {
    }

    record User(String userid, String unionid, String name, String mobile, String email, String title, String jobNumber,
                String managerUserid) {
    }

    record Membership(String userid, long deptId, boolean leader, long order) {
    }

    record Version(Instant validFrom, Instant validTo, boolean current) {
    }

    void clear() {
        StagingRepository staging = new StagingRepository(jdbc);
        staging.stagedRuns().forEach(staging::drop);
        for (String table : List.of("bridge_user_department", "dim_user", "dim_department", "etl_sync_run", "etl_event_entity",
                "etl_event_inbox", "fact_attendance_result", "fact_attendance_result_change", "fact_leave", "etl_attendance_position",
                "etl_metered_calls", "fact_attendance_punch", "etl_attendance_read", "etl_attendance_scan", "etl_attendance_change")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    Set<Dept> currentDepartments() {
        return new java.util.HashSet<>(jdbc.query("SELECT dept_id, parent_dept_id, name, dept_path, depth FROM dim_department WHERE is_current = TRUE",
                (rs, i) -> new Dept(rs.getLong(1), (Long) rs.getObject(2, Long.class), rs.getString(3), rs.getString(4), rs.getInt(5))));
    }

    Set<User> currentUsers() {
        return new java.util.HashSet<>(jdbc.query("""
                SELECT userid, unionid, name, mobile, email, title, job_number, manager_userid FROM dim_user WHERE is_current = TRUE""",
                (rs, i) -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8))));
    }

    Set<Membership> currentMemberships() {
        return new java.util.HashSet<>(jdbc.query("""
                SELECT userid, dept_id, is_leader, dept_order FROM bridge_user_department WHERE is_current = TRUE""",
                (rs, i) -> new Membership(rs.getString(1), rs.getLong(2), rs.getBoolean(3), rs.getLong(4))));
    }

    List<Version> userVersions(String userid) {
        return jdbc.query("SELECT valid_from, valid_to, is_current FROM dim_user WHERE userid = ? ORDER BY valid_from",
                (rs, i) -> new Version(instant(rs.getObject(1, LocalDateTime.class)), instant(rs.getObject(2, LocalDateTime.class)),
                        rs.getBoolean(3)), userid);
    }

    List<Version> departmentVersions(long deptId) {
        return jdbc.query("SELECT valid_from, valid_to, is_current FROM dim_department WHERE dept_id = ? ORDER BY valid_from",
                (rs, i) -> new Version(instant(rs.getObject(1, LocalDateTime.class)), instant(rs.getObject(2, LocalDateTime.class)),
                        rs.getBoolean(3)), deptId);
    }

    List<Version> membershipVersions(String userid, long deptId) {
        return jdbc.query("""
                SELECT valid_from, valid_to, is_current FROM bridge_user_department WHERE userid = ? AND dept_id = ? ORDER BY valid_from""",
                (rs, i) -> new Version(instant(rs.getObject(1, LocalDateTime.class)), instant(rs.getObject(2, LocalDateTime.class)),
                        rs.getBoolean(3)), userid, deptId);
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    /** Every table's rows, for "nothing changed" assertions. */
    Map<String, List<Map<String, Object>>> snapshot() {
        return Map.of(
                "dim_department", jdbc.queryForList("SELECT * FROM dim_department ORDER BY department_key"),
                "dim_user", jdbc.queryForList("SELECT * FROM dim_user ORDER BY user_key"),
                "bridge_user_department", jdbc.queryForList("SELECT * FROM bridge_user_department ORDER BY membership_key"));
    }

    /** Current rows equal the truth: every department with parent, path and depth; every user; every membership. */
    void assertMatches(OrgTruth truth) {
        Set<Dept> expectedDepartments = truth.departments().stream()
                .map(d -> new Dept(d.deptId(), d.parentId(), d.name(), d.path(), d.depth())).collect(Collectors.toSet());
        Set<User> expectedUsers = truth.users().stream()
                .map(u -> new User(u.userid(), u.unionid(), u.name(), u.mobile(), u.email(), u.title(), u.jobNumber(), u.managerUserid()))
                .collect(Collectors.toSet());
        Set<Membership> expectedMemberships = truth.memberships().stream()
                .map(m -> new Membership(m.userid(), m.deptId(), m.leader(), m.order())).collect(Collectors.toSet());
        assertThat(currentDepartments()).as("current departments").isEqualTo(expectedDepartments);
        assertThat(currentUsers()).as("current users").isEqualTo(expectedUsers);
        assertThat(currentMemberships()).as("current memberships").isEqualTo(expectedMemberships);
        assertThat(count("SELECT COUNT(*) FROM dim_user WHERE is_current = TRUE"))
                .as("one current row per user").isEqualTo(count("SELECT COUNT(DISTINCT userid) FROM dim_user WHERE is_current = TRUE"));
        assertThat(new StagingRepository(jdbc).stagedRuns()).as("staging tables are dropped once a run completes").isEmpty();
    }

    static Set<String> sorted(Set<String> values) {
        return new TreeSet<>(values);
    }

    private static Instant instant(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
