package io.dingtalketl.orgsync;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The names and definitions of one run's staging tables: {@code stg_department_r<runId>} (one row per
 * department the walk found) and {@code stg_user_listing_r<runId>} (one row per department member
 * listing; a user in three departments is listed three times). The run id is a number, so the names
 * are safe to put into SQL. The definitions run on MySQL/MariaDB and on H2 in MySQL mode.
 */
public record StagingTables(long runId, String departments, String listings) {

    private static final Pattern DEPARTMENTS = Pattern.compile("stg_department_r(\\d+)");

    public static StagingTables of(long runId) {
        if (runId < 0) {
            throw new IllegalArgumentException("run id must not be negative, was " + runId);
        }
        return new StagingTables(runId, "stg_department_r" + runId, "stg_user_listing_r" + runId);
    }

    /** The run whose departments table this is, or null for any other table name. */
    static @Nullable Long runIdOf(String tableName) {
        Matcher m = DEPARTMENTS.matcher(tableName.toLowerCase(Locale.ROOT));
        return m.matches() ? Long.valueOf(m.group(1)) : null;
    }

    /** CREATE TABLE IF NOT EXISTS statements for both tables and their indexes. */
    public List<String> createStatements() {
        return List.of("""
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
                  COMMENT='Staging of run %2$d: one row per department found by the run.'""".formatted(departments, runId), """
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
                  COMMENT='Staging of run %d: one row per (department, member) listing found by the run.'""".formatted(listings, runId));
    }
}
