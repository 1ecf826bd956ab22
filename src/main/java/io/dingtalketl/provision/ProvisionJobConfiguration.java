package io.dingtalketl.provision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.dingtalketl.batch.RunHeartbeat;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.events.EntityKind;
import io.dingtalketl.events.EventInbox;
import io.dingtalketl.events.InboundEvent;
import io.dingtalketl.events.Transport;
import io.dingtalketl.orgsync.EtlProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@value #JOB_NAME}: applies a stored provisioning plan to DingTalk.
 * <ol>
 *   <li>{@code deletionGuard}: {@link DeletionGuard}.</li>
 *   <li>{@code applyPlan}: chunks of one item — the item's write ({@link ItemApplier}) and its outcome (status, the
 *       id DingTalk gave, errcode and errmsg) commit together right after the call, with an event-inbox entry naming
 *       the entity it changed ({@link Transport#PROVISION}) so that the event sync reads it into the warehouse.</li>
 * </ol>
 * Job parameters: {@value #PLAN_ID} (identifying: one instance per plan; running the plan again after a failure or a
 * kill restarts it, and the reader resumes at the first item still {@link ItemStatus#PLANNED}, so an applied item is
 * never applied again; the look-up before every create covers a write whose outcome was not committed) and
 * {@value #ALLOW_MASS_DELETE} (not identifying: the same plan launched again with it passes the guard).
 */
@Configuration(proxyBeanMethods = false)
public class ProvisionJobConfiguration {

    public static final String JOB_NAME = "provisionJob";
    public static final String PLAN_ID = "planId";
    public static final String ALLOW_MASS_DELETE = "allowMassDelete";

    @Bean
    PlanStore planStore(JdbcTemplate jdbc) {
        return new PlanStore(jdbc);
    }

    @Bean
    Provisioning provisioning(JdbcTemplate jdbc, PlanStore planStore, PlatformTransactionManager transactionManager,
                              ProvisionProperties properties, EtlProperties etl, DingTalkClient client) {
        return new Provisioning(jdbc, planStore, new TransactionTemplate(transactionManager), properties, etl, client);
    }

    @Bean
    HrMasterLoader hrMasterLoader(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new HrMasterLoader(jdbc, new TransactionTemplate(transactionManager));
    }

    @Bean
    Job provisionJob(JobRepository jobRepository, Step deletionGuardStep, Step applyPlanStep, RunHeartbeat runHeartbeat,
                     Provisioning provisioning) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .validator(new DefaultJobParametersValidator(new String[] {PLAN_ID}, new String[] {ALLOW_MASS_DELETE}))
                .listener(runHeartbeat)
                .listener(new PlanStatus(provisioning.plans()))
                .start(deletionGuardStep)
                .next(applyPlanStep)
                .build();
    }

    @Bean
    Step deletionGuardStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, Provisioning provisioning) {
        return new StepBuilder("deletionGuard", jobRepository)
                .tasklet(new DeletionGuard(provisioning), transactionManager)
                .build();
    }

    @Bean
    Step applyPlanStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, PlanItemReader planItemReader,
                       PlanItemWriter planItemWriter) {
        return new StepBuilder("applyPlan", jobRepository)
                .<PlanItem, PlanItem>chunk(1)
                .transactionManager(transactionManager)
                .reader(planItemReader)
                .writer(planItemWriter)
                .build();
    }

    @Bean
    @StepScope
    PlanItemReader planItemReader(PlanStore planStore, @Value("#{jobParameters['" + PLAN_ID + "']}") long planId) {
        return new PlanItemReader(planStore, planId);
    }

    @Bean
    @StepScope
    PlanItemWriter planItemWriter(DingTalkClient client, PlanStore planStore, EventInbox inbox, ProvisionProperties properties,
                                  @Value("#{jobParameters['" + PLAN_ID + "']}") long planId) {
        return new PlanItemWriter(new ItemApplier(client, planStore, properties.rootDeptId()), planStore, inbox, planId);
    }

    /** The plan's items still {@link ItemStatus#PLANNED}, in order; no state to save: the statuses are the state. */
    static class PlanItemReader implements ItemReader<PlanItem> {

        private final PlanStore plans;
        private final long planId;
        private int lastSeq;

        PlanItemReader(PlanStore plans, long planId) {
            this.plans = plans;
            this.planId = planId;
        }

        @Override
        public @Nullable PlanItem read() {
            Optional<PlanItem> next = plans.nextPlanned(planId, lastSeq);
            next.ifPresent(item -> lastSeq = item.seq());
            return next.orElse(null);
        }
    }

    /** Applies each item and records its outcome, and the entity it changed in the event inbox, in the chunk's transaction. */
    static class PlanItemWriter implements ItemWriter<PlanItem> {

        private final ItemApplier applier;
        private final PlanStore plans;
        private final EventInbox inbox;
        private final long planId;

        PlanItemWriter(ItemApplier applier, PlanStore plans, EventInbox inbox, long planId) {
            this.applier = applier;
            this.plans = plans;
            this.inbox = inbox;
            this.planId = planId;
        }

        @Override
        public void write(Chunk<? extends PlanItem> chunk) {
            for (PlanItem item : chunk) {
                ItemApplier.Outcome outcome = applier.apply(planId, item);
                Instant now = Instant.now();
                plans.record(planId, item.seq(), outcome.status(), outcome.dingtalkId(), outcome.errcode(), outcome.errmsg(), now);
                EntityKind warehouseKind = item.kind().warehouseKind();
                if (outcome.status() == ItemStatus.APPLIED && outcome.dingtalkId() != null && warehouseKind != null) {
                    String type = "provision_" + item.kind().name().toLowerCase() + "_" + item.action().name().toLowerCase();
                    inbox.receive(new InboundEvent("provision:" + planId + ":" + item.seq(), type, warehouseKind,
                            List.of(outcome.dingtalkId()), now, "{\"plan\":" + planId + ",\"seq\":" + item.seq() + "}",
                            Transport.PROVISION, null));
                }
            }
        }
    }

    /**
     * The first step: refuses a plan whose department deletions or user deactivations exceed the deletion guard,
     * unless the execution's {@value #ALLOW_MASS_DELETE} is true. The run fails there with nothing written; the same
     * plan launched again with {@value #ALLOW_MASS_DELETE}=true resumes here. Once passed, a restart does not ask again.
     */
    static final class DeletionGuard implements Tasklet {

        private final Provisioning provisioning;

        DeletionGuard(Provisioning provisioning) {
            this.provisioning = provisioning;
        }

        @Override
        public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
            JobParameters parameters = chunkContext.getStepContext().getStepExecution().getJobParameters();
            Long planId = parameters.getLong(PLAN_ID);
            if (!"true".equals(parameters.getString(ALLOW_MASS_DELETE))) {
                Optional<String> refused = provisioning.deletionGuard(planId);
                if (refused.isPresent()) {
                    throw new MassDeletionRefusedException(refused.get());
                }
            }
            return RepeatStatus.FINISHED;
        }
    }

    /**
     * prov_plan.status: APPLYING while a run is on it; APPLIED (or APPLIED_WITH_ERRORS) once every item has an
     * outcome; INTERRUPTED when the run failed or was stopped (the same plan launched again resumes it).
     */
    static final class PlanStatus implements JobExecutionListener {

        private final PlanStore plans;

        PlanStatus(PlanStore plans) {
            this.plans = plans;
        }

        @Override
        public void beforeJob(JobExecution execution) {
            plans.status(planId(execution), PlanStore.APPLYING, null);
        }

        @Override
        public void afterJob(JobExecution execution) {
            long planId = planId(execution);
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                PlanStore.Plan plan = plans.plan(planId).orElseThrow();
                boolean errors = plan.count(ItemStatus.FAILED) + plan.count(ItemStatus.SKIPPED) > 0;
                plans.status(planId, errors ? PlanStore.APPLIED_WITH_ERRORS : PlanStore.APPLIED, Instant.now());
            } else {
                plans.status(planId, PlanStore.INTERRUPTED, null);
            }
        }

        private static long planId(JobExecution execution) {
            return execution.getJobParameters().getLong(PLAN_ID);
        }
    }
}
