package io.dingtalketl.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dingtalketl.client.DingTalkTargetOverride;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code extract name=<extract> [runDate=…]}: runs, refuses bad arguments, resumes a failed run, leaves a completed one. */
@SpringBootTest(properties = {
        "etl.launcher.enabled=false",
        "etl.simulator.enabled=false",
        "dingtalk.default-qps=0",
        "dingtalk.retry.max-attempts=1",
        "logging.level.org.springframework.batch=ERROR",
        "spring.datasource.url=jdbc:h2:mem:extract-command-${random.uuid};MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
        "etl.extracts.templates.method=GET",
        "etl.extracts.templates.path=/topapi/report/template/listbyuserid",
        "etl.extracts.templates.params.userid=manager1",
        "etl.extracts.templates.items-path=result.template_list",
        "etl.extracts.templates.item-key-path=report_code"})
@Import(ExtractCommandTest.ReportStandIn.class)
class ExtractCommandTest {

    static final AtomicBoolean DOWN = new AtomicBoolean();

    @Autowired
    ExtractCommand command;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobRepository jobRepository;

    @BeforeEach
    void fresh() {
        DOWN.set(false);
        new JobRepositoryTestUtils(jobRepository).removeJobExecutions();
        jdbc.execute("DROP TABLE IF EXISTS raw_templates");
    }

    @Test
    void runsTheExtractForTheDateOnceAndLeavesACompletedRunAlone() throws Exception {
        assertThat(command.extract(List.of("name=templates", "runDate=2026-11-30"))).isEqualTo(ExitCodes.OK);
        assertThat(jdbc.queryForList("SELECT item_key FROM raw_templates ORDER BY id", String.class)).containsExactly("R1", "R2");

        assertThat(command.extract(List.of("name=templates", "runDate=2026-11-30"))).isEqualTo(ExitCodes.ALREADY_COMPLETED);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM raw_templates", Integer.class)).isEqualTo(2);
    }

    @Test
    void theSameCommandResumesAFailedRun() throws Exception {
        DOWN.set(true);
        assertThat(command.extract(List.of("name=templates", "runDate=2026-11-30"))).isEqualTo(ExitCodes.RUN_FAILED);

        DOWN.set(false);
        assertThat(command.extract(List.of("name=templates", "runDate=2026-11-30"))).isEqualTo(ExitCodes.OK);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT run_id) FROM raw_templates", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM raw_templates", Integer.class)).isEqualTo(2);
    }

    @Test
    void refusesAnExtractThatIsNotConfiguredAndABadDate() throws Exception {
        assertThat(command.extract(List.of("name=approvals"))).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(command.extract(List.of())).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(command.extract(List.of("name=templates", "runDate=30.11.2026"))).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(command.extract(List.of("name=templates", "dryRun=true"))).isEqualTo(ExitCodes.CONFIGURATION);
    }

    /** A token endpoint, and one GET API answering two items (or an error while {@link #DOWN}). */
    @TestConfiguration(proxyBeanMethods = false)
    static class ReportStandIn {

        @Bean(destroyMethod = "")
        HttpServer reportStandIn() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/gettoken", exchange -> answer(exchange,
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"token-1\",\"expires_in\":7200}"));
            server.createContext("/topapi/report/template/listbyuserid", exchange -> answer(exchange, DOWN.get()
                    ? "{\"errcode\":88,\"errmsg\":\"系统错误\"}"
                    : exchange.getRequestURI().getQuery().contains("userid=manager1")
                            ? "{\"errcode\":0,\"result\":{\"template_list\":[{\"report_code\":\"R1\",\"name\":\"日报\"},"
                                    + "{\"report_code\":\"R2\",\"name\":\"周报\"}]}}"
                            : "{\"errcode\":40035,\"errmsg\":\"缺少参数 userid\"}"));
            server.start();
            return server;
        }

        @Bean
        DingTalkTargetOverride reportStandInTarget(HttpServer reportStandIn) {
            return DingTalkTargetOverride.simulator("http://127.0.0.1:" + reportStandIn.getAddress().getPort(), "key",
                    "secret", "a report API stand-in");
        }

        private static void answer(HttpExchange exchange, String body) {
            try (exchange) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
