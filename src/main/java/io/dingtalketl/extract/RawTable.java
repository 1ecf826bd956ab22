package io.dingtalketl.extract;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The table {@code raw_<extract>}: one row per item of the answers, as DingTalk sent it. Grain: one item of
 * one run; {@code run_id} is the job instance (one per extract and run date). Created when absent.
 * {@code json} is a {@code MEDIUMTEXT} because a MariaDB {@code TEXT} holds only 64 KB and an item may hold 2 MB.
 */
final class RawTable {

    /** Extract names become table names, so they are held to this. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,59}");

    private final JdbcTemplate jdbc;
    private final String extract;
    private final String table;

    RawTable(JdbcTemplate jdbc, String extract) {
        if (!NAME.matcher(extract).matches()) {
            throw new IllegalArgumentException("Extract name '" + extract + "' cannot name a table: use lower case letters, "
                    + "digits and '_', starting with a letter, at most 60 characters.");
        }
        this.jdbc = jdbc;
        this.extract = extract;
        this.table = "raw_" + extract;
    }

    String name() {
        return table;
    }

    void createIfAbsent() {
        jdbc.execute("""
                CREATE TABLE IF NOT EXISTS %s (
                    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
                    extract    VARCHAR(64)  NOT NULL,
                    run_id     BIGINT       NOT NULL,
                    page       INT          NOT NULL,
                    item_key   VARCHAR(255) NULL,
                    fetched_at TIMESTAMP(3) NOT NULL,
                    json       MEDIUMTEXT   NOT NULL
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""".formatted(table));
        jdbc.execute("CREATE INDEX IF NOT EXISTS %s_run ON %s (run_id, page)".formatted(table, table));
    }

    /** One item of a page, as JSON text. */
    record Item(@Nullable String key, String json) {
    }

    void insert(long runId, int page, Instant fetchedAt, List<Item> items) {
        Timestamp at = Timestamp.from(fetchedAt);
        jdbc.batchUpdate("INSERT INTO " + table + " (extract, run_id, page, item_key, fetched_at, json) VALUES (?, ?, ?, ?, ?, ?)",
                items, 500, (ps, item) -> {
                    ps.setString(1, extract);
                    ps.setLong(2, runId);
                    ps.setInt(3, page);
                    ps.setString(4, item.key());
                    ps.setTimestamp(5, at);
                    ps.setString(6, item.json());
                });
    }
}
