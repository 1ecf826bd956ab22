package io.dingtalketl.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.dingtalketl.client.DingTalkProperties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the application gets its {@link StreamReceiver}: only when {@code etl.events.stream.enabled=true}, only with
 * the app's credentials, started and stopped with the context; and its app secret reaches no log line, not even
 * at DEBUG and not when the gateway refuses it.
 */
class StreamReceiverConfigurationTest {

    private final DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:stream-config-" + UUID.randomUUID()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(db);
    private final EventInbox inbox = new EventInbox(jdbc, new DataSourceTransactionManager(db));
    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, StreamReceiver.class)
            .withBean(EventInbox.class, () -> inbox)
            .withPropertyValues("etl.events.serving=true");   // as serve starts: the transports exist only there
    private StreamGatewayStandIn gateway;

    @EnableConfigurationProperties({EventsProperties.class, DingTalkProperties.class})
    static class Settings {
    }

    @BeforeEach
    void start() {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        gateway = StreamGatewayStandIn.start();
    }

    @AfterEach
    void stop() {
        gateway.close();
        jdbc.execute("SHUTDOWN");
    }

    @Test
    void withoutTheSettingThereIsNoStreamReceiver() {
        application.withPropertyValues("dingtalk.app-key=" + StreamGatewayStandIn.CLIENT_ID,
                "dingtalk.app-secret=" + StreamGatewayStandIn.CLIENT_SECRET).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(StreamReceiver.class);
        });
        assertThat(gateway.openRequests()).isEmpty();
    }

    @Test
    void streamModeWithoutTheAppsCredentialsSaysWhatToSet() {
        application.withPropertyValues("etl.events.stream.enabled=true", "dingtalk.access-token=a-fixed-token").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("dingtalk.app-key and dingtalk.app-secret");
        });
    }

    @Test
    void theReceiverConnectsWhenTheContextStartsAndLeavesWhenItCloses() {
        application.withPropertyValues("etl.events.stream.enabled=true",
                "etl.events.stream.open-api-host=" + gateway.openApiHost(),
                "dingtalk.app-key=" + StreamGatewayStandIn.CLIENT_ID,
                "dingtalk.app-secret=" + StreamGatewayStandIn.CLIENT_SECRET).run(context -> {
            assertThat(context.getBean(StreamReceiver.class).isRunning()).isTrue();
            gateway.awaitConnections(1);

            String message = gateway.sendEvent("user_add_org", "ev-wired", Instant.now(),
                    "{\"timeStamp\":\"1772415000123\",\"userId\":[\"0300\"]}");

            assertThat(gateway.awaitAck(message).success()).isTrue();
        });
        gateway.awaitClosedByClient(1);
        assertThat(jdbc.queryForList("SELECT event_id FROM etl_event_inbox", String.class)).containsExactly("ev-wired");
    }

    @Test
    void theAppSecretIsInNoLogLineWhetherTheGatewayRefusesOrAcceptsIt() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        Queue<ILoggingEvent> captured = new ConcurrentLinkedQueue<>();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.prepareForDeferredProcessing();
                captured.add(event);
            }
        };
        capture.start();
        root.addAppender(capture);
        root.setLevel(Level.DEBUG);
        String refusedSecret = "Refused-Secret-4Hc8Tn1Wq6";
        try {
            StreamReceiver refused = gateway.receiver(inbox, 1, refusedSecret, () -> { });
            refused.start();
            gateway.awaitRefusedOpenRequests(1);
            await().atMost(StreamGatewayStandIn.PATIENCE).until(() -> logged(captured).stream().anyMatch(line -> line.contains("401")));
            assertThat(refused.isConnected()).isFalse();
            refused.stop();

            StreamReceiver accepted = gateway.receiver(inbox, 1, StreamGatewayStandIn.CLIENT_SECRET, () -> { });
            accepted.start();
            gateway.awaitConnections(1);
            String message = gateway.sendEvent("user_add_org", "ev-secret", Instant.now(),
                    "{\"timeStamp\":\"1772415000123\",\"userId\":[\"0301\"]}");
            assertThat(gateway.awaitAck(message).success()).isTrue();
            accepted.stop();
        } finally {
            root.detachAppender(capture);
            root.setLevel(level);
        }

        assertThat(logged(captured)).as("what this process logged, at DEBUG")
                .noneSatisfy(line -> assertThat(line).contains(refusedSecret))
                .noneSatisfy(line -> assertThat(line).contains(StreamGatewayStandIn.CLIENT_SECRET));
        assertThat(gateway.openRequests()).as("the SDK did send it, to the gateway only")
                .anySatisfy(request -> assertThat(request.get("clientSecret")).isEqualTo(refusedSecret));
    }

    /** Messages and stack traces, the stand-in's own server aside. */
    private static List<String> logged(Queue<ILoggingEvent> captured) {
        List<String> text = new ArrayList<>();
        for (ILoggingEvent event : captured) {
            if (event.getLoggerName().startsWith("org.java_websocket")) {
                continue;
            }
            text.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                text.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        return text;
    }
}
