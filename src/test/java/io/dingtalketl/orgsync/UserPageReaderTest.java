package io.dingtalketl.orgsync;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.warehouse.staging.StagingTables;
import io.dingtalketl.simulator.OrgSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.test.MetaDataInstanceFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dingtalketl.orgsync.ExtractTestBed.RUN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One user partition's pages: its departments' members, page by page, following the walk as it commits. Its
 * restart position is a row of the run's staging written in the chunk's transaction, so a restart resumes at
 * the first page whose listings did not commit: not earlier (they would be staged twice), not later (lost).
 */
class UserPageReaderTest {

    private static final int PARTITIONS = 2;
    private static final int PAGE_SIZE = 5;
    private static final long JOB_EXECUTION = 41;
    private static final Duration FOREVER = Duration.ofMinutes(10);

    private final ExtractTestBed bed = new ExtractTestBed(OrgSpec.of(9, 8, 120));
    private final WaitingMonitor monitor = new WaitingMonitor();
    private final UserListingProcessor processor = new UserListingProcessor(bed.mapper);
    private final ItemWriter<UserPageItem> stage = pages -> {
        for (UserPageItem page : pages) {
            bed.staging.insertListings(RUN, processor.process(page));
        }
    };
    private final ExecutorService partitionThread = Executors.newSingleThreadExecutor();
    private final DepartmentTreeReader walk = bed.treeReader();
    private final ExecutionContext walkContext = new ExecutionContext();

    @AfterEach
    void close() {
        partitionThread.shutdownNow();
        walk.close();
        bed.close();
    }

    @Test
    void aPositionSavedOutsideATransactionIsNotWritten() throws Exception {
        bed.walkToTheEnd(10, monitor);
        UserPageReader reader = reader(0);
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        reader.read();

        reader.update(context);
        assertThat(context.getInt(UserPageReader.DEPT_SEQ)).as("the context has it").isPositive();
        assertThat(bed.staging.userPosition(RUN, 0)).as("staging has not: no chunk is committing").isEmpty();

        bed.inTransaction(() -> reader.update(context));
        assertThat(bed.staging.userPosition(RUN, 0)).contains(new StagingRepository.UserPosition(
                context.getInt(UserPageReader.DEPT_SEQ), context.getLong(UserPageReader.CURSOR)));
    }

    @Test
    void aRestartResumesExactlyAtTheCommittedPosition() throws Exception {
        bed.walkToTheEnd(10, monitor);
        List<Page> uninterrupted = pages(readToTheEnd(reader(0), new ExecutionContext()));
        int committed = firstPageInsideADepartment(uninterrupted, 2); // a position with a cursor, not only a department

        UserPageReader failing = reader(0);
        ExecutionContext saved = new ExecutionContext();
        failing.open(saved);
        bed.chunk(failing, committed, stage, saved);
        assertThat(bed.staging.userPosition(RUN, 0)).contains(new StagingRepository.UserPosition(
                walkSeqOf(uninterrupted.get(committed).deptId()), uninterrupted.get(committed).cursor()));

        UserPageReader restarted = reader(0);
        ExecutionContext noContext = new ExecutionContext(); // say, a context saved a version ago without the position
        List<Page> resumed = pages(readToTheEnd(restarted, noContext));
        assertThat(resumed).isEqualTo(uninterrupted.subList(committed, uninterrupted.size()));
    }

    @Test
    void anExecutionContextAheadOfStagingDoesNotMoveTheRestart() throws Exception {
        bed.walkToTheEnd(10, monitor);
        List<Page> uninterrupted = pages(readToTheEnd(reader(0), new ExecutionContext()));

        UserPageReader failing = reader(0);
        ExecutionContext saved = new ExecutionContext();
        failing.open(saved);
        bed.chunk(failing, 2, stage, saved);
        // the next chunk's commit fails after Spring Batch took its position: the context runs ahead of staging
        bed.failedChunk(failing, 4, stage, saved);
        assertThat(new StagingRepository.UserPosition(saved.getInt(UserPageReader.DEPT_SEQ), saved.getLong(UserPageReader.CURSOR)))
                .as("the context is ahead").isNotEqualTo(bed.staging.userPosition(RUN, 0).orElseThrow());

        UserPageReader restarted = reader(0);
        restarted.open(saved);
        List<UserPageItem> rest = new ArrayList<>();
        for (List<UserPageItem> chunk; !(chunk = bed.chunk(restarted, 3, stage, saved)).isEmpty(); ) {
            rest.addAll(chunk); // a page staged twice would break the listings' primary key
        }
        assertThat(pages(rest)).isEqualTo(uninterrupted.subList(2, uninterrupted.size()));
        assertThat(stagedMemberships()).as("each member of the partition's departments staged once")
                .containsExactlyInAnyOrderElementsOf(truthMemberships(0));
    }

