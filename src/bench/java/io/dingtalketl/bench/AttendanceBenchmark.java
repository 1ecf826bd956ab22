package io.dingtalketl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.dingtalketl.DingTalkEtlApplication;
import io.dingtalketl.attendance.AttendanceJobConfiguration;
import io.dingtalketl.attendance.NightlyAttendance;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.orgsync.OrgSyncJobConfiguration;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.simulator.PunchResult;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.simulator.SimulatorSettings;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark of the nightly attendance against DingTalk's monthly quota of metered calls ({@code bench/attendance.sh}).
 * For each policy ({@code etl.attendance.nightly.policy}: changes, exhaustive) on a fresh simulator and a fresh H2
 * warehouse, the same organization and the same approvals:
 * <ol>
 *   <li>an org sync (dim_user), then {@code warmup} nights (the first night of the changes policy reads the whole
 *       lookback once; not counted);</li>
 *   <li>{@code nights} nights, as the {@code attendance} command runs them without dates: the simulator's "today"
 *       moves one day, then {@code NightlyAttendance.plan(today)} and {@code attendanceJob}. During each day
 *       {@code corrections} approvals correct a past result (a Late, SeriousLate, Early, Absenteeism or NotSigned
 *       check point of a random user 1..{@code max-age} days back becomes Normal), as 补卡 approvals do.</li>
 * </ol>
 * Reports metered calls per API for the measured nights, extrapolated to 30 nights (calls × 30 / nights), against
 * {@code quota}; wall time; and how many of the corrections made up to the lookback (7 days) back reached the
 * warehouse by the end. The metered counts do not depend on {@code qps} (default 200 here, to finish quickly); the
 * time DingTalk's real limit of 20/s would take is printed as calls / 20.
 * Arguments {@code key=value}: departments, users, nights, warmup, corrections, max-age, qps, quota, policies.
 */
public final class AttendanceBenchmark {

