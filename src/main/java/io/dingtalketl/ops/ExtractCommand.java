package io.dingtalketl.ops;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.dingtalketl.batch.Executions;
import io.dingtalketl.extract.ExtractCallEstimate;
import io.dingtalketl.extract.ExtractJobConfiguration;
import io.dingtalketl.extract.ExtractProperties;
import io.dingtalketl.orgsync.MaxCalls;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * {@code extract name=<extract> [runDate=YYYY-MM-DD]}: one configured extract for one date ({@code runDate}
 * defaults to today in the extract's time zone). A failed run of the same extract and date is restarted at its
 * first page not committed; a completed one is left alone.
 */
@Component
class ExtractCommand {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job extractJob;
    private final ExtractProperties properties;
    private final ExtractCallEstimate estimate;
    private final MeteredQuotaCheck quota;

    ExtractCommand(JobOperator jobOperator, JobRepository jobRepository, Job extractJob, ExtractProperties properties,
                   ExtractCallEstimate estimate, MeteredQuotaCheck quota) {
        this.estimate = estimate;
        this.quota = quota;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.extractJob = extractJob;
        this.properties = properties;
    }

    int extract(List<String> arguments) throws Exception {
        String name = null;
        String runDateText = null;
        MeteredQuotaCheck.QuotaArguments quotaArguments = MeteredQuotaCheck.QuotaArguments.of(arguments);
        for (String arg : quotaArguments.rest()) {
            if (arg.startsWith("name=")) {
                name = arg.substring("name=".length());
            } else if (arg.startsWith(ExtractJobConfiguration.RUN_DATE + "=")) {
                runDateText = arg.substring(ExtractJobConfiguration.RUN_DATE.length() + 1);
            } else {
                return refuse("Unknown argument '" + arg + "'. Usage: extract name=<extract> [runDate=YYYY-MM-DD] [maxCalls=N]"
                        + " [allowOverQuota=true].");
            }
        }
        if (name == null || !properties.extracts().containsKey(name)) {
            return refuse((name == null ? "No extract named (name=<extract>)." : "No extract '" + name + "' is configured.")
                    + " Configured under etl.extracts: " + properties.extracts().keySet() + ".");
        }
        LocalDate runDate;
        try {
            runDate = runDateText == null ? LocalDate.now(properties.extracts().get(name).timeZone()) : LocalDate.parse(runDateText);
        } catch (DateTimeParseException e) {
            return refuse("runDate must be a date like 2026-11-22, was '" + runDateText + "'.");
        }
        JobParameters parameters = new JobParametersBuilder()
                .addString(ExtractJobConfiguration.EXTRACT, name)
                .addLocalDate(ExtractJobConfiguration.RUN_DATE, runDate)
                .toJobParameters();
        JobInstance instance = jobRepository.getJobInstance(extractJob.getName(), parameters);
        JobExecution last = instance == null ? null : Executions.latest(jobRepository, instance);
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            System.out.println("The extract '" + name + "' for " + runDate + " already completed (run " + instance.getInstanceId()
                    + ", execution " + last.getId() + "). Nothing to do.");
            return ExitCodes.ALREADY_COMPLETED;
        }
        long calls = estimate.of(name, properties.extracts().get(name), runDate);
        String refusal = calls == 0 ? null : quota.refusal("the extract '" + name + "' for " + runDate, calls, quotaArguments);
        if (refusal != null) {
            return refuse(refusal);
        }
        JobParametersBuilder capped = new JobParametersBuilder(parameters);
        if (quotaArguments.maxCalls() != null) {
            capped.addLong(MaxCalls.PARAMETER, quotaArguments.maxCalls(), false);
        }
        JobExecution execution = jobOperator.start(extractJob, capped.toJobParameters());
        long rows = execution.getStepExecutions().stream().mapToLong(StepExecution::getWriteCount).sum();
        System.out.println("Extract '" + name + "' for " + runDate + ": " + execution.getStatus() + " (run "
                + execution.getJobInstance().getInstanceId() + ", execution " + execution.getId() + "), " + rows
                + " rows written to raw_" + name + " by this execution.");
        execution.getAllFailureExceptions().forEach(e -> System.err.println(e.getMessage()));
        System.out.println("  " + quota.usageOfRun(execution.getJobInstance().getInstanceId()).describe());
        if (MaxCalls.reached(execution)) {
            System.out.println("Not complete: " + execution.getExitStatus().getExitDescription());
            return ExitCodes.OK;
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            System.err.println("Run the same command again to resume from the first page not committed.");
            return ExitCodes.RUN_FAILED;
        }
        return ExitCodes.OK;
    }

    private static int refuse(String message) {
        System.err.println(message);
        return ExitCodes.CONFIGURATION;
    }
}
