package io.dingtalketl.client;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link DingTalkClient} of the application: one token cache and one throttle per API for all steps. */
@Configuration
class DingTalkClientConfiguration {

    @Bean
    DingTalkClient dingTalkClient(DingTalkProperties properties, ObjectProvider<DingTalkTargetOverride> override,
                                  ObjectProvider<MeterRegistry> registry) {
        DingTalkTargetOverride target = override.getIfAvailable();
        return target == null ? DingTalkClient.create(properties, registry.getIfAvailable())
                : DingTalkClient.create(target.apply(properties), registry.getIfAvailable(), target.simulatedSource());
    }
}
