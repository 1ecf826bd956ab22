package io.dingtalketl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dingtalketl.client.DingTalkTargetOverride;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.simulator.SimulatorSettings;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Extracts of real DingTalk APIs as the simulator serves them: the README's approvals example as it is printed
 * there ({@code topapi/processinstance/listids} paged by cursor, then {@code topapi/processinstance/get} for each
 * id), and {@code attendance/list} paged by offset/limit with its {@code hasMore} flag.
 */
@SpringBootTest(properties = {
        "etl.launcher.enabled=false",
        "etl.simulator.enabled=false",
        "dingtalk.default-qps=0",
        "logging.level.org.springframework.batch=ERROR",
        "spring.datasource.url=jdbc:h2:mem:extract-apis-${random.uuid};MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1"})
class SimulatedApisExtractTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 24);
    private static final String README_PROCESS_CODE = "PROC-FF6Y2UNXXXXX";
    private static final DingTalkSimulator SIMULATOR = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(11, 8, 60)),
            SimulatorSettings.defaults().withQpsPerApi(0));

    static {
        SIMULATOR.attendanceToday(LocalDate.of(2026, 11, 30));
    }

    @Autowired
    JobOperator jobOperator;
    @Autowired
    Job extractJob;
    @Autowired
    JdbcTemplate jdbc;
    final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void extracts(DynamicPropertyRegistry registry) throws IOException {
        List<String> readme = readmeApprovalsExample();
        assertThat(readme).as("the README's approvals example").hasSizeGreaterThanOrEqualTo(9);
        for (String line : readme) {
            int eq = line.indexOf('=');
            String value = line.substring(eq + 1).replace(README_PROCESS_CODE, SIMULATOR.approvalProcessCodes().get(0));
            registry.add(line.substring(0, eq), () -> value);
        }
        String users = String.join("\", \"", someUsers());
        registry.add("etl.extracts.punch_results.path", () -> "/attendance/list");
        registry.add("etl.extracts.punch_results.body", () -> "{\"workDateFrom\": \"${fromTime}\", \"workDateTo\": \"${fromTime}\","
                + " \"userIdList\": [\"" + users + "\"], \"offset\": 0, \"limit\": 7}");
        registry.add("etl.extracts.punch_results.pagination.type", () -> "offset");
        registry.add("etl.extracts.punch_results.pagination.size-field", () -> "limit");
        registry.add("etl.extracts.punch_results.pagination.has-more-path", () -> "hasMore");
        registry.add("etl.extracts.punch_results.page-size", () -> "7");
        registry.add("etl.extracts.punch_results.items-path", () -> "recordresult");
        registry.add("etl.extracts.punch_results.item-key-path", () -> "id");
    }

    @AfterAll
    static void stop() {
        SIMULATOR.close();
    }

    @Test
    void theReadmesApprovalsExampleLandsEveryInstanceOfTheRunDate() throws Exception {
        String form = SIMULATOR.approvalProcessCodes().get(0);
        List<String> expected = SIMULATOR.approvalInstanceIds(form, RUN_DATE.atStartOfDay(CHINA).toInstant(),
                RUN_DATE.plusDays(1).atStartOfDay(CHINA).toInstant().minusMillis(1));
        assertThat(expected).as("the run date has approvals to land").isNotEmpty();

        assertThat(run("approval_ids").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(run("approvals").getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(jdbc.queryForList("SELECT json FROM raw_approval_ids ORDER BY id", String.class))
                .as("each id lands as the JSON string DingTalk sent").containsExactlyElementsOf(expected.stream().map(id -> '"' + id + '"').toList());
        List<Map<String, Object>> instances = jdbc.queryForList("SELECT item_key, json FROM raw_approvals ORDER BY id");
        assertThat(instances).extracting(row -> row.get("item_key")).containsExactlyElementsOf(expected);
        OrgTruth truth = SIMULATOR.org().truth();
        for (Map<String, Object> row : instances) {
            JsonNode instance = json.readTree((String) row.get("json"));
            assertThat(instance.get("create_time").asString()).startsWith(RUN_DATE.toString());
            assertThat(truth.user(instance.get("originator_userid").asString())).isPresent();
            assertThat(instance.get("form_component_values").size()).isEqualTo(2);
        }
        assertThat(SIMULATOR.callCount(io.dingtalketl.client.DingTalkEndpoint.PROCESSINSTANCE_GET)).isEqualTo(expected.size());
    }

    @Test
    void anOffsetExtractPagesAttendanceListByHasMoreAndLandsEveryResult() throws Exception {
        List<Long> expected = new ArrayList<>();
        for (String userid : someUsers()) {
            SIMULATOR.punchResults(userid, RUN_DATE, RUN_DATE).forEach(r -> expected.add(r.id()));
        }
        assertThat(expected).as("a work day's results span several pages of 7").hasSizeGreaterThan(14);
        long before = SIMULATOR.callCount(io.dingtalketl.client.DingTalkEndpoint.ATTENDANCE_LIST);

        JobExecution run = run("punch_results");

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForList("SELECT item_key FROM raw_punch_results ORDER BY id", Long.class)).containsExactlyElementsOf(expected);
        assertThat(SIMULATOR.callCount(io.dingtalketl.client.DingTalkEndpoint.ATTENDANCE_LIST) - before)
                .as("pages of 7 until hasMore is false").isEqualTo((expected.size() + 6) / 7);
    }

    private JobExecution run(String extract) throws Exception {
        return jobOperator.start(extractJob, new JobParametersBuilder()
                .addString(ExtractJobConfiguration.EXTRACT, extract)
                .addLocalDate(ExtractJobConfiguration.RUN_DATE, RUN_DATE)
                .toJobParameters());
    }

    private static List<String> someUsers() {
        return SIMULATOR.org().truth().users().stream().map(OrgTruth.TruthUser::userid).sorted().limit(10).toList();
    }

    /** The {@code etl.extracts.approval…} lines of the README's example, as printed. */
    private static List<String> readmeApprovalsExample() throws IOException {
        return Files.readAllLines(Path.of("README.md")).stream().filter(line -> line.startsWith("etl.extracts.approval")).toList();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Target {
        @Bean
        DingTalkTargetOverride testSimulatorTarget() {
            return DingTalkTargetOverride.simulator(SIMULATOR.baseUrl(), SIMULATOR.settings().appKey(),
                    SIMULATOR.settings().appSecret(), "test DingTalk simulator");
        }
    }
}
