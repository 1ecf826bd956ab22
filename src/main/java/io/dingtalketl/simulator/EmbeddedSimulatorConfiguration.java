package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.DingTalkTargetOverride;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts the DingTalk simulator on a free local port and points the client at it, so that the job runs
 * end to end with no credentials: only when {@link SimulatorActivation} says so (the demo, or the embedded
 * defaults); a run it serves is marked as simulated in its summary, {@code etl_sync_run} and report. The organization is generated from {@code etl.simulator.seed}, so
 * every process (a restart after a failure included) sees the same organization.
 */
@Configuration
@Conditional(EmbeddedSimulatorConfiguration.Activated.class)
class EmbeddedSimulatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSimulatorConfiguration.class);

    @Bean(destroyMethod = "close")
    DingTalkSimulator embeddedDingTalkSimulator(SimulatorProperties properties) {
        SimulatedOrg org = SimulatedOrg.generate(OrgSpec.of(properties.seed(), properties.departments(), properties.users())
                .withMaxDepth(properties.maxDepth()));
        for (int day = 1; day <= properties.day(); day++) {
            org.applyDayOfChanges(properties.seed() + day, ChangeSpec.typical());
        }
        DingTalkSimulator simulator = DingTalkSimulator.start(org, SimulatorSettings.defaults()
                .withQpsPerApi(properties.qps())
                .withLatency(properties.latency())
                .withTokenLifetime(properties.tokenLifetime()));
        if (properties.failAfterCalls() != null) {
            DingTalkEndpoint endpoint = properties.failEndpoint() == null ? null
                    : DingTalkEndpoint.byKey(properties.failEndpoint()).orElseThrow(() -> new IllegalArgumentException(
                    "etl.simulator.fail-endpoint: unknown endpoint '" + properties.failEndpoint() + "'"));
            simulator.failAfter(endpoint, properties.failAfterCalls(), properties.failWith());
        }
        log.info("Using the embedded DingTalk simulator at {}, an invented organization ({} departments, {} users, "
                        + "seed {}, day {}, {} calls/s per API), not DingTalk", simulator.baseUrl(),
                org.departmentCount(), org.userCount(), properties.seed(), properties.day(), properties.qps());
        return simulator;
    }

    @Bean
    DingTalkTargetOverride simulatorTarget(DingTalkSimulator embeddedDingTalkSimulator, SimulatorProperties properties) {
        return DingTalkTargetOverride.simulator(embeddedDingTalkSimulator.baseUrl(), embeddedDingTalkSimulator.settings().appKey(),
                embeddedDingTalkSimulator.settings().appSecret(), String.format(java.util.Locale.ROOT,
                        "embedded DingTalk simulator (invented organization: seed %d, day %d, %d departments, %d users)",
                        properties.seed(), properties.day(), embeddedDingTalkSimulator.org().departmentCount(),
                        embeddedDingTalkSimulator.org().userCount()));
    }

    /** {@link SimulatorActivation}: on when asked for, or on the embedded defaults without credentials. */
    static class Activated extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            SimulatorActivation.Decision decision = SimulatorActivation.decide(context.getEnvironment());
            return decision.on() ? ConditionOutcome.match(decision.reason()) : ConditionOutcome.noMatch(decision.reason());
        }
    }
}
