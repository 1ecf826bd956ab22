package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** DingTalk's per-app, per-API limit: a sliding one-second window, excess calls answered with 90018. */
class QpsLimitTest {

    private DingTalkSimulator simulator;
    private SimulatorClient client;
    private final ExecutorService pool = Executors.newFixedThreadPool(20);

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(3, 20, 100)),
                SimulatorSettings.defaults().withQpsPerApi(5));
        client = new SimulatorClient(simulator);
        client.fetchToken();
        simulator.resetCallLog();
        // the one-second windows are the simulator's: the test moves its clock, so no window depends on
        // how fast this machine happens to run the calls
        simulator.freezeClock();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        simulator.close();
    }

    @Test
    void aBurstOf20ConcurrentCallsGetsFiveThroughAndTheRestAnswer90018() {
        List<JsonNode> answers = burst(20);

        assertThat(answers).filteredOn(a -> a.path("errcode").asInt() == 0).hasSize(5);
        assertThat(answers).filteredOn(a -> a.path("errcode").asInt() == 90018).hasSize(15)
                .allSatisfy(a -> assertThat(a.path("errmsg").asString()).contains("频率"));
        assertThat(simulator.callCount(DingTalkEndpoint.USER_COUNT)).isEqualTo(20);
        assertThat(simulator.calls()).filteredOn(c -> c.errcode() == 90018).hasSize(15);
    }

    @Test
    void acceptedCallsNeverExceedTheLimitInAnyOneSecondWindow() throws Exception {
        for (int i = 0; i < 25; i++) {   // 2.25 s of the simulator's time
            burst(4);
            simulator.advanceClock(Duration.ofMillis(90));
        }

        List<Long> accepted = simulator.calls().stream()
                .filter(c -> c.errcode() != 90018).map(CallRecord::nanoTime).sorted().toList();
        assertThat(accepted.size()).isBetween(10, 15);
        for (int i = 0; i + 5 < accepted.size(); i++) {
            assertThat(accepted.get(i + 5) - accepted.get(i))
                    .as("6 accepted calls must span at least one second")
                    .isGreaterThanOrEqualTo(1_000_000_000L);
        }
        assertThat(simulator.calls()).anyMatch(c -> c.errcode() == 90018);
    }

    @Test
    void eachApiHasItsOwnWindowAndOverridesApply() {
        simulator.updateSettings(s -> s.withQps(DingTalkEndpoint.USER_GETBYMOBILE, 1));
        burst(5);
        JsonNode first = client.call(DingTalkEndpoint.USER_GETBYMOBILE, Map.of("mobile", "10000000000"));
        JsonNode second = client.call(DingTalkEndpoint.USER_GETBYMOBILE, Map.of("mobile", "10000000000"));

        assertThat(first.path("errcode").asInt()).isEqualTo(60121);
        assertThat(second.path("errcode").asInt()).isEqualTo(90018);
    }

    @Test
    void zeroMeansUnlimited() {
        simulator.updateSettings(s -> s.withQpsPerApi(0));
        assertThat(burst(20)).allSatisfy(a -> assertThat(a.path("errcode").asInt()).isZero());
    }

    @Test
    void gettokenIsThrottledToo() {
        simulator.updateSettings(s -> s.withQps(DingTalkEndpoint.GET_TOKEN, 2));
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            codes.add(client.getToken("sim-app-key", "sim-app-secret").path("errcode").asInt());
        }
        // the gettoken in start() may still count in the window
        assertThat(codes.get(0)).isZero();
        assertThat(codes.subList(2, 4)).containsOnly(90018);
        assertThat(codes).filteredOn(c -> c == 0).hasSizeLessThanOrEqualTo(2);
    }

    private List<JsonNode> burst(int calls) {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return client.call(DingTalkEndpoint.USER_COUNT, Map.of("only_active", true));
            }, pool));
        }
        go.countDown();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
