package io.dingtalketl.bench;

import io.dingtalketl.orgsync.OrgSyncRunListener;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The org sync with its two independent API phases overlapped: {@code departments}, then
 * {@code departmentDetails} and {@code users} side by side (a Spring Batch split flow), then
 * {@code publish}. Same steps as {@code orgSyncJob}; only the flow differs (see bench/split-flow.patch).
 * Not annotated: registered explicitly by the benchmark, never picked up by component scanning.
 */
class SplitFlowJobConfiguration {

    static final String JOB_NAME = "orgSyncSplitJob";

    @Bean
    Job orgSyncSplitJob(JobRepository jobRepository, Step departmentsStep, Step departmentDetailsStep, Step usersStep,
                        Step publishStep, OrgSyncRunListener orgSyncRunListener) {
        Flow details = new FlowBuilder<Flow>("departmentDetailsFlow").start(departmentDetailsStep).build();
        Flow users = new FlowBuilder<Flow>("usersFlow").start(usersStep).build();
        Flow extract = new FlowBuilder<Flow>("orgSyncSplitFlow")
                .start(departmentsStep)
                .next(new FlowBuilder<Flow>("detailsAndUsers").split(new SimpleAsyncTaskExecutor("split-"))
                        .add(details, users).build())
                .next(publishStep)
                .build();
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(orgSyncRunListener)
                .start(extract)
                .end()
                .build();
    }
}
