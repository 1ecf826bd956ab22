package io.dingtalketl.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dingtalketl.attendance.AttendanceCallEstimate;
import io.dingtalketl.attendance.AttendanceWindow;
import io.dingtalketl.client.DingTalkTargetOverride;
import io.dingtalketl.warehouse.MeteredCallLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The quota pre-flight of {@code attendance} and {@code extract}: a run whose estimate exceeds what is left of
 * {@code dingtalk.monthly-quota} this month is refused (exit 2, the numbers given) before its first DingTalk call,
 * unless {@code allowOverQuota=true} or a {@code maxCalls} that fits; an extract that is not metered is never refused.
 * DingTalk is a stand-in that counts the API calls it is asked (the token aside).
 */
@SpringBootTest(properties = {
        "etl.launcher.enabled=false",
        "etl.simulator.enabled=false",
        "dingtalk.default-qps=0",
        "dingtalk.retry.max-attempts=3",
        "dingtalk.retry.initial-backoff=10ms",
        "dingtalk.retry.jitter=0ms",
        "dingtalk.monthly-quota=10",
        "logging.level.org.springframework.batch=ERROR",
        "spring.datasource.url=jdbc:h2:mem:quota-preflight-${random.uuid};MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
        "etl.extracts.templates.method=GET",
        "etl.extracts.templates.path=/topapi/report/template/listbyuserid",
        "etl.extracts.templates.items-path=result.template_list",
        "etl.extracts.exempt.method=GET",
        "etl.extracts.exempt.path=/topapi/report/template/listbyuserid",
        "etl.extracts.exempt.items-path=result.template_list",
        "etl.extracts.exempt.metered=false",
        "etl.extracts.reports.method=GET",
        "etl.extracts.reports.path=/topapi/report/list",
        "etl.extracts.reports.items-path=result.data_list",
        "etl.extracts.paged.method=GET",
        "etl.extracts.paged.path=/topapi/report/paged",
        "etl.extracts.paged.pagination.type=offset",
        "etl.extracts.paged.page-size=1",
        "etl.extracts.paged.items-path=result.data_list",
        "etl.extracts.paged.item-key-path=id"})
@Import(QuotaPreflightTest.DingTalkStandIn.class)
@ExtendWith(OutputCaptureExtension.class)
class QuotaPreflightTest {

