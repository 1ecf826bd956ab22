package io.dingtalketl.identity;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of identity matching ({@code etl.match.*}).
 *
 * @param rules        the match rules in the order they are tried ({@link MatchRule} keys): for each account the
 *                     first rule that finds any current user decides — exactly one user links, several make the
 *                     account ambiguous (a weaker rule is not tried)
 * @param afterOrgSync run {@code matchJob} after each published org sync (when {@code src_account} has accounts)
 * @param keepFindingsOfRuns how many of the latest match runs keep their findings ({@code etl_match_finding}: every
 *                     unmatched user of every system each run, so it grows by users × systems a night); older runs
 *                     keep their totals ({@code etl_match_run}), and the links keep their history; at least 2
 *                     (what is newly ambiguous is told by comparing with the previous run's findings)
 */
@Validated
@ConfigurationProperties("etl.match")
public record MatchProperties(@NotEmpty @DefaultValue({"employee-number", "username-job-number", "email", "org-email", "mobile"})
                              List<String> rules,
                              @DefaultValue("true") boolean afterOrgSync,
                              @Min(2) @DefaultValue("30") int keepFindingsOfRuns) {

    public MatchProperties {
        List<MatchRule> seen = new ArrayList<>();
        for (String rule : rules) {
            MatchRule parsed = MatchRule.of(rule);
            if (seen.contains(parsed)) {
                throw new IllegalArgumentException("etl.match.rules names '" + parsed + "' twice; give each rule once, in order.");
            }
            seen.add(parsed);
        }
    }

    /** The rules, parsed, in order. */
    public List<MatchRule> ruleOrder() {
        return rules.stream().map(MatchRule::of).toList();
    }
}