    private AttendanceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> s = new LinkedHashMap<>(Map.of("departments", "500", "users", "5000", "nights", "30", "warmup", "7",
                "corrections", "25", "max-age", "7", "qps", "200", "quota", "10000", "policies", "changes,exhaustive"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            s.put(kv[0], kv[1]);
        }
        System.out.println("settings: " + s);
        boolean ok = true;
        for (String policy : s.get("policies").split(",")) {
            ok &= month(policy, s);
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean month(String policy, Map<String, String> s) throws Exception {
        int qps = Integer.parseInt(s.get("qps"));
        int nights = Integer.parseInt(s.get("nights"));
        int warmup = Integer.parseInt(s.get("warmup"));
        int corrections = Integer.parseInt(s.get("corrections"));
        int maxAge = Integer.parseInt(s.get("max-age"));
        long quota = Long.parseLong(s.get("quota"));
        // a Monday, far enough from today that nothing depends on the real date
        LocalDate first = LocalDate.of(2027, 3, 1).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        DingTalkSimulator simulator = DingTalkSimulator.start(
                SimulatedOrg.generate(OrgSpec.of(42, Integer.parseInt(s.get("departments")), Integer.parseInt(s.get("users")))),
                SimulatorSettings.defaults().withQpsPerApi(qps).withLatency(Duration.ZERO));
        Path dir = Files.createDirectories(Path.of("target", "bench", "attendance-" + policy + "-" + System.currentTimeMillis()));
        String[] properties = {
                "--etl.launcher.enabled=false", "--etl.simulator.enabled=false", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--logging.level.io.dingtalketl=WARN", "--logging.level.org.flywaydb=ERROR",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("etl").toAbsolutePath()
                        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "--dingtalk.base-url=" + simulator.baseUrl(), "--dingtalk.app-key=" + SimulatorSettings.DEFAULT_APP_KEY,
                "--dingtalk.app-secret=" + SimulatorSettings.DEFAULT_APP_SECRET, "--dingtalk.default-qps=" + qps,
                "--etl.attendance.nightly.policy=" + policy, "--etl.events.health-port=-1"};
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DingTalkEtlApplication.class)
                .web(WebApplicationType.NONE).run(properties)) {
            JobOperator jobs = context.getBean(JobOperator.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            NightlyAttendance nightly = context.getBean(NightlyAttendance.class);
            Job attendanceJob = context.getBean(AttendanceJobConfiguration.JOB_NAME, Job.class);
            simulator.attendanceToday(first);
            JobExecution sync = jobs.start(context.getBean("orgSyncJob", Job.class), new JobParametersBuilder()
                    .addLocalDate(OrgSyncJobConfiguration.RUN_DATE, LocalDate.now()).toJobParameters());
            if (sync.getStatus() != BatchStatus.COMPLETED) {
                System.out.println("RESULT " + policy + " org sync " + sync.getStatus());
                return false;
            }
            List<String> users = simulator.org().truth().users().stream().map(OrgTruth.TruthUser::userid).sorted().toList();
            SplittableRandom random = new SplittableRandom(7);
            List<PunchResult> corrected = new ArrayList<>();
            List<LocalDate> approvedOn = new ArrayList<>();
            LocalDate lastScan = null;
            Map<DingTalkEndpoint, Long> before = Map.of();
            long measuredStart = 0;
            long firstNightCalls = -1;
            int scans = 0;
            long changedDays = 0;
            LocalDate today = first;
            for (int night = 0; night < warmup + nights; night++) {
                if (night == warmup) {
                    before = simulator.callCounts();
                    measuredStart = System.nanoTime();
                    simulator.resetMonth();
                    corrected.clear();
                    approvedOn.clear();
                }
                // the day: approvals correct past results, then the night's run on the next day
                for (int i = 0; i < corrections && night > 0; i++) {
                    LocalDate approved = today;
                    correctOne(simulator, users, random, today, maxAge).ifPresent(c -> {
                        corrected.add(c);
                        approvedOn.add(approved);
                    });
                }
                today = today.plusDays(1);
                simulator.attendanceToday(today);
                long callsBefore = simulator.meteredCallsThisMonth();
                NightlyAttendance.Run run = nightly.plan(today);
                JobParametersBuilder parameters = new JobParametersBuilder()
                        .addLocalDate(AttendanceJobConfiguration.FROM, run.window().from())
                        .addLocalDate(AttendanceJobConfiguration.TO, run.window().to());
                if (run.scanDays() != null) {
                    parameters.addLong(AttendanceJobConfiguration.SCAN_DAYS, run.scanDays());
                }
                JobExecution execution = jobs.start(attendanceJob, parameters.toJobParameters());
                if (execution.getStatus() != BatchStatus.COMPLETED) {
                    System.out.println("RESULT " + policy + " night " + today + " " + execution.getStatus() + " "
                            + execution.getAllFailureExceptions());
                    return false;
                }
                long calls = simulator.meteredCallsThisMonth() - callsBefore;
                if (night == 0) {
                    firstNightCalls = calls;
                }
                if (run.scanDays() == null || run.scanDays() > 0) {
                    lastScan = today;
                }
                if (night >= warmup && run.scanDays() != null && run.scanDays() > 0) {
                    scans++;
                    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM etl_attendance_change WHERE run_id = ?", Long.class,
                            execution.getJobInstance().getInstanceId());
                    changedDays += n == null ? 0 : n;
                }
                System.out.printf(Locale.ROOT, "night %s %s window %s scanDays %s metered calls %d%n", today, today.getDayOfWeek()
                        .toString().substring(0, 3), run.window(), run.scanDays(), calls);
            }
            double wall = (System.nanoTime() - measuredStart) / 1e9;
            Map<DingTalkEndpoint, Long> after = simulator.callCounts();
            long metered = 0;
            StringBuilder perApi = new StringBuilder();
            for (DingTalkEndpoint e : DingTalkEndpoint.values()) {
                long n = after.getOrDefault(e, 0L) - before.getOrDefault(e, 0L);
                if (n > 0 && e.metered()) {
                    metered += n;
                    perApi.append(' ').append(e.key()).append('=').append(n);
                }
            }
            // corrections approved before the last run that looked for them must be in the warehouse; later ones wait for the next
            int found = 0;
            int due = 0;
            int pending = 0;
            for (int i = 0; i < corrected.size(); i++) {
                PunchResult c = corrected.get(i);
                if (lastScan == null || !approvedOn.get(i).isBefore(lastScan)) {
                    pending++;
                    continue;
                }
                due++;
                Long n = jdbc.queryForObject("SELECT COUNT(*) FROM fact_attendance_result WHERE result_id = ? AND time_result = 'Normal'"
                        + " AND source_type = 'APPROVE' AND approve_id = ?", Long.class, c.id(), c.approveId());
                found += n != null && n == 1 ? 1 : 0;
            }
            Long logged = jdbc.queryForObject("SELECT COUNT(DISTINCT result_id) FROM fact_attendance_result_change", Long.class);
            double perMonth = metered * 30.0 / nights;
            System.out.printf(Locale.ROOT, "RESULT policy=%s users=%d nights=%d metered=%d (%s ) per-30-nights=%.0f quota=%d share=%.0f%%"
                            + " first-night=%d scans=%d changed-user-days=%d corrections-found=%d/%d (approved before the last scan; %d since, for the next) logged-corrections=%d wall=%.1fs"
                            + " at-20qps>=%.0fs%n",
                    policy, users.size(), nights, metered, perApi.toString().trim(), perMonth, quota, 100.0 * perMonth / quota,
                    firstNightCalls, scans, changedDays, found, due, pending, logged == null ? 0 : logged, wall, metered / 20.0);
            return found == due;
        } finally {
            simulator.close();
        }
    }

    /** Corrects one past check point that is not Normal yet, 1..maxAge days before {@code today}; empty if none was found. */
    private static java.util.Optional<PunchResult> correctOne(DingTalkSimulator simulator, List<String> users, SplittableRandom random,
                                                              LocalDate today, int maxAge) {
        for (int attempt = 0; attempt < 50; attempt++) {
            String userid = users.get(random.nextInt(users.size()));
            LocalDate day = today.minusDays(1 + random.nextInt(maxAge));
            for (PunchResult r : simulator.punchResults(userid, day, day)) {
                if (!r.timeResult().equals("Normal")) {
                    return java.util.Optional.of(simulator.correctPunchResult(userid, day, r.checkType()));
                }
            }
        }
        return java.util.Optional.empty();
    }
}
