package db.migration;

import java.util.List;

import io.dingtalketl.orgsync.StagingTables;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Staging moves from two tables shared by all runs ({@code stg_department}, {@code stg_user_listing},
 * keyed by {@code run_id}) to tables of each run's own ({@link StagingTables}), which are dropped once
 * the run completes instead of having their rows deleted. The rows of runs staged before this migration
 * (a failed run waiting for its restart) move into their run's tables, so the restart resumes where it
 * stopped; then the shared tables go.
 */
public class V5__Per_run_staging_tables extends BaseJavaMigration {

    private static final String DEPARTMENT_COLUMNS = "dept_id, walk_seq, parent_dept_id, name, dept_path, depth, "
            + "create_dept_group, auto_add_user, source_identifier, details_loaded, dept_order, manager_userids, hide_dept, "
            + "outer_dept, member_count, owning_member_count, row_hash, expanded";
    private static final String LISTING_COLUMNS = "userid, dept_id, unionid, name, mobile, email, org_email, telephone, "
            + "job_number, title, work_place, hired_date, active, admin, boss, manager_userid, extension, row_hash, is_leader, "
            + "dept_order";

    @Override
    public void migrate(Context context) {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        List<Long> runs = jdbc.queryForList(
                "SELECT run_id FROM stg_department UNION SELECT run_id FROM stg_user_listing", Long.class);
        for (long runId : runs) {
            StagingTables tables = StagingTables.of(runId);
            tables.createStatements().forEach(jdbc::execute);
            jdbc.update("INSERT INTO " + tables.departments() + " (" + DEPARTMENT_COLUMNS + ") SELECT " + DEPARTMENT_COLUMNS
                    + " FROM stg_department WHERE run_id = ?", runId);
            jdbc.update("INSERT INTO " + tables.listings() + " (" + LISTING_COLUMNS + ") SELECT " + LISTING_COLUMNS
                    + " FROM stg_user_listing WHERE run_id = ?", runId);
        }
        jdbc.execute("DROP TABLE stg_user_listing");
        jdbc.execute("DROP TABLE stg_department");
    }
}
