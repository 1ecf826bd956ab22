package io.dingtalketl.orgsync;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.dingtalketl.client.ApiCallMetrics;
import io.dingtalketl.client.DingTalkApiException;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.warehouse.SyncRunRepository;
import io.dingtalketl.warehouse.staging.StagingTables;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Progress lines for long runs, every {@code interval}: the running steps (the three extract steps run side
 * by side), departments found, memberships fetched against what the departments' member counts promise
 * (known once the walk and the details are done), each API's calls per second against its limit, and an
 * estimate of the time left in the extraction. The organization's size comes from one
 * {@code user/count} call at the start of the run, also kept for the run report's reconciliation.
 *
 * <p>Thread-safe: the walk's writer and the partitions' user-page readers count from their own threads.
 */
public class OrgSyncProgress implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger("io.dingtalketl.progress");

    private final DingTalkClient client;
    private final SyncRunRepository runs;
    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final AtomicLong departments = new AtomicLong();
    private final AtomicLong memberships = new AtomicLong();
    private volatile @Nullable ScheduledExecutorService ticker;
    private volatile @Nullable Long userCount;
    private volatile @Nullable Long expectedMemberships;
    private ApiCallMetrics.Snapshot lastCalls;
    private long lastTick;
    private long lastProgress;

    public OrgSyncProgress(DingTalkClient client, SyncRunRepository runs, JdbcTemplate jdbc, Duration interval) {
        this.client = client;
        this.runs = runs;
        this.jdbc = jdbc;
        this.interval = interval;
        this.lastCalls = client.metrics().snapshot();
    }

    void departmentsStaged(int n) {
        departments.addAndGet(n);
    }

    void membershipsFetched(int n) {
        memberships.addAndGet(n);
    }

    @Override
    public synchronized void beforeJob(JobExecution execution) {
        long runId = execution.getJobInstance().getInstanceId();
        departments.set(count("SELECT COUNT(*) FROM " + StagingTables.of(runId).departments()));
        memberships.set(count("SELECT COUNT(*) FROM " + StagingTables.of(runId).listings()));
        expectedMemberships = null;
        try {
            userCount = client.countUsers(false);
            runs.userCount(runId, userCount);
        } catch (DingTalkApiException e) {
            userCount = null;
            log.warn("Could not read the organization's size (user/count): {}", e.getMessage());
        }
        lastCalls = client.metrics().snapshot();
        lastTick = System.nanoTime();
        lastProgress = 0;
        if (!interval.isZero() && !interval.isNegative()) {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleAtFixedRate(() -> tick(execution), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            ticker = executor;
        }
    }

    @Override
    public synchronized void afterJob(JobExecution execution) {
        ScheduledExecutorService executor = ticker;
        if (executor != null) {
            executor.shutdownNow();
            ticker = null;
        }
    }

    private synchronized void tick(JobExecution execution) {
        try {
            log.info(line(execution));
        } catch (RuntimeException e) {
            log.debug("progress line failed", e);
        }
    }

    String line(JobExecution execution) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastTick) / 1e9);
        ApiCallMetrics.Snapshot calls = client.metrics().snapshot();
        Map<DingTalkEndpoint, Double> rates = new EnumMap<>(DingTalkEndpoint.class);
        calls.callsSince(lastCalls).forEach((api, n) -> rates.put(api, n / seconds));
        List<String> steps = runningSteps(execution);
        long runId = execution.getJobInstance().getInstanceId();
        StringJoiner line = new StringJoiner(" | ");
        line.add("steps " + (steps.isEmpty() ? "starting" : String.join("+", steps)));
        line.add("departments " + departments.get());
        long fetched = memberships.get();
        Long expected = expectedMemberships(runId);
        line.add("memberships " + fetched + (expected == null ? "" : " of ~" + expected)
                + (userCount == null ? "" : " (users in DingTalk: " + userCount + ")"));
        StringJoiner apis = new StringJoiner(", ");
        rates.forEach((api, rate) -> apis.add(String.format(Locale.ROOT, "%s %.1f/s of %d", api.key(), rate,
                client.properties().qpsOf(api))));
        line.add("calls " + (apis.length() == 0 ? "none" : apis.toString()));
        long progress;
        long remaining;
        if (steps.contains("users") && expected != null) {
            progress = fetched;
            remaining = expected - fetched;
        } else if (steps.contains("departmentDetails") && !steps.contains("departments")) {
            progress = calls.calls(DingTalkEndpoint.DEPARTMENT_GET);
            remaining = count("SELECT COUNT(*) FROM " + StagingTables.of(runId).departments() + " WHERE details_loaded = FALSE");
        } else {
            progress = -1;
            remaining = -1;
        }
        if (progress >= 0 && lastProgress >= 0 && progress > lastProgress && remaining >= 0) {
            double rate = (progress - lastProgress) / seconds;
            line.add("ETA " + format(Duration.ofSeconds((long) (remaining / rate))));
        }
        lastProgress = progress;
        lastCalls = calls;
        lastTick = now;
        return line.toString();
    }

    /** The memberships the departments' owning member counts promise, once every count is known. */
    private @Nullable Long expectedMemberships(long runId) {
        if (expectedMemberships == null) {
            Map<String, Object> row = jdbc.queryForMap("""
                    SELECT SUM(owning_member_count) AS expected,
                           SUM(CASE WHEN details_loaded AND expanded THEN 0 ELSE 1 END) AS pending
                    FROM %s""".formatted(StagingTables.of(runId).departments()));
            if (row.get("expected") instanceof Number sum && row.get("pending") instanceof Number pending
                    && pending.longValue() == 0) {
                expectedMemberships = sum.longValue();
            }
        }
        return expectedMemberships;
    }

    private static List<String> runningSteps(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(s -> s.getStatus() == BatchStatus.STARTED && !s.getStepName().contains(":"))
                .map(StepExecution::getStepName).toList();
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
