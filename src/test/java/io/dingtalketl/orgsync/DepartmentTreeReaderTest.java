package io.dingtalketl.orgsync;

import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.CallRecord;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.OrgTruth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static io.dingtalketl.orgsync.ExtractTestBed.RUN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breadth-first department walk: every department once, in walk order, one {@code listsub} call each;
 * and a restart that resumes after the walk's last committed page, whatever the ExecutionContext says.
 */
class DepartmentTreeReaderTest {

    private final ExtractTestBed bed = new ExtractTestBed(OrgSpec.of(5, 30, 60));
    private final DepartmentWalkMonitor monitor = new DepartmentWalkMonitor();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void theWalkFindsEveryDepartmentOnceBreadthFirstAndThenEnds() throws Exception {
        List<DepartmentPage> pages = walkUninterrupted();

        OrgTruth truth = bed.simulator.org().truth();
        List<StagedDepartment> found = pages.stream().flatMap(p -> p.departments().stream()).toList();
        assertThat(found).extracting(StagedDepartment::deptId).as("every department, once")
                .containsExactlyInAnyOrderElementsOf(truth.departments().stream().map(OrgTruth.TruthDepartment::deptId).toList());
        assertThat(found).extracting(StagedDepartment::walkSeq).as("numbered in discovery order")
                .containsExactlyElementsOf(range(1, found.size()));
        assertThat(found).extracting(StagedDepartment::depth).as("breadth-first").isSorted();
        assertThat(pages.get(0).parentDeptId()).as("the first page holds the roots").isNull();
        assertThat(pages.subList(1, pages.size())).extracting(DepartmentPage::parentWalkSeq).as("departments expanded in walk order")
                .containsExactlyElementsOf(range(1, found.size()));
        for (DepartmentPage page : pages.subList(1, pages.size())) {
            assertThat(page.departments()).allMatch(d -> page.parentDeptId().equals(d.parentDeptId()), "children of the page's department");
        }
        assertThat(listsubCalls()).as("listsub asked once per department, look-ahead included")
                .hasSize(found.size()).containsExactlyInAnyOrderElementsOf(found.stream().map(StagedDepartment::deptId).toList());
    }

    @Test
    void aWalkCommittedToTheEndIsCompleteAndAReopenedReaderHasNothingLeft() throws Exception {
        bed.walkToTheEnd(4, monitor);
        assertThat(bed.staging.walkComplete(RUN)).isTrue();
        bed.simulator.resetCallLog();

        DepartmentTreeReader reopened = bed.treeReader();
        reopened.open(new ExecutionContext());
        try {
            assertThat(reopened.read()).isNull();
        } finally {
            reopened.close();
        }
        assertThat(bed.simulator.calls()).as("no DingTalk call").isEmpty();
    }

    @Test
    void aRestartResumesAfterTheLastCommittedPageEvenWhenTheExecutionContextIsAhead() throws Exception {
        List<DepartmentPage> uninterrupted = walkUninterrupted();
        bed.simulator.resetCallLog();

        DepartmentTreeReader failing = bed.treeReader();
        ExecutionContext saved = new ExecutionContext();
        failing.open(saved);
        bed.chunk(failing, 4, bed.walkWriter(monitor), saved);
        bed.chunk(failing, 4, bed.walkWriter(monitor), saved);
        // the third chunk's commit fails after Spring Batch took its position: the context runs ahead of staging
        bed.failedChunk(failing, 4, bed.walkWriter(monitor), saved);
        failing.close();
        StagingRepository.WalkPosition committed = bed.staging.walkPosition(RUN);
        assertThat(saved.getInt(DepartmentTreeReader.EXPANDED_SEQ)).as("the context is ahead").isGreaterThan(committed.expandedSeq());
        assertThat(committed.expandedSeq()).as("8 pages committed: the roots' and 7 departments'").isEqualTo(7);
        bed.simulator.resetCallLog();

        DepartmentTreeReader restarted = bed.treeReader();
        restarted.open(saved);
        List<DepartmentPage> resumed = readAll(restarted);

        assertThat(resumed).as("the pages after the 8 committed ones, numbered as before").isEqualTo(uninterrupted.subList(8, uninterrupted.size()));
        // (the failed reader's look-ahead calls may still arrive: they are for departments it had not expanded)
        assertThat(listsubCalls()).as("listsub for every department not expanded in what was committed")
                .containsAll(resumed.stream().map(DepartmentPage::parentDeptId).toList())
                .as("and for none expanded in it")
                .doesNotContainAnyElementsOf(uninterrupted.subList(1, 8).stream().map(DepartmentPage::parentDeptId).toList());
    }

    private List<DepartmentPage> walkUninterrupted() throws Exception {
        DepartmentTreeReader reader = bed.treeReader();
        reader.open(new ExecutionContext());
        List<DepartmentPage> pages = readAll(reader);
        assertThat(reader.read()).as("still at the end").isNull();
        reader.close();
        return pages;
    }

    private static List<DepartmentPage> readAll(DepartmentTreeReader reader) throws Exception {
        List<DepartmentPage> pages = new ArrayList<>();
        for (DepartmentPage page; (page = reader.read()) != null; ) {
            pages.add(page);
        }
        return pages;
    }

    private List<Long> listsubCalls() {
        return bed.simulator.calls().stream().filter(c -> c.endpoint() == DingTalkEndpoint.DEPARTMENT_LISTSUB)
                .map(CallRecord::params).map(p -> Long.valueOf(p.replaceAll(".*dept_id=(\\d+).*", "$1"))).toList();
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
