package io.dingtalketl.simulator;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded DingTalk simulator ({@code etl.simulator.*}), started when no DingTalk credentials are
 * configured ({@code enabled=auto}), or always ({@code true}), or never ({@code false}).
 *
 * @param enabled        {@code auto}, {@code true} or {@code false}: see {@link SimulatorActivation}
 * @param seed           seed of the generated organization (same seed, same organization)
 * @param departments    departments, root included
 * @param users          users
 * @param maxDepth       depth of the department tree
 * @param day            days of changes applied to the generated organization (0 = as generated); run
 *                       with day 1, 2, … on following run dates to see history build up
 * @param qps            calls per second per API the simulator accepts (DingTalk: 20; 0 = unlimited)
 * @param latency        time the simulator takes per call
 * @param tokenLifetime  lifetime of access tokens
 * @param failAfterCalls make every call fail after this many successful calls (to try restarts)
 * @param failEndpoint   the endpoint key {@code failAfterCalls} applies to (all when unset)
 * @param failWith       the fault: SYSTEM_BUSY, GLOBAL_THROTTLE, APP_QPS, HTTP_502_HTML, IP_BAN, TOKEN_EXPIRED
 */
@ConfigurationProperties("etl.simulator")
public record SimulatorProperties(@DefaultValue("auto") Mode enabled, @DefaultValue("42") long seed,
                                  @DefaultValue("100") int departments, @DefaultValue("1000") int users,
                                  @DefaultValue("6") int maxDepth, @DefaultValue("0") int day,
                                  @DefaultValue("20") int qps, @DefaultValue("0ms") Duration latency,
                                  @DefaultValue("7200s") Duration tokenLifetime, @Nullable Integer failAfterCalls,
                                  @Nullable String failEndpoint, @DefaultValue("SYSTEM_BUSY") Fault failWith) {

    /** Values of {@code etl.simulator.enabled}. */
    public enum Mode {
        /** Only with no credentials and the embedded defaults ({@link SimulatorActivation}). */
        AUTO,
        /** Always (the {@code demo} command). */
        TRUE,
        /** Never. */
        FALSE
    }
}
