package io.dingtalketl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.Fault;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.simulator.SimulatedOrg;
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
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Configured extracts against the DingTalk simulator's paged {@code v2/user/list} (cursor paging), on a real
 * database; subclasses choose it. Department 1's members are the items, three to a page.
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
        "etl.extracts.users.path=/topapi/v2/user/list",
        "etl.extracts.users.body={\"dept_id\": 1, \"cursor\": 0}",
        "etl.extracts.users.pagination.type=cursor",
        "etl.extracts.users.items-path=result.list",
        "etl.extracts.users.item-key-path=userid",
        "etl.extracts.users.page-size=3",
        "etl.extracts.users_misplaced.path=/topapi/v2/user/list",
        "etl.extracts.users_misplaced.body={\"dept_id\": 1, \"cursor\": 0}",
        "etl.extracts.users_misplaced.pagination.type=cursor",
        "etl.extracts.users_misplaced.items-path=result.users",
        "etl.extracts.users_misplaced.page-size=3",
        "etl.extracts.user_details.path=/topapi/v2/user/get",
        "etl.extracts.user_details.body={\"userid\": \"${item}\"}",
        "etl.extracts.user_details.for-each=users",
        "etl.extracts.user_details.items-path=result"})
@Import(ExtractSimulatorConfiguration.class)
abstract class AbstractExtractTest {

