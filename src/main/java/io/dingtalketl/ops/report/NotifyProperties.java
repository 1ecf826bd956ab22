package io.dingtalketl.ops.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Settings of the run notification ({@code etl.notify.*}): a DingTalk work notification sent by the app
 * {@code dingtalk.agent-id} after each run. Its rules are {@link #problems}: the configuration check reports
 * them before the application starts, and {@link RunNotifier} refuses to be created with any of them.
 *
 * @param enabled     send it (off by default)
 * @param userids     DingTalk userids of the recipients, comma-separated (at most 100: DingTalk's limit per
 *                    call, and getsendresult answers only for up to 100 recipients)
 * @param resultDelay wait this long after sending before asking DingTalk (getsendresult) whom it dropped
 */
@ConfigurationProperties("etl.notify")
public record NotifyProperties(@DefaultValue("false") boolean enabled, @DefaultValue List<String> userids,
                               @DefaultValue("3s") Duration resultDelay) {

    /** DingTalk's documented maximum of {@code userid_list} entries per {@code asyncsend_v2} call. */
    static final int MAX_RECIPIENTS = 100;

    public NotifyProperties {
        userids = userids.stream().map(String::strip).filter(u -> !u.isEmpty()).distinct().toList();
    }

    /**
     * What keeps these settings from working, each naming the setting to fix: enabled without recipients,
     * with more than DingTalk accepts, or without the sending app's AgentId ({@code dingtalk.agent-id}).
     */
    public List<InvalidConfigurationPropertyValueException> problems(@Nullable Long agentId) {
        List<InvalidConfigurationPropertyValueException> problems = new ArrayList<>();
        if (!enabled) {
            return problems;
        }
        if (userids.isEmpty()) {
            problems.add(new InvalidConfigurationPropertyValueException("etl.notify.userids", "",
                    "etl.notify.enabled=true needs recipients: set etl.notify.userids to DingTalk userids, "
                            + "comma-separated (ETL_NOTIFY_USERIDS), or set etl.notify.enabled=false."));
        }
        if (userids.size() > MAX_RECIPIENTS) {
            problems.add(new InvalidConfigurationPropertyValueException("etl.notify.userids", userids.size() + " userids",
                    "DingTalk sends a work notification to at most " + MAX_RECIPIENTS
                            + " userids per call, and getsendresult answers only up to " + MAX_RECIPIENTS
                            + " recipients: list at most " + MAX_RECIPIENTS + "."));
        }
        if (agentId == null) {
            problems.add(new InvalidConfigurationPropertyValueException("dingtalk.agent-id", null,
                    "etl.notify.enabled=true needs the AgentId of the app that sends the work notification: set "
                            + "dingtalk.agent-id (DINGTALK_AGENT_ID; the app's AgentId, not its AppKey), "
                            + "or set etl.notify.enabled=false."));
        }
        return problems;
    }
}
