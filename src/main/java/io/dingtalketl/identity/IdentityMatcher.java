package io.dingtalketl.identity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides, for one system, which account links to which current user. The rule of decision:
 * <ol>
 *   <li>Only active accounts and current users take part.</li>
 *   <li>For each account the rules are tried in order; the first rule under which the account's value finds any
 *       user decides. Exactly one user: a candidate link by that rule. Several users: the account is
 *       <em>ambiguous</em> and no weaker rule is tried (a weaker rule must not settle what a stronger one
 *       found unclear).</li>
 *   <li>Several accounts whose candidate links reach the same user are all ambiguous: none is linked.</li>
 * </ol>
 * Pure and deterministic: the same accounts and users give the same outcome. Not thread safe (holds no state;
 * create one per run).
 */
final class IdentityMatcher {

    private final List<MatchRule> rules;
    private final MatchKeys keys;

    /** @param rules the rules to apply, in order, already without those the PII settings skip */
    IdentityMatcher(List<MatchRule> rules, MatchKeys keys) {
        this.rules = rules;
        this.keys = keys;
    }

    /** A link the matcher decided: the account's user and the rule that found it. */
    record Link(String userid, MatchRule rule) {
    }

    /** An account left unlinked because it is not clear which user it belongs to. */
    record Ambiguity(String accountId, MatchRule rule, List<String> userids, String detail) {
    }

    /** What one system's accounts came to. Lists are sorted. */
    record Outcome(Map<String, Link> links, List<Ambiguity> ambiguous, List<String> unmatchedAccounts,
                   List<String> unmatchedUsers) {
    }

    Outcome match(List<SourceAccount> accounts, List<CandidateUser> users) {
        Map<MatchRule, Map<String, Set<String>>> index = new LinkedHashMap<>();
        for (MatchRule rule : rules) {
            Map<String, Set<String>> byKey = new HashMap<>();
            for (CandidateUser user : users) {
                String key = keys.userKey(rule, user);
                if (key != null) {
                    byKey.computeIfAbsent(key, k -> new TreeSet<>()).add(user.userid());
                }
            }
            index.put(rule, byKey);
        }

        Map<String, Link> candidates = new TreeMap<>();
        List<Ambiguity> ambiguous = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        List<SourceAccount> active = accounts.stream().filter(SourceAccount::active)
                .sorted(Comparator.comparing(SourceAccount::accountId)).toList();
        for (SourceAccount account : active) {
            boolean decided = false;
            for (MatchRule rule : rules) {
                String key = keys.accountKey(rule, account);
                Set<String> found = key == null ? null : index.get(rule).get(key);
                if (found == null || found.isEmpty()) {
                    continue;
                }
                if (found.size() == 1) {
                    candidates.put(account.accountId(), new Link(found.iterator().next(), rule));
                } else {
                    ambiguous.add(new Ambiguity(account.accountId(), rule, List.copyOf(found),
                            rule + " finds " + found.size() + " users: " + String.join(", ", found)));
                }
                decided = true;
                break;
            }
            if (!decided) {
                unmatched.add(account.accountId());
            }
        }

        // several accounts → one user: none of them is linked
        Map<String, List<String>> accountsByUser = new TreeMap<>();
        candidates.forEach((accountId, link) -> accountsByUser.computeIfAbsent(link.userid(), u -> new ArrayList<>()).add(accountId));
        Map<String, Link> links = new TreeMap<>();
        for (Map.Entry<String, Link> candidate : candidates.entrySet()) {
            List<String> rivals = accountsByUser.get(candidate.getValue().userid());
            if (rivals.size() == 1) {
                links.put(candidate.getKey(), candidate.getValue());
            } else {
                Link link = candidate.getValue();
                ambiguous.add(new Ambiguity(candidate.getKey(), link.rule(), List.of(link.userid()),
                        rivals.size() + " accounts find user " + link.userid() + ": " + rivals.stream()
                                .map(a -> a + " (" + candidates.get(a).rule() + ")").collect(Collectors.joining(", "))));
            }
        }
        ambiguous.sort(Comparator.comparing(Ambiguity::accountId));

        Set<String> spoken = new HashSet<>();
        links.values().forEach(l -> spoken.add(l.userid()));
        ambiguous.forEach(a -> spoken.addAll(a.userids()));
        List<String> unmatchedUsers = users.stream().map(CandidateUser::userid).filter(u -> !spoken.contains(u)).sorted().toList();
        return new Outcome(links, List.copyOf(ambiguous), List.copyOf(unmatched), unmatchedUsers);
    }
}
