package db.migration;

import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Staging moves from two tables shared by all runs ({@code stg_department}, {@code stg_user_listing},
 * keyed by {@code run_id}) to tables of each run's own ({@code stg_department_r<run>},
 * {@code stg_user_listing_r<run>}), which are dropped once the run completes instead of having their rows
 * deleted. The rows of runs staged before this migration (a failed run waiting for its restart) move into
 * their run's tables, so the restart resumes where it stopped; then the shared tables go.
 *
 * <p>The tables are created as they were defined when this migration was written (the DDL is here, not
 * taken from the application, so that the migration stays what it was); a later version brings them to
 * its own definition when it restarts their run ({@code StagingRepository.create}).
 */
public class V5__Per_run_staging_tables extends BaseJavaMigration {

    private static final String DEPARTMENT_COLUMNS = "dept_id, walk_seq, parent_dept_id, name, dept_path, depth, "
            + "create_dept_group, auto_add_user, source_identifier, details_loaded, dept_order, manager_userids, hide_dept, "
            + "outer_dept, member_count, owning_member_count, row_hash, expanded";
    private static final String LISTING_COLUMNS = "userid, dept_id, unionid, name, mobile, email, org_email, telephone, "
            + "job_number, title, work_place, hired_date, active, admin, boss, manager_userid, extension, row_hash, is_leader, "
            + "dept_order";

    /** A run's departments table as this migration created it, to be formatted with its name and the run id. */
    private static final String DEPARTMENTS_TABLE = """
            CREATE TABLE IF NOT EXISTS %s (
              dept_id             BIGINT NOT NULL,
              walk_seq            INT NOT NULL COMMENT 'Breadth-first discovery order (root = 1); the walk resumes from it',
              parent_dept_id      BIGINT NULL,
              name                VARCHAR(255) NOT NULL,
              dept_path           VARCHAR(2000) NOT NULL,
              depth               INT NOT NULL,
              create_dept_group   BOOLEAN NULL,
              auto_add_user       BOOLEAN NULL,
              source_identifier   VARCHAR(255) NULL,
              details_loaded      BOOLEAN NOT NULL DEFAULT FALSE,
              dept_order          BIGINT NULL,
              manager_userids     VARCHAR(4000) NULL,
              hide_dept           BOOLEAN NULL,
              outer_dept          BOOLEAN NULL,
              member_count        INT NULL,
              owning_member_count INT NULL,
              row_hash            CHAR(64) NULL COMMENT 'Computed by the publish step once details are in',
              expanded            BOOLEAN NOT NULL DEFAULT FALSE COMMENT 'TRUE once the walk committed this department''s listsub page',
              PRIMARY KEY (dept_id),
              UNIQUE KEY uq_%1$s_seq (walk_seq),
              KEY ix_%1$s_expanded (expanded),
              KEY ix_%1$s_details (details_loaded, walk_seq)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
              COMMENT='Staging of run %2$d: one row per department found by the run.'""";
    /** A run's listings table as this migration created it, to be formatted with its name and the run id. */
    private static final String LISTINGS_TABLE = """
            CREATE TABLE IF NOT EXISTS %s (
              userid          VARCHAR(64) NOT NULL,
              dept_id         BIGINT NOT NULL COMMENT 'The department whose member page listed the user',
              unionid         VARCHAR(64) NULL,
              name            VARCHAR(255) NOT NULL,
              mobile          VARCHAR(128) NULL,
              email           VARCHAR(255) NULL,
              org_email       VARCHAR(255) NULL,
              telephone       VARCHAR(64) NULL,
              job_number      VARCHAR(64) NULL,
              title           VARCHAR(255) NULL,
              work_place      VARCHAR(255) NULL,
              hired_date      DATE NULL,
              active          BOOLEAN NULL,
              admin           BOOLEAN NULL,
              boss            BOOLEAN NULL,
              manager_userid  VARCHAR(64) NULL,
              extension       TEXT NULL,
              row_hash        CHAR(64) NOT NULL,
              is_leader       BOOLEAN NOT NULL,
              dept_order      BIGINT NULL,
              PRIMARY KEY (userid, dept_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
              COMMENT='Staging of run %d: one row per (department, member) listing found by the run.'""";

    @Override
    public void migrate(Context context) {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        List<Long> runs = jdbc.queryForList(
                "SELECT run_id FROM stg_department UNION SELECT run_id FROM stg_user_listing", Long.class);
        for (long runId : runs) {
            String departments = "stg_department_r" + runId;
            String listings = "stg_user_listing_r" + runId;
            jdbc.execute(DEPARTMENTS_TABLE.formatted(departments, runId));
            jdbc.execute(LISTINGS_TABLE.formatted(listings, runId));
            jdbc.update("INSERT INTO " + departments + " (" + DEPARTMENT_COLUMNS + ") SELECT " + DEPARTMENT_COLUMNS
                    + " FROM stg_department WHERE run_id = ?", runId);
            jdbc.update("INSERT INTO " + listings + " (" + LISTING_COLUMNS + ") SELECT " + LISTING_COLUMNS
                    + " FROM stg_user_listing WHERE run_id = ?", runId);
        }
        jdbc.execute("DROP TABLE stg_user_listing");
        jdbc.execute("DROP TABLE stg_department");
    }
}
