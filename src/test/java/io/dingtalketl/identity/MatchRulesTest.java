package io.dingtalketl.identity;

import java.util.List;
import java.util.Map;

import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.PiiPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The match rules as the PII settings leave the user columns, their order, and the settings that name them. */
class MatchRulesTest {

    private static final String SALT = "pepper";
    private static final EtlProperties.Pii KEEP_ALL = new EtlProperties.Pii(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null);

    @Test
    void keptValuesMatchTrimmedAndIgnoringCaseAndTheFirstRuleThatFindsAnyoneDecides() {
        List<CandidateUser> users = List.of(
                new CandidateUser("u1", "E-1", "Li.Lei@Example.com", null, "13800000001"),
                new CandidateUser("u2", "E-2", "same@example.com", null, null),
                new CandidateUser("u3", "E-2", "han@example.com", null, null));
        IdentityMatcher matcher = new IdentityMatcher(List.of(MatchRule.EMPLOYEE_NUMBER, MatchRule.EMAIL, MatchRule.MOBILE),
                new MatchKeys(KEEP_ALL));

        IdentityMatcher.Outcome outcome = matcher.match(List.of(
                account("a", null, " li.lei@EXAMPLE.COM ", null),
                account("b", "e-2", "han@example.com", null),     // employee-number finds u2 and u3: email is not tried
                account("c", null, null, " 13800000001")), users);

        // a finds u1 by email (trimmed, any case), c finds u1 by mobile: several accounts → one user, neither is linked
        assertThat(outcome.links()).isEmpty();
        assertThat(outcome.ambiguous()).extracting(IdentityMatcher.Ambiguity::accountId).containsExactly("a", "b", "c");
        assertThat(outcome.ambiguous().get(0).detail()).isEqualTo("2 accounts find user u1: a (email), c (mobile)");
        assertThat(outcome.ambiguous().get(1).rule()).isEqualTo(MatchRule.EMPLOYEE_NUMBER);
        assertThat(outcome.ambiguous().get(1).userids()).containsExactly("u2", "u3");   // email would find u3 alone: not tried

        IdentityMatcher.Outcome alone = matcher.match(List.of(account("a", null, " li.lei@EXAMPLE.COM ", null)), users);
        assertThat(alone.links()).isEqualTo(Map.of("a", new IdentityMatcher.Link("u1", MatchRule.EMAIL)));
        assertThat(alone.unmatchedUsers()).containsExactly("u2", "u3");
    }

    @Test
    void aHashedColumnIsComparedAsTheHashOfTheTrimmedValueAndADroppedOneSkipsItsRule() {
        EtlProperties.Pii pii = new EtlProperties.Pii(PiiPolicy.DROP, PiiPolicy.HASH, PiiPolicy.KEEP, SALT);
        MatchKeys keys = new MatchKeys(pii);
        String stored = PiiPolicy.HASH.apply("Li.Lei@Example.com", SALT);
        List<CandidateUser> users = List.of(new CandidateUser("u1", null, stored, null, null));
        IdentityMatcher matcher = new IdentityMatcher(List.of(MatchRule.EMAIL), keys);

        assertThat(matcher.match(List.of(account("a", null, "  Li.Lei@Example.com ", null)), users).links())
                .containsEntry("a", new IdentityMatcher.Link("u1", MatchRule.EMAIL));
        assertThat(matcher.match(List.of(account("a", null, "li.lei@example.com", null)), users).unmatchedAccounts())
                .containsExactly("a");
        assertThat(keys.skipReason(MatchRule.MOBILE)).isEqualTo("etl.pii.mobile=drop keeps no value to compare");
        assertThat(keys.skipReason(MatchRule.EMAIL)).isNull();
        assertThat(keys.skipReason(MatchRule.EMPLOYEE_NUMBER)).isNull();
    }

    @Test
    void aMobileWrittenWithCountryCodeAndSeparatorsMatchesDingTalksKeptOrHashedForm() {
        IdentityMatcher kept = new IdentityMatcher(List.of(MatchRule.MOBILE), new MatchKeys(KEEP_ALL));
        IdentityMatcher hashed = new IdentityMatcher(List.of(MatchRule.MOBILE),
                new MatchKeys(new EtlProperties.Pii(PiiPolicy.HASH, PiiPolicy.KEEP, PiiPolicy.KEEP, SALT)));
        SourceAccount written = account("a", null, null, "+86 138-0000-0001");

        assertThat(kept.match(List.of(written), List.of(new CandidateUser("u1", null, null, null, "13800000001"))).links())
                .containsEntry("a", new IdentityMatcher.Link("u1", MatchRule.MOBILE));
        assertThat(hashed.match(List.of(written), List.of(new CandidateUser("u1", null, null, null,
                PiiPolicy.HASH.apply("13800000001", SALT)))).links())
                .containsEntry("a", new IdentityMatcher.Link("u1", MatchRule.MOBILE));
    }

    @Test
    void inactiveAccountsAreNotMatched() {
        IdentityMatcher matcher = new IdentityMatcher(List.of(MatchRule.EMPLOYEE_NUMBER), new MatchKeys(KEEP_ALL));
        SourceAccount off = new SourceAccount("wiki", "a", null, null, "E-1", null, null, false);

        IdentityMatcher.Outcome outcome = matcher.match(List.of(off), List.of(new CandidateUser("u1", "E-1", null, null, null)));

        assertThat(outcome.links()).isEmpty();
        assertThat(outcome.unmatchedAccounts()).isEmpty();
        assertThat(outcome.unmatchedUsers()).containsExactly("u1");
    }

    @Test
    void theRulesSettingNamesKnownRulesOnceEach() {
        assertThat(new MatchProperties(List.of("email", " employee-number"), true, 30).ruleOrder())
                .containsExactly(MatchRule.EMAIL, MatchRule.EMPLOYEE_NUMBER);
        assertThatThrownBy(() -> new MatchProperties(List.of("email", "phone"), true, 30))
                .hasMessage("Unknown match rule 'phone'; known: employee-number, username-job-number, email, org-email, mobile.");
        assertThatThrownBy(() -> new MatchProperties(List.of("email", "email"), true, 30)).hasMessageContaining("names 'email' twice");
    }

    private static SourceAccount account(String id, String employeeNumber, String email, String mobile) {
        return new SourceAccount("wiki", id, null, email, employeeNumber, mobile, null, true);
    }
}
