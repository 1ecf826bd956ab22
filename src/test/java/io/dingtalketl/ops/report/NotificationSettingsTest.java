package io.dingtalketl.ops.report;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** etl.notify.* binds as documented, and enabling notifications without what they need stops the start with a clear message. */
class NotificationSettingsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(NotifierContext.class)
            .withBean(RunNotifier.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({DingTalkProperties.class, NotifyProperties.class, ReportProperties.class, EtlProperties.class})
    static class NotifierContext {

        @Bean
        DingTalkClient dingTalkClient(DingTalkProperties properties) {
            return DingTalkClient.create(properties, null);
        }

        @Bean
        JdbcTemplate jdbcTemplate() {
            return new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:notification-settings"));
        }

        @Bean
        SyncRunRepository syncRunRepository(JdbcTemplate jdbc) {
            return new SyncRunRepository(jdbc);
        }

        @Bean
        MeteredCallLedger meteredCallLedger(JdbcTemplate jdbc) {
            return new MeteredCallLedger(jdbc);
        }
    }

    @Test
    void offByDefault() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            NotifyProperties notify = started.getBean(NotifyProperties.class);
            assertThat(notify.enabled()).isFalse();
            assertThat(notify.resultDelay()).isEqualTo(Duration.ofSeconds(3));
            ReportProperties report = started.getBean(ReportProperties.class);
            assertThat(report.dir().normalize()).isEqualTo(Path.of("reports"));
            assertThat(report.maxListItems()).isEqualTo(50);
        });
    }

    @Test
    void recipientsAreACommaSeparatedListOfUserids() {
        context.withPropertyValues("etl.notify.enabled=true", "etl.notify.userids= 0151234 ,manager_7,0151234",
                "etl.notify.result-delay=0", "dingtalk.agent-id=2468101").run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(NotifyProperties.class).userids()).containsExactly("0151234", "manager_7");
            assertThat(started.getBean(NotifyProperties.class).resultDelay()).isZero();
        });
    }

    @Test
    void enabledWithoutRecipientsNamesTheSetting() {
        context.withPropertyValues("etl.notify.enabled=true", "dingtalk.agent-id=2468101").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
                assertThat(e.getName()).isEqualTo("etl.notify.userids");
                assertThat(e.getReason()).contains("etl.notify.enabled=true needs recipients", "etl.notify.enabled=false");
            });
        });
    }

    @Test
    void enabledWithoutAgentIdNamesTheSetting() {
        context.withPropertyValues("etl.notify.enabled=true", "etl.notify.userids=0151234").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
                assertThat(e.getName()).isEqualTo("dingtalk.agent-id");
                assertThat(e.getReason()).contains("AgentId", "DINGTALK_AGENT_ID", "not its AppKey");
            });
        });
    }

    @Test
    void moreRecipientsThanDingTalkAcceptsPerCallIsRefused() {
        String userids = IntStream.rangeClosed(1, 101).mapToObj(i -> "u" + i).collect(Collectors.joining(","));
        context.withPropertyValues("etl.notify.enabled=true", "etl.notify.userids=" + userids, "dingtalk.agent-id=1").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
                    e -> assertThat(e.getReason()).contains("at most 100"));
        });
    }
}
