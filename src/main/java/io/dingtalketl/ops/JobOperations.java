package io.dingtalketl.ops;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.dingtalketl.batch.Executions;
import io.dingtalketl.batch.RunLiveness;
import io.dingtalketl.orgsync.StagingRepository;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The operator's commands over recorded executions: list, restart the latest failed one, stop, abandon.
 * Everything goes through Spring Batch's {@link JobOperator} and the JDBC job repository, so they work
 * from another process than the one running the job (a stop is picked up at the next chunk boundary).
 */
@Component
class JobOperations {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final ObjectProvider<RunSummary> summary;
    private final StagingRepository staging;
    private final RunLiveness liveness;

    JobOperations(JobOperator jobOperator, JobRepository jobRepository, ObjectProvider<RunSummary> summary,
                  StagingRepository staging, RunLiveness liveness) {
        this.liveness = liveness;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.summary = summary;
        this.staging = staging;
    }

    /**
     * {@code list [N] [job=<name>]}: the N most recent executions (default 10), of one job when named, newest first.
     *
     * @throws IllegalArgumentException for a word that is neither a count nor {@code job=}, or an unknown job
     */
    void list(List<String> words) {
        int count = 10;
        String job = null;
        for (String word : words) {
            if (word.matches("\\d{1,6}")) {
                count = Integer.parseInt(word);
            } else if (word.startsWith("job=")) {
                job = word.substring("job=".length());
            } else {
                throw new IllegalArgumentException("'list' takes the number of executions to show and job=<name>, was '" + word + "'.");
            }
        }
        List<String> jobs = jobRepository.getJobNames().stream().sorted().toList();
        if (job != null && !jobs.contains(job)) {
            throw new IllegalArgumentException("No execution of job '" + job + "' is recorded" + (jobs.isEmpty() ? "."
                    : "; jobs with executions: " + String.join(", ", jobs) + "."));
        }
        List<JobExecution> executions = recent(count, job == null ? jobs : List.of(job));
        if (executions.isEmpty()) {
            System.out.println("No executions recorded yet.");
            return;
        }
        System.out.printf(Locale.ROOT, "%-9s %-5s %-11s %-13s %-34s %-19s %-8s %s%n", "execution", "run", "status", "job",
                "parameters", "started", "took", "steps (read/written)");
        for (JobExecution e : executions) {
            String took = e.getStartTime() == null ? "" : String.format(Locale.ROOT, "%.0fs",
                    java.time.Duration.between(e.getStartTime(), e.getEndTime() == null ? java.time.LocalDateTime.now() : e.getEndTime())
                            .toMillis() / 1000.0);
            String steps = describeSteps(e);
            String process = "";
            if (e.isRunning() || e.getStatus() == BatchStatus.UNKNOWN) {
                RunLiveness.Verdict verdict = liveness.of(e);
                process = verdict.alive() ? "  [running in " + verdict.process() + "]"
                        : "  [process gone: " + verdict.process() + (e.isRunning() ? "; 'run --recover' resumes it]" : "; 'run' resumes it]");
            }
            System.out.printf(Locale.ROOT, "%-9d %-5d %-11s %-13s %-34s %-19s %-8s %s%s%n", e.getId(), e.getJobInstance().getInstanceId(),
                    e.getStatus(), e.getJobInstance().getJobName(), parameters(e), e.getStartTime() == null ? "" : TIME.format(e.getStartTime()), took, steps, process);
        }
    }

    /** The execution's steps with their read/written counts, partitions summed up in their manager step. */
    String describeSteps(JobExecution e) {
        String steps = e.getStepExecutions().stream().filter(s -> !s.getStepName().contains(":"))
                .sorted(Comparator.comparing(StepExecution::getId))
                .map(s -> s.getStepName() + " " + s.getReadCount() + "/" + s.getWriteCount() + (s.getStatus() == BatchStatus.COMPLETED ? "" : " " + s.getStatus()))
                .collect(Collectors.joining(", "));
        return steps.isEmpty() ? "no step started" : steps;
    }

