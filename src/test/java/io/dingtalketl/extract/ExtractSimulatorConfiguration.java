package io.dingtalketl.extract;

import io.dingtalketl.client.DingTalkTargetOverride;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.simulator.SimulatorSettings;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** One simulator per test context; each test gives it a fresh organization. */
@TestConfiguration(proxyBeanMethods = false)
class ExtractSimulatorConfiguration {

    @Bean(destroyMethod = "close")
    DingTalkSimulator testDingTalkSimulator() {
        return DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(1, 10, 50)), SimulatorSettings.defaults().withQpsPerApi(0));
    }

    @Bean
    DingTalkTargetOverride testSimulatorTarget(DingTalkSimulator testDingTalkSimulator) {
        return DingTalkTargetOverride.simulator(testDingTalkSimulator.baseUrl(), testDingTalkSimulator.settings().appKey(),
                testDingTalkSimulator.settings().appSecret(), "test DingTalk simulator");
    }
}
