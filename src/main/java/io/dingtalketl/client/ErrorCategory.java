package io.dingtalketl.client;

/**
 * How a DingTalk answer is handled. Every response is put in exactly one category by
 * {@link ErrorClassifier}, from its HTTP status, whether its body parses as JSON, and its {@code errcode}.
 */
public enum ErrorCategory {
    /** errcode 0. */
    OK(false),
    /** Busy, throttled, 5xx, timeouts, IP ban pages: back off and call again. */
    RETRYABLE(true),
    /** Token invalid or expired: renew the token once and call again. */
    TOKEN(false),
    /** The app lacks a permission, scope or IP whitelist entry: fail fast and say which. */
    PERMISSION(false),
    /** The department or user does not exist (any more): an absent result the caller may tombstone. */
    NOT_FOUND(false),
    /**
     * A write refused for this one item (mobile or userid already used, parent department missing, department
     * not empty, a cycle, a role name taken, a value too long): nothing was changed; the caller may record
     * DingTalk's errcode and errmsg against the item and go on with the others.
     */
    REJECTED(false),
    /** The request itself was wrong (bad parameter, bad size): a bug on this side. */
    CALLER_BUG(false),
    /** The app key or secret was refused by gettoken. */
    CREDENTIALS(false),
    /** The organization's monthly call quota is used up (errcode 90020): nothing to do until it resets. */
    QUOTA_EXHAUSTED(false),
    /** An errcode this client does not know: fail with it. */
    UNKNOWN(false);

    private final boolean retryable;

    ErrorCategory(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