    /**
     * Marks an execution whose process is gone FAILED, with every step it left running or UNKNOWN, so that
     * Spring Batch restarts it (it refuses to restart from UNKNOWN). Only for an execution that no live
     * process runs: the caller checks its heartbeat first.
     */
    void markFailed(JobExecution execution) {
        LocalDateTime now = LocalDateTime.now();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN) {
                step.setStatus(BatchStatus.FAILED);
                step.setEndTime(now);
                jobRepository.update(step);
            }
        }
        execution.setStatus(BatchStatus.FAILED);
        if (execution.getEndTime() == null) {
            execution.setEndTime(now);
        }
        jobRepository.update(execution);
    }

    int restartLatestFailed() throws Exception {
        for (JobExecution e : recent(50)) {
            JobExecution last = Executions.latest(jobRepository, e.getJobInstance());
            if (last != null && last.getId() == e.getId()
                    && (e.getStatus() == BatchStatus.FAILED || e.getStatus() == BatchStatus.STOPPED)) {
                System.out.println("Restarting execution " + e.getId() + " (" + parameters(e) + ")");
                JobExecution restarted = jobOperator.restart(e);
                System.out.println(summary.getObject().render(restarted, java.time.Duration.between(restarted.getStartTime(),
                        restarted.getEndTime() == null ? java.time.LocalDateTime.now() : restarted.getEndTime())));
                return restarted.getStatus() == BatchStatus.COMPLETED ? ExitCodes.OK : ExitCodes.RUN_FAILED;
            }
        }
        System.out.println("No failed or stopped execution to restart.");
        return ExitCodes.OK;
    }

    int stop(long executionId) throws Exception {
        JobExecution execution = jobRepository.getJobExecution(executionId);
        if (execution == null) {
            return noSuchExecution(executionId);
        }
        if (!execution.isRunning()) {
            System.err.println("Execution " + executionId + " is not running (" + execution.getStatus() + ").");
            return ExitCodes.CONFIGURATION;
        }
        RunLiveness.Verdict verdict = liveness.of(execution);
        if (!verdict.alive()) {
            System.err.println("Execution " + executionId + " is marked " + execution.getStatus() + " but its process is gone ("
                    + verdict.process() + "), so nothing can stop it: 'run --recover' for its date marks it failed and resumes it.");
            return ExitCodes.STILL_RUNNING;
        }
        jobOperator.stop(execution);
        System.out.println("Asked execution " + executionId + " to stop; it stops at its next chunk boundary and can be "
                + "restarted later from there.");
        return ExitCodes.OK;
    }

    int abandon(long executionId) throws Exception {
        JobExecution execution = jobRepository.getJobExecution(executionId);
        if (execution == null) {
            return noSuchExecution(executionId);
        }
        if (execution.isRunning() || execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
            System.err.println("Execution " + executionId + " is " + execution.getStatus() + ": only a failed or stopped execution "
                    + "can be abandoned (a running one: stop it first; one whose process died: run with --recover).");
            return ExitCodes.CONFIGURATION;
        }
        jobOperator.abandon(execution);
        // an abandoned run is never restarted: what it staged is of no more use
        staging.drop(execution.getJobInstance().getInstanceId());
        System.out.println("Execution " + executionId + " abandoned: it will not be restarted; the next run of its date starts afresh.");
        return ExitCodes.OK;
    }

    private static int noSuchExecution(long executionId) {
        System.err.println("No execution " + executionId + " (see the 'list' command).");
        return ExitCodes.CONFIGURATION;
    }

    private List<JobExecution> recent(int count) {
        // the job names recorded in the repository: the operator's context has no Job beans (OperatorApplication)
        return recent(count, jobRepository.getJobNames());
    }

    private List<JobExecution> recent(int count, List<String> jobs) {
        return jobs.stream()
                .flatMap(job -> jobRepository.getJobInstances(job, 0, count).stream())
                .flatMap((JobInstance instance) -> jobRepository.getJobExecutions(instance).stream())
                .sorted(Comparator.comparing(JobExecution::getId).reversed())
                .limit(count)
                .toList();
    }

    private static String parameters(JobExecution e) {
        return e.getJobParameters().parameters().stream().filter(p -> p.identifying())
                .map(p -> p.name() + "=" + p.value()).sorted().collect(Collectors.joining(" "));
    }
}
