package io.dingtalketl.identity;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A completed match run ({@code etl_match_run}) with its links per system and rule and its findings counted per
 * system and category.
 */
public record MatchReport(long matchRunId, Instant matchedAt, @Nullable Long orgRunId, String rules, @Nullable String skippedRules,
                          int systems, int accounts, int users, int links, int linksNew, int linksRelinked, int linksClosed,
                          int ambiguousAccounts, int unmatchedAccounts, int unmatchedUsers,
                          Map<String, Map<String, Integer>> linksPerRule,
                          Map<String, Map<MatchFinding.Category, Integer>> findingsPerSystem) {
}
