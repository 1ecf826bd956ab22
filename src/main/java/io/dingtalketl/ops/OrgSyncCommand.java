package io.dingtalketl.ops;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.OrgSyncJobConfiguration;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The etl command line ({@link #USAGE}). Its default command is what a scheduler runs:
 * {@code java -jar dingtalk-etl.jar [runDate=YYYY-MM-DD] [allowMassDelete=true] [dryRun=true] [--force] [--recover]}.
 *
 * <ul>
 *   <li>No run for the date yet: starts one ({@code runDate} defaults to today in {@code etl.org.time-zone}).</li>
 *   <li>The date's run failed or was stopped: the same command restarts it from its last committed chunk.</li>
 *   <li>The date's run completed: says so and exits {@value ExitCodes#ALREADY_COMPLETED};
 *       {@code --force} starts a new run for the date ({@code rerun=N}).</li>
 *   <li>The date's run is still marked running (a killed process leaves it so): exits
 *       {@value ExitCodes#STILL_RUNNING}; {@code --recover} marks it failed and resumes it.</li>
 * </ul>
 */
@Component
@ConditionalOnProperty(name = "etl.launcher.enabled", havingValue = "true", matchIfMissing = true)
class OrgSyncCommand implements ApplicationRunner, ExitCodeGenerator {

    private static final Set<String> PARAMETERS = Set.of(OrgSyncJobConfiguration.RUN_DATE, OrgSyncJobConfiguration.ALLOW_MASS_DELETE,
            OrgSyncJobConfiguration.DRY_RUN);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job orgSyncJob;
    private final SyncRunRepository runs;
    private final EtlProperties properties;
    private final RunSummary summary;
    private final JobOperations operations;
    private int exitCode = ExitCodes.OK;

    OrgSyncCommand(JobOperator jobOperator, JobRepository jobRepository, Job orgSyncJob, SyncRunRepository runs,
                   EtlProperties properties, RunSummary summary, JobOperations operations) {
        this.operations = operations;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.orgSyncJob = orgSyncJob;
        this.runs = runs;
        this.properties = properties;
        this.summary = summary;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        List<String> words = args.getNonOptionArgs();
        String command = words.isEmpty() || words.get(0).contains("=") ? "run" : words.get(0);
        List<String> rest = words.isEmpty() || words.get(0).contains("=") ? words : words.subList(1, words.size());
        try {
            dispatch(command, rest, args);
        } catch (JobExecutionException | IllegalArgumentException | IllegalStateException refused) {
            // Spring Batch refusing an operation (already running, not restartable, ...) or a bad argument
            fail(ExitCodes.CONFIGURATION, refused.getMessage());
        }
    }

    private void dispatch(String command, List<String> rest, ApplicationArguments args) throws Exception {
        switch (command) {
            case "run" -> runOrgSync(rest, args);
            case "list" -> operations.list(rest.isEmpty() ? 10 : Integer.parseInt(rest.get(0)));
            case "restart" -> exitCode = operations.restartLatestFailed();
            case "stop" -> exitCode = operations.stop(executionId(rest));
            case "abandon" -> exitCode = operations.abandon(executionId(rest));
            case "help" -> System.out.println(USAGE);
            default -> fail(ExitCodes.CONFIGURATION, "Unknown command '" + command + "'.\n" + USAGE);
        }
    }

    static final String USAGE = """
            Usage: java -jar dingtalk-etl.jar [command] [arguments] [--options]
              run [runDate=YYYY-MM-DD] [allowMassDelete=true] [dryRun=true] [--force] [--recover] [--no-restart]
                                  sync the organization (the default command); the same command again
                                  restarts a failed run from its last committed chunk
              list [N]            the N most recent executions (default 10) with status, steps and counts
              restart             restart the most recent failed or stopped execution
              stop <executionId>  ask a running execution to stop at its next chunk boundary
              abandon <executionId>  mark a failed or stopped execution as never to be restarted
            Exit codes: 0 done, 1 run failed, 2 bad configuration or arguments, 3 already completed, 4 still running.""";

    private long executionId(List<String> rest) {
        if (rest.isEmpty() || !rest.get(0).matches("\\d+")) {
            throw new IllegalArgumentException("Give the execution id (see the 'list' command).");
        }
        return Long.parseLong(rest.get(0));
    }

    private void runOrgSync(List<String> arguments, ApplicationArguments args) throws Exception {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : arguments) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            if (eq < 0 || !PARAMETERS.contains(key)) {
                fail(ExitCodes.CONFIGURATION, "Unknown argument '" + arg + "'. Job parameters: runDate=YYYY-MM-DD, "
                        + "allowMassDelete=true, dryRun=true; options: --force, --recover, --no-restart.");
                return;
            }
            given.put(key, arg.substring(eq + 1));
        }
        LocalDate runDate;
        try {
            runDate = given.containsKey(OrgSyncJobConfiguration.RUN_DATE)
                    ? LocalDate.parse(given.get(OrgSyncJobConfiguration.RUN_DATE))
                    : LocalDate.now(properties.org().timeZone());
        } catch (DateTimeParseException e) {
            fail(ExitCodes.CONFIGURATION, "runDate must be a date like 2026-11-22, was '" + given.get(OrgSyncJobConfiguration.RUN_DATE) + "'.");
            return;
        }
        boolean allowMassDelete = Boolean.parseBoolean(given.getOrDefault(OrgSyncJobConfiguration.ALLOW_MASS_DELETE, "false"));
        boolean dryRun = Boolean.parseBoolean(given.getOrDefault(OrgSyncJobConfiguration.DRY_RUN, "false"));

        int rerun = latestRerun(runDate, dryRun);
        if (args.containsOption("force")) {
            rerun = rerun + 1;
        } else if (rerun >= 0) {
            JobInstance instance = jobRepository.getJobInstance(orgSyncJob.getName(), identifying(runDate, rerun, dryRun));
            JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
            if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                System.out.println("The org sync for " + runDate + " already completed (run " + instance.getInstanceId()
                        + ", execution " + last.getId() + ", finished " + last.getEndTime() + "). Nothing to do."
                        + " To run it again, add --force.");
                exitCode = ExitCodes.ALREADY_COMPLETED;
                return;
            }
            if (last != null && !last.isRunning() && args.containsOption("no-restart")) {
                System.out.println("The org sync for " + runDate + " ended " + last.getStatus() + " (execution " + last.getId()
                        + "); not restarting it (--no-restart). Run without --no-restart to resume it from its last committed chunk.");
                exitCode = ExitCodes.RUN_FAILED;
                return;
            }
            if (last != null && last.isRunning()) {
                if (!args.containsOption("recover")) {
                    System.out.println("The org sync for " + runDate + " is marked running (execution " + last.getId()
                            + ", started " + last.getStartTime() + ", last updated " + last.getLastUpdated() + ")."
                            + " If no other process is running it (the previous one was killed), run the same command"
                            + " with --recover: it marks that execution failed and resumes the run from its last committed chunk.");
                    exitCode = ExitCodes.STILL_RUNNING;
                    return;
                }
                jobOperator.recover(last);
                System.out.println("Marked execution " + last.getId() + " as failed; resuming.");
            }
        } else {
            rerun = 0;
        }

        JobParametersBuilder parameters = new JobParametersBuilder(identifying(runDate, rerun, dryRun));
        if (allowMassDelete) {
            parameters.addString(OrgSyncJobConfiguration.ALLOW_MASS_DELETE, "true", false);
        }
        LocalDateTime started = LocalDateTime.now();
        JobExecution execution = jobOperator.start(orgSyncJob, parameters.toJobParameters());
        System.out.println(summary.render(execution, Duration.between(started, LocalDateTime.now())));
        exitCode = execution.getStatus() == BatchStatus.COMPLETED ? ExitCodes.OK : ExitCodes.RUN_FAILED;
    }

    /** The highest {@code rerun} with a job instance for the date, or -1 when the date never ran. */
    private int latestRerun(LocalDate runDate, boolean dryRun) {
        int latest = -1;
        for (int rerun = 0; jobRepository.getJobInstance(orgSyncJob.getName(), identifying(runDate, rerun, dryRun)) != null; rerun++) {
            latest = rerun;
        }
        return latest;
    }

    /** A dry run is its own job instance, so it never stands in the way of the date's real run. */
    static JobParameters identifying(LocalDate runDate, int rerun, boolean dryRun) {
        JobParametersBuilder builder = new JobParametersBuilder().addLocalDate(OrgSyncJobConfiguration.RUN_DATE, runDate);
        if (rerun > 0) {
            builder.addLong(OrgSyncJobConfiguration.RERUN, (long) rerun);
        }
        if (dryRun) {
            builder.addString(OrgSyncJobConfiguration.DRY_RUN, "true");
        }
        return builder.toJobParameters();
    }

    private void fail(int code, String message) {
        System.err.println(message);
        exitCode = code;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

}
