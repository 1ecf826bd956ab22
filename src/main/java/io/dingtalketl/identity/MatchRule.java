package io.dingtalketl.identity;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A way to find an account's DingTalk user: one field of the account ({@code src_account}) against one column of
 * the current users ({@code dim_user}). Values are compared trimmed and case-insensitively; a blank value never
 * matches. Where {@code etl.pii} hashes the user column, the account's trimmed value is hashed the same way and
 * compared exactly (case then matters); where it drops the column, the rule is skipped.
 */
public enum MatchRule {

    /** {@code src_account.employee_number} ↔ {@code dim_user.job_number}. */
    EMPLOYEE_NUMBER("employee-number", Field.JOB_NUMBER),
    /** {@code src_account.username} ↔ {@code dim_user.job_number} (a wiki whose login is the employee number). */
    USERNAME_JOB_NUMBER("username-job-number", Field.JOB_NUMBER),
    /** {@code src_account.email} ↔ {@code dim_user.email} (personal email). */
    EMAIL("email", Field.EMAIL),
    /** {@code src_account.email} ↔ {@code dim_user.org_email} (the organization's mailbox). */
    ORG_EMAIL("org-email", Field.ORG_EMAIL),
    /** {@code src_account.mobile} ↔ {@code dim_user.mobile}. */
    MOBILE("mobile", Field.MOBILE);

    /** The user columns a rule reads, and the PII setting each is stored under (none for the job number). */
    enum Field { JOB_NUMBER, EMAIL, ORG_EMAIL, MOBILE }

    private final String key;
    private final Field userField;

    MatchRule(String key, Field userField) {
        this.key = key;
        this.userField = userField;
    }

    /** The rule's name in {@code etl.match.rules} and in {@code map_account_user.match_rule}. */
    public String key() {
        return key;
    }

    Field userField() {
        return userField;
    }

    /** The account's value this rule compares. */
    @Nullable String accountValue(SourceAccount account) {
        return switch (this) {
            case EMPLOYEE_NUMBER -> account.employeeNumber();
            case USERNAME_JOB_NUMBER -> account.username();
            case EMAIL, ORG_EMAIL -> account.email();
            case MOBILE -> account.mobile();
        };
    }

    /** The user's value this rule compares (as the warehouse keeps it). */
    @Nullable String userValue(CandidateUser user) {
        return switch (userField) {
            case JOB_NUMBER -> user.jobNumber();
            case EMAIL -> user.email();
            case ORG_EMAIL -> user.orgEmail();
            case MOBILE -> user.mobile();
        };
    }

    /** The rule named {@code key} (as in {@code etl.match.rules}). */
    public static MatchRule of(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key.trim())).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Unknown match rule '" + key + "'; known: " + names() + "."));
    }

    static String names() {
        return Arrays.stream(values()).map(MatchRule::key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key;
    }
}
