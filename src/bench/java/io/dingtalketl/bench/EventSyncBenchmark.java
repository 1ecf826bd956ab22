package io.dingtalketl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.dingtalketl.DingTalkEtlApplication;
import io.dingtalketl.client.CallbackCrypto;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.events.CallbackEndpoint;
import io.dingtalketl.events.EventInbox;
import io.dingtalketl.events.EventPayloads;
import io.dingtalketl.events.Transport;
import io.dingtalketl.eventsync.EventSyncJobConfiguration;
import io.dingtalketl.orgsync.OrgSyncJobConfiguration;
import io.dingtalketl.simulator.CallbackPusher;
import io.dingtalketl.simulator.ContactEventFeed;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.OrgTruth;
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
 * Benchmark of the contact-event path ({@code bench/events.sh}), in three parts on one organization:
 * <ol>
 *   <li>a full sync (the calls it spends: the reference);</li>
 *   <li>a day of changes made one at a time (about 1% of the users), each pushed by the simulator over the
 *       encrypted HTTP callback to the application's endpoint and applied by the apply loop, as {@code serve}
 *       does: DingTalk calls spent, and for each change the time from the change to its version in the warehouse
 *       (p50, p99, max);</li>
 *   <li>a backlog: {@code backlog} events committed to the inbox (two renames of each of {@code backlog}/2
 *       users) and then drained by one {@code eventSyncJob} run: events/s, calls/s, and the bound the API quota
 *       sets (calls ÷ qps).</li>
 * </ol>
 * The simulator runs in this JVM (its latency and per-API quota as in profile a of the org-sync benchmark).
 * Arguments {@code key=value}: departments, users, qps, latency (ms), changes, pace (ms between changes),
 * backlog, apply-interval.
 */
public final class EventSyncBenchmark {

