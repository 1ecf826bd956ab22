package io.dingtalketl.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.dingtalketl.simulator.CallRecord;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.simulator.SimulatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-API throttle, shared by all threads, keeps every one-second window at or under the limit as
 * DingTalk counts it: measured from the arrival times in the simulator's call log.
 */
class ThrottleTest {

    private static final int LIMIT = 20;
    private DingTalkSimulator simulator;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(3, 30, 200)),
                SimulatorSettings.defaults().withQpsPerApi(LIMIT));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private DingTalkClient client() {
        return DingTalkClient.create(DingTalkProperties.defaults(URI.create(simulator.baseUrl()))
                .withTarget(URI.create(simulator.baseUrl()), simulator.settings().appKey(), simulator.settings().appSecret())
                .withDefaultQps(LIMIT)
                // arrival times are taken by the simulator's threads on a shared 2-core machine; a wider margin
                // than production's 50 ms keeps their scheduling jitter out of the measurement
                .withThrottleWindowMargin(java.time.Duration.ofMillis(150)), null);
    }

    @Test
    void eightThreadsHammeringOneApiNeverExceedTheLimitInAnySecond() throws Exception {
        DingTalkClient client = client();
        int callsPerThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(() -> {
                    long sum = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        sum += client.countUsers(i % 2 == 0);
                    }
                    return sum;
                });
            }
            for (Future<Long> f : pool.invokeAll(work)) {
                assertThat(f.get()).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }

        List<CallRecord> calls = simulator.calls().stream().filter(c -> c.endpoint() == DingTalkEndpoint.USER_COUNT).toList();
        assertThat(calls).hasSize(8 * callsPerThread).allMatch(CallRecord::succeeded);
        assertThat(ThrottleTestSupport.maxInAnyWindow(calls, 1_000_000_000L)).isLessThanOrEqualTo(LIMIT);
        assertThat(client.metrics().snapshot().throttleWait().get(DingTalkEndpoint.USER_COUNT))
                .as("threads did wait for the throttle").isPositive();
    }

    @Test
    void aThrottledAnswerPausesTheApiForEveryThread() throws Exception {
        DingTalkClient client = client();
        client.countUsers(false);
        simulator.failNext(DingTalkEndpoint.USER_COUNT, 1, io.dingtalketl.simulator.Fault.APP_QPS);
        simulator.resetCallLog();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> calls = new ArrayList<>();
            calls.add(pool.submit(() -> client.countUsers(false)));
            // the client counts the retry of the refused call only after it has paused the API: the other
            // threads start after that, whenever this thread gets to run
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (client.metrics().snapshot().retries().getOrDefault(DingTalkEndpoint.USER_COUNT, 0L) == 0
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            for (int t = 0; t < 3; t++) {
                calls.add(pool.submit(() -> client.countUsers(false)));
            }
            for (Future<Long> f : calls) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        long[] arrivals = simulator.calls().stream().filter(c -> c.endpoint() == DingTalkEndpoint.USER_COUNT)
                .mapToLong(CallRecord::nanoTime).sorted().toArray();
        assertThat(arrivals).hasSize(5);
        // the refused first call is followed by a pause of about a second (20 slots), not by more calls:
        // neither the retry nor any other thread's call reached DingTalk during it
        assertThat(arrivals[1] - arrivals[0]).isGreaterThan(800_000_000L);
    }

    @Test
    void eachApiHasItsOwnQuota() throws Exception {
        DingTalkClient client = client();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Object>> work = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                work.add(() -> {
                    for (int i = 0; i < 15; i++) {
                        client.countUsers(false);
                    }
                    return null;
                });
                work.add(() -> {
                    for (int i = 0; i < 15; i++) {
                        client.listSubDepartments(1);
                    }
                    return null;
                });
            }
            for (Future<Object> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (DingTalkEndpoint api : List.of(DingTalkEndpoint.USER_COUNT, DingTalkEndpoint.DEPARTMENT_LISTSUB)) {
            List<CallRecord> calls = simulator.calls().stream().filter(c -> c.endpoint() == api).toList();
            assertThat(calls).hasSize(30).allMatch(CallRecord::succeeded);
            assertThat(ThrottleTestSupport.maxInAnyWindow(calls, 1_000_000_000L)).as(api.key()).isLessThanOrEqualTo(LIMIT);
        }
        // both APIs ran side by side: in some second, the two together exceeded one API's limit
        List<CallRecord> both = simulator.calls().stream().filter(c -> c.endpoint() != DingTalkEndpoint.GET_TOKEN).toList();
        assertThat(ThrottleTestSupport.maxInAnyWindow(both, 1_000_000_000L)).isGreaterThan(LIMIT);
    }

}
