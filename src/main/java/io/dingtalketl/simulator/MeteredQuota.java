package io.dingtalketl.simulator;

import java.util.EnumSet;
import java.util.Set;

import io.dingtalketl.client.DingTalkEndpoint;

/**
 * The organization's monthly API call quota (D-throttle): every call to a metered API ({@link #METERED}: what DingTalk
 * meters, which the client's {@code dingtalk.metered-apis} has to agree with) counts, refused ones included (DingTalk's own message reports 10,001 calls against a quota of 10,000), and
 * once the count passes the quota every metered call answers 90020 until the month is reset. Unlimited until a
 * quota is set. Thread safe.
 */
final class MeteredQuota {

    /** DingTalk's metered APIs (D-quota-exempt lists the contacts APIs and the token as exempt; these are not). */
    static final Set<DingTalkEndpoint> METERED = EnumSet.of(DingTalkEndpoint.ATTENDANCE_LIST, DingTalkEndpoint.ATTENDANCE_LISTRECORD,
            DingTalkEndpoint.LEAVE_STATUS, DingTalkEndpoint.MESSAGE_SEND, DingTalkEndpoint.PROCESSINSTANCE_LISTIDS,
            DingTalkEndpoint.PROCESSINSTANCE_GET, DingTalkEndpoint.GENERIC);

    private long quota = -1;
    private long calls;

    synchronized void setMonthlyQuota(long calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("the monthly quota must be >= 0, was " + calls);
        }
        this.quota = calls;
    }

    synchronized void unlimited() {
        quota = -1;
    }

    synchronized void resetMonth() {
        calls = 0;
    }

    synchronized long callsThisMonth() {
        return calls;
    }

    /**
     * Counts one call to {@code endpoint} when it is metered.
     *
     * @throws ApiError 90020 when this call is beyond the quota
     */
    void count(DingTalkEndpoint endpoint) {
        if (!METERED.contains(endpoint)) {
            return;
        }
        long count;
        long limit;
        synchronized (this) {
            count = ++calls;
            limit = quota;
        }
        if (limit >= 0 && count > limit) {
            // DingTalk's text as the help page quoted in dingtalk-api.md §6 shows it (the page elides what follows)
            throw new ApiError(90020, "您的企业本月api调用量已超过限制,调用量:" + count + "次,额度:" + limit + "次");
        }
    }
}
