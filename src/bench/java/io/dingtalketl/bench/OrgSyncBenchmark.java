package io.dingtalketl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import io.dingtalketl.DingTalkEtlApplication;
import io.dingtalketl.client.ApiCallMetrics;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.orgsync.OrgSyncJobConfiguration;
import io.dingtalketl.orgsync.StagingRepository;
import io.dingtalketl.simulator.SimulatorSettings;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark of the org sync against the DingTalk simulator (run it with {@code bench/run.sh PROFILE}).
 *
 * <p>The simulator runs in a child JVM ({@link SimulatorProcess}), so this JVM's heap and RSS are the
 * ETL's alone. In one process, one after the other, with the same client, settings and simulator, it runs
 * the variants asked for:
 * <ul>
 *   <li>{@code launch}: the org sync as a user runs it, a process of its own started by {@code launcher}
 *       ({@code jobs/etl.sh}, or {@code java -jar} a jar) on a database it migrated before, timed from launch
 *       to exit: start-up, the job, the report and the shutdown;</li>
 *   <li>{@code job}: {@code orgSyncJob} as shipped (the walk, details and user pages side by side, then
 *       publish), end to end into the warehouse;</li>
 *   <li>{@code sequential}: the same steps one after the other ({@link SequentialJobConfiguration});</li>
 *   <li>{@code overlap}: fetch-only prototype with all three APIs overlapped ({@link OverlappedExtract});</li>
 *   <li>{@code naive}: fetch-only serial baseline ({@link NaiveSync}).</li>
 * </ul>
 * For each it prints wall time, calls per API, the rate-limit bounds (per API calls ÷ limit: their sum
 * for step-after-step, their max for fully overlapped), users/s, peak heap and RSS, and whether the calls
 * were the minimal ones; then the ratios between variants. Lines starting with {@code RESULT} and
 * {@code RATIO} are for {@code bench/run.sh}, which takes medians over runs.
 *
 * <p>Arguments: {@code PROFILE [key=value ...]}; profiles {@code a}, {@code b-h2}, {@code b-mysql},
 * {@code c} (see {@link #profile}); keys {@code departments users qps latency db variants seed details
 * sim-heap mysql-db h2-options launcher}.
 */
public final class OrgSyncBenchmark {

    private static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 22);
    private static final String MYSQL_HOST = "jdbc:mysql://127.0.0.1:3306/";
    private static final String MYSQL_OPTIONS = "?rewriteBatchedStatements=true&characterEncoding=UTF-8"
            + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";

    /** What one benchmark run does. */
    record Settings(String profile, long seed, int departments, int users, int qps, long latencyMillis, String db,
                    List<String> variants, boolean details, String simulatorHeap, String mysqlDatabase, String h2Options,
                    String launcher) {

        boolean throttled() {
            return qps > 0;
        }
    }

    /** One variant's figures. */
    record Outcome(String variant, Duration wall, Map<DingTalkEndpoint, Long> calls, long retries, long users,
                   ResourceMeter.Usage memory, boolean minimal, String checks, Map<String, Duration> steps,
                   Duration etlCpu, Duration simulatorCpu) {
    }

    private OrgSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: OrgSyncBenchmark a|b-h2|b-mysql|c [departments=N users=N qps=N latency=MS db=h2|h2-mem|mysql "
                    + "variants=launch,job,sequential,overlap,naive seed=N details=true|false sim-heap=1g mysql-db=NAME "
                    + "h2-options=;KEY=VALUE launcher=jobs/etl.sh|JAR]");
            System.exit(2);
        }
        Settings settings = profile(args);
        int exit = new Runner(settings).run();
        System.exit(exit);
    }

    static Settings profile(String[] args) {
        String profile = args[0];
        Map<String, String> s = new LinkedHashMap<>();
        s.put("seed", "42");
        s.put("db", "h2");
        s.put("details", "true");
        s.put("sim-heap", "1g");
        s.put("mysql-db", "dingtalk_etl_bench");
        s.put("h2-options", "");
        s.put("launcher", "jobs/etl.sh");
        switch (profile) {
            case "a" -> {
                s.put("departments", "500");
                s.put("users", "5000");
                s.put("qps", "20");
                s.put("latency", "100");
                s.put("variants", "launch,job,sequential,overlap,naive");
            }
            case "b-h2", "b-mysql" -> {
                s.put("departments", "10000");
                s.put("users", "100000");
                s.put("qps", "0");
                s.put("latency", "0");
                s.put("db", profile.equals("b-mysql") ? "mysql" : "h2");
                s.put("variants", profile.equals("b-mysql") ? "job" : "job,naive");
                s.put("sim-heap", "2g");
            }
            case "c" -> {
                s.put("departments", "1000");
                s.put("users", "10000");
                s.put("qps", "0");
                s.put("latency", "0");
                s.put("variants", "job,naive");
            }
            case "custom" -> {
                s.put("departments", "100");
                s.put("users", "1000");
                s.put("qps", "0");
                s.put("latency", "0");
                s.put("variants", "job");
            }
            default -> throw new IllegalArgumentException("unknown profile '" + profile + "': a, b-h2, b-mysql, c or custom");
        }
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 0 || !s.containsKey(args[i].substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'; keys: " + s.keySet());
            }
            s.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return new Settings(profile, Long.parseLong(s.get("seed")), Integer.parseInt(s.get("departments")),
                Integer.parseInt(s.get("users")), Integer.parseInt(s.get("qps")), Long.parseLong(s.get("latency")),
                s.get("db"), List.of(s.get("variants").split(",")), Boolean.parseBoolean(s.get("details")),
                s.get("sim-heap"), s.get("mysql-db"), s.get("h2-options"), s.get("launcher"));
    }

    private static final class Runner {

        private final Settings settings;
        private final ResourceMeter meter = new ResourceMeter();
        private final List<Outcome> outcomes = new ArrayList<>();
        private Duration etlCpuAtStart = Duration.ZERO;
        private Duration simulatorCpuAtStart = Duration.ZERO;

        Runner(Settings settings) {
            this.settings = settings;
        }

        int run() throws Exception {
            long started = System.nanoTime();
            try (SimulatorProcess simulator = SimulatorProcess.start(settings.seed(), settings.departments(), settings.users(),
                    settings.qps(), settings.latencyMillis(), settings.simulatorHeap())) {
                header(simulator);
                for (String variant : settings.variants()) {
                    if (variant.equals("launch")) {
                        Outcome outcome = launch(simulator);
                        outcomes.add(outcome);
                        print(outcome, simulator);
                    }
                }
                if (settings.variants().stream().allMatch("launch"::equals)) {
                    return finish(started);
                }
                Path h2 = Files.createTempDirectory("dingtalk-etl-bench-");
                try (ConfigurableApplicationContext context = context(simulator, h2)) {
                    DingTalkClient client = context.getBean(DingTalkClient.class);
                    for (String variant : settings.variants()) {
                        if (variant.equals("launch")) {
                            continue;
                        }
                        simulator.resetCallLog();
                        ApiCallMetrics.Snapshot before = client.metrics().snapshot();
                        meter.reset();
                        etlCpuAtStart = ResourceMeter.processCpu();
                        simulatorCpuAtStart = simulator.cpu();
                        Outcome outcome = switch (variant) {
                            case "job" -> job(context, simulator, before, "job", OrgSyncJobConfiguration.JOB_NAME);
                            case "sequential" -> job(context, simulator, before, "sequential", SequentialJobConfiguration.JOB_NAME);
                            case "overlap" -> overlap(client, simulator, before);
                            case "naive" -> naive(client, simulator, before);
                            default -> throw new IllegalArgumentException("unknown variant " + variant);
                        };
                        outcomes.add(outcome);
                        print(outcome, simulator);
                    }
                } finally {
                    deleteTree(h2);
                }
            }
            return finish(started);
        }

        private int finish(long started) {
            ratios();
            System.out.printf(Locale.ROOT, "benchmark process: %.1f s in all, JVM -Xmx %d MB%n",
                    (System.nanoTime() - started) / 1e9, ResourceMeter.maxHeap() >> 20);
            return outcomes.stream().allMatch(Outcome::minimal) ? 0 : 1;
        }

        /**
         * The org sync as a user runs it and waits for it: {@code launcher run runDate=...} in a process of its
         * own, with DingTalk credentials and the simulator's address as a production launch has DingTalk's, on
         * the embedded default database (H2 under ./data of a fresh directory) or MariaDB, timed from launch to
         * exit. The database is migrated first by a launch of {@code restart} with nothing to restart (not
         * timed), as the database of a daily run already is. Heap figures are not known from outside; the peak RSS and
         * the CPU come from {@code /usr/bin/time} when it is there.
         */
        private Outcome launch(SimulatorProcess simulator) throws Exception {
            Path dir = Files.createTempDirectory("dingtalk-etl-launch-");
            try {
                List<String> arguments = new ArrayList<>(List.of("run", "runDate=" + RUN_DATE, "--etl.simulator.enabled=false",
                        "--dingtalk.base-url=" + simulator.baseUrl(), "--dingtalk.app-key=" + SimulatorSettings.DEFAULT_APP_KEY,
                        "--dingtalk.app-secret=" + SimulatorSettings.DEFAULT_APP_SECRET,
                        "--dingtalk.default-qps=" + settings.qps(), "--etl.details.enabled=" + settings.details()));
                if (settings.db().equals("mysql")) {
                    String database = settings.mysqlDatabase() + "_launch";
                    String url = MYSQL_HOST + database + MYSQL_OPTIONS;
                    try (Connection c = DriverManager.getConnection(url.replace(database, ""), "etl", "etl");
                         Statement st = c.createStatement()) {
                        st.execute("DROP DATABASE IF EXISTS " + database);
                        st.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                    }
                    arguments.addAll(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=etl",
                            "--spring.datasource.password=etl"));
                }
                // 'restart' with nothing to restart: the whole application starts (and migrates the database), then exits
                List<String> migrate = new ArrayList<>(arguments);
                migrate.set(0, "restart");
                migrate.remove(1);
                int migrated = launchProcess(dir, migrate, false).waitFor();
                if (migrated != 0) {
                    throw new IllegalStateException("the launch that migrates the database exited with " + migrated
                            + "; see " + dir.resolve("launch.out"));
                }
                simulator.resetCallLog();
                meter.reset();
                simulatorCpuAtStart = simulator.cpu();
                long start = System.nanoTime();
                int exit = launchProcess(dir, arguments, true).waitFor();
                Duration wall = Duration.ofNanos(System.nanoTime() - start);

                Map<DingTalkEndpoint, Long> calls = new EnumMap<>(DingTalkEndpoint.class);
                simulator.stats().forEach((key, s) -> DingTalkEndpoint.byKey(key).ifPresent(e -> calls.put(e, s.requests())));
                Map<DingTalkEndpoint, Long> expected = new EnumMap<>(DingTalkEndpoint.class);
                expected.put(DingTalkEndpoint.DEPARTMENT_LISTSUB, simulator.departments());
                expected.put(DingTalkEndpoint.DEPARTMENT_GET, settings.details() ? simulator.departments() : 1);
                expected.put(DingTalkEndpoint.USER_LIST, simulator.userPages());
                expected.put(DingTalkEndpoint.USER_COUNT, 1L);
                List<String> problems = new ArrayList<>();
                String output = Files.readString(dir.resolve("launch.out"));
                if (exit != 0 || !output.contains("COMPLETED in")) {
                    problems.add("the launch exited with " + exit + ": " + output.lines().filter(l -> l.contains("Failure"))
                            .findFirst().orElse("see its output"));
                }
                // CPU and peak RSS of the launched JVM, as /usr/bin/time saw them: "user system maxRssKb"
                Duration cpu = Duration.ZERO;
                long rss = 0;
                Path time = dir.resolve("time.txt");
                if (Files.exists(time)) {
                    String[] t = Files.readString(time).trim().split("\\s+");
                    if (t.length == 3) {
                        cpu = Duration.ofMillis(Math.round((Double.parseDouble(t[0]) + Double.parseDouble(t[1])) * 1000));
                        rss = Long.parseLong(t[2]) << 10;
                    }
                }
                ResourceMeter.Usage memory = new ResourceMeter.Usage(0, 0, 0, 0, rss, true);
                Outcome checked = outcome("launch", wall, calls, expected, 0, simulator.users(), memory, simulator, problems, Map.of());
                Duration simulatorCpu = simulator.cpu().minus(simulatorCpuAtStart);
                return new Outcome(checked.variant(), checked.wall(), checked.calls(), checked.retries(), checked.users(),
                        checked.memory(), checked.minimal(), checked.checks(), checked.steps(), cpu, simulatorCpu);
            } finally {
                deleteTree(dir);
            }
        }

        /** Starts the launcher in {@code dir}; its output goes to {@code dir/launch.out}. */
        private Process launchProcess(Path dir, List<String> arguments, boolean timed) throws Exception {
            String heap = "-Xmx" + (ResourceMeter.maxHeap() >> 20) + "m";
            List<String> command = new ArrayList<>();
            if (timed && Files.isExecutable(Path.of("/usr/bin/time"))) {
                command.addAll(List.of("/usr/bin/time", "-f", "%U %S %M", "-o", dir.resolve("time.txt").toString()));
            }
            Path launcher = Path.of(settings.launcher()).toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder();
            if (settings.launcher().endsWith(".jar")) {
                command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), heap, "-jar", launcher.toString()));
            } else {
                command.add(launcher.toString());
                builder.environment().put("JAVA_OPTS", (System.getenv().getOrDefault("JAVA_OPTS", "") + " " + heap).trim());
            }
            command.addAll(arguments);
            return builder.command(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("launch.out").toFile()).start();
        }

        private void header(SimulatorProcess simulator) {
            System.out.printf(Locale.ROOT, "== profile %s: %,d departments, %,d users (%,d memberships, %,d user pages), "
                            + "quota %s, latency %d ms, warehouse %s, details %s ==%n", settings.profile(),
                    simulator.departments(), simulator.users(), simulator.memberships(), simulator.userPages(),
                    settings.throttled() ? settings.qps() + " calls/s per API (simulator and client)" : "off",
                    settings.latencyMillis(), settings.db(), settings.details() ? "on" : "off");
            System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, JVM -Xmx %d MB; simulator in child JVM pid %d%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), ResourceMeter.maxHeap() >> 20, simulator.pid());
        }

        private ConfigurableApplicationContext context(SimulatorProcess simulator, Path h2) throws Exception {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("etl.launcher.enabled", "false");
            p.put("etl.simulator.enabled", "false");
            p.put("dingtalk.base-url", simulator.baseUrl());
            p.put("dingtalk.app-key", SimulatorSettings.DEFAULT_APP_KEY);
            p.put("dingtalk.app-secret", SimulatorSettings.DEFAULT_APP_SECRET);
            p.put("dingtalk.default-qps", Integer.toString(settings.qps()));
            p.put("etl.details.enabled", Boolean.toString(settings.details()));
            p.put("logging.level.root", "WARN");
            p.put("logging.level.io.dingtalketl", "WARN");
            p.put("logging.level.org.flywaydb", "ERROR");
            p.put("spring.main.banner-mode", "off");
            if (settings.db().equals("mysql")) {
                String url = MYSQL_HOST + settings.mysqlDatabase() + MYSQL_OPTIONS;
                try (Connection c = DriverManager.getConnection(url, "etl", "etl"); Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + settings.mysqlDatabase());
                    st.execute("CREATE DATABASE " + settings.mysqlDatabase() + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                }
                p.put("spring.datasource.url", url);
                p.put("spring.datasource.username", "etl");
                p.put("spring.datasource.password", "etl");
            } else if (settings.db().equals("h2-mem")) {
                // to tell H2's file persistence apart from the rest: the warehouse lives on the heap (give -Xmx room)
                p.put("spring.datasource.url", "jdbc:h2:mem:dingtalk-etl-bench;DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE" + settings.h2Options());
            } else {
                // file mode, as the application's default (an in-memory H2 would put the warehouse on the heap)
                p.put("spring.datasource.url", "jdbc:h2:file:" + h2.resolve("dingtalk-etl")
                        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;AUTO_SERVER=FALSE"
                        + settings.h2Options());
            }
            List<Class<?>> sources = new ArrayList<>(List.of(DingTalkEtlApplication.class));
            if (settings.variants().contains("sequential")) {
                sources.add(SequentialJobConfiguration.class);
            }
            // as command-line arguments, so that they win over application.yml
            String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                    .web(WebApplicationType.NONE)
                    .run(args);
        }

        private Outcome job(ConfigurableApplicationContext context, SimulatorProcess simulator,
                            ApiCallMetrics.Snapshot before, String variant, String jobName) throws Exception {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            StagingRepository staging = context.getBean(StagingRepository.class);
            staging.stagedRuns().forEach(staging::drop);
            for (String table : List.of("bridge_user_department", "dim_user", "dim_department", "etl_sync_run")) {
                jdbc.update("DELETE FROM " + table);
            }
            JobOperator operator = context.getBean(JobOperator.class);
            Job job = context.getBean(jobName, Job.class);
            long start = System.nanoTime();
            JobExecution execution = operator.start(job, new JobParametersBuilder()
                    .addLocalDate(OrgSyncJobConfiguration.RUN_DATE, RUN_DATE).toJobParameters());
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            ResourceMeter.Usage memory = meter.usage();
            DingTalkClient client = context.getBean(DingTalkClient.class);
            ApiCallMetrics.Snapshot after = client.metrics().snapshot();

            Map<String, Duration> steps = new LinkedHashMap<>();
            for (StepExecution step : execution.getStepExecutions()) {
                if (!step.getStepName().contains(":") && step.getStartTime() != null && step.getEndTime() != null) {
                    steps.put(step.getStepName(), Duration.between(step.getStartTime(), step.getEndTime()));
                }
            }
            long users = count(jdbc, "SELECT COUNT(*) FROM dim_user WHERE is_current = TRUE");
            long departments = count(jdbc, "SELECT COUNT(*) FROM dim_department WHERE is_current = TRUE");
            long memberships = count(jdbc, "SELECT COUNT(*) FROM bridge_user_department WHERE is_current = TRUE");
            List<String> problems = new ArrayList<>();
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                problems.add("job " + execution.getStatus() + ": " + execution.getAllFailureExceptions());
            }
            if (users != simulator.users() || departments != simulator.departments() || memberships != simulator.memberships()) {
                problems.add("warehouse holds " + departments + " departments, " + users + " users, " + memberships
                        + " memberships");
            }
            Map<DingTalkEndpoint, Long> calls = after.callsSince(before);
            Map<DingTalkEndpoint, Long> expected = new EnumMap<>(DingTalkEndpoint.class);
            expected.put(DingTalkEndpoint.DEPARTMENT_LISTSUB, simulator.departments());
            expected.put(DingTalkEndpoint.DEPARTMENT_GET, settings.details() ? simulator.departments() : 1);
            expected.put(DingTalkEndpoint.USER_LIST, simulator.userPages());
            // one user/count per run: the organization's size for progress lines and the report's reconciliation
            expected.put(DingTalkEndpoint.USER_COUNT, 1L);
            return outcome(variant, wall, calls, expected, retries(before, after), users, memory, simulator, problems, steps);
        }

        private Outcome naive(DingTalkClient client, SimulatorProcess simulator, ApiCallMetrics.Snapshot before) throws Exception {
            long start = System.nanoTime();
            NaiveSync.Result result = NaiveSync.run(client, 1L, DingTalkClient.MAX_USER_PAGE_SIZE);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            ResourceMeter.Usage memory = meter.usage();
            ApiCallMetrics.Snapshot after = client.metrics().snapshot();
            Map<DingTalkEndpoint, Long> expected = new EnumMap<>(DingTalkEndpoint.class);
            expected.put(DingTalkEndpoint.DEPARTMENT_LISTSUB, simulator.departments());
            expected.put(DingTalkEndpoint.USER_LIST, simulator.userPages());
            List<String> problems = new ArrayList<>();
            if (result.distinctUsers() != simulator.users() || result.listings() != simulator.memberships()) {
                problems.add("fetched " + result.distinctUsers() + " users, " + result.listings() + " listings");
            }
            return outcome("naive", wall, after.callsSince(before), expected, retries(before, after), result.distinctUsers(),
                    memory, simulator, problems, Map.of());
        }

        private Outcome overlap(DingTalkClient client, SimulatorProcess simulator, ApiCallMetrics.Snapshot before) throws Exception {
            long start = System.nanoTime();
            OverlappedExtract.Result result = OverlappedExtract.run(client, 1L, DingTalkClient.MAX_USER_PAGE_SIZE, 4);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            ResourceMeter.Usage memory = meter.usage();
            ApiCallMetrics.Snapshot after = client.metrics().snapshot();
            Map<DingTalkEndpoint, Long> expected = new EnumMap<>(DingTalkEndpoint.class);
            expected.put(DingTalkEndpoint.DEPARTMENT_LISTSUB, simulator.departments());
            expected.put(DingTalkEndpoint.DEPARTMENT_GET, simulator.departments());
            expected.put(DingTalkEndpoint.USER_LIST, simulator.userPages());
            List<String> problems = new ArrayList<>();
            if (result.distinctUsers() != simulator.users() || result.listings() != simulator.memberships()) {
                problems.add("fetched " + result.distinctUsers() + " users, " + result.listings() + " listings");
            }
            return outcome("overlap", wall, after.callsSince(before), expected, retries(before, after), result.distinctUsers(),
                    memory, simulator, problems, Map.of());
        }

        /** Checks the calls against the minimal ones: each page exactly once, nothing else but a token. */
        private Outcome outcome(String variant, Duration wall, Map<DingTalkEndpoint, Long> calls,
                                Map<DingTalkEndpoint, Long> expected, long retries, long users, ResourceMeter.Usage memory,
                                SimulatorProcess simulator, List<String> problems, Map<String, Duration> steps) throws Exception {
            for (DingTalkEndpoint endpoint : DingTalkEndpoint.values()) {
                long made = calls.getOrDefault(endpoint, 0L);
                long want = endpoint == DingTalkEndpoint.GET_TOKEN ? Math.min(made, 1) : expected.getOrDefault(endpoint, 0L);
                if (made != want) {
                    problems.add(endpoint.key() + " " + made + " calls, minimal " + want);
                }
            }
            if (retries > 0) {
                problems.add(retries + " retries");
            }
            simulator.stats().forEach((key, s) -> {
                if (s.failed() > 0 || s.requests() != s.distinctAnswered()) {
                    problems.add("simulator saw " + key + " " + s.requests() + " requests, " + s.distinctAnswered()
                            + " distinct answered, " + s.failed() + " failed");
                }
            });
            Duration etlCpu = ResourceMeter.processCpu().minus(etlCpuAtStart);
            Duration simulatorCpu = simulator.cpu().minus(simulatorCpuAtStart);
            return new Outcome(variant, wall, calls, retries, users, memory, problems.isEmpty(),
                    problems.isEmpty() ? "minimal" : String.join("; ", problems), steps, etlCpu, simulatorCpu);
        }

        private long retries(ApiCallMetrics.Snapshot before, ApiCallMetrics.Snapshot after) {
            long n = 0;
            for (DingTalkEndpoint endpoint : DingTalkEndpoint.values()) {
                n += after.retries().get(endpoint) - before.retries().get(endpoint);
            }
            return n;
        }

        private void print(Outcome o, SimulatorProcess simulator) {
            double wall = o.wall().toNanos() / 1e9;
            StringJoiner calls = new StringJoiner(" ");
            double sumBound = 0;
            double maxBound = 0;
            for (Map.Entry<DingTalkEndpoint, Long> e : o.calls().entrySet()) {
                calls.add(e.getKey().key() + "=" + e.getValue());
                if (settings.throttled()) {
                    double bound = (double) e.getValue() / settings.qps();
                    sumBound += bound;
                    maxBound = Math.max(maxBound, bound);
                }
            }
            long total = o.calls().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "%n-- %s: %s%n", o.variant(), describe(o.variant()));
            System.out.printf(Locale.ROOT, "  wall %.2f s, %,d users -> %,.0f users/s; %,d calls (%s), %d retries%n",
                    wall, o.users(), o.users() / wall, total, calls, o.retries());
            if (!o.steps().isEmpty()) {
                StringJoiner steps = new StringJoiner(", ");
                o.steps().forEach((name, d) -> steps.add(String.format(Locale.ROOT, "%s %.2f s", name, d.toNanos() / 1e9)));
                System.out.println("  steps: " + steps);
            }
            if (settings.throttled()) {
                System.out.printf(Locale.ROOT, "  rate-limit bound at %d/s per API: sum %.2f s (wall/sum %.3f), max %.2f s "
                        + "(wall/max %.3f)%n", settings.qps(), sumBound, wall / sumBound, maxBound, wall / maxBound);
            }
            System.out.printf(Locale.ROOT, "  CPU: ETL JVM %.1f s, simulator JVM %.1f s (%.1f cores busy on average)%n",
                    o.etlCpu().toNanos() / 1e9, o.simulatorCpu().toNanos() / 1e9,
                    (o.etlCpu().toNanos() + o.simulatorCpu().toNanos()) / (double) o.wall().toNanos());
            ResourceMeter.Usage m = o.memory();
            if (o.variant().equals("launch")) {
                System.out.printf(Locale.ROOT, "  launched JVM: peak RSS %d MB (heap not measured from outside)%n", m.peakRss() >> 20);
            } else {
                System.out.printf(Locale.ROOT, "  heap: peak used %d MB, max after GC %d MB (%d GCs, %d ms); peak RSS %d MB%s%n",
                        m.peakHeapUsed() >> 20, m.maxHeapAfterGc() >> 20, m.gcCount(), m.gcMillis(), m.peakRss() >> 20,
                        m.rssReset() ? "" : " (process peak: VmHWM could not be reset)");
            }
            System.out.println("  calls: " + o.checks());
            StringJoiner result = new StringJoiner(" ", "RESULT ", "");
            result.add("profile=" + settings.profile()).add("variant=" + o.variant())
                    .add(String.format(Locale.ROOT, "wall_s=%.3f", wall))
                    .add("users=" + o.users())
                    .add(String.format(Locale.ROOT, "users_per_s=%.0f", o.users() / wall))
                    .add("calls=" + total);
            o.calls().forEach((api, n) -> result.add(api.key() + "=" + n));
            o.steps().forEach((name, d) -> result.add(String.format(Locale.ROOT, "step_%s_s=%.3f", name, d.toNanos() / 1e9)));
            if (settings.throttled()) {
                result.add(String.format(Locale.ROOT, "sum_bound_s=%.3f", sumBound))
                        .add(String.format(Locale.ROOT, "max_bound_s=%.3f", maxBound))
                        .add(String.format(Locale.ROOT, "wall_over_sum=%.3f", wall / sumBound))
                        .add(String.format(Locale.ROOT, "wall_over_max=%.3f", wall / maxBound));
            }
            result.add("peak_heap_mb=" + (m.peakHeapUsed() >> 20)).add("heap_after_gc_mb=" + (m.maxHeapAfterGc() >> 20))
                    .add("peak_rss_mb=" + (m.peakRss() >> 20)).add("gc_ms=" + m.gcMillis())
                    .add(String.format(Locale.ROOT, "etl_cpu_s=%.1f", o.etlCpu().toNanos() / 1e9))
                    .add(String.format(Locale.ROOT, "simulator_cpu_s=%.1f", o.simulatorCpu().toNanos() / 1e9))
                    .add("minimal_calls=" + o.minimal());
            System.out.println(result);
        }

        private String describe(String variant) {
            return switch (variant) {
                case "launch" -> "the org sync as a user runs it (" + settings.launcher() + "), from launch to exit";
                case "job" -> "orgSyncJob as shipped: walk, details and user pages side by side, then publish, into the warehouse";
                case "sequential" -> "the same steps one after the other, into the warehouse";
                case "overlap" -> "prototype, all three APIs overlapped, fetch only";
                case "naive" -> "baseline, serial BFS then serial user pages, fetch only";
                default -> variant;
            };
        }

        private void ratios() {
            Map<String, Outcome> byVariant = new LinkedHashMap<>();
            outcomes.forEach(o -> byVariant.put(o.variant(), o));
            Outcome naive = byVariant.get("naive");
            if (naive == null) {
                return;
            }
            StringJoiner ratios = new StringJoiner(" ", "RATIO profile=" + settings.profile() + " ", "");
            System.out.println();
            for (Outcome o : outcomes) {
                if (o != naive) {
                    double ratio = (double) naive.wall().toNanos() / o.wall().toNanos();
                    System.out.printf(Locale.ROOT, "naive / %s = %.2f x (same process, same simulator)%n", o.variant(), ratio);
                    ratios.add(String.format(Locale.ROOT, "naive_over_%s=%.3f", o.variant(), ratio));
                }
            }
            Outcome job = byVariant.get("job");
            Outcome sequential = byVariant.get("sequential");
            if (job != null && sequential != null) {
                double ratio = (double) sequential.wall().toNanos() / job.wall().toNanos();
                System.out.printf(Locale.ROOT, "sequential / job = %.2f x%n", ratio);
                ratios.add(String.format(Locale.ROOT, "sequential_over_job=%.3f", ratio));
            }
            System.out.println(ratios);
        }

        private static long count(JdbcTemplate jdbc, String sql) {
            Long n = jdbc.queryForObject(sql, Long.class);
            return n == null ? 0 : n;
        }

        private static void deleteTree(Path dir) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                // a temporary directory: nothing to do
            }
        }
    }
}
