package io.dingtalketl.orgsync;

import java.time.LocalDate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control of {@link ChunkTimeLimitScenarios}: the same failure with chunks ended by size alone (the
 * time limit an hour) commits no user page, so the restart fetches every page again.
 */
@TestPropertySource(properties = {AbstractOrgSyncTest.H2, "etl.users.chunk-size=50", "etl.chunks.max-time=1h"})
class H2ChunksBySizeOnlyTest extends AbstractOrgSyncTest {

    @BeforeEach
    void largeOrganizationAnsweringSlowly() {
        ChunkTimeLimitScenarios.answerSlowly(simulator);
    }

    @Test
    void failurePartWayThroughUsersMakesTheRestartFetchAgainEveryPageAnswered() throws Exception {
        UsersRestart restart = failUserPagesAfterThenRestart(LocalDate.of(2026, 11, 22),
                ChunkTimeLimitScenarios.PAGES_BEFORE_FAILURE);

        assertThat(restart.restarted().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        warehouse.assertMatches(simulator.org().truth());
        assertThat(restart.committedBeforeFailure()).isEmpty();
        assertThat(restart.answeredTwice()).isEqualTo(restart.answeredBeforeFailure()).hasSize(ChunkTimeLimitScenarios.PAGES_BEFORE_FAILURE);
    }
}