    private static final String TOKEN = "benchToken1";
    private static final String AES_KEY = "benchAesKey0123456789abcdefghijklmnopqrstuv";
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private EventSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> s = new LinkedHashMap<>(Map.of("departments", "500", "users", "5000", "qps", "20", "latency", "100",
                "changes", "50", "pace", "500", "backlog", "10000", "apply-interval", "1s"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            s.put(kv[0], kv[1]);
        }
        int users = Integer.parseInt(s.get("users"));
        int qps = Integer.parseInt(s.get("qps"));
        System.out.println("settings: " + s);
        DingTalkSimulator simulator = DingTalkSimulator.start(
                SimulatedOrg.generate(OrgSpec.of(42, Integer.parseInt(s.get("departments")), users)),
                SimulatorSettings.defaults().withQpsPerApi(qps).withLatency(Duration.ofMillis(Long.parseLong(s.get("latency")))));
        Path dir = Files.createDirectories(Path.of("target", "bench", "events-" + System.currentTimeMillis()));
        String[] properties = {
                "--etl.launcher.enabled=false", "--etl.simulator.enabled=false", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--logging.level.io.dingtalketl=WARN", "--logging.level.org.flywaydb=ERROR",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("etl").toAbsolutePath()
                        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "--dingtalk.base-url=" + simulator.baseUrl(), "--dingtalk.app-key=" + SimulatorSettings.DEFAULT_APP_KEY,
                "--dingtalk.app-secret=" + SimulatorSettings.DEFAULT_APP_SECRET, "--dingtalk.default-qps=" + qps,
                "--etl.events.serving=true", "--etl.events.callback.enabled=true", "--etl.events.callback.bind-address=127.0.0.1",
                "--etl.events.callback.port=0", "--etl.events.callback.token=" + TOKEN, "--etl.events.callback.aes-key=" + AES_KEY,
                "--etl.events.callback.owner-key=" + SimulatorSettings.DEFAULT_APP_KEY,
                "--etl.events.apply-interval=" + s.get("apply-interval"), "--etl.events.health-port=-1"};
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DingTalkEtlApplication.class)
                .web(WebApplicationType.NONE).run(properties)) {
            JobOperator jobs = context.getBean(JobOperator.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

            // 1. the full sync
            long before = totalCalls(simulator);
            long started = System.nanoTime();
            JobExecution full = jobs.start(context.getBean("orgSyncJob", Job.class), new JobParametersBuilder()
                    .addLocalDate(OrgSyncJobConfiguration.RUN_DATE, LocalDate.of(2026, 11, 22)).toJobParameters());
            long fullCalls = totalCalls(simulator) - before;
            System.out.printf(Locale.ROOT, "RESULT full-sync status=%s wall=%.1fs calls=%d%n", full.getStatus(),
                    (System.nanoTime() - started) / 1e9, fullCalls);

            // 2. a day of changes, pushed and applied as serve does
            CallbackEndpoint endpoint = context.getBean(CallbackEndpoint.class);
            Map<DingTalkEndpoint, Long> callsBefore = simulator.callCounts();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            int changes = Integer.parseInt(s.get("changes"));
            try (CallbackPusher pusher = CallbackPusher.start(simulator, endpoint.localUri(),
                    CallbackCrypto.of(TOKEN, AES_KEY, SimulatorSettings.DEFAULT_APP_KEY))) {
                SplittableRandom random = new SplittableRandom(7);
                List<Thread> watchers = new ArrayList<>();
                for (int i = 0; i < changes; i++) {
                    Change change = change(simulator, random, i);
                    Thread watcher = new Thread(() -> latencies.add(await(jdbc, change)), "watch-" + i);
                    watcher.start();
                    watchers.add(watcher);
                    Thread.sleep(Long.parseLong(s.get("pace")));
                }
                for (Thread watcher : watchers) {
                    watcher.join();
                }
            }
            Map<DingTalkEndpoint, Long> callsAfter = simulator.callCounts();
            long eventCalls = 0;
            StringBuilder perApi = new StringBuilder();
            for (DingTalkEndpoint e : DingTalkEndpoint.values()) {
                long n = callsAfter.getOrDefault(e, 0L) - callsBefore.getOrDefault(e, 0L);
                if (n > 0) {
                    eventCalls += n;
                    perApi.append(' ').append(e.key()).append('=').append(n);
                }
            }
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "RESULT event-day changes=%d calls=%d (%s ) calls-per-change=%.2f vs-full-sync=%.1fx fewer"
                            + " latency-ms p50=%d p99=%d max=%d%n", changes, eventCalls, perApi.toString().trim(),
                    (double) eventCalls / changes, (double) fullCalls / Math.max(1, eventCalls), percentile(sorted, 50),
                    percentile(sorted, 99), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));

            // 3. a backlog drained by one run, once the apply loop is idle (it would apply the same entities beside it)
            org.springframework.batch.core.repository.JobRepository repository =
                    context.getBean(org.springframework.batch.core.repository.JobRepository.class);
            Thread.sleep(Duration.parse("PT" + s.get("apply-interval").toUpperCase(Locale.ROOT)).toMillis() * 3);
            while (!repository.findRunningJobExecutions(EventSyncJobConfiguration.JOB_NAME).isEmpty()) {
                Thread.sleep(100);
            }
            int backlog = Integer.parseInt(s.get("backlog"));
            EventInbox inbox = context.getBean(EventInbox.class);
            List<OrgTruth.TruthUser> all = simulator.org().truth().users();
            int distinct = Math.min(all.size(), backlog / 2);
            int raisedBefore = simulator.org().events().raised().size();
            for (int i = 0; i < backlog; i++) {
                simulator.org().renameUser(all.get(i % distinct).userid(), "积压" + i);
            }
            List<ContactEventFeed.Event> raised = simulator.org().events().raised();
            for (ContactEventFeed.Event e : raised.subList(raisedBefore, raised.size())) {
                inbox.receive(EventPayloads.fromPush("{\"EventType\":\"" + e.type() + "\",\"eventId\":\"" + e.eventId()
                        + "\",\"TimeStamp\":\"" + e.bornAt().toEpochMilli() + "\",\"UserId\":[\"" + e.userIds().get(0) + "\"]}",
                        Transport.HTTP, Instant.now()));
            }
            long drainBefore = totalCalls(simulator);
            long drainStart = System.nanoTime();
            JobExecution drain = jobs.start(context.getBean("eventSyncJob", Job.class), new JobParametersBuilder()
                    .addLong(EventSyncJobConfiguration.TRIGGERED_AT, System.currentTimeMillis()).toJobParameters());
            double seconds = (System.nanoTime() - drainStart) / 1e9;
            long drainCalls = totalCalls(simulator) - drainBefore;
            System.out.printf(Locale.ROOT, "RESULT backlog status=%s events=%d entities=%d calls=%d wall=%.1fs events/s=%.0f"
                            + " calls/s=%.1f bound=%.1fs wall/bound=%.2f%n", drain.getStatus(), backlog, distinct, drainCalls, seconds,
                    backlog / seconds, drainCalls / seconds, qps == 0 ? 0.0 : (double) drainCalls / qps,
                    qps == 0 ? 0.0 : seconds / ((double) drainCalls / qps));
            if (full.getStatus() != BatchStatus.COMPLETED || drain.getStatus() != BatchStatus.COMPLETED) {
                System.exit(1);
            }
        } finally {
            simulator.close();
        }
        System.exit(0);
    }

    /** One change to the simulated organization and how to see it in the warehouse. */
    private record Change(String table, String key, String id, Instant bornAt) {
    }

    private static Change change(DingTalkSimulator simulator, SplittableRandom random, int i) {
        OrgTruth truth = simulator.org().truth();
        OrgTruth.TruthUser user = truth.users().get(random.nextInt(truth.users().size()));
        String userid = user.userid();
        switch (i % 5) {
            case 0 -> simulator.org().renameUser(userid, "改名" + i);
            case 1 -> simulator.org().changeTitle(userid, "Title " + i);
            case 2 -> userid = simulator.org().addUser("新人" + i, truth.departments().get(random.nextInt(truth.departments().size())).deptId());
            case 3 -> {
                if (Boolean.TRUE.equals(user.boss()) || truth.memberships().stream().anyMatch(m -> m.userid().equals(user.userid()) && m.leader())) {
                    simulator.org().renameUser(userid, "改名" + i);
                } else {
                    simulator.org().removeUser(userid);
                }
            }
            default -> {
                OrgTruth.TruthDepartment d = truth.departments().get(1 + random.nextInt(truth.departments().size() - 1));
                simulator.org().renameDepartment(d.deptId(), d.name() + "·" + i);
                List<ContactEventFeed.Event> raised = simulator.org().events().raised();
                return new Change("dim_department", "dept_id", Long.toString(d.deptId()), raised.get(raised.size() - 1).bornAt());
            }
        }
        List<ContactEventFeed.Event> raised = simulator.org().events().raised();
        return new Change("dim_user", "userid", userid, raised.get(raised.size() - 1).bornAt());
    }

    /** Milliseconds from the change to a version of its entity starting or ending at the change's time. */
    private static long await(JdbcTemplate jdbc, Change change) {
        String at = SQL_TIME.format(LocalDateTime.ofInstant(change.bornAt(), ZoneOffset.UTC));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM " + change.table() + " WHERE " + change.key() + " = ? AND (valid_from = ?"
                    + " OR valid_to = ?)", Integer.class, change.id(), at, at);
            if (n != null && n > 0) {
                return Duration.between(change.bornAt(), Instant.now()).toMillis();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return Long.MAX_VALUE;
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static long totalCalls(DingTalkSimulator simulator) {
        return simulator.callCounts().values().stream().mapToLong(Long::longValue).sum();
    }
}
