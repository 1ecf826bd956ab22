package io.dingtalketl.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.dingtalketl.batch.Executions;
import io.dingtalketl.ops.report.RunNotifier;
import io.dingtalketl.orgsync.Failures;
import io.dingtalketl.provision.HrMasterLoader;
import io.dingtalketl.provision.ItemStatus;
import io.dingtalketl.provision.PlanItem;
import io.dingtalketl.provision.PlanStore;
import io.dingtalketl.provision.ProvisionJobConfiguration;
import io.dingtalketl.provision.Provisioning;
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
 * {@code provision [apply=true] [plan=<id>] [allowMassDelete=true]}: writes the HR master back to DingTalk.
 * <ul>
 *   <li>{@code provision load departments=<csv> employees=<csv>}: replaces the HR master ({@link HrMasterLoader}).</li>
 *   <li>Without {@code apply=true} (a dry run): computes the plan, stores it and prints its counts and first items.</li>
 *   <li>{@code apply=true}: applies {@code plan=<id>}, or else resumes the last plan whose apply failed or was
 *       killed, or else computes a new plan and applies it ({@code provisionJob}); then applies the pending contact
 *       events ({@code eventSync}), which include every entity the plan changed, so the warehouse shows the result.
 *       The summary and a work notification list the items DingTalk refused and the ones skipped.</li>
 * </ul>
 */
@Component
class ProvisionCommand {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job provisionJob;
    private final Provisioning provisioning;
    private final EventCommands events;
    private final RunNotifier notifier;
    private final HrMasterLoader loader;

    ProvisionCommand(JobOperator jobOperator, JobRepository jobRepository, Job provisionJob, Provisioning provisioning,
                     EventCommands events, RunNotifier notifier, HrMasterLoader loader) {
        this.loader = loader;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.provisionJob = provisionJob;
        this.provisioning = provisioning;
        this.events = events;
        this.notifier = notifier;
    }

