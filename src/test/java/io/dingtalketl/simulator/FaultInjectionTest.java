package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Injected failures look exactly like DingTalk's, and the tripwire lets a test fail a job part-way. */
class FaultInjectionTest {

    private static final Map<String, Object> COUNT = Map.of("only_active", false);

    private DingTalkSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(8, 10, 40)),
                SimulatorSettings.defaults().withQpsPerApi(0));
        client = new SimulatorClient(simulator);
        client.fetchToken();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void systemBusyIsErrcodeMinusOneWithHttp200() {
        simulator.failNext(DingTalkEndpoint.USER_COUNT, 1, Fault.SYSTEM_BUSY);
        HttpResponse<String> response = client.post(DingTalkEndpoint.USER_COUNT, COUNT);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimulatorClient.JSON.readTree(response.body());
        assertThat(body.path("errcode").asInt()).isEqualTo(-1);
        assertThat(body.path("errmsg").asString()).isEqualTo("系统繁忙");
        assertThat(body.path("request_id").asString()).isNotEmpty();
    }

    @Test
    void globalThrottleAndAppQpsCarryDingTalksCodesAndMessages() {
        simulator.failNext(DingTalkEndpoint.USER_LIST, 1, Fault.GLOBAL_THROTTLE);
        simulator.failNext(DingTalkEndpoint.USER_LIST, 1, Fault.APP_QPS);
        Map<String, Object> page = Map.of("dept_id", 1, "cursor", 0, "size", 10);

        JsonNode global = client.call(DingTalkEndpoint.USER_LIST, page);
        JsonNode app = client.call(DingTalkEndpoint.USER_LIST, page);

        assertThat(global.path("errcode").asInt()).isEqualTo(90002);
        assertThat(global.path("errmsg").asString())
                .startsWith("您的服务器调用钉钉开放平台当前接口的所有请求都被暂时禁用了")
                .contains("apiPath(/topapi/v2/user/list)");
        assertThat(app.path("errcode").asInt()).isEqualTo(90018);
        assertThat(client.call(DingTalkEndpoint.USER_LIST, page).path("errcode").asInt()).isZero();
    }

    @Test
    void failEveryFailsEveryNthCallInTurnWithTheGivenFaults() {
        simulator.failEvery(DingTalkEndpoint.USER_COUNT, 3, List.of(Fault.SYSTEM_BUSY, Fault.APP_QPS));

        List<Integer> errcodes = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            errcodes.add(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt());
        }

        assertThat(errcodes).containsExactly(0, 0, -1, 0, 0, 90018, 0, 0, -1);
        assertThat(simulator.injectedFaults()).isEqualTo(3);
        assertThat(simulator.quotaRefusals(DingTalkEndpoint.USER_COUNT)).as("injected, not the quota's").isZero();
        simulator.clearFaults();
        assertThat(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt()).isZero();
    }

    @Test
    void expireTokensEveryExpiresTheTokenOnEveryNthDataCall() {
        simulator.expireTokensEvery(4);

        List<Integer> errcodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int errcode = client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt();
            errcodes.add(errcode);
            if (errcode == 42001) {
                client.fetchToken();
            }
        }

        assertThat(errcodes).containsExactly(0, 0, 0, 42001, 0, 0, 0, 42001);
        assertThat(simulator.tokenExpiries()).isEqualTo(2);
    }

    @Test
    void badGatewayIsAnHtmlPageWithHttp502() {
        simulator.failNext(DingTalkEndpoint.DEPARTMENT_LISTSUB, 1, Fault.HTTP_502_HTML);
        HttpResponse<String> response = client.post(DingTalkEndpoint.DEPARTMENT_LISTSUB, Map.of("dept_id", 1));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("text/html"));
        assertThat(response.body()).contains("502 Bad Gateway");
        assertThat(simulator.calls()).last().extracting(CallRecord::errcode).isEqualTo(502);
    }

    @Test
    void ipBanIsJsonWithStatus1111AndNoErrcode() {
        simulator.failNext(DingTalkEndpoint.USER_GET, 1, Fault.IP_BAN);
        HttpResponse<String> response = client.post(DingTalkEndpoint.USER_GET, Map.of("userid", "x"));
        JsonNode body = SimulatorClient.JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.has("errcode")).isFalse();
        assertThat(body.path("status").asInt()).isEqualTo(1111);
        assertThat(body.path("wait").asInt()).isEqualTo(5);
        assertThat(body.path("punish").asString()).isEqualTo("deny");
        assertThat(simulator.calls()).last().extracting(CallRecord::errcode).isEqualTo(1111);
    }

    @Test
    void tokenExpiredFaultAnswers42001ThoughTheTokenIsValid() {
        simulator.failNext(DingTalkEndpoint.USER_COUNT, 2, Fault.TOKEN_EXPIRED);

        assertThat(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt()).isEqualTo(42001);
        assertThat(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt()).isEqualTo(42001);
        assertThat(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt()).isZero();
    }

    @Test
    void failNextOnlyAffectsItsOwnApi() {
        simulator.failNext(DingTalkEndpoint.USER_COUNT, 1, Fault.SYSTEM_BUSY);

        assertThat(client.call(DingTalkEndpoint.DEPARTMENT_LISTSUBID, Map.of("dept_id", 1)).path("errcode").asInt()).isZero();
        assertThat(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt()).isEqualTo(-1);
    }

    @Test
    void failAfterLetsExactlyNSuccessfulCallsThroughThenFailsUntilCleared() {
        simulator.failAfter(null, 3, Fault.SYSTEM_BUSY);

        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            codes.add(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt());
        }
        // an error answer does not use up one of the allowed successes
        codes.add(client.call(DingTalkEndpoint.USER_GET, Map.of("userid", "nobody")).path("errcode").asInt());
        codes.add(client.call(DingTalkEndpoint.DEPARTMENT_LISTSUBID, Map.of("dept_id", 1)).path("errcode").asInt());
        codes.add(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt());
        assertThat(codes).containsExactly(0, 0, 0, -1, -1, -1);
        assertThat(client.getToken("sim-app-key", "sim-app-secret").path("errcode").asInt())
                .as("gettoken keeps working").isZero();

        simulator.clearFaults();
        assertThat(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt()).isZero();
    }

    @Test
    void failAfterCountsOnlySuccesses() {
        simulator.failAfter(DingTalkEndpoint.USER_GET, 1, Fault.GLOBAL_THROTTLE);
        String userid = simulator.org().truth().users().get(0).userid();

        assertThat(client.call(DingTalkEndpoint.USER_GET, Map.of("userid", "nobody")).path("errcode").asInt()).isEqualTo(33012);
        assertThat(client.call(DingTalkEndpoint.USER_GET, Map.of("userid", userid)).path("errcode").asInt()).isZero();
        assertThat(client.call(DingTalkEndpoint.USER_GET, Map.of("userid", userid)).path("errcode").asInt()).isEqualTo(90002);
        assertThat(client.call(DingTalkEndpoint.USER_COUNT, COUNT).path("errcode").asInt()).as("other APIs unaffected").isZero();
    }

    @Test
    void latencyDelaysEveryAnswer() {
        simulator.updateSettings(s -> s.withLatency(Duration.ofMillis(150)));
        long start = System.nanoTime();
        client.call(DingTalkEndpoint.USER_COUNT, COUNT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void unknownPathIsHttp404AndNotCounted() {
        HttpResponse<String> response = client.get("/topapi/v2/user/nonexistent");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(simulator.callCounts().values()).allMatch(n -> n <= 1); // only the gettoken from start()
    }
}