    static final String H2 = "spring.datasource.url=jdbc:h2:mem:extract-${random.uuid};MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
            + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
    static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 30);
    static final int PAGE_SIZE = 3;

    @Autowired
    JobOperator jobOperator;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    Job extractJob;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DingTalkSimulator simulator;
    @Autowired
    DingTalkClient client;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void freshOrganizationAndNoRawTables() {
        simulator.replaceOrg(SimulatedOrg.generate(OrgSpec.of(7, 10, 40)));
        for (int i = 0; i < 11; i++) {
            simulator.org().addUser("新员工" + i, 1);
        }
        simulator.clearFaults();
        simulator.resetCallLog();
        new JobRepositoryTestUtils(jobRepository).removeJobExecutions();
        jdbc.execute("DROP TABLE IF EXISTS raw_users");
        jdbc.execute("DROP TABLE IF EXISTS raw_users_misplaced");
        jdbc.execute("DROP TABLE IF EXISTS raw_user_details");
    }

    @Test
    void everyItemOfEveryPageLandsAsOneRow() throws Exception {
        List<String> members = membersOfRoot();
        var before = client.metrics().snapshot();

        JobExecution run = run("users");

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        int pages = (members.size() + PAGE_SIZE - 1) / PAGE_SIZE;
        assertThat(client.metrics().snapshot().callsSince(before))
                .as("the extract's calls are counted under the generic endpoint, not under the API they reached")
                .containsEntry(DingTalkEndpoint.GENERIC, (long) pages)
                .doesNotContainKey(DingTalkEndpoint.USER_LIST);
        assertThat(keys("users")).containsExactlyElementsOf(members);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM raw_users ORDER BY id");
        OrgTruth truth = simulator.org().truth();
        for (Map<String, Object> row : rows) {
            JsonNode item = json.readTree((String) row.get("json"));
            String userid = (String) row.get("item_key");
            assertThat(item.get("userid").asString()).isEqualTo(userid);
            assertThat(item.get("name").asString()).isEqualTo(truth.user(userid).orElseThrow().name());
            assertThat(row.get("extract")).isEqualTo("users");
            assertThat(((Number) row.get("run_id")).longValue()).isEqualTo(run.getJobInstance().getInstanceId());
        }
        assertThat(simulator.callCount(DingTalkEndpoint.USER_LIST)).isEqualTo(pages);
    }

    @Test
    void aRunFailedMidwayRestartsAtTheFirstPageNotCommittedAndNeitherDuplicatesNorLosesRows() throws Exception {
        List<String> members = membersOfRoot();
        simulator.failAfter(DingTalkEndpoint.USER_LIST, 2, Fault.SYSTEM_BUSY);

        JobExecution failed = run("users");

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(failed)).contains("Extract 'users' page 3 (cursor 6)");
        assertThat(keys("users")).containsExactlyElementsOf(members.subList(0, 2 * PAGE_SIZE));

        simulator.clearFaults();
        simulator.resetCallLog();
        JobExecution restarted = run("users");

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(keys("users")).containsExactlyElementsOf(members);
        int pagesLeft = (members.size() + PAGE_SIZE - 1) / PAGE_SIZE - 2;
        assertThat(simulator.callCount(DingTalkEndpoint.USER_LIST)).isEqualTo(pagesLeft);
    }

    @Test
    void anItemsPathThatMatchesNothingFailsNamingTheExtractAndPageAndWritesNothing() throws Exception {
        JobExecution run = run("users_misplaced");

        assertThat(run.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(run)).contains("Extract 'users_misplaced' page 1 (first page): the items path 'result.users' matches nothing");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM raw_users_misplaced", Integer.class)).isZero();
    }

    @Test
    void anItemOverTwoMegabytesFailsTheRunAndNothingOfItsPageIsWritten() throws Exception {
        List<String> members = membersOfRoot();
        simulator.org().updateUser(members.get(4), Map.of("remark", "备".repeat(800_000)));   // 2.4 MB of UTF-8

        JobExecution run = run("users");

        assertThat(run.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(run)).contains("Extract 'users' page 2 (cursor 3): item 2 is ")
                .contains("over the limit of 2097152 (2 MB)");
        assertThat(keys("users")).containsExactlyElementsOf(members.subList(0, PAGE_SIZE));
    }

    @Test
    void aForEachExtractCallsItsApiOncePerItemOfItsSourceAndLandsEachAnswerObject() throws Exception {
        List<String> members = membersOfRoot();
        run("users");
        simulator.resetCallLog();

        JobExecution details = run("user_details");

        assertThat(details.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(keys("user_details")).containsExactlyElementsOf(members);
        OrgTruth truth = simulator.org().truth();
        for (Map<String, Object> row : jdbc.queryForList("SELECT item_key, json FROM raw_user_details ORDER BY id")) {
            JsonNode user = json.readTree((String) row.get("json"));
            assertThat(user.get("userid").asString()).as("keyed by the value it was fetched for").isEqualTo(row.get("item_key"));
            assertThat(user.get("name").asString()).isEqualTo(truth.user((String) row.get("item_key")).orElseThrow().name());
        }
        assertThat(simulator.callCount(DingTalkEndpoint.USER_GET)).isEqualTo(members.size());
    }

    @Test
    void aForEachExtractRestartsAtTheFirstItemNotCommitted() throws Exception {
        List<String> members = membersOfRoot();
        run("users");
        simulator.resetCallLog();
        simulator.failAfter(DingTalkEndpoint.USER_GET, 4, Fault.SYSTEM_BUSY);

        JobExecution failed = run("user_details");

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(failed)).contains("Extract 'user_details' page 5 (item " + members.get(4) + ")");
        assertThat(keys("user_details")).containsExactlyElementsOf(members.subList(0, 4));

        simulator.clearFaults();
        simulator.resetCallLog();
        JobExecution restarted = run("user_details");

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(keys("user_details")).containsExactlyElementsOf(members);
        assertThat(simulator.callCount(DingTalkEndpoint.USER_GET)).isEqualTo(members.size() - 4);
    }

    @Test
    void aForEachExtractWhoseSourceHasNotRunForTheDateSaysWhatToRunFirst() throws Exception {
        JobExecution details = run("user_details");

        assertThat(details.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(details)).contains("Extract 'user_details' calls its API for each item of extract 'users', whose run"
                + " for 2026-11-30 has not completed: run `extract name=users runDate=2026-11-30` first.");
    }

    @Test
    void oneRunPerExtractAndDate() throws Exception {
        run("users");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("users"))
                .hasMessageContaining("already");
    }

    JobExecution run(String extract) throws Exception {
        return jobOperator.start(extractJob, new JobParametersBuilder()
                .addString(ExtractJobConfiguration.EXTRACT, extract)
                .addLocalDate(ExtractJobConfiguration.RUN_DATE, RUN_DATE)
                .toJobParameters());
    }

    /** Department 1's members in the order the simulator pages them (fetched outside the call log). */
    List<String> membersOfRoot() {
        List<String> userids = client.listUsers(1, 0, 100).orElseThrow().users().stream().map(u -> u.userid()).toList();
        assertThat(userids).hasSizeGreaterThan(3 * PAGE_SIZE).hasSizeLessThan(100)
                .containsExactlyInAnyOrderElementsOf(simulator.org().truth().membersOf(1).stream()
                        .map(OrgTruth.TruthMembership::userid).toList());
        simulator.resetCallLog();
        return userids;
    }

    List<String> keys(String extract) {
        return jdbc.queryForList("SELECT item_key FROM raw_" + extract + " ORDER BY id", String.class);
    }

    static String failure(JobExecution execution) {
        List<String> messages = new ArrayList<>();
        execution.getAllFailureExceptions().forEach(e -> messages.add(e.getMessage()));
        return String.join("\n", messages);
    }
}
