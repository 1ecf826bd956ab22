package io.dingtalketl.identity;

import org.jspecify.annotations.Nullable;

/** One item a match run reports ({@code etl_match_finding}). */
public record MatchFinding(String system, Category category, @Nullable String accountId, @Nullable String userid,
                           @Nullable String rule, @Nullable String detail) {

    /** What happened to the account or user. */
    public enum Category {
        /** An account linked that had no link. */
        NEW,
        /** A link moved to another user, or now made by another rule: the old row closed, a new one opened. */
        RELINKED,
        /** A link closed without a successor (the detail says why: user-left, account-removed, ...). */
        CLOSED,
        /** An account not linked because its rule found several users, or several accounts found its user. */
        AMBIGUOUS,
        /** An active account that no rule found a user for. */
        UNMATCHED_ACCOUNT,
        /** A current user that no account of the system is linked to (nor ambiguous with). */
        UNMATCHED_USER
    }
}
