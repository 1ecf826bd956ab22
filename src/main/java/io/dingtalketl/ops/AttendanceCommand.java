package io.dingtalketl.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.dingtalketl.attendance.AttendanceCallEstimate;
import io.dingtalketl.attendance.AttendanceFacts;
import io.dingtalketl.attendance.AttendanceJobConfiguration;
import io.dingtalketl.attendance.AttendanceProperties;
import io.dingtalketl.attendance.AttendanceWindow;
import io.dingtalketl.attendance.NightlyAttendance;
import io.dingtalketl.attendance.PunchProperties;
import io.dingtalketl.batch.Executions;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.Failures;
import io.dingtalketl.orgsync.MaxCalls;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * {@code attendance [from=YYYY-MM-DD] [to=YYYY-MM-DD] [--force]}: runs {@code attendanceJob} for a window of work
 * days. Without dates the window ends yesterday (in {@code etl.org.time-zone}) and starts
 * {@code etl.attendance.lookback-days} before it, so the nightly run re-reads the days corrections land in. The
 * estimated metered calls are printed before the run starts. The same window again restarts a failed run from
 * its last committed chunks; a completed window exits {@value ExitCodes#ALREADY_COMPLETED} unless {@code --force}.
 */
@Component
class AttendanceCommand {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job attendanceJob;
    private final AttendanceFacts facts;
    private final AttendanceProperties properties;
    private final EtlProperties etl;
    private final MeteredQuotaCheck quota;
    private final NightlyAttendance nightly;
    private final PunchProperties punches;

    AttendanceCommand(JobOperator jobOperator, JobRepository jobRepository, Job attendanceJob, AttendanceFacts facts,
                      AttendanceProperties properties, EtlProperties etl, MeteredQuotaCheck quota, NightlyAttendance nightly,
                      PunchProperties punches) {
        this.quota = quota;
        this.nightly = nightly;
        this.punches = punches;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.attendanceJob = attendanceJob;
        this.facts = facts;
        this.properties = properties;
        this.etl = etl;
    }

    /** Runs the command; the exit code. */
    int run(List<String> arguments, boolean force) throws Exception {
        MeteredQuotaCheck.QuotaArguments quotaArguments = MeteredQuotaCheck.QuotaArguments.of(arguments);
        LocalDate today = LocalDate.now(etl.org().timeZone());
        // no dates: the nightly policy decides (etl.attendance.nightly.*)
        NightlyAttendance.@Nullable Run plan = quotaArguments.rest().isEmpty() ? nightly.plan(today) : null;
        AttendanceWindow window = plan != null ? plan.window() : window(quotaArguments.rest(), today);
        @Nullable Long scanDays = plan != null ? plan.scanDays() : null;
        int rerun = 0;
        JobExecution last;
        while ((last = latest(window, scanDays, rerun)) != null && last.getStatus() == BatchStatus.COMPLETED && force) {
            rerun++;
        }
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            System.out.println("The attendance of " + window + " was already loaded (run " + last.getJobInstance().getInstanceId()
                    + ", execution " + last.getId() + "). Nothing to do. To read it again, add --force.");
            return ExitCodes.ALREADY_COMPLETED;
        }
        AttendanceCallEstimate estimate = AttendanceCallEstimate.of(facts.usersOf(window).size(), window, scanDays, punches.enabled());
        String refusal = quota.refusal("the attendance of " + window, estimate.total(), quotaArguments);
        if (refusal != null) {
            System.err.println(refusal);
            return ExitCodes.CONFIGURATION;
        }
        System.out.println((last != null ? "Resuming" : "Loading") + " the attendance of " + window
                + (scanDays == null ? "" : scanDays > 0 ? " (nightly, policy changes: new days, and a change scan of the " + scanDays
                + " days before them; changed user-days read again come on top)" : " (nightly, policy changes: new days; no change scan due)")
                + ": " + estimate
                + (quotaArguments.maxCalls() == null ? "" : ", at most " + quotaArguments.maxCalls() + " of them now (maxCalls)") + ".");
        Instant started = Instant.now();
        JobParametersBuilder capped = new JobParametersBuilder(parameters(window, scanDays, rerun));
        if (quotaArguments.maxCalls() != null) {
            capped.addLong(MaxCalls.PARAMETER, quotaArguments.maxCalls(), false);
        }
        JobExecution execution = jobOperator.start(attendanceJob, capped.toJobParameters());
        long runId = execution.getJobInstance().getInstanceId();
        Duration took = Duration.between(started, Instant.now());
        String usage = "  " + quota.usageOfRun(runId).describe();
        if (MaxCalls.reached(execution)) {
            System.out.println("The attendance run " + runId + " of " + window + " (execution " + execution.getId() + ") is not"
                    + " complete: " + execution.getExitStatus().getExitDescription() + "\n" + usage);
            return ExitCodes.OK;
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            AttendanceFacts.RunCounts counts = facts.runCounts(runId);
            System.out.println("Attendance of " + window + " loaded (run " + runId + ", execution " + execution.getId() + ", "
                    + took.toSeconds() + " s): " + counts.resultsInserted() + " punch results new, " + counts.resultsCorrected()
                    + " corrected; " + counts.leavesInserted() + " leaves new, " + counts.leavesChanged() + " changed.");
            System.out.println(usage);
            return ExitCodes.OK;
        }
        @Nullable String why = Failures.first(execution.getAllFailureExceptions());
        System.err.println("The attendance run " + runId + " (execution " + execution.getId() + ") failed: "
                + (why != null ? why : execution.getStatus()) + (why != null && why.contains("same command") ? ""
                : " Run the same command again to resume it from its last committed chunk."));
        System.err.println(usage);
        return ExitCodes.RUN_FAILED;
    }

    /** The window the arguments give, each end defaulting to the nightly window's. */
    AttendanceWindow window(List<String> arguments, LocalDate today) {
        AttendanceWindow nightly = AttendanceWindow.endingYesterday(today, properties.lookbackDays());
        LocalDate from = nightly.from();
        LocalDate to = nightly.to();
        for (String argument : arguments) {
            if (argument.startsWith(AttendanceJobConfiguration.FROM + "=")) {
                from = date(argument);
            } else if (argument.startsWith(AttendanceJobConfiguration.TO + "=")) {
                to = date(argument);
            } else {
                throw new IllegalArgumentException("Unknown argument '" + argument + "'. attendance takes from=YYYY-MM-DD and"
                        + " to=YYYY-MM-DD (default: the " + properties.lookbackDays() + " days before yesterday to yesterday),"
                        + " maxCalls=N, allowOverQuota=true and --force.");
            }
        }
        return new AttendanceWindow(from, to);
    }

    private static LocalDate date(String argument) {
        String value = argument.substring(argument.indexOf('=') + 1);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(argument.substring(0, argument.indexOf('=')) + " must be a date like 2026-11-22, was '"
                    + value + "'.");
        }
    }

    private @Nullable JobExecution latest(AttendanceWindow window, @Nullable Long scanDays, int rerun) {
        JobInstance instance = jobRepository.getJobInstance(attendanceJob.getName(), parameters(window, scanDays, rerun));
        return instance == null ? null : Executions.latest(jobRepository, instance);
    }

    private static JobParameters parameters(AttendanceWindow window, @Nullable Long scanDays, int rerun) {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addLocalDate(AttendanceJobConfiguration.FROM, window.from())
                .addLocalDate(AttendanceJobConfiguration.TO, window.to());
        if (scanDays != null) {
            parameters.addLong(AttendanceJobConfiguration.SCAN_DAYS, scanDays);
        }
        if (rerun > 0) {
            parameters.addLong(AttendanceJobConfiguration.RERUN, (long) rerun);
        }
        return parameters.toJobParameters();
    }
}
