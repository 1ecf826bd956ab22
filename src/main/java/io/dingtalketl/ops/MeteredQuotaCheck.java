package io.dingtalketl.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.orgsync.MaxCalls;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.QuotaUsage;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The monthly quota of metered DingTalk calls, for the commands: how much of it is spent ({@link #usage}), and the
 * pre-flight check of a run that spends it ({@link #refusal}): a run whose estimate (capped by {@code maxCalls}) exceeds
 * what is left of {@code dingtalk.monthly-quota} this month is refused before its first call, unless
 * {@value #ALLOW_OVER_QUOTA}{@code =true}. Without a known quota nothing is refused.
 */
@Component
class MeteredQuotaCheck {

    /** Command argument: run even when the estimate exceeds what is left of the quota. */
    static final String ALLOW_OVER_QUOTA = "allowOverQuota";

    private final MeteredCallLedger ledger;
    private final SyncRunRepository runs;
    private final DingTalkProperties dingtalk;

    MeteredQuotaCheck(MeteredCallLedger ledger, SyncRunRepository runs, DingTalkProperties dingtalk) {
        this.ledger = ledger;
        this.runs = runs;
        this.dingtalk = dingtalk;
    }

    /** The quota as spent now, with run {@code runId}'s metered calls (all its executions) as this run's. */
    QuotaUsage usageOfRun(long runId) {
        Long thisRun = runs.find(runId).map(SyncRunRepository.SyncRun::meteredCalls).orElse(null);
        return usage(thisRun == null ? 0 : thisRun);
    }

    /** The quota as spent now, {@code thisRun} being the calls of the run reported. */
    QuotaUsage usage(long thisRun) {
        return ledger.usage(thisRun, dingtalk.monthlyQuota(), Instant.now());
    }

    /**
     * Why {@code what} must not start, or null when it may: its {@code estimate} of metered calls, capped by
     * {@code maxCalls}, exceeds what is left of this month's quota.
     */
    @Nullable String refusal(String what, long estimate, QuotaArguments arguments) {
        QuotaUsage usage = usage(0);
        Long left = usage.left();
        long needed = arguments.maxCalls() == null ? estimate : Math.min(estimate, arguments.maxCalls());
        if (left == null || needed <= left || arguments.allowOverQuota()) {
            return null;
        }
        return "Not started: " + what + " needs about " + needed + " metered DingTalk calls" + (needed < estimate
                ? " (" + MaxCalls.PARAMETER + "=" + arguments.maxCalls() + " of about " + estimate + ")" : "") + ", more than the "
                + left + " left of this month's quota: dingtalk.monthly-quota is " + usage.quota() + " and the runs recorded in"
                + " this warehouse used " + usage.monthToDate() + " so far in " + usage.month() + " (DingTalk's month, Asia/Shanghai)."
                + " Nothing was called. Cap the run with " + MaxCalls.PARAMETER + "=" + left + " (the same command resumes it later),"
                + " wait for next month, or add " + ALLOW_OVER_QUOTA + "=true to run anyway (DingTalk answers 90020 once the quota"
                + " is used up, and the run stops there).";
    }

    /**
     * The quota arguments of a command, {@code maxCalls=N} and {@code allowOverQuota=true}, and the arguments left
     * for the command itself.
     */
    record QuotaArguments(@Nullable Long maxCalls, boolean allowOverQuota, List<String> rest) {

        static QuotaArguments of(List<String> arguments) {
            Long maxCalls = null;
            boolean allow = false;
            List<String> rest = new ArrayList<>();
            for (String argument : arguments) {
                if (argument.startsWith(MaxCalls.PARAMETER + "=")) {
                    String value = argument.substring(MaxCalls.PARAMETER.length() + 1);
                    try {
                        maxCalls = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        maxCalls = 0L;
                    }
                    if (maxCalls < 1) {
                        throw new IllegalArgumentException(MaxCalls.PARAMETER + " must be a whole number of calls, 1 or more, was '"
                                + value + "'.");
                    }
                } else if (argument.startsWith(ALLOW_OVER_QUOTA + "=")) {
                    String value = argument.substring(ALLOW_OVER_QUOTA.length() + 1);
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException(ALLOW_OVER_QUOTA + " must be true or false, was '" + value + "'.");
                    }
                    allow = value.equals("true");
                } else {
                    rest.add(argument);
                }
            }
            return new QuotaArguments(maxCalls, allow, List.copyOf(rest));
        }
    }
}
