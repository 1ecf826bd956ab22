package io.dingtalketl.identity;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.dingtalketl.orgsync.OrgSyncJobConfiguration;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** The match runs' report tables ({@code etl_match_run}, {@code etl_match_rule_count}, {@code etl_match_finding}): their owner. Thread safe. */
public class MatchRuns {

    private final JdbcTemplate jdbc;
    private final int keepFindingsOfRuns;

    public MatchRuns(JdbcTemplate jdbc, int keepFindingsOfRuns) {
        this.jdbc = jdbc;
        this.keepFindingsOfRuns = keepFindingsOfRuns;
    }

    /** The last published org sync run, whose users a match reads. */
    @Nullable Long lastPublishedOrgRun() {
        return new SyncRunRepository(jdbc).lastPublishedRun(OrgSyncJobConfiguration.JOB_NAME);
    }

    void record(MatchReport report, List<MatchFinding> findings) {
        jdbc.update("DELETE FROM etl_match_finding WHERE match_run_id = ?", report.matchRunId());
        jdbc.update("DELETE FROM etl_match_rule_count WHERE match_run_id = ?", report.matchRunId());
        jdbc.update("DELETE FROM etl_match_run WHERE match_run_id = ?", report.matchRunId());
        jdbc.update("""
                INSERT INTO etl_match_run (match_run_id, matched_at, org_run_id, rules, skipped_rules, systems, accounts, users, links,
                                           links_new, links_relinked, links_closed, ambiguous_accounts, unmatched_accounts, unmatched_users)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                report.matchRunId(), LocalDateTime.ofInstant(report.matchedAt(), ZoneOffset.UTC), report.orgRunId(), report.rules(),
                report.skippedRules(), report.systems(), report.accounts(), report.users(), report.links(), report.linksNew(),
                report.linksRelinked(), report.linksClosed(), report.ambiguousAccounts(), report.unmatchedAccounts(), report.unmatchedUsers());
        report.linksPerRule().forEach((system, rules) -> rules.forEach((rule, links) -> jdbc.update(
                "INSERT INTO etl_match_rule_count (match_run_id, source_system, match_rule, links) VALUES (?, ?, ?, ?)",
                report.matchRunId(), system, rule, links)));
        jdbc.batchUpdate("""
                INSERT INTO etl_match_finding (match_run_id, source_system, category, account_id, userid, match_rule, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", findings, 500, (ps, f) -> {
            ps.setLong(1, report.matchRunId());
            ps.setString(2, f.system());
            ps.setString(3, f.category().name());
            ps.setString(4, f.accountId());
            ps.setString(5, f.userid());
            ps.setString(6, f.rule());
            ps.setString(7, f.detail() == null || f.detail().length() <= 1000 ? f.detail() : f.detail().substring(0, 997) + "...");
        });
        // findings of the latest runs only (etl.match.keep-findings-of-runs); older runs keep their totals
        List<Long> kept = jdbc.queryForList("SELECT match_run_id FROM etl_match_run ORDER BY match_run_id DESC LIMIT ?", Long.class,
                keepFindingsOfRuns);
        if (kept.size() == keepFindingsOfRuns) {
            jdbc.update("DELETE FROM etl_match_finding WHERE match_run_id < ?", kept.get(kept.size() - 1));
        }
    }

    /** The report of match run {@code matchRunId}, when it completed. */
    public Optional<MatchReport> find(long matchRunId) {
        List<MatchReport> found = jdbc.query("SELECT * FROM etl_match_run WHERE match_run_id = ?", (rs, i) -> {
            Map<String, Map<String, Integer>> perRule = new TreeMap<>();
            jdbc.query("SELECT source_system, match_rule, links FROM etl_match_rule_count WHERE match_run_id = ? ORDER BY source_system",
                    r -> {
                        perRule.computeIfAbsent(r.getString(1), s -> new TreeMap<>()).put(r.getString(2), r.getInt(3));
                    }, matchRunId);
            Map<String, Map<MatchFinding.Category, Integer>> perSystem = new TreeMap<>();
            jdbc.query("""
                    SELECT source_system, category, COUNT(*) FROM etl_match_finding WHERE match_run_id = ?
                    GROUP BY source_system, category""", r -> {
                perSystem.computeIfAbsent(r.getString(1), s -> new TreeMap<>()).put(MatchFinding.Category.valueOf(r.getString(2)), r.getInt(3));
            }, matchRunId);
            return new MatchReport(rs.getLong("match_run_id"), rs.getObject("matched_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                    rs.getObject("org_run_id", Long.class), rs.getString("rules"), rs.getString("skipped_rules"), rs.getInt("systems"),
                    rs.getInt("accounts"), rs.getInt("users"), rs.getInt("links"), rs.getInt("links_new"), rs.getInt("links_relinked"),
                    rs.getInt("links_closed"), rs.getInt("ambiguous_accounts"), rs.getInt("unmatched_accounts"), rs.getInt("unmatched_users"),
                    perRule, perSystem);
        }, matchRunId);
        return found.stream().findFirst();
    }

    /** The match run recorded before {@code matchRunId}, if any. */
    public Optional<Long> previous(long matchRunId) {
        Long previous = jdbc.queryForObject("SELECT MAX(match_run_id) FROM etl_match_run WHERE match_run_id < ?", Long.class, matchRunId);
        return Optional.ofNullable(previous);
    }

    /** The findings of a run in the given categories, by system, category and account. */
    public List<MatchFinding> findings(long matchRunId, MatchFinding.Category... categories) {
        StringBuilder in = new StringBuilder();
        Object[] args = new Object[categories.length + 1];
        args[0] = matchRunId;
        for (int i = 0; i < categories.length; i++) {
            in.append(i == 0 ? "?" : ", ?");
            args[i + 1] = categories[i].name();
        }
        return jdbc.query("SELECT source_system, category, account_id, userid, match_rule, detail FROM etl_match_finding"
                        + " WHERE match_run_id = ? AND category IN (" + in + ") ORDER BY source_system, category, account_id, userid",
                (rs, i) -> new MatchFinding(rs.getString(1), MatchFinding.Category.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)), args);
    }
}
