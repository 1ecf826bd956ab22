package io.dingtalketl.ops;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dingtalketl.batch.Executions;
import io.dingtalketl.batch.RunLiveness;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.Failures;
import io.dingtalketl.orgsync.OrgSyncJobConfiguration;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * The etl command line ({@link CommandLineUsage}). Its default command is what a scheduler runs:
 * {@code java -jar dingtalk-etl.jar [runDate=YYYY-MM-DD] [allowMassDelete=true] [dryRun=true] [--force] [--recover]}.
 *
 * <ul>
 *   <li>No run for the date yet: starts one ({@code runDate} defaults to today in {@code etl.org.time-zone}).</li>
 *   <li>The date's run failed or was stopped: the same command restarts it from its last committed chunk.</li>
 *   <li>The date's run completed: says so and exits {@value ExitCodes#ALREADY_COMPLETED};
 *       {@code --force} starts a new run for the date ({@code rerun=N}).</li>
 *   <li>The date's run is in progress in a live process (its heartbeat is fresh): says where and how far,
 *       exits {@value ExitCodes#IN_PROGRESS}, starts nothing; {@code --recover} does not change that.</li>
 *   <li>The date's run is still marked running but its process is gone (killed): exits
 *       {@value ExitCodes#STILL_RUNNING}; {@code --recover} marks it failed and resumes it.</li>
 *   <li>The date's run was left UNKNOWN by a database failure: the same command marks it failed and resumes it.</li>
 * </ul>
 */
@Component
@Conditional(LauncherProperties.Enabled.class)
class OrgSyncCommand implements ApplicationRunner, ExitCodeGenerator {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Set<String> PARAMETERS = Set.of(OrgSyncJobConfiguration.RUN_DATE, OrgSyncJobConfiguration.ALLOW_MASS_DELETE,
            OrgSyncJobConfiguration.DRY_RUN);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job orgSyncJob;
    private final SyncRunRepository runs;
    private final EtlProperties properties;
    private final RunSummary summary;
    private final JobOperations operations;
    private final RunLiveness liveness;
    private final EventCommands events;
    private final ExtractCommand extracts;
    private final AttendanceCommand attendance;
    private int exitCode = ExitCodes.OK;

    OrgSyncCommand(JobOperator jobOperator, JobRepository jobRepository, Job orgSyncJob, SyncRunRepository runs,
                   EtlProperties properties, RunSummary summary, JobOperations operations, RunLiveness liveness,
                   EventCommands events, AttendanceCommand attendance, ExtractCommand extracts) {
        this.events = events;
        this.attendance = attendance;
        this.extracts = extracts;
        this.operations = operations;
        this.liveness = liveness;
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
        } catch (DataAccessException | TransactionException databaseLost) {
            fail(ExitCodes.RUN_FAILED, "The database did not answer: " + Failures.describe(databaseLost) + ". Every chunk"
                    + " committed before is kept; run the same command again once the database answers to resume from there.");
        }
    }

    private void dispatch(String command, List<String> rest, ApplicationArguments args) throws Exception {
        switch (command) {
            case "run" -> runOrgSync(rest, args);
            case "list" -> operations.list(rest);
            case "restart" -> exitCode = operations.restartLatestFailed();
            case "stop" -> exitCode = operations.stop(executionId(rest));
            case "abandon" -> exitCode = operations.abandon(executionId(rest));
            case "help" -> System.out.println(CommandLineUsage.TEXT);
            case "eventSync" -> exitCode = events.eventSync(rest);
            case "extract" -> exitCode = extracts.extract(rest);
            case "serve" -> exitCode = events.serve();
            case "attendance" -> exitCode = attendance.run(rest, args.containsOption("force"));
            default -> fail(ExitCodes.CONFIGURATION, "Unknown command '" + command + "'.\n" + CommandLineUsage.TEXT);
        }
    }



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
            JobExecution last = instance == null ? null : Executions.latest(jobRepository, instance);
            if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                System.out.println("The org sync for " + runDate + " already completed (run " + instance.getInstanceId()
                        + ", execution " + last.getId() + ", finished " + last.getEndTime() + "). Nothing to do."
                        + " To run it again, add --force.");
                exitCode = ExitCodes.ALREADY_COMPLETED;
                return;
            }
            if (last != null && last.getStatus() == BatchStatus.ABANDONED) {
                rerun = rerun + 1;   // an abandoned run is never resumed: the date starts afresh
            } else if (last != null && !takeOver(runDate, last, args)) {
                return;
            }
        } else {
            rerun = 0;
        }

        JobParametersBuilder parameters = new JobParametersBuilder(identifying(runDate, rerun, dryRun));
        if (allowMassDelete) {
            parameters.addString(OrgSyncJobConfiguration.ALLOW_MASS_DELETE, "true", false);
        }
        LocalDateTime started = LocalDateTime.now();
        JobExecution execution = null;
        for (int attempt = 1; execution == null; attempt++) {
            try {
                execution = jobOperator.start(orgSyncJob, parameters.toJobParameters());
            } catch (JobExecutionAlreadyRunningException | ConcurrencyFailureException | DataIntegrityViolationException
                     | IllegalStateException lostRace) {
                // another launch of the same date created its instance or execution between our look and our start
                JobExecution other = otherLaunch(identifying(runDate, rerun, dryRun));
                if (other != null && other.getStatus() == BatchStatus.COMPLETED) {
                    System.out.println("The org sync for " + runDate + " was completed by another launch meanwhile (execution "
                            + other.getId() + "). Nothing to do.");
                    exitCode = ExitCodes.ALREADY_COMPLETED;
                    return;
                }
                if (other != null && other.isRunning()) {
                    inProgress(runDate, other, liveness.of(other));
                    return;
                }
                if (!(lostRace instanceof ConcurrencyFailureException) || attempt == 3) {
                    throw lostRace;   // not a race with a live launch: Spring Batch's refusal stands
                }
                // a deadlock with a launch that did not go on: the job repository is as it was, so start again
            }
        }
        System.out.println(summary.render(execution, Duration.between(started, LocalDateTime.now())));
        exitCode = execution.getStatus() == BatchStatus.COMPLETED ? ExitCodes.OK : ExitCodes.RUN_FAILED;
    }

    /**
     * Whether this launch may resume the date's last execution, which did not complete. A failed or stopped
     * one: yes, unless {@code --no-restart}. One that is running in a live process: never. One marked running
     * whose process is gone: with {@code --recover}. One left UNKNOWN (the database failed while a chunk
     * committed or rolled back) and without a live process: yes, after marking it failed, because each
     * chunk's rows and its restart position commit in one transaction, so the last committed chunk is whole.
     */
    private boolean takeOver(LocalDate runDate, JobExecution last, ApplicationArguments args) {
        boolean unknown = last.getStatus() == BatchStatus.UNKNOWN
                || last.getStepExecutions().stream().anyMatch(s -> s.getStatus() == BatchStatus.UNKNOWN);
        if (!last.isRunning() && !unknown) {
            if (args.containsOption("no-restart")) {
                System.out.println("The org sync for " + runDate + " ended " + last.getStatus() + " (execution " + last.getId()
                        + "); not restarting it (--no-restart). Run without --no-restart to resume it from its last committed chunk.");
                exitCode = ExitCodes.RUN_FAILED;
                return false;
            }
            return true;
        }
        RunLiveness.Verdict verdict = liveness.of(last);
        if (verdict.alive()) {
            inProgress(runDate, last, verdict);
            return false;
        }
        if (last.isRunning() && !args.containsOption("recover")) {
            System.out.println("The org sync for " + runDate + " is marked running (execution " + last.getId() + ", started "
                    + TIME.format(last.getStartTime() == null ? last.getCreateTime() : last.getStartTime()) + ") but its process is"
                    + " gone (" + verdict.process() + "): it was killed. Run the same command with --recover: it marks"
                    + " that execution failed and resumes the run from its last committed chunk.");
            exitCode = ExitCodes.STILL_RUNNING;
            return false;
        }
        if (!last.isRunning() && args.containsOption("no-restart")) {
            System.out.println("The org sync for " + runDate + " ended UNKNOWN (execution " + last.getId()
                    + "); not restarting it (--no-restart). Run without --no-restart to resume it from its last committed chunk.");
            exitCode = ExitCodes.RUN_FAILED;
            return false;
        }
        operations.markFailed(last);
        liveness.forget(last.getId());
        System.out.println(unknown
                ? "Execution " + last.getId() + " ended UNKNOWN: the database failed while a chunk was committing. Each chunk's"
                        + " rows and its restart position commit in one transaction, so the last committed chunk is whole;"
                        + " marked the execution failed, resuming from that chunk."
                : "Marked execution " + last.getId() + " as failed (its process is gone: " + verdict.process() + "); resuming.");
        return true;
    }

    /**
     * The execution another launch created for these parameters, once it is there: the other process may
     * have created the job instance and not yet its execution. Null when none appears.
     */
    private @Nullable JobExecution otherLaunch(JobParameters parameters) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            JobInstance instance = jobRepository.getJobInstance(orgSyncJob.getName(), parameters);
            JobExecution last = instance == null ? null : Executions.latest(jobRepository, instance);
            if (last != null) {
                return last;
            }
            Thread.sleep(200);
        }
        return null;
    }

    private void inProgress(LocalDate runDate, JobExecution running, RunLiveness.Verdict verdict) {
        JobExecution fresh = jobRepository.getJobExecution(running.getId());
        JobExecution shown = fresh != null ? fresh : running;
        System.out.println("The org sync for " + runDate + " is in progress: execution " + shown.getId() + ", run by "
                + verdict.process() + ", started " + TIME.format(shown.getStartTime() == null ? shown.getCreateTime()
                : shown.getStartTime()) + "; so far " + operations.describeSteps(shown) + ". Nothing was started."
                + " Follow it with 'list'; 'stop " + shown.getId() + "' asks it to stop at its next chunk.");
        exitCode = ExitCodes.IN_PROGRESS;
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