    @Test
    void thePartitionEndsWithItsLastDepartmentOnceTheWalkIsCompleteAndStaysEnded() throws Exception {
        bed.walkToTheEnd(10, monitor);
        UserPageReader reader = reader(1);
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        List<UserPageItem> items = new ArrayList<>();
        for (List<UserPageItem> chunk; !(chunk = bed.chunk(reader, 4, stage, context)).isEmpty(); ) {
            items.addAll(chunk);
        }
        assertThat(reader.read()).as("still at the end").isNull();
        assertThat(items.stream().map(UserPageItem::deptId).distinct().toList())
                .as("each of the partition's departments, in walk order").isEqualTo(partitionDepartments(1));
        assertThat(stagedMemberships()).containsExactlyInAnyOrderElementsOf(truthMemberships(1));
        bed.simulator.resetCallLog();

        UserPageReader restarted = reader(1);
        restarted.open(new ExecutionContext());
        assertThat(restarted.read()).as("a restart of an ended partition").isNull();
        assertThat(bed.simulator.callCount(DingTalkEndpoint.USER_LIST)).isZero();
    }

    @Test
    void aCursorThatDoesNotAdvanceIsRefused() throws Exception {
        WireMockServer dingTalk = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        dingTalk.start();
        try {
            dingTalk.stubFor(get(urlPathEqualTo("/gettoken")).willReturn(okJson(
                    "{\"errcode\":0,\"access_token\":\"tok-1\",\"errmsg\":\"ok\",\"expires_in\":7200}")));
            dingTalk.stubFor(post(urlPathEqualTo(DingTalkEndpoint.USER_LIST.defaultPath())).willReturn(okJson("""
                    {"errcode":0,"errmsg":"ok","request_id":"r1","result":{"has_more":true,"next_cursor":0,
                     "list":[{"userid":"0001","name":"张三","dept_id_list":[1],"active":true}]}}""")));
            bed.inTransaction(() -> {
                bed.staging.insertDepartments(RUN, List.of(new StagedDepartment(1L, 1, null, "总部", "/1", 0,
                        null, null, null, null, Set.of())));
                bed.staging.markExpanded(RUN, List.of(1L));
            });
            URI url = URI.create(dingTalk.baseUrl());
            DingTalkClient client = DingTalkClient.create(DingTalkProperties.defaults(url)
                    .withTarget(url, "key", "secret").withDefaultQps(0), null);
            UserPageReader reader = new UserPageReader(client, bed.staging, monitor, bed.progress, RUN, JOB_EXECUTION, 0, 1, 100);
            reader.open(new ExecutionContext());

            assertThatThrownBy(reader::read).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("department 1 answered next_cursor=0 after cursor=0")
                    .hasMessageContaining("refusing to page in a loop");
        } finally {
            dingTalk.stop();
        }
    }

    @Test
    void aPartitionAheadOfTheWalkWaitsAndIsWokenByTheWalksCommit() throws Exception {
        Future<UserPageItem> firstPage = partitionZeroWaitingForTheWalk();
        assertThat(firstPage).isNotDone();

        bed.chunk(walk, 1, bed.walkWriter(monitor), walkContext); // the root's children: walk_seq 2 is partition 0's

        // the monitor's own wake-up is ten minutes away: a page now means the commit woke the partition
        UserPageItem page = firstPage.get(30, TimeUnit.SECONDS);
        assertThat(page.deptId()).isEqualTo(partitionDepartments(0).get(0));
        assertThat(page.cursor()).isZero();
    }

