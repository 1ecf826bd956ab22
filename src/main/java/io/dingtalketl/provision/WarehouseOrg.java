package io.dingtalketl.provision;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.dingtalketl.orgsync.OrgSyncJobConfiguration;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What DingTalk holds as of the warehouse's current rows ({@code dim_department}, {@code dim_user},
 * {@code bridge_user_department} with {@code is_current}): the last org sync, and the contact events applied since.
 */
record WarehouseOrg(Map<Long, Department> departments, Map<String, User> users, @Nullable Long basedOnRunId) {

    record Department(long deptId, @Nullable Long parentDeptId, String name, @Nullable Long order,
                      @Nullable String sourceIdentifier, int depth) {
    }

    record User(String userid, String name, @Nullable String mobile, @Nullable String email, @Nullable String title,
                @Nullable String jobNumber, Set<Long> deptIds) {
    }

    static WarehouseOrg read(JdbcTemplate jdbc) {
        Map<Long, Department> departments = new LinkedHashMap<>();
        jdbc.query("""
                SELECT dept_id, parent_dept_id, name, dept_order, source_identifier, depth FROM dim_department
                WHERE is_current ORDER BY dept_id""", rs -> {
            long parent = rs.getLong(2);
            boolean rootless = rs.wasNull();
            long order = rs.getLong(4);
            boolean noOrder = rs.wasNull();
            departments.put(rs.getLong(1), new Department(rs.getLong(1), rootless ? null : parent, rs.getString(3),
                    noOrder ? null : order, rs.getString(5), rs.getInt(6)));
        });
        Map<String, Set<Long>> memberships = new HashMap<>();
        jdbc.query("SELECT userid, dept_id FROM bridge_user_department WHERE is_current",
                rs -> { memberships.computeIfAbsent(rs.getString(1), u -> new TreeSet<>()).add(rs.getLong(2)); });
        Map<String, User> users = new LinkedHashMap<>();
        jdbc.query("SELECT userid, name, mobile, email, title, job_number FROM dim_user WHERE is_current ORDER BY userid", rs -> {
            users.put(rs.getString(1), new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), memberships.getOrDefault(rs.getString(1), Set.of())));
        });
        return new WarehouseOrg(departments, users, new SyncRunRepository(jdbc).lastPublishedRun(OrgSyncJobConfiguration.JOB_NAME));
    }
}
