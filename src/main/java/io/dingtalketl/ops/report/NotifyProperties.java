package io.dingtalketl.ops.report;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the run notification ({@code etl.notify.*}): a DingTalk work notification sent by the app
 * {@code dingtalk.agent-id} after each run. Checked when the application starts: see {@link RunNotifier}.
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

    public static NotifyProperties disabled() {
        return new NotifyProperties(false, List.of(), Duration.ofSeconds(3));
    }
}
