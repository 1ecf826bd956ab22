package io.dingtalketl.client;

import org.jspecify.annotations.Nullable;

/**
 * A DingTalk call that did not succeed. Carries what an operator needs to act or to open a ticket with
 * DingTalk ({@code errcode}, {@code errmsg}, {@code request_id}, the endpoint) and never the access token
 * or the app secret: messages are built from those fields and redacted, and no cause that could hold a
 * URL with the token is attached.
 */
public class DingTalkApiException extends RuntimeException {

    private final ErrorCategory category;
    private final DingTalkEndpoint endpoint;
    private final @Nullable Integer errcode;
    private final @Nullable String errmsg;
    private final @Nullable String requestId;
    private final int httpStatus;

    public DingTalkApiException(ErrorCategory category, DingTalkEndpoint endpoint, @Nullable Integer errcode,
                                @Nullable String errmsg, @Nullable String requestId, int httpStatus, String message) {
        super(message);
        this.category = category;
        this.endpoint = endpoint;
        this.errcode = errcode;
        this.errmsg = errmsg;
        this.requestId = requestId;
        this.httpStatus = httpStatus;
    }

    /** Same facts, new message: used to add context (attempts made, the department being read). */
    public DingTalkApiException withMessage(String message) {
        DingTalkApiException copy = new DingTalkApiException(category, endpoint, errcode, errmsg, requestId, httpStatus, message);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public ErrorCategory category() {
        return category;
    }

    public DingTalkEndpoint endpoint() {
        return endpoint;
    }

    public @Nullable Integer errcode() {
        return errcode;
    }

    public @Nullable String errmsg() {
        return errmsg;
    }

    public @Nullable String requestId() {
        return requestId;
    }

    /** HTTP status of the answer, or 0 when there was none (timeout, connection refused). */
    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return category.retryable();
    }

    /**
     * True when a write failed in a way that leaves its outcome unknown (an I/O error or timeout, HTTP 5xx,
     * errcode -1): DingTalk may have executed it, so the client did not send it again. Look the item up (by
     * mobile, by {@code source_identifier}) before calling again.
     */
    public boolean outcomeUnknown() {
        return endpoint.writes() && category.retryable() && !ErrorClassifier.mayResend(this);
    }
}
