package io.dingtalketl.warehouse;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.dingtalketl.warehouse.staging.RowHash;
import io.dingtalketl.warehouse.staging.StagingTables;
import io.dingtalketl.warehouse.staging.TextColumn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Merges one run's staging into the warehouse dimensions with SCD type 2 history. Call it inside one
 * transaction: either the whole organization is published or nothing is.
 *
 * <p>For each dimension: current versions whose attributes changed are closed, current versions absent
 * from the (complete) extraction are closed, and a new current version is inserted for every staged
 * entity that has no current version left. {@code valid_to} of a closed version equals the
 * {@code valid_from} of its successor: the run's as-of time.
 *
 * <p>Before anything changes, the deletion guard compares what would be closed with
 * {@code maxDeleteRatio} of the current users and departments.
 *
 * <p>It also counts the values the field mapper cut to fit their columns, from the staged rows'
 * {@code cut_columns}: one per record and column, however many partitions, threads or restarts staged them.
 */
@Repository
public class WarehousePublisher {

    private static final String DEPT_ATTRIBUTES = "parent_dept_id, name, dept_path, depth, dept_order, source_identifier, "
            + "manager_userids, create_dept_group, auto_add_user, hide_dept, outer_dept";
    private static final String USER_ATTRIBUTES = "userid, unionid, name, mobile, email, org_email, telephone, job_number, "
            + "title, work_place, hired_date, active, admin, boss, manager_userid, extension";
    /** One staged listing per user ({@code s}): the one from the user's lowest department id. */
    private static final String FIRST_LISTING = """
            NOT EXISTS (SELECT 1 FROM {listings} o WHERE o.userid = s.userid AND o.dept_id < s.dept_id)""";

    private final JdbcTemplate jdbc;

