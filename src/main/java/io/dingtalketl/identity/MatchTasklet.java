package io.dingtalketl.identity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import static io.dingtalketl.identity.MatchFinding.Category.AMBIGUOUS;
import static io.dingtalketl.identity.MatchFinding.Category.CLOSED;
import static io.dingtalketl.identity.MatchFinding.Category.NEW;
import static io.dingtalketl.identity.MatchFinding.Category.RELINKED;
import static io.dingtalketl.identity.MatchFinding.Category.UNMATCHED_ACCOUNT;
import static io.dingtalketl.identity.MatchFinding.Category.UNMATCHED_USER;

/**
 * The {@code match} step: matches every system's accounts against the current users ({@link IdentityMatcher}),
 * brings {@code map_account_user} to the outcome and records the run's report. It runs in the step's one
 * transaction: a failed or killed run changes nothing, and running again computes the same outcome from the same
 * tables (an unchanged link is left untouched, so a second run in a row changes nothing). Saves nothing in the
 * ExecutionContext.
 */
class MatchTasklet implements Tasklet {

    private final AccountLinks links;
    private final MatchRuns runs;
    private final List<MatchRule> configured;
    private final MatchKeys keys;

    MatchTasklet(AccountLinks links, MatchRuns runs, List<MatchRule> configured, MatchKeys keys) {
        this.links = links;
        this.runs = runs;
        this.configured = configured;
        this.keys = keys;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long runId = chunkContext.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<MatchRule> applied = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (MatchRule rule : configured) {
            String why = keys.skipReason(rule);
            if (why == null) {
                applied.add(rule);
            } else {
                skipped.add(rule + " (" + why + ")");
            }
        }
        IdentityMatcher matcher = new IdentityMatcher(applied, keys);
        List<CandidateUser> users = links.currentUsers();
        Set<String> currentUserids = users.stream().map(CandidateUser::userid).collect(Collectors.toSet());
        Map<String, List<SourceAccount>> accountsBySystem = links.accountsBySystem();
        TreeSet<String> systems = new TreeSet<>(accountsBySystem.keySet());
        systems.addAll(links.systemsWithLinks());

        List<MatchFinding> findings = new ArrayList<>();
        Map<String, Map<String, Integer>> perRule = new TreeMap<>();
        int accounts = 0;
        int linkCount = 0;
        int opened = 0;
        int relinked = 0;
        int closed = 0;
        int ambiguous = 0;
        int unmatchedAccounts = 0;
        int unmatchedUsers = 0;
        for (String system : systems) {
            List<SourceAccount> systemAccounts = accountsBySystem.getOrDefault(system, List.of());
            Map<String, SourceAccount> byId = new HashMap<>();
            systemAccounts.forEach(a -> byId.put(a.accountId(), a));
            accounts += (int) systemAccounts.stream().filter(SourceAccount::active).count();
            IdentityMatcher.Outcome outcome = matcher.match(systemAccounts, users);
            Set<String> ambiguousIds = new HashSet<>();
            outcome.ambiguous().forEach(a -> ambiguousIds.add(a.accountId()));
            Map<String, AccountLinks.CurrentLink> current = links.currentLinks(system);

            // closes first: the account's new link may only open once its old one is closed
            List<MatchFinding> opening = new ArrayList<>();
            for (AccountLinks.CurrentLink old : current.values()) {
                IdentityMatcher.Link matched = outcome.links().get(old.accountId());
                if (matched != null && matched.userid().equals(old.userid()) && matched.rule() == old.rule()) {
                    continue;   // unchanged: untouched
                }
                if (matched != null) {
                    links.close(old, "relinked", now, runId);
                    continue;
                }
                String reason = closeReason(old, byId.get(old.accountId()), ambiguousIds, currentUserids);
                links.close(old, reason, now, runId);
                findings.add(new MatchFinding(system, CLOSED, old.accountId(), old.userid(), old.rule().key(), reason));
                closed++;
            }
            for (Map.Entry<String, IdentityMatcher.Link> entry : outcome.links().entrySet()) {
                String accountId = entry.getKey();
                IdentityMatcher.Link link = entry.getValue();
                AccountLinks.CurrentLink old = current.get(accountId);
                perRule.computeIfAbsent(system, s -> new TreeMap<>()).merge(link.rule().key(), 1, Integer::sum);
                linkCount++;
                if (old != null && old.userid().equals(link.userid()) && old.rule() == link.rule()) {
                    continue;
                }
                links.open(system, accountId, link.userid(), link.rule(), now, runId);
                if (old == null) {
                    opening.add(new MatchFinding(system, NEW, accountId, link.userid(), link.rule().key(), null));
                    opened++;
                } else {
                    opening.add(new MatchFinding(system, RELINKED, accountId, link.userid(), link.rule().key(),
                            "was " + old.userid() + " by " + old.rule() + (currentUserids.contains(old.userid()) ? "" : " (that user left)")));
                    relinked++;
                }
            }
            findings.addAll(opening);
            for (IdentityMatcher.Ambiguity a : outcome.ambiguous()) {
                findings.add(new MatchFinding(system, AMBIGUOUS, a.accountId(), null, a.rule().key(), a.detail()));
            }
            for (String accountId : outcome.unmatchedAccounts()) {
                findings.add(new MatchFinding(system, UNMATCHED_ACCOUNT, accountId, null, null, null));
            }
            for (String userid : outcome.unmatchedUsers()) {
                findings.add(new MatchFinding(system, UNMATCHED_USER, null, userid, null, null));
            }
            ambiguous += outcome.ambiguous().size();
            unmatchedAccounts += outcome.unmatchedAccounts().size();
            unmatchedUsers += outcome.unmatchedUsers().size();
        }
        runs.record(new MatchReport(runId, now, runs.lastPublishedOrgRun(),
                        configured.stream().map(MatchRule::key).collect(Collectors.joining(", ")),
                        skipped.isEmpty() ? null : String.join("; ", skipped), systems.size(), accounts, users.size(), linkCount,
                        opened, relinked, closed, ambiguous, unmatchedAccounts, unmatchedUsers, perRule, countBySystem(findings)),
                findings);
        contribution.incrementWriteCount(opened + relinked + closed);
        return RepeatStatus.FINISHED;
    }

    private static Map<String, Map<MatchFinding.Category, Integer>> countBySystem(List<MatchFinding> findings) {
        Map<String, Map<MatchFinding.Category, Integer>> counts = new TreeMap<>();
        findings.forEach(f -> counts.computeIfAbsent(f.system(), s -> new TreeMap<>()).merge(f.category(), 1, Integer::sum));
        return counts;
    }

    /** Why a link with no successor closes. */
    private static String closeReason(AccountLinks.CurrentLink old, @Nullable SourceAccount account, Set<String> ambiguousIds,
                                      Set<String> currentUserids) {
        if (account == null) {
            return "account-removed";
        }
        if (!account.active()) {
            return "account-inactive";
        }
        if (!currentUserids.contains(old.userid())) {
            return "user-left";
        }
        return ambiguousIds.contains(old.accountId()) ? "ambiguous" : "unmatched";
    }
}
