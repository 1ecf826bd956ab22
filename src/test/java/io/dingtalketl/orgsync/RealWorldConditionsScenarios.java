package io.dingtalketl.orgsync;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.CallRecord;
import io.dingtalketl.simulator.Fault;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run under DingTalk's real conditions gives the same warehouse as a clean run: the simulator enforces
 * 20 calls/s per API, tokens expire while the run goes on, and busy answers, 502 pages, IP-ban pages and
 * throttling codes arrive throughout.
 */
// The simulator takes arrival times on a shared 2-core machine; a wider throttle margin than production's
// 50 ms keeps its threads' scheduling jitter out of the per-second measurement.
@TestPropertySource(properties = {"dingtalk.default-qps=20", "dingtalk.retry.max-attempts=5",
        "dingtalk.throttle-window-margin=150ms"})
abstract class RealWorldConditionsScenarios extends AbstractOrgSyncTest {

    private static final List<DingTalkEndpoint> APIS = List.of(DingTalkEndpoint.DEPARTMENT_LISTSUB,
            DingTalkEndpoint.DEPARTMENT_GET, DingTalkEndpoint.USER_LIST);
    private static final List<Fault> FAULTS = List.of(Fault.SYSTEM_BUSY, Fault.GLOBAL_THROTTLE, Fault.APP_QPS,
            Fault.HTTP_502_HTML, Fault.IP_BAN, Fault.TOKEN_EXPIRED);

    @Test
    void throttledRunWithExpiringTokensAndTransientFaultsMatchesTheTruth() throws Exception {
        simulator.updateSettings(s -> s.withQpsPerApi(20).withTokenLifetime(Duration.ofSeconds(2)));
        AtomicInteger injected = new AtomicInteger();
        AtomicInteger expiries = new AtomicInteger();
        Random random = new Random(11);
        ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
        java.util.Map<DingTalkEndpoint, Long> callsAtLastFault = new java.util.EnumMap<>(DingTalkEndpoint.class);
        chaos.scheduleAtFixedRate(() -> {
            // a fault for an API that has answered a few calls since its last one: faults follow the traffic
            DingTalkEndpoint api = APIS.get(random.nextInt(APIS.size()));
            long calls = simulator.callCount(api);
            if (calls - callsAtLastFault.getOrDefault(api, 0L) >= 4) {
                simulator.failNext(api, 1, FAULTS.get(random.nextInt(FAULTS.size())));
                callsAtLastFault.put(api, calls);
                injected.incrementAndGet();
            }
        }, 100, 150, TimeUnit.MILLISECONDS);
        chaos.scheduleAtFixedRate(() -> {
            simulator.expireAllTokens();
            expiries.incrementAndGet();
        }, 2_500, 2_500, TimeUnit.MILLISECONDS);
        JobExecution execution;
        try {
            execution = run(LocalDate.of(2026, 11, 22));
        } finally {
            chaos.shutdownNow();
            simulator.clearFaults();
        }

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        warehouse.assertMatches(simulator.org().truth());
        assertThat(injected.get()).as("faults were injected during the run").isGreaterThan(10);
        assertThat(expiries.get()).as("tokens expired during the run").isGreaterThanOrEqualTo(2);
        assertThat(simulator.calls()).as("some calls did fail and were retried").anyMatch(c -> !c.succeeded());
        for (DingTalkEndpoint api : APIS) {
            List<CallRecord> calls = calls(api);
            assertThat(io.dingtalketl.client.ThrottleTestSupport.maxInAnyWindow(calls, 1_000_000_000L))
                    .as("calls to %s in any second", api.key()).isLessThanOrEqualTo(20);
        }
        // the three APIs have their own quotas and were used at the same time: details and user pages were
        // fetched while the walk was still going (the root's department/get belongs to the walk itself)
        long walkEnd = calls(DingTalkEndpoint.DEPARTMENT_LISTSUB).stream().mapToLong(CallRecord::nanoTime).max().orElseThrow();
        long detailsDuringWalk = calls(DingTalkEndpoint.DEPARTMENT_GET).stream().filter(c -> c.nanoTime() < walkEnd).count() - 1;
        long pagesDuringWalk = calls(DingTalkEndpoint.USER_LIST).stream().filter(c -> c.nanoTime() < walkEnd).count();
        System.out.printf("[overlap] during the walk: %d department/get, %d user/list calls%n", detailsDuringWalk, pagesDuringWalk);
        assertThat(detailsDuringWalk).as("department/get calls while the walk was going").isGreaterThan(DEPARTMENTS / 4);
        assertThat(pagesDuringWalk).as("user/list calls while the walk was going").isGreaterThan(DEPARTMENTS / 4);
    }
}