    public WarehousePublisher(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Options of one publish. */
    public record Options(double maxDeleteRatio, boolean allowMassDelete) {
    }

    public PublishResult publish(long runId, Instant asOf, Options options) {
        LocalDateTime at = LocalDateTime.ofInstant(asOf, ZoneOffset.UTC);
        StagingTables staging = StagingTables.of(runId);
        checkChronology(at);
        hashDepartments(staging);
        guardDeletions(staging, options);
        TruncatedValues truncated = truncated(staging);
        return new PublishResult(mergeDepartments(staging, at, runId), mergeUsers(staging, at, runId),
                mergeMemberships(staging, at, runId), truncated);
    }

    /** Per column, the departments and the users (each listed once or in several departments) whose value was cut. */
    private TruncatedValues truncated(StagingTables staging) {
        Map<String, Set<String>> records = new HashMap<>();
        for (TextColumn.Table table : TextColumn.Table.values()) {
            jdbc.query(sql(staging, table == TextColumn.Table.DEPARTMENTS
                    ? "SELECT dept_id, cut_columns FROM {departments} WHERE cut_columns IS NOT NULL"
                    : "SELECT userid, cut_columns FROM {listings} WHERE cut_columns IS NOT NULL"), rs -> {
                for (String column : rs.getString(2).split(",")) {
                    records.computeIfAbsent(table + "." + column, c -> new HashSet<>()).add(rs.getString(1));
                }
            });
        }
        Map<String, Integer> counts = new HashMap<>();
        records.forEach((column, keys) -> counts.put(column, keys.size()));
        return new TruncatedValues(counts);
    }

    /** The statement with the run's staging table names in place of {@code {departments}} and {@code {listings}}. */
    private static String sql(StagingTables staging, String statement) {
        return statement.replace("{departments}", staging.departments()).replace("{listings}", staging.listings());
    }

    /**
     * Full syncs must follow each other in time: a run older than the last published one cannot be published.
     * (Versions that contact events opened after this run's as-of time are newer than its extraction; the merge
     * leaves those keys alone, see {@link #mergeScd2}.)
     */
    private void checkChronology(LocalDateTime at) {
        LocalDateTime latest = jdbc.queryForObject("SELECT MAX(as_of) FROM etl_sync_run WHERE status = 'PUBLISHED'",
                LocalDateTime.class);
        if (latest != null && !latest.isBefore(at)) {
            throw new IllegalStateException("The warehouse already holds a run published as of " + latest + " UTC"
                    + ", later than this run's as-of time " + at + " UTC"
                    + ": an older run cannot be published after a newer one. Start a new run instead.");
        }
    }

    private void hashDepartments(StagingTables staging) {
        List<Object[]> hashes = jdbc.query(sql(staging, "SELECT dept_id, " + DEPT_ATTRIBUTES + " FROM {departments}"),
                (rs, i) -> {
                    Object[] values = new Object[11];
                    for (int c = 0; c < values.length; c++) {
                        values[c] = rs.getObject(c + 2);
                    }
                    return new Object[] {RowHash.of(values), rs.getLong(1)};
                });
        jdbc.batchUpdate(sql(staging, "UPDATE {departments} SET row_hash = ? WHERE dept_id = ?"), hashes);
    }

    private void guardDeletions(StagingTables staging, Options options) {
        int currentDepartments = count("SELECT COUNT(*) FROM dim_department WHERE is_current = TRUE");
        int closingDepartments = count(sql(staging, """
                SELECT COUNT(*) FROM dim_department d WHERE d.is_current = TRUE
                AND NOT EXISTS (SELECT 1 FROM {departments} s WHERE s.dept_id = d.dept_id)"""));
        int currentUsers = count("SELECT COUNT(*) FROM dim_user WHERE is_current = TRUE");
        int closingUsers = count(sql(staging, """
                SELECT COUNT(*) FROM dim_user d WHERE d.is_current = TRUE
                AND NOT EXISTS (SELECT 1 FROM {listings} s WHERE s.userid = d.userid)"""));
        if (options.allowMassDelete()) {
            return;
        }
        String departments = tooMany("departments", closingDepartments, currentDepartments, options.maxDeleteRatio());
        String users = tooMany("users", closingUsers, currentUsers, options.maxDeleteRatio());
        if (departments != null || users != null) {
            throw new DeletionGuardException("Publishing refused: this run would close "
                    + String.join(" and ", java.util.stream.Stream.of(departments, users).filter(java.util.Objects::nonNull).toList())
                    + ", more than etl.publish.max-delete-ratio=" + options.maxDeleteRatio()
                    + ". Nothing was changed in the warehouse. If DingTalk really lost them (a reorganisation, a changed "
                    + "contact scope), run the same command again with allowMassDelete=true.");
        }
    }

    private static String tooMany(String what, int closing, int current, double maxRatio) {
        if (current == 0 || (double) closing / current <= maxRatio) {
            return null;
        }
        return String.format(Locale.ROOT, "%d of %d current %s (%.1f%%)", closing, current, what, 100.0 * closing / current);
    }

    private EntityCounts mergeDepartments(StagingTables staging, LocalDateTime at, long runId) {
        EntityCounts counts = mergeScd2(staging, at, runId, "SELECT COUNT(*) FROM {departments}", "dim_department", "{departments}",
                "s.dept_id = dim_department.dept_id", "s.row_hash <> dim_department.row_hash",
                "INSERT INTO dim_department (dept_id, " + DEPT_ATTRIBUTES + """
                , member_count, owning_member_count, row_hash, valid_from, valid_to, is_current, run_id)
                SELECT s.dept_id, s.parent_dept_id, s.name, s.dept_path, s.depth, s.dept_order, s.source_identifier,
                  s.manager_userids, s.create_dept_group, s.auto_add_user, s.hide_dept, s.outer_dept,
                  s.member_count, s.owning_member_count, s.row_hash, ?, NULL, TRUE, ?
                FROM {departments} s
                WHERE NOT EXISTS (SELECT 1 FROM dim_department d WHERE d.current_dept_id = s.dept_id)""",
                "SELECT 1 FROM dim_department v WHERE v.dept_id = s.dept_id AND (v.valid_from >= ? OR v.valid_to > ?)");
        // Member counts move with every join and leave: kept current in place (type 1), not versioned.
        jdbc.update(sql(staging, """
                UPDATE dim_department SET
                  member_count = (SELECT s.member_count FROM {departments} s WHERE s.dept_id = dim_department.dept_id),
                  owning_member_count = (SELECT s.owning_member_count FROM {departments} s WHERE s.dept_id = dim_department.dept_id)
                WHERE is_current = TRUE AND run_id <> ?"""), runId);
        return counts;
    }

    private EntityCounts mergeUsers(StagingTables staging, LocalDateTime at, long runId) {
        return mergeScd2(staging, at, runId, "SELECT COUNT(DISTINCT userid) FROM {listings}", "dim_user", "{listings}",
                "s.userid = dim_user.userid", "s.row_hash <> dim_user.row_hash",
                "INSERT INTO dim_user (" + USER_ATTRIBUTES + """
                , row_hash, valid_from, valid_to, is_current, run_id)
                SELECT s.userid, s.unionid, s.name, s.mobile, s.email, s.org_email, s.telephone, s.job_number, s.title,
                  s.work_place, s.hired_date, s.active, s.admin, s.boss, s.manager_userid, s.extension,
                  s.row_hash, ?, NULL, TRUE, ?
                FROM {listings} s WHERE""" + " " + FIRST_LISTING + """

                AND NOT EXISTS (SELECT 1 FROM dim_user d WHERE d.current_userid = s.userid)""",
                "SELECT 1 FROM dim_user v WHERE v.userid = s.userid AND (v.valid_from >= ? OR v.valid_to > ?)");
    }

    private EntityCounts mergeMemberships(StagingTables staging, LocalDateTime at, long runId) {
        return mergeScd2(staging, at, runId, "SELECT COUNT(*) FROM {listings}", "bridge_user_department", "{listings}",
                "s.userid = bridge_user_department.userid AND s.dept_id = bridge_user_department.dept_id",
                """
                s.is_leader <> bridge_user_department.is_leader
                OR NOT (s.dept_order = bridge_user_department.dept_order
                        OR (s.dept_order IS NULL AND bridge_user_department.dept_order IS NULL))""",
                """
                INSERT INTO bridge_user_department (userid, dept_id, is_leader, dept_order, valid_from, valid_to, is_current, run_id)
                SELECT s.userid, s.dept_id, s.is_leader, s.dept_order, ?, NULL, TRUE, ?
                FROM {listings} s
                WHERE NOT EXISTS (SELECT 1 FROM bridge_user_department b
                  WHERE b.current_membership = CONCAT(s.userid, '@', s.dept_id))""",
                "SELECT 1 FROM bridge_user_department v WHERE v.userid = s.userid AND (v.valid_from >= ? OR v.valid_to > ?)");
    }

    /**
     * One SCD2 merge of {@code table} from the staged rows {@code s} of {@code source}: the current versions whose
     * row is staged ({@code sameKey}) but different ({@code differs}) are closed and counted as changed, those whose
     * row is no longer staged are closed, and {@code insertVersions} (parameters: the as-of time, the run) adds a
     * current version for every staged row without one, new or changed.
     *
     * <p>Keys that contact events changed after the as-of time are left as the events put them: their state is
     * newer than this extraction. A current version starting at or after the as-of time is not closed, and
     * {@code eventSettled} (a query on {@code s}; parameters: the as-of time twice) finds the staged rows
     * whose key has a version starting at or after it, or one closed after it, which get no version.
     */
    private EntityCounts mergeScd2(StagingTables staging, LocalDateTime at, long runId, String countSeen, String table,
                                   String source, String sameKey, String differs, String insertVersions, String eventSettled) {
        int seen = count(sql(staging, countSeen));
        // a current version that starts at or after the as-of time was opened by a contact event: newer than this extraction
        String closeCurrent = "UPDATE " + table + " SET valid_to = ?, is_current = FALSE WHERE is_current = TRUE AND valid_from < ? AND ";
        int changed = jdbc.update(sql(staging, closeCurrent + "EXISTS (SELECT 1 FROM " + source + " s WHERE " + sameKey
                + " AND (" + differs + "))"), at, at);
        int closed = jdbc.update(sql(staging, closeCurrent + "NOT EXISTS (SELECT 1 FROM " + source + " s WHERE " + sameKey + ")"),
                at, at);
        int versions = jdbc.update(sql(staging, insertVersions + "\nAND NOT EXISTS (" + eventSettled + ")"), at, runId, at, at);
        return new EntityCounts(seen, versions - changed, changed, closed);
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
