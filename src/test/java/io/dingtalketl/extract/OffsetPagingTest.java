package io.dingtalketl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dingtalketl.client.DingTalkTargetOverride;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Offset/limit paging in the shape of {@code attendance/list} (camelCase, {@code hasMore}, items in
 * {@code recordresult}), against a stand-in that serves seven records: the date window reaches the request,
 * the offsets follow the items, and a run failed at the second page resumes there.
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
        "etl.extracts.punches.path=/attendance/list",
        "etl.extracts.punches.body={\"workDateFrom\": \"${fromTime}\", \"workDateTo\": \"${toTime}\", \"userIdList\": [\"u1\"]}",
        "etl.extracts.punches.pagination.type=offset",
        "etl.extracts.punches.pagination.size-field=limit",
        "etl.extracts.punches.pagination.has-more-path=hasMore",
        "etl.extracts.punches.items-path=recordresult",
        "etl.extracts.punches.item-key-path=id",
        "etl.extracts.punches.page-size=3"})
@Import(OffsetPagingTest.AttendanceStandIn.class)
class OffsetPagingTest {

    static final int RECORDS = 7;
    static final List<JsonNode> REQUESTS = new CopyOnWriteArrayList<>();
    static final AtomicInteger FAIL_AT_OFFSET_3 = new AtomicInteger();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JobOperator jobOperator;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    Job extractJob;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void fresh() {
        REQUESTS.clear();
        FAIL_AT_OFFSET_3.set(0);
        new JobRepositoryTestUtils(jobRepository).removeJobExecutions();
        jdbc.execute("DROP TABLE IF EXISTS raw_punches");
    }

    @Test
    void pagesFollowTheOffsetsAndCarryTheDateWindow() throws Exception {
        JobExecution run = run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(keys()).containsExactlyElementsOf(allRecords());
        assertThat(REQUESTS).extracting(r -> r.get("offset").asInt()).containsExactly(0, 3, 6);
        assertThat(REQUESTS).allSatisfy(r -> {
            assertThat(r.get("limit").asInt()).isEqualTo(3);
            assertThat(r.get("workDateFrom").asString()).isEqualTo("2026-11-30 00:00:00");
            assertThat(r.get("workDateTo").asString()).isEqualTo("2026-12-01 00:00:00");
        });
    }

    @Test
    void aRunFailedAtTheSecondPageResumesThereWithoutDuplicates() throws Exception {
        FAIL_AT_OFFSET_3.set(2);   // both attempts of the client

        JobExecution failed = run();

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(AbstractExtractTest.failure(failed)).contains("Extract 'punches' page 2 (offset 3)");
        assertThat(keys()).containsExactlyElementsOf(allRecords().subList(0, 3));

        REQUESTS.clear();
        JobExecution restarted = run();

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(keys()).containsExactlyElementsOf(allRecords());
        assertThat(REQUESTS).extracting(r -> r.get("offset").asInt()).containsExactly(3, 6);
    }

    JobExecution run() throws Exception {
        return jobOperator.start(extractJob, new JobParametersBuilder()
                .addString(ExtractJobConfiguration.EXTRACT, "punches")
                .addLocalDate(ExtractJobConfiguration.RUN_DATE, LocalDate.of(2026, 11, 30))
                .toJobParameters());
    }

    List<String> keys() {
        return jdbc.queryForList("SELECT item_key FROM raw_punches ORDER BY id", String.class);
    }

    static List<String> allRecords() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            ids.add("r" + i);
        }
        return ids;
    }

    /** A token endpoint, and {@code attendance/list} over seven records. */
    @TestConfiguration(proxyBeanMethods = false)
    static class AttendanceStandIn {

        @Bean(destroyMethod = "")
        HttpServer attendanceStandIn() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/gettoken", exchange -> answer(exchange, 200,
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"token-1\",\"expires_in\":7200}"));
            server.createContext("/attendance/list", exchange -> {
                JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
                int offset = request.get("offset").asInt();
                int limit = request.get("limit").asInt();
                if (offset == 3 && FAIL_AT_OFFSET_3.getAndDecrement() > 0) {
                    answer(exchange, 200, "{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}");
                    return;
                }
                REQUESTS.add(request);
                StringBuilder items = new StringBuilder();
                for (int i = offset; i < Math.min(offset + limit, RECORDS); i++) {
                    items.append(items.isEmpty() ? "" : ",").append("{\"id\":\"r").append(i).append("\",\"timeResult\":\"Normal\"}");
                }
                answer(exchange, 200, "{\"errcode\":0,\"errmsg\":\"ok\",\"hasMore\":" + (offset + limit < RECORDS)
                        + ",\"recordresult\":[" + items + "]}");
            });
            server.start();
            return server;
        }

        @Bean
        DingTalkTargetOverride attendanceStandInTarget(HttpServer attendanceStandIn) {
            return DingTalkTargetOverride.simulator("http://127.0.0.1:" + attendanceStandIn.getAddress().getPort(), "key",
                    "secret", "an attendance/list stand-in");
        }

        private static void answer(HttpExchange exchange, int status, String body) {
            try (exchange) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