    @Test
    void aFailedWalkEndsThePartitionsWaitingForIt() throws Exception {
        Future<UserPageItem> firstPage = partitionZeroWaitingForTheWalk();

        StepExecution walkStep = MetaDataInstanceFactory.createStepExecution(
                MetaDataInstanceFactory.createJobExecution(JOB_EXECUTION), "departments", 7L);
        walkStep.setStatus(BatchStatus.FAILED);
        monitor.afterStep(walkStep);

        assertThatThrownBy(() -> firstPage.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DepartmentWalkMonitor.WalkUnfinishedException.class)
                .hasMessageContaining("ended FAILED");
    }

    /**
     * The walk's first chunk committed (the root alone, walk_seq 1: partition 1's), then partition 0 reading on
     * a thread of its own: it has no department yet and waits for the walk.
     */
    private Future<UserPageItem> partitionZeroWaitingForTheWalk() throws Exception {
        walk.open(walkContext);
        bed.chunk(walk, 1, bed.walkWriter(monitor), walkContext);
        UserPageReader reader = reader(0);
        reader.open(new ExecutionContext());
        Future<UserPageItem> firstPage = partitionThread.submit(reader::read);
        assertThat(monitor.waiting.await(30, TimeUnit.SECONDS)).as("partition 0 waits for the walk").isTrue();
        return firstPage;
    }

    private UserPageReader reader(int partition) {
        return new UserPageReader(bed.client, bed.staging, monitor, bed.progress, RUN, JOB_EXECUTION, partition,
                PARTITIONS, PAGE_SIZE);
    }

    private static List<UserPageItem> readToTheEnd(UserPageReader reader, ExecutionContext context) throws Exception {
        reader.open(context);
        List<UserPageItem> items = new ArrayList<>();
        for (UserPageItem item; (item = reader.read()) != null; ) {
            items.add(item);
        }
        return items;
    }

    /** A page as the reader asked for it. */
    private record Page(long deptId, long cursor, int members) {
    }

    private int walkSeqOf(long deptId) {
        return bed.jdbc.queryForObject("SELECT walk_seq FROM " + StagingTables.of(RUN).departments() + " WHERE dept_id = ?",
                Integer.class, deptId);
    }

    private static List<Page> pages(List<UserPageItem> items) {
        return items.stream().map(i -> new Page(i.deptId(), i.cursor(), i.users().size())).toList();
    }

    /** The index of the first page with a cursor (not a department's first page) from the {@code minimum}th on. */
    private static int firstPageInsideADepartment(List<Page> pages, int minimum) {
        for (int i = minimum; i < pages.size(); i++) {
            if (pages.get(i).cursor() > 0) {
                return i;
            }
        }
        throw new IllegalStateException("no department of the test organization has two pages");
    }

    private List<Long> partitionDepartments(int partition) {
        return bed.staging.departmentsOfPartition(RUN, partition, PARTITIONS, 0, Integer.MAX_VALUE).stream()
                .map(StagingRepository.PartitionDepartment::deptId).toList();
    }

    private List<String> stagedMemberships() {
        return bed.jdbc.queryForList("SELECT CONCAT(dept_id, '/', userid) FROM " + StagingTables.of(RUN).listings(), String.class);
    }

    private List<String> truthMemberships(int partition) {
        Set<Long> departments = Set.copyOf(partitionDepartments(partition));
        return bed.simulator.org().truth().memberships().stream().filter(m -> departments.contains(m.deptId()))
                .map(m -> m.deptId() + "/" + m.userid()).collect(Collectors.toList());
    }

    /** The walk monitor, with a wait too long to end by itself, that says when a partition starts waiting. */
    private static final class WaitingMonitor extends DepartmentWalkMonitor {

        final CountDownLatch waiting = new CountDownLatch(1);

        WaitingMonitor() {
            super(FOREVER);
        }

        @Override
        void awaitCommit(long jobExecutionId, long seen) throws JobExecutionException {
            waiting.countDown();
            super.awaitCommit(jobExecutionId, seen);
        }
    }
}
