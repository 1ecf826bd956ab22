package io.dingtalketl.client;

import java.net.URI;

/**
 * Points the client somewhere other than the configured DingTalk: the embedded simulator provides one
 * when it runs. Whatever such a target serves is not DingTalk's truth, so it names itself
 * ({@link #simulatedSource()}) and every run it serves says so.
 */
public interface DingTalkTargetOverride {

    DingTalkProperties apply(DingTalkProperties configured);

    /** How summaries, {@code etl_sync_run.simulated_source} and reports name this target. */
    String simulatedSource();

    /** A simulator at {@code baseUrl} that accepts the given app credentials. */
    static DingTalkTargetOverride simulator(String baseUrl, String appKey, String appSecret, String description) {
        return new DingTalkTargetOverride() {
            @Override
            public DingTalkProperties apply(DingTalkProperties configured) {
                return configured.withTarget(URI.create(baseUrl), appKey, appSecret);
            }

            @Override
            public String simulatedSource() {
                return description;
            }
        };
    }
}
