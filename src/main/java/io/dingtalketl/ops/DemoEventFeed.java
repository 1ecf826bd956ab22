package io.dingtalketl.ops;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.dingtalketl.client.CallbackCrypto;
import io.dingtalketl.events.CallbackEndpoint;
import io.dingtalketl.events.EventsProperties;
import io.dingtalketl.orgsync.OrgSyncJobConfiguration;
import io.dingtalketl.simulator.CallbackPusher;
import io.dingtalketl.simulator.ContactEventFeed;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code demo serve}: the embedded simulator changes its organization every few seconds and pushes each change
 * over the encrypted HTTP callback to this process's endpoint, as DingTalk would; for each change the console
 * shows what changed and when it reached the warehouse. A warehouse that has no full sync yet gets one first.
 */
@Component
@ConditionalOnBooleanProperty({"etl.events.demo", "etl.events.serving"})
class DemoEventFeed implements DisposableBean {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final Duration EVERY = Duration.ofSeconds(5);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final DingTalkSimulator simulator;
    private final CallbackEndpoint endpoint;
    private final EventsProperties properties;
    private final JdbcTemplate jdbc;
    private final JobOperator jobOperator;
    private final Job orgSyncJob;
    private final SyncRunRepository runs;
    private final SplittableRandom random = new SplittableRandom(2026);
    private @Nullable CallbackPusher pusher;
    private @Nullable ScheduledExecutorService changes;
    private int turn;

    DemoEventFeed(DingTalkSimulator simulator, CallbackEndpoint endpoint, EventsProperties properties, JdbcTemplate jdbc,
                  JobOperator jobOperator, Job orgSyncJob, SyncRunRepository runs) {
        this.simulator = simulator;
        this.endpoint = endpoint;
        this.properties = properties;
        this.jdbc = jdbc;
        this.jobOperator = jobOperator;
        this.orgSyncJob = orgSyncJob;
        this.runs = runs;
    }

    void start() throws Exception {
        if (runs.latestAsOf() == null) {
            System.out.println("The warehouse has no full sync yet: syncing the simulated organization first.");
            jobOperator.start(orgSyncJob, new JobParametersBuilder()
                    .addLocalDate(OrgSyncJobConfiguration.RUN_DATE, LocalDate.now()).toJobParameters());
        }
        URI url = endpoint.localUri();
        EventsProperties.Callback callback = properties.callback();
        pusher = CallbackPusher.start(simulator, url, CallbackCrypto.of(callback.token(), callback.aesKey(), callback.ownerKey()));
        System.out.println("The simulator pushes its changes to " + url + " every " + EVERY.toSeconds() + " s; each line below"
                + " is a change and when it reached the warehouse (valid_from is DingTalk's event time).");
        changes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-changes");
            t.setDaemon(true);
            return t;
        });
        changes.scheduleWithFixedDelay(this::changeAndWatch, 1, EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    private void changeAndWatch() {
        try {
            OrgTruth truth = simulator.org().truth();
            List<OrgTruth.TruthUser> users = truth.users();
            OrgTruth.TruthUser user = users.get(random.nextInt(users.size()));
            String what;
            switch (turn++ % 3) {
                case 0 -> {
                    String name = "演示" + random.nextInt(1000);
                    simulator.org().renameUser(user.userid(), name);
                    what = "renamed user " + user.userid() + " (" + user.name() + ") to " + name;
                }
                case 1 -> {
                    String title = "Demo title " + random.nextInt(1000);
                    simulator.org().changeTitle(user.userid(), title);
                    what = "gave user " + user.userid() + " the title " + title;
                }
                default -> {
                    long deptId = truth.departments().get(random.nextInt(truth.departments().size())).deptId();
                    String userid = simulator.org().addUser("新同事" + random.nextInt(1000), deptId);
                    user = simulator.org().truth().user(userid).orElseThrow();
                    what = "added user " + userid + " to department " + deptId;
                }
            }
            List<ContactEventFeed.Event> raised = simulator.org().events().raised();
            Instant bornAt = raised.get(raised.size() - 1).bornAt();
            System.out.println(TIME.format(LocalDateTime.ofInstant(bornAt, ZoneOffset.UTC)) + " UTC  " + what);
            String at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").format(LocalDateTime.ofInstant(bornAt, ZoneOffset.UTC));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM dim_user WHERE userid = ? AND valid_from = ?", Integer.class,
                        user.userid(), at);
                if (n != null && n > 0) {
                    System.out.printf("             in the warehouse %.1f s after the change (version from %s UTC)%n",
                            Duration.between(bornAt, Instant.now()).toMillis() / 1000.0,
                            TIME.format(LocalDateTime.ofInstant(bornAt, ZoneOffset.UTC)));
                    return;
                }
                Thread.sleep(100);
            }
            System.out.println("             not in the warehouse after " + PATIENCE.toSeconds() + " s: see the log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.out.println("             the demo could not make its change: " + e.getMessage());
        }
    }

    @Override
    public void destroy() {
        if (changes != null) {
            changes.shutdownNow();
        }
        if (pusher != null) {
            pusher.close();
        }
    }
}
