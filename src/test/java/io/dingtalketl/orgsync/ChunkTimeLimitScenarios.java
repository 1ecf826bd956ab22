package io.dingtalketl.orgsync;

import java.time.Duration;
import java.time.LocalDate;

import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User chunks as large as in production (50 pages) commit by time as well: when DingTalk answers slowly,
 * a failure throws away, and the restart fetches again, about a second of each partition's pages, not
 * everything since the partition started. Here every call takes {@link #LATENCY}, so one second holds at
 * most {@code 1 s / LATENCY} pages of a partition, on any machine (a slower one fetches fewer). The
 * failure comes after {@link #PAGES_BEFORE_FAILURE} pages, one short of a chunk's size, so by size alone
 * no partition could have committed any, however the pages were spread over them
 * ({@code H2ChunksBySizeOnlyTest}: then every one of them is fetched again).
 */
@TestPropertySource(properties = {"etl.users.chunk-size=50", "etl.chunks.max-time=1s"})
abstract class ChunkTimeLimitScenarios extends AbstractOrgSyncTest {

    static final Duration LATENCY = Duration.ofMillis(200);
    /** Of the organization's 117 user pages: one short of {@code etl.users.chunk-size}. */
    static final int PAGES_BEFORE_FAILURE = 49;

    @Autowired
    EtlProperties properties;

    @BeforeEach
    void largeOrganizationAnsweringSlowly() {
        answerSlowly(simulator);
    }

    static void answerSlowly(DingTalkSimulator simulator) {
        simulator.replaceOrg(SimulatedOrg.generate(OrgSpec.of(7, 60, 6000)));
        simulator.updateSettings(s -> s.withQpsPerApi(0).withLatency(LATENCY));
    }

    @Test
    void failurePartWayThroughUsersMakesTheRestartFetchAgainAtMostAboutOneSecondOfPagesPerPartition() throws Exception {
        UsersRestart restart = failUserPagesAfterThenRestart(LocalDate.of(2026, 11, 22), PAGES_BEFORE_FAILURE);

        assertThat(restart.failed().getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(restart.restarted().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        warehouse.assertMatches(simulator.org().truth());
        assertThat(restart.answeredBeforeFailure()).hasSize(PAGES_BEFORE_FAILURE);
        assertThat(restart.committedBeforeFailure()).as("chunks committed by time, well before 50 pages").isNotEmpty();
        long pagesPerSecond = properties.chunks().maxTime().toMillis() / LATENCY.toMillis();
        int partitions = properties.users().gridSize();
        System.out.printf("[chunk time] %d user pages answered before the failure, %d committed; the restart fetched %d,"
                        + " %d of them again (at most %d: %d partitions x (%d pages a second + 1))%n",
                restart.answeredBeforeFailure().size(), restart.committedBeforeFailure().size(),
                restart.answeredByRestart().size(), restart.answeredTwice().size(),
                partitions * (pagesPerSecond + 1), partitions, pagesPerSecond);
        assertThat(restart.answeredTwice()).as("pages fetched again")
                .hasSizeLessThanOrEqualTo((int) (partitions * (pagesPerSecond + 1)))
                .doesNotContainAnyElementsOf(restart.committedBeforeFailure());
        assertThat(step(restart.restarted(), "users").getReadCount()).as("the step counts pages, not chunks")
                .isEqualTo(restart.answeredByRestart().size());
    }
}