    static final AtomicInteger API_CALLS = new AtomicInteger();
    static final AtomicBoolean QUOTA_USED_UP = new AtomicBoolean();
    static final AttendanceWindow WEEK = new AttendanceWindow(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 8));
    static final List<String> WEEK_ARGUMENTS = List.of("from=2026-11-02", "to=2026-11-08");
    static final int USERS = 60;
    static final int PAGED_ITEMS = 5;

    @Autowired
    AttendanceCommand attendance;
    @Autowired
    ExtractCommand extract;
    @Autowired
    MeteredCallLedger ledger;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobRepository jobRepository;

    @BeforeEach
    void usersAndFourCallsSpentThisMonth() {
        new JobRepositoryTestUtils(jobRepository).removeJobExecutions();
        for (String table : List.of("etl_metered_calls", "etl_sync_run", "dim_user", "fact_attendance_result", "fact_leave")) {
            jdbc.update("DELETE FROM " + table);
        }
        for (int i = 0; i < USERS; i++) {
            jdbc.update("INSERT INTO dim_user (userid, name, row_hash, valid_from, is_current, run_id) VALUES (?, ?, ?, ?, TRUE, 1)",
                    "user" + i, "用户" + i, "h" + i, LocalDateTime.of(2026, 1, 1, 0, 0));
        }
        ledger.record(9_000_001L, 1, "attendanceJob", 4, Instant.now());
        API_CALLS.set(0);
        QUOTA_USED_UP.set(false);
    }

    @Test
    void anAttendanceRunWhoseEstimateExceedsWhatIsLeftIsRefusedBeforeItsFirstCallWithTheNumbers(CapturedOutput output) throws Exception {
        long estimate = AttendanceCallEstimate.of(USERS, WEEK).total();
        assertThat(estimate).as("more than the 6 left").isGreaterThan(6);

        assertThat(attendance.run(WEEK_ARGUMENTS, false)).isEqualTo(ExitCodes.CONFIGURATION);

        assertThat(output.getErr()).contains("Not started: the attendance of " + WEEK + " needs about " + estimate
                        + " metered DingTalk calls, more than the 6 left of this month's quota")
                .contains("dingtalk.monthly-quota is 10").contains("used 4 so far in " + MeteredCallLedger.monthOf(Instant.now()))
                .contains("Nothing was called").contains("maxCalls=6").contains("allowOverQuota=true");
        assertThat(API_CALLS).hasValue(0);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_instance", Integer.class)).as("no run started").isZero();
    }

    @Test
    void allowOverQuotaRunsItAndTheSummaryCountsItsMeteredCallsIntoTheMonth(CapturedOutput output) throws Exception {
        assertThat(attendance.run(List.of("from=2026-11-02", "to=2026-11-08", "allowOverQuota=true"), false)).isEqualTo(ExitCodes.OK);

        // one attendance/list page for each batch of 50 users (the stand-in has no results), one getleavestatus call
        assertThat(API_CALLS).hasValue(3);
        assertThat(jdbc.queryForObject("SELECT metered_calls FROM etl_sync_run WHERE job_name = 'attendanceJob'", Long.class)).isEqualTo(3);
        assertThat(output.getOut()).contains("Metered DingTalk calls: 3 this run, 7 so far in " + MeteredCallLedger.monthOf(Instant.now()))
                .contains("quota 10, 3 left");
    }

    @Test
    void aMaxCallsThatFitsWhatIsLeftRunsStopsAtItAndTheSameCommandGoesOn(CapturedOutput output) throws Exception {
        List<String> capped = List.of("from=2026-11-02", "to=2026-11-08", "maxCalls=1");

        assertThat(attendance.run(capped, false)).isEqualTo(ExitCodes.OK);

        assertThat(API_CALLS).hasValue(1);
        assertThat(output.getOut()).contains("is not complete: Stopped after the chunk that reached maxCalls=1 metered calls")
                .contains("Run the same command again to go on from there").contains("1 this run, 5 so far");

        assertThat(attendance.run(List.of("from=2026-11-02", "to=2026-11-08", "maxCalls=5"), false)).isEqualTo(ExitCodes.OK);

        assertThat(API_CALLS).as("the other batch's page and the leaves; the committed page is not asked again").hasValue(3);
        assertThat(output.getOut()).contains("Attendance of " + WEEK + " loaded").contains("3 this run, 7 so far");
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT run_id) FROM etl_sync_run WHERE job_name = 'attendanceJob'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void aMeteredExtractIsRefusedWhenNothingIsLeftAndAnExemptOneIsNot(CapturedOutput output) throws Exception {
        ledger.record(9_000_002L, 2, "attendanceJob", 6, Instant.now());   // 10 of 10 used

        assertThat(extract.extract(List.of("name=templates", "runDate=2026-11-30"))).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(output.getErr()).contains("Not started: the extract 'templates' for 2026-11-30 needs about 1 metered DingTalk"
                + " calls, more than the 0 left");
        assertThat(API_CALLS).hasValue(0);

        assertThat(extract.extract(List.of("name=exempt", "runDate=2026-11-30"))).isEqualTo(ExitCodes.OK);
        assertThat(API_CALLS).hasValue(1);
        assertThat(jdbc.queryForObject("SELECT metered_calls FROM etl_sync_run WHERE job_name = 'extractJob'", Long.class))
                .as("not metered").isZero();

        assertThat(extract.extract(List.of("name=templates", "runDate=2026-11-30", "allowOverQuota=true"))).isEqualTo(ExitCodes.OK);
        assertThat(API_CALLS).hasValue(2);
        assertThat(output.getOut()).contains("Metered DingTalk calls: 1 this run, 11 so far").contains("quota 10, 0 left");
    }

    @Test
    void dingTalks90020StopsTheRunAtOnceWithItsCountAndQuotaAndTheSameCommandResumesWhenTheQuotaIsBack(CapturedOutput output)
            throws Exception {
        QUOTA_USED_UP.set(true);

        assertThat(extract.extract(List.of("name=reports", "runDate=2026-11-30"))).isEqualTo(ExitCodes.RUN_FAILED);

        assertThat(API_CALLS).as("not retried").hasValue(1);
        assertThat(output.getErr()).contains("Extract 'reports' page 1: DingTalk's monthly quota of metered API calls is used up:"
                        + " DingTalk counts 10001 metered calls this month against a quota of 10000")
                .contains("errcode 90020").contains("Run the same command again when the quota is back")
                .contains("resumes from the last committed chunk");

        QUOTA_USED_UP.set(false);
        assertThat(extract.extract(List.of("name=reports", "runDate=2026-11-30"))).isEqualTo(ExitCodes.OK);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM raw_reports", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_instance", Integer.class)).as("the same run").isEqualTo(1);
    }

    @Test
    void aCappedExtractStopsAtItsCapAndTheSameCommandGoesOnWithoutAskingForAPageTwice(CapturedOutput output) throws Exception {
        List<String> capped = List.of("name=paged", "runDate=2026-11-30", "maxCalls=2");

        assertThat(extract.extract(capped)).isEqualTo(ExitCodes.OK);
        assertThat(API_CALLS).hasValue(2);
        assertThat(output.getOut()).contains("Not complete: Stopped after the chunk that reached maxCalls=2 metered calls");
        assertThat(jdbc.queryForList("SELECT item_key FROM raw_paged ORDER BY id", String.class)).containsExactly("1", "2");

        assertThat(extract.extract(capped)).isEqualTo(ExitCodes.OK);
        assertThat(extract.extract(capped)).isEqualTo(ExitCodes.OK);

        assertThat(API_CALLS).as("each of the " + PAGED_ITEMS + " pages once").hasValue(PAGED_ITEMS);
        assertThat(jdbc.queryForList("SELECT item_key FROM raw_paged ORDER BY id", String.class)).containsExactly("1", "2", "3", "4", "5");
        assertThat(jdbc.queryForObject("SELECT status FROM etl_sync_run WHERE job_name = 'extractJob'", String.class)).isEqualTo("LOADED");
        assertThat(jdbc.queryForObject("SELECT metered_calls FROM etl_sync_run WHERE job_name = 'extractJob'", Long.class))
                .isEqualTo(PAGED_ITEMS);
    }

    @Test
    void badQuotaArgumentsAreRefusedNamingThem() {
        assertThatThrownBy(() -> attendance.run(List.of("maxCalls=0"), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCalls must be a whole number of calls, 1 or more, was '0'.");
        assertThatThrownBy(() -> attendance.run(List.of("maxCalls=many"), false)).hasMessageContaining("was 'many'");
        assertThatThrownBy(() -> extract.extract(List.of("name=templates", "allowOverQuota=yes")))
                .hasMessage("allowOverQuota must be true or false, was 'yes'.");
        assertThat(API_CALLS).hasValue(0);
    }

    /** A token endpoint, attendance APIs with nothing to report, and a GET API answering two items; counts API calls. */
    @TestConfiguration(proxyBeanMethods = false)
    static class DingTalkStandIn {

        @Bean(destroyMethod = "")
        HttpServer dingTalkStandIn() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/gettoken", exchange -> answer(exchange,
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"token-1\",\"expires_in\":7200}"));
            server.createContext("/attendance/list", exchange -> counted(exchange,
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"recordresult\":[],\"hasMore\":false}"));
            server.createContext("/topapi/attendance/getleavestatus", exchange -> counted(exchange,
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"leave_status\":[],\"has_more\":false}}"));
            server.createContext("/topapi/report/template/listbyuserid", exchange -> counted(exchange,
                    "{\"errcode\":0,\"result\":{\"template_list\":[{\"report_code\":\"R1\"},{\"report_code\":\"R2\"}]}}"));
            server.createContext("/topapi/report/list", exchange -> counted(exchange, QUOTA_USED_UP.get()
                    ? "{\"errcode\":90020,\"errmsg\":\"您的企业本月api调用量已超过限制,调用量:10001次,额度:10000次\"}"
                    : "{\"errcode\":0,\"result\":{\"data_list\":[{\"report_id\":\"r1\"}]}}"));
            server.createContext("/topapi/report/paged", exchange -> {
                int offset = Integer.parseInt(exchange.getRequestURI().getQuery().replaceAll(".*offset=(\\d+).*", "$1"));
                counted(exchange, "{\"errcode\":0,\"result\":{\"data_list\":[{\"id\":\"" + (offset + 1) + "\"}],"
                        + "\"has_more\":" + (offset + 1 < PAGED_ITEMS) + "}}");
            });
            server.start();
            return server;
        }

        @Bean
        DingTalkTargetOverride dingTalkStandInTarget(HttpServer dingTalkStandIn) {
            return DingTalkTargetOverride.simulator("http://127.0.0.1:" + dingTalkStandIn.getAddress().getPort(), "key",
                    "secret", "a DingTalk stand-in");
        }

        private static void counted(HttpExchange exchange, String body) {
            API_CALLS.incrementAndGet();
            answer(exchange, body);
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
