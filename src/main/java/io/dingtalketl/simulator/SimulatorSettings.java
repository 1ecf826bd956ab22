package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link DingTalkSimulator} behaves. Immutable; change a running simulator with
 * {@link DingTalkSimulator#updateSettings}.
 *
 * @param appKey         the only app key {@code gettoken} accepts
 * @param appSecret      its secret
 * @param qpsPerApi      accepted calls per API in any 1-second window; 0 means unlimited (DingTalk: 20)
 * @param qpsOverrides   per-API limits that replace {@code qpsPerApi}
 * @param latency        how long every call waits before it is answered
 * @param tokenLifetime  how long an access token lives after it was last issued (DingTalk: 7200 s)
 * @param stringlyTyped  render every number and boolean in responses as a JSON string, as DingTalk's
 *                       documentation examples do ({@code "errcode":"0"}, {@code "has_more":"true"})
 */
public record SimulatorSettings(String appKey, String appSecret, int qpsPerApi,
                                Map<DingTalkEndpoint, Integer> qpsOverrides, Duration latency,
                                Duration tokenLifetime, boolean stringlyTyped) {

    public static final String DEFAULT_APP_KEY = "sim-app-key";
    public static final String DEFAULT_APP_SECRET = "sim-app-secret";

    public SimulatorSettings {
        Objects.requireNonNull(appKey, "appKey");
        Objects.requireNonNull(appSecret, "appSecret");
        if (qpsPerApi < 0) {
            throw new IllegalArgumentException("qpsPerApi must be >= 0 (0 = unlimited), was " + qpsPerApi);
        }
        EnumMap<DingTalkEndpoint, Integer> overrides = new EnumMap<>(DingTalkEndpoint.class);
        overrides.putAll(qpsOverrides);
        qpsOverrides = java.util.Collections.unmodifiableMap(overrides);
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("tokenLifetime must be positive");
        }
    }

    /** DingTalk's defaults: 20 QPS per API, tokens for 7200 s, no added latency, proper JSON types. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(DEFAULT_APP_KEY, DEFAULT_APP_SECRET, 20, Map.of(), Duration.ZERO,
                Duration.ofSeconds(7200), false);
    }

    /** The limit for one API: its override, else {@code qpsPerApi}; 0 means unlimited. */
    public int qpsFor(DingTalkEndpoint endpoint) {
        return qpsOverrides.getOrDefault(endpoint, qpsPerApi);
    }

    public SimulatorSettings withQpsPerApi(int qps) {
        return new SimulatorSettings(appKey, appSecret, qps, qpsOverrides, latency, tokenLifetime, stringlyTyped);
    }

    public SimulatorSettings withQps(DingTalkEndpoint endpoint, int qps) {
        EnumMap<DingTalkEndpoint, Integer> overrides = new EnumMap<>(DingTalkEndpoint.class);
        overrides.putAll(qpsOverrides);
        overrides.put(endpoint, qps);
        return new SimulatorSettings(appKey, appSecret, qpsPerApi, overrides, latency, tokenLifetime, stringlyTyped);
    }

    public SimulatorSettings withLatency(Duration latency) {
        return new SimulatorSettings(appKey, appSecret, qpsPerApi, qpsOverrides, latency, tokenLifetime, stringlyTyped);
    }

    public SimulatorSettings withTokenLifetime(Duration lifetime) {
        return new SimulatorSettings(appKey, appSecret, qpsPerApi, qpsOverrides, latency, lifetime, stringlyTyped);
    }

    public SimulatorSettings withStringlyTyped(boolean stringly) {
        return new SimulatorSettings(appKey, appSecret, qpsPerApi, qpsOverrides, latency, tokenLifetime, stringly);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "SimulatorSettings[appKey=" + appKey + ", appSecret=***, qpsPerApi=" + qpsPerApi + ", qpsOverrides="
                + qpsOverrides + ", latency=" + latency + ", tokenLifetime=" + tokenLifetime + ", stringlyTyped="
                + stringlyTyped + "]";
    }
}
