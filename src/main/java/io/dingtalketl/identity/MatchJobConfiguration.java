package io.dingtalketl.identity;

import io.dingtalketl.batch.RunHeartbeat;
import io.dingtalketl.orgsync.EtlProperties;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@value #JOB_NAME}: links the accounts of other systems ({@code src_account}) to the current DingTalk users
 * ({@code dim_user}) by the rules of {@code etl.match.rules}, keeping the links with history in
 * {@code map_account_user} and reporting each run in {@code etl_match_run}, {@code etl_match_rule_count} and
 * {@code etl_match_finding}. One step, {@code match} ({@link MatchTasklet}), in one transaction: a killed or failed
 * run leaves every table as it was, and its restart (or any later run) computes the same result — re-running is
 * idempotent, and a run after an unchanged one changes nothing. Job parameter {@value #REQUESTED} (identifying:
 * when the run was asked for, epoch milliseconds) makes each run its own instance; a failed one restarts as itself.
 */
@Configuration(proxyBeanMethods = false)
public class MatchJobConfiguration {

    public static final String JOB_NAME = "matchJob";
    public static final String REQUESTED = "requested";

    @Bean
    Job matchJob(JobRepository jobRepository, Step matchStep, RunHeartbeat runHeartbeat) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .validator(new DefaultJobParametersValidator(new String[] {REQUESTED}, new String[0]))
                .listener(runHeartbeat)
                .start(matchStep)
                .build();
    }

    @Bean
    Step matchStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
                   MatchRuns matchRuns, MatchProperties properties, EtlProperties etl) {
        MatchTasklet tasklet = new MatchTasklet(new AccountLinks(jdbc), matchRuns, properties.ruleOrder(), new MatchKeys(etl.pii()));
        return new StepBuilder("match", jobRepository)
                .tasklet(tasklet, transactionManager)
                .build();
    }

    @Bean
    MatchRuns matchRuns(JdbcTemplate jdbc, MatchProperties properties) {
        return new MatchRuns(jdbc, properties.keepFindingsOfRuns());
    }

    @Bean
    AccountFileLoader accountFileLoader(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new AccountFileLoader(jdbc, new TransactionTemplate(transactionManager));
    }
}
