package io.dingtalketl.ops;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.dingtalketl.batch.Executions;
import io.dingtalketl.identity.AccountFileLoader;
import io.dingtalketl.identity.MatchFinding;
import io.dingtalketl.identity.MatchJobConfiguration;
import io.dingtalketl.identity.MatchProperties;
import io.dingtalketl.identity.MatchReport;
import io.dingtalketl.identity.MatchRuns;
import io.dingtalketl.ops.report.RunNotifier;
import io.dingtalketl.orgsync.Failures;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Identity matching on the command line: {@code accounts load system=<name> file=<path.csv>} replaces a system's
 * accounts, {@code match} runs {@code matchJob} and prints its report; the org sync runs it after each published
 * run ({@link #afterOrgSync}). A {@code match} whose last run failed or was stopped restarts that run.
 */
@Component
class IdentityCommands {

    /** Findings of each listed category printed on the console; the rest are in etl_match_finding. */
    private static final int LISTED = 20;

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job matchJob;
    private final MatchRuns runs;
    private final AccountFileLoader loader;
    private final MatchProperties properties;
    private final RunNotifier notifier;

    IdentityCommands(JobOperator jobOperator, JobRepository jobRepository, Job matchJob, MatchRuns runs, AccountFileLoader loader,
                     MatchProperties properties, RunNotifier notifier) {
        this.notifier = notifier;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.matchJob = matchJob;
        this.runs = runs;
        this.loader = loader;
        this.properties = properties;
    }

    /** {@code accounts load system=<name> file=<path.csv>}; the exit code. */
    int accounts(List<String> arguments) {
        String usage = "Usage: accounts load system=<name> file=<path.csv>.";
        if (arguments.isEmpty() || !arguments.get(0).equals("load")) {
            throw new IllegalArgumentException(usage);
        }
        String system = null;
        String file = null;
        for (String argument : arguments.subList(1, arguments.size())) {
            if (argument.startsWith("system=")) {
                system = argument.substring("system=".length());
            } else if (argument.startsWith("file=")) {
                file = argument.substring("file=".length());
            } else {
                throw new IllegalArgumentException("Unknown argument '" + argument + "'. " + usage);
            }
        }
        if (system == null || file == null) {
            throw new IllegalArgumentException((system == null ? "No system given." : "No file given.") + " " + usage);
        }
        AccountFileLoader.LoadResult result = loader.load(system, Path.of(file));
        System.out.println("Loaded " + result.accounts() + " accounts of system '" + result.system() + "' from " + file + " ("
                + result.inactive() + " inactive): " + result.added() + " new, " + result.removed() + " removed since the last load."
                + " Run 'match' to link them to DingTalk users.");
        return ExitCodes.OK;
    }

    /** {@code match}; the exit code. */
    int match(List<String> arguments) throws Exception {
        if (!arguments.isEmpty()) {
            throw new IllegalArgumentException("match takes no arguments (rules: etl.match.rules), was " + arguments + ".");
        }
        return runMatch();
    }

    /** After a published org sync: match its users, when any system has accounts and {@code etl.match.after-org-sync}. */
    int afterOrgSync() throws Exception {
        if (!properties.afterOrgSync() || !loader.anyAccounts()) {
            return ExitCodes.OK;
        }
        int code = runMatch();
        if (code != ExitCodes.OK) {
            System.err.println("The org sync is published; only identity matching failed. Run 'match' to match again.");
        }
        return code;
    }

    private int runMatch() throws Exception {
        JobExecution last = latestMatch();
        JobExecution execution;
        if (last != null && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED)) {
            System.out.println("Restarting match run " + last.getJobInstance().getInstanceId() + " (it ended " + last.getStatus() + ").");
            execution = jobOperator.restart(last);
        } else {
            execution = jobOperator.start(matchJob, new JobParametersBuilder()
                    .addLong(MatchJobConfiguration.REQUESTED, Instant.now().toEpochMilli()).toJobParameters());
        }
        long runId = execution.getJobInstance().getInstanceId();
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            @Nullable String why = Failures.first(execution.getAllFailureExceptions());
            System.err.println("Match run " + runId + " (execution " + execution.getId() + ") failed: " + (why != null ? why
                    : execution.getStatus()) + ". Nothing was changed (a match run is one transaction); run 'match' again.");
            return ExitCodes.RUN_FAILED;
        }
        MatchReport report = runs.find(runId).orElseThrow();
        System.out.println(render(report, runs));
        newAmbiguities(runId).ifPresent(text -> notifier.needsAttention("Identity matching: accounts not linked", text));
        return ExitCodes.OK;
    }

    /**
     * Accounts ambiguous in this run that were not in the previous one, as a work notification's text: admins are
     * told once when an account cannot be linked, not every night it stays so.
     */
    Optional<String> newAmbiguities(long runId) {
        Set<String> before = runs.previous(runId).map(previous -> runs.findings(previous, MatchFinding.Category.AMBIGUOUS).stream()
                .map(f -> f.system() + "/" + f.accountId()).collect(Collectors.toSet())).orElse(Set.of());
        List<MatchFinding> fresh = runs.findings(runId, MatchFinding.Category.AMBIGUOUS).stream()
                .filter(f -> !before.contains(f.system() + "/" + f.accountId())).toList();
        if (fresh.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder("### Identity matching: " + fresh.size() + " account" + (fresh.size() == 1 ? "" : "s")
                + " newly ambiguous, not linked (match run " + runId + ")\n\n");
        fresh.stream().limit(LISTED).forEach(f -> text.append("- ").append(f.system()).append('/').append(f.accountId()).append(": ")
                .append(f.detail()).append('\n'));
        if (fresh.size() > LISTED) {
            text.append("- ... and ").append(fresh.size() - LISTED).append(" more\n");
        }
        text.append("\nFix the duplicate values in the other system or in DingTalk; the next match links them.");
        return Optional.of(text.toString());
    }

    private @Nullable JobExecution latestMatch() {
        List<JobInstance> instances = jobRepository.getJobInstances(matchJob.getName(), 0, 1);
        return instances.isEmpty() ? null : Executions.latest(jobRepository, instances.get(0));
    }

    /** The console report of a match run: totals, links per system and rule, then what changed and what needs a look. */
    static String render(MatchReport r, MatchRuns runs) {
        StringBuilder text = new StringBuilder();
        text.append("matchJob: COMPLETED (match run ").append(r.matchRunId()).append(", users of org sync run ")
                .append(r.orgRunId() == null ? "none" : r.orgRunId()).append("): ").append(r.accounts()).append(" active accounts in ")
                .append(r.systems()).append(r.systems() == 1 ? " system, " : " systems, ").append(r.users()).append(" current users\n");
        text.append("  rules: ").append(r.rules()).append(r.skippedRules() == null ? "" : "; skipped: " + r.skippedRules()).append('\n');
        text.append(String.format("  %-20s %6s %6s %9s %7s %10s %10s %10s%n", "system", "links", "new", "re-linked", "closed",
                "ambiguous", "unmatched", "unmatched"));
        text.append(String.format("  %-20s %6s %6s %9s %7s %10s %10s %10s%n", "", "", "", "", "", "accounts", "accounts", "users"));
        for (String system : systems(r)) {
            Map<MatchFinding.Category, Integer> f = r.findingsPerSystem().getOrDefault(system, Map.of());
            int links = r.linksPerRule().getOrDefault(system, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
            text.append(String.format("  %-20s %6d %6d %9d %7d %10d %10d %10d%n", system, links, f.getOrDefault(MatchFinding.Category.NEW, 0),
                    f.getOrDefault(MatchFinding.Category.RELINKED, 0), f.getOrDefault(MatchFinding.Category.CLOSED, 0),
                    f.getOrDefault(MatchFinding.Category.AMBIGUOUS, 0), f.getOrDefault(MatchFinding.Category.UNMATCHED_ACCOUNT, 0),
                    f.getOrDefault(MatchFinding.Category.UNMATCHED_USER, 0)));
            Map<String, Integer> perRule = r.linksPerRule().getOrDefault(system, Map.of());
            if (!perRule.isEmpty()) {
                text.append("    links by rule: ").append(perRule.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))).append('\n');
            }
        }
        list(text, "Ambiguous (not linked)", runs.findings(r.matchRunId(), MatchFinding.Category.AMBIGUOUS),
                f -> f.system() + "/" + f.accountId() + ": " + f.detail());
        list(text, "Changed since the last run", runs.findings(r.matchRunId(), MatchFinding.Category.NEW, MatchFinding.Category.RELINKED,
                MatchFinding.Category.CLOSED), f -> f.category().name().toLowerCase(Locale.ROOT) + " " + f.system() + "/"
                + f.accountId() + " → " + f.userid() + (f.category() == MatchFinding.Category.CLOSED ? " (" + f.detail() + ")"
                : " by " + f.rule() + (f.detail() == null ? "" : " (" + f.detail() + ")")));
        text.append("  Every finding, unmatched accounts and users included: SELECT * FROM etl_match_finding WHERE match_run_id = ")
                .append(r.matchRunId()).append(';');
        return text.toString();
    }

    private static List<String> systems(MatchReport r) {
        TreeSet<String> systems = new TreeSet<>(r.linksPerRule().keySet());
        systems.addAll(r.findingsPerSystem().keySet());
        return List.copyOf(systems);
    }

    private static void list(StringBuilder text, String title, List<MatchFinding> findings,
                             Function<MatchFinding, String> line) {
        if (findings.isEmpty()) {
            return;
        }
        text.append("  ").append(title).append(" (").append(findings.size()).append("):\n");
        findings.stream().limit(LISTED).forEach(f -> text.append("    ").append(line.apply(f)).append('\n'));
        if (findings.size() > LISTED) {
            text.append("    ... and ").append(findings.size() - LISTED).append(" more\n");
        }
    }
}
