package io.dingtalketl.orgsync;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The steps that follow the walk sleep until it commits, and end when it ends unfinished. The monitor's own
 * wake-up is set ten minutes away here, so a waiter that returns within the test was woken.
 */
class DepartmentWalkMonitorTest {

    private static final long JOB = 3;
    private static final long OTHER_JOB = 4;

    private final DepartmentWalkMonitor monitor = new DepartmentWalkMonitor(Duration.ofMinutes(10));
    private final TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(
            new DriverManagerDataSource("jdbc:h2:mem:monitor-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")));
    private final ExecutorService followers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        followers.shutdownNow();
    }

    @Test
    void aFollowerIsWokenWhenTheWalksChunkCommitsNotBefore() throws Exception {
        long seen = monitor.commits();
        Future<?> follower = followers.submit(() -> await(JOB, seen));

        transactions.executeWithoutResult(status -> {
            monitor.departmentsStaged();
            assertThat(monitor.commits()).as("not committed yet").isEqualTo(seen);
        });

        follower.get(30, TimeUnit.SECONDS);
        assertThat(monitor.commits()).isEqualTo(seen + 1);
    }

    @Test
    void aChunkThatRollsBackWakesNobody() {
        long seen = monitor.commits();
        transactions.executeWithoutResult(status -> {
            monitor.departmentsStaged();
            status.setRollbackOnly();
        });
        assertThat(monitor.commits()).isEqualTo(seen);
    }

    @Test
    void aFollowerThatLookedBeforeTheLastCommitDoesNotWait() throws Exception {
        long seen = monitor.commits();
        transactions.executeWithoutResult(status -> monitor.departmentsStaged());
        monitor.awaitCommit(JOB, seen); // returns at once: the staging table has news
    }

    @Test
    void aFailedWalkEndsItsFollowersAndOnlyThose() throws Exception {
        long seen = monitor.commits();
        Future<?> follower = followers.submit(() -> await(JOB, seen));
        Future<?> otherRun = followers.submit(() -> await(OTHER_JOB, seen));

        monitor.afterStep(walk(JOB, BatchStatus.FAILED));

        assertThatThrownBy(() -> follower.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(DepartmentWalkMonitor.WalkUnfinishedException.class)
                .hasMessageContaining("ended FAILED").hasMessageContaining("resumes on restart");
        otherRun.get(30, TimeUnit.SECONDS); // woken, to look at its own staging, not failed
        assertThatThrownBy(() -> monitor.awaitCommit(JOB, monitor.commits()))
                .as("a follower that starts waiting afterwards").isInstanceOf(DepartmentWalkMonitor.WalkUnfinishedException.class);
    }

    @Test
    void aStoppedWalkStopsItsFollowers() throws Exception {
        long seen = monitor.commits();
        Future<?> follower = followers.submit(() -> await(JOB, seen));

        monitor.afterStep(walk(JOB, BatchStatus.STOPPED));

        assertThatThrownBy(() -> follower.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(JobInterruptedException.class)
                .hasMessageContaining("stopped");
    }

    @Test
    void aCompletedWalkWakesItsFollowersAndARestartedWalkIsFollowedAgain() throws Exception {
        monitor.afterStep(walk(JOB, BatchStatus.FAILED));
        monitor.beforeStep(walk(JOB, BatchStatus.STARTED)); // the walk runs again (a restart in this process)

        long seen = monitor.commits();
        Future<?> follower = followers.submit(() -> await(JOB, seen));
        monitor.afterStep(walk(JOB, BatchStatus.COMPLETED));

        follower.get(30, TimeUnit.SECONDS); // woken to find the walk complete in staging
    }

    private Void await(long job, long seen) throws Exception {
        monitor.awaitCommit(job, seen);
        return null;
    }

    private static StepExecution walk(long jobExecutionId, BatchStatus status) {
        StepExecution step = MetaDataInstanceFactory.createStepExecution(
                MetaDataInstanceFactory.createJobExecution(jobExecutionId), "departments", 10 + jobExecutionId);
        step.setStatus(status);
        return step;
    }
}
