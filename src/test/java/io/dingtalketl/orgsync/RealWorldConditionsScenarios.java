package io.dingtalketl.orgsync;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.dingtalketl.client.ApiCallMetrics;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.CallHold;
import io.dingtalketl.simulator.Fault;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run under DingTalk's real conditions gives the same warehouse as a clean run: the simulator enforces
 * 20 calls/s per API, tokens expire while the run goes on, and busy answers, 502 pages, IP-ban pages and
 * throttling codes arrive throughout. Faults and expiries are tied to the run's calls, not to a timer, so
 * every run meets as many of them whatever the machine's speed.
 */
// A wider throttle margin than production's 50 ms: the simulator takes arrival times on a shared 2-core
// machine, and a call the client spaced correctly that scheduling bunches with others is refused
@TestPropertySource(properties = {"dingtalk.default-qps=20", "dingtalk.retry.max-attempts=5",
        "dingtalk.throttle-window-margin=150ms"})
abstract class RealWorldConditionsScenarios extends AbstractOrgSyncTest {

    private static final int QPS = 20;
    private static final List<DingTalkEndpoint> APIS = List.of(DingTalkEndpoint.DEPARTMENT_LISTSUB,
            DingTalkEndpoint.DEPARTMENT_GET, DingTalkEndpoint.USER_LIST);
    private static final List<Fault> FAULTS = List.of(Fault.SYSTEM_BUSY, Fault.GLOBAL_THROTTLE, Fault.APP_QPS,
            Fault.HTTP_502_HTML, Fault.IP_BAN, Fault.TOKEN_EXPIRED);
    /** Every seventh call to each API fails (its retry does not); each API makes at least one call per department. */
    private static final int FAULT_EVERY = 7;
    /** Tokens expire every 40 data calls: at least three times, as the run makes at least 3 × 40 of them. */
    private static final int TOKEN_EXPIRY_EVERY = 40;
    private static final Duration HELD = Duration.ofSeconds(60);

    @Autowired
    DingTalkClient client;

    @Test
    void throttledRunWithExpiringTokensAndTransientFaultsMatchesTheTruth() throws Exception {
        simulator.updateSettings(s -> s.withQpsPerApi(QPS));
        APIS.forEach(api -> simulator.failEvery(api, FAULT_EVERY, FAULTS));
        simulator.expireTokensEvery(TOKEN_EXPIRY_EVERY);
        ApiCallMetrics.Snapshot before = client.metrics().snapshot();
        // The three APIs have their own quotas and are used at the same time: the walk is held half-way until the
        // department details and the user pages have each made a quarter of a department count's calls.
        CallHold walk = simulator.holdAfter(DingTalkEndpoint.DEPARTMENT_LISTSUB, DEPARTMENTS / 2);
        CallHold details = simulator.holdAfter(DingTalkEndpoint.DEPARTMENT_GET, DEPARTMENTS / 4);
        CallHold pages = simulator.holdAfter(DingTalkEndpoint.USER_LIST, DEPARTMENTS / 4);
        ExecutorService launcher = Executors.newSingleThreadExecutor();
        JobExecution execution;
        try {
            Future<JobExecution> running = launcher.submit(() -> run(LocalDate.of(2026, 11, 22)));
            try {
                assertThat(walk.awaitHeld(HELD)).as("the walk reached its hold").isTrue();
                assertThat(details.awaitHeld(HELD)).as("department/get calls while the walk was going").isTrue();
                assertThat(pages.awaitHeld(HELD)).as("user/list calls while the walk was going").isTrue();
            } finally {
                walk.release();
                details.release();
                pages.release();
            }
            execution = running.get(5, TimeUnit.MINUTES);
        } finally {
            launcher.shutdownNow();
            simulator.clearFaults();
        }

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        warehouse.assertMatches(simulator.org().truth());
        assertThat(simulator.injectedFaults()).as("faults were injected during the run")
                .isGreaterThanOrEqualTo(APIS.size() * (DEPARTMENTS / FAULT_EVERY));
        assertThat(simulator.tokenExpiries()).as("tokens expired during the run").isGreaterThanOrEqualTo(2);
        assertThat(simulator.calls()).as("some calls did fail and were retried").anyMatch(c -> !c.succeeded());
        // The quota. How many calls arrive in one second is the machine's business as much as the client's: the
        // client spaces calls (1 s + margin) / 20 apart when it sends them, and scheduling on a busy machine can
        // still bunch them on arrival, so no count of arrivals per window is a property of the client. What is:
        // - every API's calls waited for the client's per-API throttle (a client that ignores the quota never waits);
        // - refusals for the quota stay few: each one pauses the API for DingTalk's one-second penalty in the
        //   client, so bunching costs a refusal now and then, never a cascade, where a client that ignores the
        //   quota is refused on every call beyond 20 in a second (and then on its quick retries).
        // Injected 90018s are counted apart (simulator.quotaRefusals counts only the window's own). The window
        // itself, with the simulator's clock frozen, is tested in QpsLimitTest; the throttle in ThrottleTest.
        ApiCallMetrics.Snapshot after = client.metrics().snapshot();
        for (DingTalkEndpoint api : APIS) {
            long calls = simulator.callCount(api);
            assertThat(after.throttleWait().get(api)).as("calls to %s waited for the client's throttle", api.key())
                    .isGreaterThan(before.throttleWait().get(api));
            assertThat(simulator.quotaRefusals(api)).as("calls to %s refused for the quota, of %d", api.key(), calls)
                    .isLessThanOrEqualTo(calls / 10);
        }
    }
}
