package io.dingtalketl.batch;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The heartbeat of running executions and the liveness check that reads it. */
@Configuration(proxyBeanMethods = false)
class RunInfrastructureConfiguration {

    @Bean
    ThreadPoolTaskScheduler heartbeatScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("heartbeat-");
        scheduler.setDaemon(true);
        return scheduler;
    }

    @Bean
    RunHeartbeat runHeartbeat(JdbcTemplate jdbc, ThreadPoolTaskScheduler heartbeatScheduler, HeartbeatProperties properties) {
        return new RunHeartbeat(jdbc, heartbeatScheduler, properties);
    }

    @Bean
    RunLiveness runLiveness(JdbcTemplate jdbc, HeartbeatProperties properties) {
        return new RunLiveness(jdbc, properties);
    }
}
