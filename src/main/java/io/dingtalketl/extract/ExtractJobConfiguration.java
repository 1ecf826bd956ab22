package io.dingtalketl.extract;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.time.LocalDate;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.orgsync.ApiCallAccounting;
import io.dingtalketl.orgsync.AsOfClock;
import io.dingtalketl.orgsync.FailureLog;
import io.dingtalketl.orgsync.MaxCalls;
import io.dingtalketl.orgsync.RunRecordListener;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.CompositeJobExecutionListener;
import org.springframework.batch.core.listener.JobExecutionListener;
import io.dingtalketl.extract.ExtractProperties.Extract;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code extractJob}: one configured extract for one run date. Identifying parameters {@value #EXTRACT} and
 * {@value #RUN_DATE}, so there is one run per extract and date; running the same pair again after a failure
 * restarts it at the first page not committed.
 *
 * <p>Steps: {@code extractTable} creates {@code raw_<name>} when absent; {@code extractPages} fetches and writes
 * one page per transaction ({@link ExtractPageTasklet}).
 */
@Configuration(proxyBeanMethods = false)
public class ExtractJobConfiguration {

    public static final String JOB_NAME = "extractJob";
    /** Job parameter: the extract's name under {@code etl.extracts}. */
    public static final String EXTRACT = "extract";
    /** Job parameter: the run date, whose day is the date window of the request. */
    public static final String RUN_DATE = "runDate";

    /** {@code etl_sync_run.status} of a completed extract run. */
    static final String LOADED = "LOADED";

    /** The {@code maxCalls} budget of each execution (one per application, like the job). */
    private final MaxCalls maxCalls = new MaxCalls();

    @Bean
    Job extractJob(JobRepository jobRepository, Step extractTableStep, Step extractPagesStep, SyncRunRepository runs,
                   DingTalkClient client, MeteredCallLedger ledger) {
        // the run's bookkeeping is every job's: its row in etl_sync_run, its API calls and metered calls
        CompositeJobExecutionListener bookkeeping = new CompositeJobExecutionListener();
        bookkeeping.setListeners(List.<JobExecutionListener>of(new AsOfClock(runs), new RunRecordListener(runs, client),
                new FailureLog(), new JobExecutionListener() {
                    @Override
                    public void afterJob(JobExecution execution) {
                        maxCalls.finished(execution);
                        if (execution.getStatus() == BatchStatus.COMPLETED) {
                            runs.completed(execution.getJobInstance().getInstanceId(), execution.getId(), LOADED, Instant.now());
                        }
                    }
                }, new ApiCallAccounting(runs, client, ledger)));
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(bookkeeping)
                .start(extractTableStep)
                .next(extractPagesStep)
                .build();
    }

    @Bean
    Step extractTableStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
        return new StepBuilder("extractTable", jobRepository)
                .tasklet((contribution, chunk) -> {
                    String name = contribution.getStepExecution().getJobParameters().getString(EXTRACT);
                    new RawTable(jdbc, name).createIfAbsent();
                    return null;
                }, transactionManager)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    Step extractPagesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          ExtractPageTasklet extractPageTasklet) {
        return new StepBuilder("extractPages", jobRepository)
                .tasklet(extractPageTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    ExtractPageTasklet extractPageTasklet(@Value("#{jobParameters['" + EXTRACT + "']}") String name,
                                          @Value("#{jobParameters['" + RUN_DATE + "']}") LocalDate runDate,
                                          @Value("#{stepExecution}") StepExecution stepExecution,
                                          ExtractProperties properties, DingTalkClient client, JdbcTemplate jdbc,
                                          JobRepository jobRepository) {
        Extract extract = properties.extracts().get(name);
        if (extract == null) {
            throw new IllegalArgumentException("No extract '" + name + "' is configured; configured: "
                    + properties.extracts().keySet() + ". Define it under etl.extracts." + name + ".");
        }
        if (extract.forEach() != null && extract.pagination().type() != ExtractProperties.Type.NONE) {
            throw new IllegalArgumentException("etl.extracts." + name + ": a for-each extract makes one call per item, so its"
                    + " pagination.type must be none.");
        }
        ForEachItems forEach = new ForEachItems(jobRepository, jdbc);
        return new ExtractPageTasklet(name, extract, runDate, stepExecution.getJobExecution().getJobInstance().getInstanceId(),
                client, new RawTable(jdbc, name), Clock.systemUTC(),
                () -> forEach.of(name, extract.forEach(), runDate), maxCalls);
    }
}
