package io.dingtalketl.bench;

import io.dingtalketl.orgsync.OrgSyncProgress;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.CompositeJobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;

/**
 * The org sync's steps one after the other (departments → details → users → publish), the shape whose
 * bound is the SUM of the APIs' times, to measure beside {@code orgSyncJob}, which runs the three extract
 * steps side by side. The steps that follow the walk find it complete when they start and do not wait.
 * Not annotated: registered explicitly by the benchmark, never picked up by component scanning.
 */
class SequentialJobConfiguration {

    static final String JOB_NAME = "orgSyncSequentialJob";

    @Bean
    Job orgSyncSequentialJob(JobRepository jobRepository, Step departmentsStep, Step departmentDetailsStep, Step usersStep,
                             Step publishStep, CompositeJobExecutionListener orgSyncRunListeners, OrgSyncProgress orgSyncProgress) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(orgSyncRunListeners)
                .listener(orgSyncProgress)
                .start(departmentsStep)
                .next(departmentDetailsStep)
                .next(usersStep)
                .next(publishStep)
                .build();
    }
}
