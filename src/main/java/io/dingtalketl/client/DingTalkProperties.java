package io.dingtalketl.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the DingTalk client ({@code dingtalk.*}; environment variables such as
 * {@code DINGTALK_APP_KEY} and {@code DINGTALK_APP_SECRET} work too).
 *
 * <p>Credentials are either {@code app-key} + {@code app-secret} (tokens are fetched, cached and renewed)
 * or a fixed {@code access-token} (which cannot be renewed when it expires).
 *
 * @param baseUrl            DingTalk's old-API host
 * @param accessToken        a fixed token, used only when no app key/secret is given
 * @param appKey             the internal app's Client ID
 * @param appSecret          the internal app's Client Secret
 * @param agentId            the app's AgentId, for work notifications
 * @param defaultQps         calls per second allowed per API (DingTalk standard edition: 20)
 * @param throttleWindowMargin the throttle spreads {@code qps} calls over one second plus this margin, so
 *                           that network jitter never lets DingTalk see more than {@code qps} calls in a second
 * @param endpoints          per-API overrides keyed by {@link DingTalkEndpoint#key()}: {@code path}, {@code qps}
 * @param retry              back-off for busy and throttled answers
 * @param tokenRefreshAhead  renew a cached token this long before it expires
 * @param connectTimeout     TCP connect timeout
 * @param readTimeout        time to wait for an answer
 * @param monthlyQuota       the organization's monthly quota of metered calls (DingTalk's standard edition: 5,000 to
 *                           10,000; over it, 90020); unset: unknown, and no run is refused for want of quota
 * @param meteredApis        the APIs, by {@link DingTalkEndpoint#key()}, whose calls count toward that quota: attendance
 *                           and work notifications; the contacts APIs and the token are exempt (D-quota-exempt). DingTalk
 *                           changes this list, so it is a setting. A configured extract ({@code generic}) says for itself.
 */
@Validated
@ConfigurationProperties("dingtalk")
public record DingTalkProperties(
        @DefaultValue("https://oapi.dingtalk.com") URI baseUrl,
        @Nullable String accessToken,
        @Nullable String appKey,
        @Nullable String appSecret,
        @Nullable Long agentId,
        @Min(value = 0, message = "must be 0 (no limit) or more") @DefaultValue("20") int defaultQps,
        @DefaultValue("50ms") Duration throttleWindowMargin,
        @Nullable Map<String, EndpointSettings> endpoints,
        @Valid @DefaultValue Retry retry,
        @DefaultValue("10m") Duration tokenRefreshAhead,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @Min(value = 0, message = "must be 0 or more (leave it unset when the quota is not known)") @Nullable Long monthlyQuota,
        @Nullable List<String> meteredApis) {

    /** Per-API override: the path (for gateways that remap DingTalk's paths) and the allowed QPS. */
    public record EndpointSettings(@Nullable String path, @Nullable Integer qps) {
    }

    /**
     * Back-off for retryable answers: {@code maxAttempts} calls at most, waiting {@code initialBackoff}
     * (DingTalk's throttling penalty lasts one second) times {@code multiplier} per attempt, plus random
     * {@code jitter}, capped at {@code maxBackoff}.
     */
    public record Retry(@Min(1) @DefaultValue("5") int maxAttempts,
                        @DefaultValue("1s") Duration initialBackoff,
                        @DefaultValue("2.0") double multiplier,
                        @DefaultValue("500ms") Duration jitter,
                        @DefaultValue("30s") Duration maxBackoff) {
    }

    public DingTalkProperties {
        meteredApis = meteredApis == null ? DEFAULT_METERED_APIS : List.copyOf(meteredApis);
    }

    /** The default of {@code dingtalk.metered-apis}: attendance punch results and details, leave status, work notifications. */
    static final List<String> DEFAULT_METERED_APIS = List.of("attendance-list", "attendance-listrecord", "leave-status", "message-send");

    /**
     * Whether a call to {@code endpoint} counts toward the monthly quota: the one rule, {@code dingtalk.metered-apis}.
     * A call at a configured path ({@link DingTalkEndpoint#GENERIC}) is metered as its caller says, not by this rule.
     */
    public boolean metered(DingTalkEndpoint endpoint) {
        return meteredApis.contains(endpoint.key());
    }

    /** Keys in {@code dingtalk.metered-apis} that name no API of {@link DingTalkEndpoint}: a typo counts nothing. */
    public List<String> unknownMeteredApis() {
        return meteredApis.stream().filter(k -> DingTalkEndpoint.byKey(k).isEmpty() || k.equals(DingTalkEndpoint.GENERIC.key()))
                .toList();
    }

    public DingTalkProperties withMonthlyQuota(@Nullable Long quota) {
        return new DingTalkProperties(baseUrl, accessToken, appKey, appSecret, agentId, defaultQps, throttleWindowMargin,
                endpoints, retry, tokenRefreshAhead, connectTimeout, readTimeout, quota, meteredApis);
    }

    public boolean hasAppCredentials() {
        return notBlank(appKey) && notBlank(appSecret);
    }

    public boolean hasFixedToken() {
        return notBlank(accessToken);
    }

    public boolean hasCredentials() {
        return hasAppCredentials() || hasFixedToken();
    }

    public String pathOf(DingTalkEndpoint endpoint) {
        EndpointSettings settings = endpoints == null ? null : endpoints.get(endpoint.key());
        return settings != null && notBlank(settings.path()) ? settings.path() : endpoint.defaultPath();
    }

    public int qpsOf(DingTalkEndpoint endpoint) {
        EndpointSettings settings = endpoints == null ? null : endpoints.get(endpoint.key());
        return settings != null && settings.qps() != null ? settings.qps() : defaultQps;
    }

    /** A copy pointing at another server with other credentials (the embedded simulator, tests). */
    public DingTalkProperties withTarget(URI baseUrl, @Nullable String appKey, @Nullable String appSecret) {
        return new DingTalkProperties(baseUrl, null, appKey, appSecret, agentId, defaultQps, throttleWindowMargin,
                endpoints, retry, tokenRefreshAhead, connectTimeout, readTimeout, monthlyQuota, meteredApis);
    }

    /** Defaults as bound from an empty configuration, for code that builds a client without Spring. */
    public static DingTalkProperties defaults(URI baseUrl) {
        return new DingTalkProperties(baseUrl, null, null, null, null, 20, Duration.ofMillis(50), null,
                new Retry(5, Duration.ofSeconds(1), 2.0, Duration.ofMillis(500), Duration.ofSeconds(30)),
                Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(30), null, DEFAULT_METERED_APIS);
    }

    public DingTalkProperties withRetry(Retry retry) {
        return new DingTalkProperties(baseUrl, accessToken, appKey, appSecret, agentId, defaultQps, throttleWindowMargin,
                endpoints, retry, tokenRefreshAhead, connectTimeout, readTimeout, monthlyQuota, meteredApis);
    }

    public DingTalkProperties withDefaultQps(int qps) {
        return new DingTalkProperties(baseUrl, accessToken, appKey, appSecret, agentId, qps, throttleWindowMargin,
                endpoints, retry, tokenRefreshAhead, connectTimeout, readTimeout, monthlyQuota, meteredApis);
    }

    public DingTalkProperties withThrottleWindowMargin(Duration margin) {
        return new DingTalkProperties(baseUrl, accessToken, appKey, appSecret, agentId, defaultQps, margin,
                endpoints, retry, tokenRefreshAhead, connectTimeout, readTimeout, monthlyQuota, meteredApis);
    }

    public DingTalkProperties withFixedToken(String token) {
        return new DingTalkProperties(baseUrl, token, null, null, agentId, defaultQps, throttleWindowMargin,
                endpoints, retry, tokenRefreshAhead, connectTimeout, readTimeout, monthlyQuota, meteredApis);
    }

    public DingTalkProperties withEndpoints(Map<String, EndpointSettings> endpoints) {
        return new DingTalkProperties(baseUrl, accessToken, appKey, appSecret, agentId, defaultQps, throttleWindowMargin,
                endpoints, retry, tokenRefreshAhead, connectTimeout, readTimeout, monthlyQuota, meteredApis);
    }

    private static boolean notBlank(@Nullable String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        // Never print the secret or the token.
        return "DingTalkProperties[baseUrl=" + baseUrl + ", appKey=" + appKey + ", appSecret=" + mask(appSecret)
                + ", accessToken=" + mask(accessToken) + ", agentId=" + agentId + ", defaultQps=" + defaultQps + "]";
    }

    private static String mask(@Nullable String s) {
        return notBlank(s) ? "******" : "<unset>";
    }
}