    /** Runs the command; the exit code. */
    int run(List<String> arguments) throws Exception {
        if (!arguments.isEmpty() && arguments.get(0).equals("load")) {
            return load(arguments.subList(1, arguments.size()));
        }
        boolean apply = false;
        boolean allowMassDelete = false;
        Long planId = null;
        for (String argument : arguments) {
            if (argument.equals("apply=true") || argument.equals("apply=false")) {
                apply = argument.endsWith("true");
            } else if (argument.equals(ProvisionJobConfiguration.ALLOW_MASS_DELETE + "=true")) {
                allowMassDelete = true;
            } else if (argument.matches("plan=\\d+")) {
                planId = Long.parseLong(argument.substring(5));
            } else {
                throw new IllegalArgumentException("Unknown argument '" + argument + "'. provision takes apply=true, plan=<id>"
                        + " and allowMassDelete=true.");
            }
        }
        PlanStore plans = provisioning.plans();
        if (planId == null && apply) {
            planId = interruptedPlan();
            if (planId != null) {
                System.out.println("Resuming plan " + planId + ", whose apply did not finish.");
            }
        }
        if (planId == null) {
            planId = provisioning.plan();
            print(plans.plan(planId).orElseThrow(), plans.items(planId, provisioning.properties().printedItems()), "Planned");
            if (plans.plan(planId).orElseThrow().items() == 0) {
                System.out.println("Nothing to do: DingTalk, as the warehouse last saw it, holds the HR master.");
                return ExitCodes.OK;
            }
            if (!apply) {
                System.out.println("Dry run: nothing was written to DingTalk. To apply this plan: provision apply=true plan=" + planId);
                return ExitCodes.OK;
            }
        } else if (plans.plan(planId).isEmpty()) {
            throw new IllegalArgumentException("There is no provisioning plan " + planId + ".");
        } else if (!apply) {
            print(plans.plan(planId).orElseThrow(), plans.items(planId, provisioning.properties().printedItems()), "Plan");
            return ExitCodes.OK;
        }
        JobExecution last = latest(planId);
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            System.out.println("Plan " + planId + " was already applied (execution " + last.getId() + "). Nothing to do;"
                    + " run provision for a new plan.");
            return ExitCodes.ALREADY_COMPLETED;
        }
        if (last == null) {
            // a plan reviewed in a dry run and applied later: only as long as it is still what the difference is
            Optional<String> stale = provisioning.staleness(planId);
            if (stale.isPresent()) {
                System.err.println(stale.get());
                return ExitCodes.CONFIGURATION;
            }
        }
        JobParametersBuilder parameters = new JobParametersBuilder(identifying(planId));
        if (allowMassDelete) {
            parameters.addString(ProvisionJobConfiguration.ALLOW_MASS_DELETE, "true", false);
        }
        Instant started = Instant.now();
        JobExecution execution = jobOperator.start(provisionJob, parameters.toJobParameters());
        PlanStore.Plan plan = plans.plan(planId).orElseThrow();
        List<PlanItem> problems = new ArrayList<>(plans.items(planId, ItemStatus.FAILED));
        problems.addAll(plans.items(planId, ItemStatus.SKIPPED));
        problems.sort((a, b) -> Integer.compare(a.seq(), b.seq()));
        String outcome = "Plan " + planId + " (execution " + execution.getId() + ", "
                + Duration.between(started, Instant.now()).toSeconds() + " s): " + plan.count(ItemStatus.APPLIED) + " applied, "
                + plan.count(ItemStatus.FAILED) + " failed, " + plan.count(ItemStatus.SKIPPED) + " skipped, "
                + plan.count(ItemStatus.PLANNED) + " not yet done.";
        System.out.println(outcome);
        problems.forEach(item -> System.out.println("  " + item.describe()));
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            @Nullable String why = Failures.first(execution.getAllFailureExceptions());
            System.err.println("The apply of plan " + planId + " failed: " + (why != null ? why : execution.getStatus())
                    + ". Every item before it kept its outcome; run provision apply=true plan=" + planId + " to resume.");
            notifier.needsAttention("Provisioning plan " + planId + " failed", "### Provisioning plan " + planId + " failed\n\n"
                    + outcome + "\n\n" + (why != null ? why : "") + markdown(problems));
            return ExitCodes.RUN_FAILED;
        }
        notifier.needsAttention("Provisioning plan " + planId, "### Provisioning plan " + planId + " applied\n\n" + outcome
                + markdown(problems));
        System.out.println("Bringing the changes into the warehouse (eventSync):");
        int synced = events.eventSync(allowMassDelete ? List.of("allowMassDelete=true") : List.of());
        if (!problems.isEmpty()) {
            return ExitCodes.RUN_FAILED;
        }
        // another process applying contact events (serve) applies the plan's entries too
        return synced == ExitCodes.IN_PROGRESS ? ExitCodes.OK : synced;
    }

    /** {@code provision load departments=<csv> employees=<csv>}: replaces the HR master with the two files. */
    private int load(List<String> arguments) {
        Path departments = null;
        Path employees = null;
        for (String argument : arguments) {
            if (argument.startsWith("departments=")) {
                departments = file(argument);
            } else if (argument.startsWith("employees=")) {
                employees = file(argument);
            } else {
                throw new IllegalArgumentException("Unknown argument '" + argument + "'. provision load takes departments=<csv file>"
                        + " and employees=<csv file>.");
            }
        }
        if (departments == null || employees == null) {
            throw new IllegalArgumentException("provision load needs both departments=<csv file> and employees=<csv file>.");
        }
        HrMasterLoader.Loaded loaded = loader.load(departments, employees);
        System.out.println("HR master loaded: " + loaded.departments() + " departments, " + loaded.employees() + " employees, "
                + loaded.memberships() + " memberships (hr_department, hr_employee, hr_employee_department replaced)."
                + " See the plan with: provision");
        return ExitCodes.OK;
    }

    private static Path file(String argument) {
        Path path = Path.of(argument.substring(argument.indexOf('=') + 1));
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(argument.substring(0, argument.indexOf('=')) + ": cannot read " + path.toAbsolutePath() + ".");
        }
        return path;
    }

    private static void print(PlanStore.Plan plan, List<PlanItem> first, String verb) {
        System.out.println(verb + " " + plan.planId() + " (based on org sync run " + plan.basedOnRunId() + "): "
                + plan.describeActions() + ".");
        first.forEach(item -> System.out.println("  " + item.describe()));
        if (plan.items() > first.size()) {
            System.out.println("  … " + (plan.items() - first.size()) + " more (prov_plan_item where plan_id = " + plan.planId() + ")");
        }
    }

    private static String markdown(List<PlanItem> problems) {
        StringBuilder text = new StringBuilder();
        for (PlanItem item : problems) {
            text.append("\n- ").append(item.kind().name().toLowerCase().replace('_', ' ')).append(' ')
                    .append(item.action().name().toLowerCase()).append(item.hrId() != null ? " hr " + item.hrId() : "")
                    .append(": ").append(item.status()).append(item.errcode() != null ? " " + item.errcode() : "")
                    .append(item.errmsg() != null ? " " + item.errmsg() : "");
        }
        return text.toString();
    }

    /** The latest plan whose apply was started and did not complete. */
    private @Nullable Long interruptedPlan() {
        Long latest = provisioning.plans().latestPlanId().orElse(null);
        if (latest == null) {
            return null;
        }
        JobExecution last = latest(latest);
        return last != null && last.getStatus() != BatchStatus.COMPLETED && last.getStatus() != BatchStatus.ABANDONED ? latest : null;
    }

    private @Nullable JobExecution latest(long planId) {
        JobInstance instance = jobRepository.getJobInstance(provisionJob.getName(), identifying(planId));
        return instance == null ? null : Executions.latest(jobRepository, instance);
    }

    private static JobParameters identifying(long planId) {
        return new JobParametersBuilder().addLong(ProvisionJobConfiguration.PLAN_ID, planId).toJobParameters();
    }
}
