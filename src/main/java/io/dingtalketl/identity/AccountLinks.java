package io.dingtalketl.identity;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The links of accounts to DingTalk users ({@code map_account_user}, SCD type 2: its owner) and what matching
 * reads: the accounts ({@code src_account}) and the current users ({@code dim_user}). Thread safe.
 */
class AccountLinks {

    private final JdbcTemplate jdbc;

    AccountLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A current link. */
    record CurrentLink(long linkKey, String accountId, String userid, MatchRule rule) {
    }

    /** Every account of every system, by system (sorted). */
    Map<String, List<SourceAccount>> accountsBySystem() {
        Map<String, List<SourceAccount>> bySystem = new TreeMap<>();
        jdbc.query("""
                SELECT source_system, account_id, username, email, employee_number, mobile, display_name, active
                FROM src_account ORDER BY source_system, account_id""", rs -> {
            SourceAccount a = new SourceAccount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8));
            bySystem.computeIfAbsent(a.system(), s -> new ArrayList<>()).add(a);
        });
        return bySystem;
    }

    /** The systems that have current links (a system whose accounts were all removed still has links to close). */
    TreeSet<String> systemsWithLinks() {
        return new TreeSet<>(jdbc.queryForList("SELECT DISTINCT source_system FROM map_account_user WHERE is_current = TRUE", String.class));
    }

    /** The candidates: users with a current version. */
    List<CandidateUser> currentUsers() {
        return jdbc.query("SELECT userid, job_number, email, org_email, mobile FROM dim_user WHERE is_current = TRUE ORDER BY userid",
                (rs, i) -> new CandidateUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    /** The system's current links by account id. */
    Map<String, CurrentLink> currentLinks(String system) {
        Map<String, CurrentLink> links = new LinkedHashMap<>();
        jdbc.query("""
                SELECT link_key, account_id, userid, match_rule FROM map_account_user
                WHERE source_system = ? AND is_current = TRUE ORDER BY account_id""", rs -> {
            links.put(rs.getString(2), new CurrentLink(rs.getLong(1), rs.getString(2), rs.getString(3), MatchRule.of(rs.getString(4))));
        }, system);
        return links;
    }

    void close(CurrentLink link, String reason, Instant at, long runId) {
        int closed = jdbc.update("""
                UPDATE map_account_user SET valid_to = ?, is_current = FALSE, close_reason = ?, closed_run = ?
                WHERE link_key = ? AND is_current = TRUE""", utc(at), reason, runId, link.linkKey());
        if (closed != 1) {
            throw new IllegalStateException("The link of account " + link.accountId() + " changed while matching ran; run match again.");
        }
    }

    void open(String system, String accountId, String userid, MatchRule rule, Instant at, long runId) {
        jdbc.update("""
                INSERT INTO map_account_user (source_system, account_id, userid, match_rule, valid_from, valid_to, is_current, opened_run)
                VALUES (?, ?, ?, ?, ?, NULL, TRUE, ?)""", system, accountId, userid, rule.key(), utc(at), runId);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
