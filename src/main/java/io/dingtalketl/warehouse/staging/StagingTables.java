package io.dingtalketl.warehouse.staging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The names and definitions of one run's staging tables: {@code stg_department_r<runId>} (one row per
 * department the walk found) and {@code stg_user_listing_r<runId>} (one row per department member
 * listing; a user in three departments is listed three times) and {@code stg_user_position_r<runId>} (one
 * row per user partition: the next page it reads, committed with the listings of its last chunk). The
 * run id is a number, so the names
 * are safe to put into SQL. The definitions run on MySQL/MariaDB and on H2 in MySQL mode.
 *
 * <p>Migrations that need staging tables of their time carry their own DDL: this one changes with the
 * application.
 */
public record StagingTables(long runId, String departments, String listings, String positions) {

    private static final Pattern DEPARTMENTS = Pattern.compile("stg_department_r(\\d+)");
    /** Which text columns of the row hold a value cut to fit (their names, comma-separated); NULL when none. */
    private static final String CUT_COLUMNS = "cut_columns VARCHAR(500) NULL COMMENT "
            + "'Text columns whose DingTalk value was cut to fit, comma-separated (the run counts them)'";

    public static StagingTables of(long runId) {
        if (runId < 0) {
            throw new IllegalArgumentException("run id must not be negative, was " + runId);
        }
        return new StagingTables(runId, "stg_department_r" + runId, "stg_user_listing_r" + runId, "stg_user_position_r" + runId);
    }

    /** The run whose departments table this is, or null for any other table name. */
    public static @Nullable Long runIdOf(String tableName) {
        Matcher m = DEPARTMENTS.matcher(tableName.toLowerCase(Locale.ROOT));
        return m.matches() ? Long.valueOf(m.group(1)) : null;
    }

    /**
     * CREATE TABLE IF NOT EXISTS statements for both tables and their indexes. Text columns are defined
     * by {@link TextColumn}; {@code cut_columns} names those whose DingTalk value was cut to fit.
     */
    public List<String> createStatements() {
        return List.of(withTextColumns("""
                CREATE TABLE IF NOT EXISTS %s (
                  dept_id             BIGINT NOT NULL,
                  walk_seq            INT NOT NULL COMMENT 'Breadth-first discovery order (root = 1); the walk resumes from it',
                  parent_dept_id      BIGINT NULL,
                  name                ${departments.name},
                  dept_path           VARCHAR(2000) NOT NULL,
                  depth               INT NOT NULL,
                  create_dept_group   BOOLEAN NULL,
                  auto_add_user       BOOLEAN NULL,
                  source_identifier   ${departments.source_identifier},
                  details_loaded      BOOLEAN NOT NULL DEFAULT FALSE,
                  dept_order          BIGINT NULL,
                  manager_userids     ${departments.manager_userids},
                  hide_dept           BOOLEAN NULL,
                  outer_dept          BOOLEAN NULL,
                  member_count        INT NULL,
                  owning_member_count INT NULL,
                  row_hash            CHAR(64) NULL COMMENT 'Computed by the publish step once details are in',
                  expanded            BOOLEAN NOT NULL DEFAULT FALSE COMMENT 'TRUE once the walk committed this department''s listsub page',
                  %s,
                  PRIMARY KEY (dept_id),
                  UNIQUE KEY uq_%1$s_seq (walk_seq),
                  KEY ix_%1$s_expanded (expanded),
                  KEY ix_%1$s_details (details_loaded, walk_seq)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                  COMMENT='Staging of run %3$d: one row per department found by the run.'""").formatted(departments, CUT_COLUMNS, runId),
                withTextColumns("""
                CREATE TABLE IF NOT EXISTS %s (
                  userid          ${users.userid},
                  dept_id         BIGINT NOT NULL COMMENT 'The department whose member page listed the user',
                  unionid         ${users.unionid},
                  name            ${users.name},
                  mobile          ${users.mobile},
                  email           ${users.email},
                  org_email       ${users.org_email},
                  telephone       ${users.telephone},
                  job_number      ${users.job_number},
                  title           ${users.title},
                  work_place      ${users.work_place},
                  hired_date      DATE NULL,
                  active          BOOLEAN NULL,
                  admin           BOOLEAN NULL,
                  boss            BOOLEAN NULL,
                  manager_userid  ${users.manager_userid},
                  extension       ${users.extension},
                  row_hash        CHAR(64) NOT NULL,
                  is_leader       BOOLEAN NOT NULL,
                  dept_order      BIGINT NULL,
                  %s,
                  PRIMARY KEY (userid, dept_id)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                  COMMENT='Staging of run %d: one row per (department, member) listing found by the run.'""")
                        .formatted(listings, CUT_COLUMNS, runId),
                """
                CREATE TABLE IF NOT EXISTS %s (
                  partition_no    INT NOT NULL COMMENT 'The user partition',
                  dept_seq        INT NOT NULL COMMENT 'walk_seq of the department whose page it reads next',
                  page_cursor     BIGINT NOT NULL COMMENT 'The cursor of that page (0: the department''s first)',
                  PRIMARY KEY (partition_no)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                  COMMENT='Staging of run %d: where each user partition resumes, committed with its listings.'""".formatted(positions, runId));
    }

    /**
     * ALTER statements that bring {@code table} (one of this run's two), as an earlier version created it,
     * to the current definition: the text columns of {@link TextColumn} and {@code cut_columns}. For a run
     * that failed before an upgrade and is restarted after it.
     */
    public List<String> upgradeStatements(String table) {
        TextColumn.Table kind = table.equals(departments) ? TextColumn.Table.DEPARTMENTS : TextColumn.Table.USERS;
        List<String> statements = new ArrayList<>();
        for (TextColumn column : TextColumn.of(kind)) {
            statements.add("ALTER TABLE " + table + " MODIFY COLUMN " + column.column() + " " + column.definition());
        }
        statements.add("ALTER TABLE " + table + " ADD COLUMN " + CUT_COLUMNS);
        return statements;
    }

    private static String withTextColumns(String ddl) {
        for (TextColumn column : TextColumn.values()) {
            ddl = ddl.replace("${" + column.qualifiedName() + "}", column.definition());
        }
        return ddl;
    }
}
