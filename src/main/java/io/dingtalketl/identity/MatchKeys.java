package io.dingtalketl.identity;

import java.util.Locale;

import io.dingtalketl.client.MobileNumbers;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.PiiPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Turns the values a rule compares into comparable keys, in the form the warehouse keeps the user's column:
 * kept values are trimmed and lower-cased on both sides, mobile numbers put in DingTalk's form first
 * ({@link MobileNumbers}); hashed ones ({@code etl.pii.*=hash}) are compared as
 * the salted hash of the account's trimmed value (DingTalk's value was hashed as sent, so case must agree);
 * dropped ones cannot be compared and their rule is skipped.
 */
final class MatchKeys {

    private final EtlProperties.Pii pii;

    MatchKeys(EtlProperties.Pii pii) {
        this.pii = pii;
    }

    /** Why {@code rule} cannot run under the PII settings, or null when it can. */
    @Nullable String skipReason(MatchRule rule) {
        PiiPolicy policy = policy(rule);
        return policy == PiiPolicy.DROP
                ? "etl.pii." + (rule.userField() == MatchRule.Field.ORG_EMAIL ? "org-email" : rule.userField().name().toLowerCase(Locale.ROOT))
                        + "=drop keeps no value to compare" : null;
    }

    @Nullable String accountKey(MatchRule rule, SourceAccount account) {
        String value = inDingTalksForm(rule, trimmed(rule.accountValue(account)));
        if (value == null) {
            return null;
        }
        return policy(rule) == PiiPolicy.HASH ? policy(rule).apply(value, pii.salt()) : value.toLowerCase(Locale.ROOT);
    }

    @Nullable String userKey(MatchRule rule, CandidateUser user) {
        String value = trimmed(rule.userValue(user));
        if (value == null) {
            return null;
        }
        return policy(rule) == PiiPolicy.HASH ? value : inDingTalksForm(rule, value).toLowerCase(Locale.ROOT);
    }

    /** A mobile number as DingTalk keeps it ({@code +86 185-1302-7676} is {@code 18513027676}); other values as they are. */
    private static @Nullable String inDingTalksForm(MatchRule rule, @Nullable String value) {
        return rule.userField() == MatchRule.Field.MOBILE ? MobileNumbers.dingTalkForm(value) : value;
    }

    private PiiPolicy policy(MatchRule rule) {
        return switch (rule.userField()) {
            case JOB_NUMBER -> PiiPolicy.KEEP;
            case EMAIL -> pii.email();
            case ORG_EMAIL -> pii.orgEmail();
            case MOBILE -> pii.mobile();
        };
    }

    private static @Nullable String trimmed(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String t = value.strip();
        return t.isEmpty() ? null : t;
    }
}
