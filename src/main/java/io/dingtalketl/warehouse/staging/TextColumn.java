package io.dingtalketl.warehouse.staging;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Every column that holds DingTalk text, with its length: the one declaration that the staging DDL
 * ({@link StagingTables}) is built from and that {@link OrgFieldMapper} cuts values to. The warehouse
 * tables ({@code dim_department}, {@code dim_user}) have the same columns with the same lengths, set by
 * the Flyway migrations in {@code sql/} (last {@code V7__wider_text_columns.sql}); a test compares both
 * schemas with this list on H2 and MariaDB.
 *
 * <p>Lengths are several times what DingTalk documents today (its limits have grown before), in
 * characters as Java counts them (UTF-16 code units): H2 counts the same way, MariaDB counts code points,
 * which are never more, so a value cut to a length fits on both. {@code TEXT} columns hold 65,535 bytes
 * on MariaDB, and a Java character takes at most 3 bytes in UTF-8 (a surrogate pair 4 for 2), hence
 * {@value #TEXT} characters.
 *
 * <p>Indexed columns ({@code userid}) stay far below InnoDB's 3,072-byte key limit: 128 characters of
 * utf8mb4 are 512 bytes.
 */
public enum TextColumn {

    // departments: stg_department_r<run>, dim_department
    /** DingTalk: 1–64 characters (department/create). */
    DEPARTMENT_NAME(Table.DEPARTMENTS, "name", 255, Flag.NOT_NULL),
    /** Not documented; set by the HR/OA system that created the department. */
    DEPARTMENT_SOURCE_IDENTIFIER(Table.DEPARTMENTS, "source_identifier", 255),
    /** Comma-separated userids (up to 128 each), as many as the department has managers. */
    DEPARTMENT_MANAGER_USERIDS(Table.DEPARTMENTS, "manager_userids", TextColumn.TEXT),

    // users: stg_user_listing_r<run>, dim_user
    /** DingTalk: 1–64 characters (user/create). The natural key: never cut. */
    USER_USERID(Table.USERS, "userid", 128, Flag.KEY, Flag.NOT_NULL),
    /** Not documented; about 30 characters in practice. */
    USER_UNIONID(Table.USERS, "unionid", 128),
    /** DingTalk: up to 80. */
    USER_NAME(Table.USERS, "name", 255, Flag.NOT_NULL, Flag.PERSONAL),
    /** DingTalk's SDK: up to 15; or a 64-character hash ({@code etl.pii.mobile=hash}). */
    USER_MOBILE(Table.USERS, "mobile", 128, Flag.PERSONAL),
    /** DingTalk: up to 50; a 64-character hash with {@code etl.pii.email=hash}. */
    USER_EMAIL(Table.USERS, "email", 255, Flag.PERSONAL),
    /** DingTalk: up to 100. */
    USER_ORG_EMAIL(Table.USERS, "org_email", 255, Flag.PERSONAL),
    /** DingTalk: up to 50. */
    USER_TELEPHONE(Table.USERS, "telephone", 255, Flag.PERSONAL),
    /** DingTalk: up to 50. */
    USER_JOB_NUMBER(Table.USERS, "job_number", 255),
    /** DingTalk: up to 200. */
    USER_TITLE(Table.USERS, "title", 1000),
    /** DingTalk: up to 100. */
    USER_WORK_PLACE(Table.USERS, "work_place", 500),
    /** A userid. */
    USER_MANAGER_USERID(Table.USERS, "manager_userid", 128),
    /** DingTalk: JSON of up to 2,000 characters. */
    USER_EXTENSION(Table.USERS, "extension", TextColumn.TEXT);

    /** Characters that always fit in a MariaDB {@code TEXT} column (65,535 bytes). */
    public static final int TEXT = 21_845;

    /** The two kinds of record whose text is stored, named as in the run's counts ({@code users.title}). */
    public enum Table {
        DEPARTMENTS, USERS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private enum Flag {
        /** The record's key: a longer value fails the run instead of being cut. */
        KEY,
        NOT_NULL,
        /** Personal data: the value never appears in a log. */
        PERSONAL
    }

    private final Table table;
    private final String column;
    private final int length;
    private final Set<Flag> flags;

    TextColumn(Table table, String column, int length, Flag... flags) {
        this.table = table;
        this.column = column;
        this.length = length;
        this.flags = Set.of(flags);
    }

    public Table table() {
        return table;
    }

    /** The column's name, the same in the staging and the warehouse table. */
    public String column() {
        return column;
    }

    /** The most characters (UTF-16 code units) the column holds. */
    public int length() {
        return length;
    }

    public boolean key() {
        return flags.contains(Flag.KEY);
    }

    public boolean personal() {
        return flags.contains(Flag.PERSONAL);
    }

    /** {@code users.title}. */
    public String qualifiedName() {
        return table + "." + column;
    }

    /** The column's type and nullability in DDL, e.g. {@code VARCHAR(1000) NULL}. */
    public String definition() {
        return (length == TEXT ? "TEXT" : "VARCHAR(" + length + ")") + (flags.contains(Flag.NOT_NULL) ? " NOT NULL" : " NULL");
    }

    /** The columns of one table, in declaration order. */
    public static TextColumn[] of(Table table) {
        return Arrays.stream(values()).filter(c -> c.table == table).toArray(TextColumn[]::new);
    }
}
