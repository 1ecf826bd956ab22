package io.dingtalketl.batch;

import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Reads of the job repository that take no locks. Spring Batch runs {@code JobRepository.getLastJobExecution}
 * at its create isolation (SERIALIZABLE), which on MySQL and MariaDB turns its reads into shared locks: a
 * process that looks at another launch's execution while that launch inserts its rows can deadlock with it,
 * and the victim may be the launch that is doing the work. Anything that only looks reads through here.
 */
public final class Executions {

    private Executions() {
    }

    /** The instance's execution with the highest id, or null when it has none yet. */
    public static @Nullable JobExecution latest(JobRepository jobRepository, JobInstance instance) {
        List<JobExecution> executions = jobRepository.getJobExecutions(instance);
        return executions.stream().max(Comparator.comparingLong(JobExecution::getId)).orElse(null);
    }
}
