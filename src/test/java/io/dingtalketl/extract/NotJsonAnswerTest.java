package io.dingtalketl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dingtalketl.client.DingTalkTargetOverride;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An API that answers HTTP 200 with an HTML page instead of JSON (DingTalk's gateway does, when it is
 * overloaded): the client retries it like any such answer, then the run fails naming the extract and the
 * page, and writes nothing.
 */
@SpringBootTest(properties = {
        "etl.launcher.enabled=false",
        "etl.simulator.enabled=false",
        "dingtalk.default-qps=0",
        "dingtalk.retry.max-attempts=2",
        "dingtalk.retry.initial-backoff=10ms",
        "dingtalk.retry.jitter=0ms",
        "dingtalk.retry.max-backoff=20ms",
        "logging.level.org.springframework.batch=ERROR",
        AbstractExtractTest.H2,
        "etl.extracts.approvals.path=/topapi/processinstance/listids",
        "etl.extracts.approvals.body={\"process_code\": \"PROC-1\", \"start_time\": ${fromMillis}, \"end_time\": ${toMillis}}",
        "etl.extracts.approvals.pagination.type=cursor",
        "etl.extracts.approvals.items-path=result.list"})
@Import(NotJsonAnswerTest.HtmlGateway.class)
class NotJsonAnswerTest {

    @Autowired
    JobOperator jobOperator;
    @Autowired
    Job extractJob;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HttpServer gateway;

    @Test
    void anAnswerThatIsNotJsonFailsTheRunNamingTheExtractAndPageAndWritesNothing() throws Exception {
        JobExecution run = jobOperator.start(extractJob, new JobParametersBuilder()
                .addString(ExtractJobConfiguration.EXTRACT, "approvals")
                .addLocalDate(ExtractJobConfiguration.RUN_DATE, LocalDate.of(2026, 11, 30))
                .toJobParameters());

        assertThat(run.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(AbstractExtractTest.failure(run))
                .contains("Extract 'approvals' page 1 (first page): DingTalk generic /topapi/processinstance/listids (size=100)"
                        + " failed: a body that is not JSON");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM raw_approvals", Integer.class)).isZero();
    }

    /** A token endpoint, and an HTML page for everything else. */
    @TestConfiguration(proxyBeanMethods = false)
    static class HtmlGateway {

        @Bean(destroyMethod = "")
        HttpServer gateway() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/gettoken", exchange -> answer(exchange, "application/json",
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"token-1\",\"expires_in\":7200}"));
            server.createContext("/", exchange -> answer(exchange, "text/html", "<html><body>服务繁忙</body></html>"));
            server.start();
            return server;
        }

        @Bean
        DingTalkTargetOverride htmlGatewayTarget(HttpServer gateway) {
            return DingTalkTargetOverride.simulator("http://127.0.0.1:" + gateway.getAddress().getPort(), "key", "secret",
                    "an HTML gateway");
        }

        private static void answer(HttpExchange exchange, String type, String body) {
            try (exchange) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", type + ";charset=UTF-8");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
