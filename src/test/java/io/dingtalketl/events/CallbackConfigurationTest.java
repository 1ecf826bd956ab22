package io.dingtalketl.events;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import io.dingtalketl.client.CallbackCrypto;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.simulator.CallbackPusher;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.simulator.SimulatorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code etl.events.callback.*}: the endpoint and the catch-up exist only when enabled; enabled without what
 * they need, the start fails with a message that names the setting and shows no secret; enabled with it, the
 * endpoint listens while the application runs and tells the application's {@link InboxArrivals}.
 */
class CallbackConfigurationTest {

    private static final String AES_KEY = CallbackEndpointTest.AES_KEY;
    private static InboxDatabase db;

    @BeforeAll
    static void migrate() {
        db = new InboxDatabase();
    }

    @AfterAll
    static void shutdown() {
        db.shutdown();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({EventsProperties.class, DingTalkProperties.class})
    @Import(CallbackConfiguration.class)
    static class Application {

        @Bean
        EventInbox eventInbox() {
            return db.inbox;
        }

        @Bean
        DingTalkClient dingTalkClient(DingTalkProperties properties) {
            return DingTalkClient.create(properties, null);
        }
    }

    /** As {@code serve} starts: the transports exist only there. */
    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Application.class)
            .withPropertyValues("etl.events.serving=true");

    @Test
    void offOutsideServeEvenWhenEnabled() {
        new ApplicationContextRunner().withUserConfiguration(Application.class)
                .withPropertyValues("etl.events.callback.enabled=true", "etl.events.callback.token=etlCallback2026",
                        "etl.events.callback.aes-key=" + AES_KEY, "dingtalk.app-key=dingappkey")
                .run(started -> assertThat(started).hasNotFailed().doesNotHaveBean(CallbackEndpoint.class));
    }

    @Test
    void offUnlessEnabled() {
        context.withPropertyValues("etl.events.callback.token=etlCallback2026", "etl.events.callback.aes-key=" + AES_KEY)
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started).doesNotHaveBean(CallbackEndpoint.class).doesNotHaveBean(FailedPushCatchUp.class);
                });
    }

    @Test
    void enabledWithoutATokenTheStartFailsNamingTheSetting() {
        context.withPropertyValues("etl.events.callback.enabled=true", "etl.events.callback.aes-key=" + AES_KEY,
                "dingtalk.app-key=dingappkey", "dingtalk.app-secret=topSecretValue")
                .run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause()
                            .hasMessageContaining("etl.events.callback.token is not set")
                            .hasMessageContaining("ETL_EVENTS_CALLBACK_TOKEN");
                    assertThat(messages(started.getStartupFailure())).doesNotContain(AES_KEY).doesNotContain("topSecretValue");
                });
    }

    @Test
    void enabledWithAMalformedKeyTheStartFailsWithoutShowingIt() {
        String almostKey = AES_KEY.substring(1);
        context.withPropertyValues("etl.events.callback.enabled=true", "etl.events.callback.token=etlCallback2026",
                "etl.events.callback.aes-key=" + almostKey, "dingtalk.app-key=dingappkey")
                .run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause()
                            .hasMessageContaining("etl.events.callback.aes-key has 42 characters");
                    assertThat(messages(started.getStartupFailure())).doesNotContain(almostKey).doesNotContain("etlCallback2026");
                });
    }

    @Test
    void enabledWithoutAnOwnerKeyOrAppKeyTheStartFails() {
        context.withPropertyValues("etl.events.callback.enabled=true", "etl.events.callback.token=etlCallback2026",
                "etl.events.callback.aes-key=" + AES_KEY)
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("etl.events.callback.owner-key (nor dingtalk.app-key, its default) is not set"));
    }

    @Test
    void enabledTheEndpointListensWhileTheApplicationRunsAndTellsItsArrivals() throws Exception {
        Semaphore arrivals = new Semaphore(0);
        DingTalkSimulator simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(5, 4, 10)), SimulatorSettings.defaults());
        try {
            context.withPropertyValues("etl.events.callback.enabled=true", "etl.events.callback.token=etlCallback2026",
                    "etl.events.callback.aes-key=" + AES_KEY, "etl.events.callback.bind-address=127.0.0.1",
                    "etl.events.callback.port=0", "dingtalk.app-key=" + simulator.settings().appKey())
                    .withBean(InboxArrivals.class, () -> arrivals::release)
                    .run(started -> {
                        assertThat(started).hasNotFailed().hasSingleBean(FailedPushCatchUp.class);
                        CallbackEndpoint endpoint = started.getBean(CallbackEndpoint.class);
                        assertThat(endpoint.isRunning()).isTrue();
                        URI url = endpoint.localUri();
                        assertThat(url.getPath()).isEqualTo("/dingtalk/events");
                        try (CallbackPusher pusher = CallbackPusher.start(simulator, url,
                                CallbackCrypto.of("etlCallback2026", AES_KEY, simulator.settings().appKey()))
                                .replyTimeout(Duration.ofSeconds(30))) {
                            simulator.org().addUser("吴六", SimulatedOrg.ROOT_DEPT_ID);
                            assertThat(pusher.awaitAttempts(1, Duration.ofSeconds(30))).isTrue();
                            assertThat(pusher.delivered()).as("the app key is the owner key by default").isOne();
                        }
                        assertThat(arrivals.availablePermits()).isOne();
                    });
        } finally {
            simulator.close();
        }
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
