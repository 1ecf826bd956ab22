package io.dingtalketl.simulator;

import java.net.URI;

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
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts the DingTalk simulator on a free local port and points the client at it, so that the job runs
 * end to end with no credentials. The organization is generated from {@code etl.simulator.seed}, so
 * every process (a restart after a failure included) sees the same organization.
 */
@Configuration
@Conditional(EmbeddedSimulatorConfiguration.NoCredentials.class)
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
        log.info("No DingTalk credentials configured: using the embedded DingTalk simulator at {} "
                        + "({} departments, {} users, seed {}, day {}, {} calls/s per API)", simulator.baseUrl(),
                org.departmentCount(), org.userCount(), properties.seed(), properties.day(), properties.qps());
        return simulator;
    }

    @Bean
    DingTalkTargetOverride simulatorTarget(DingTalkSimulator embeddedDingTalkSimulator) {
        return configured -> configured.withTarget(URI.create(embeddedDingTalkSimulator.baseUrl()),
                embeddedDingTalkSimulator.settings().appKey(), embeddedDingTalkSimulator.settings().appSecret());
    }

    /** {@code etl.simulator.enabled}: true, false, or auto (on when no DingTalk credentials are set). */
    static class NoCredentials extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            String enabled = env.getProperty("etl.simulator.enabled", "auto").trim().toLowerCase(java.util.Locale.ROOT);
            if (enabled.equals("true")) {
                return ConditionOutcome.match("etl.simulator.enabled=true");
            }
            if (enabled.equals("false")) {
                return ConditionOutcome.noMatch("etl.simulator.enabled=false");
            }
            boolean credentials = StringUtils.hasText(env.getProperty("dingtalk.app-key"))
                    || StringUtils.hasText(env.getProperty("dingtalk.access-token"));
            return credentials ? ConditionOutcome.noMatch("DingTalk credentials are configured")
                    : ConditionOutcome.match("no DingTalk credentials configured");
        }
    }
}
