package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With stringlyTyped on, numbers and booleans arrive as JSON strings, as in DingTalk's documentation examples. */
class StringlyTypedTest {

    private DingTalkSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(4, 10, 150)),
                SimulatorSettings.defaults().withStringlyTyped(true));
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void pagesRenderNumbersAndBooleansAsStrings() {
        long bigDept = simulator.org().truth().departments().stream()
                .filter(d -> d.owningMemberCount() > 100).findFirst().orElseThrow().deptId();
        JsonNode body = client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", bigDept, "cursor", 0, "size", 100));

        assertThat(body.path("errcode").isString()).isTrue();
        assertThat(body.path("errcode").asString()).isEqualTo("0");
        JsonNode result = body.path("result");
        assertThat(result.path("has_more").isString()).isTrue();
        assertThat(result.path("has_more").asString()).isEqualTo("true");
        assertThat(result.path("next_cursor").asString()).isEqualTo("100");
        JsonNode first = result.path("list").get(0);
        assertThat(first.path("dept_order").isString()).isTrue();
        assertThat(first.path("leader").asString()).isIn("true", "false");
        assertThat(first.path("dept_id_list").get(0).isString()).isTrue();
    }

    @Test
    void errorsAndTokensAreStringlyToo() {
        JsonNode token = client.getToken("sim-app-key", "sim-app-secret");
        JsonNode error = client.call(DingTalkEndpoint.DEPARTMENT_GET, Map.of("dept_id", 12345));

        assertThat(token.path("expires_in").asString()).isEqualTo("7200");
        assertThat(error.path("errcode").asString()).isEqualTo("60003");
        assertThat(client.call(DingTalkEndpoint.DEPARTMENT_GET, Map.of("dept_id", 1))
                .path("result").path("dept_id").asString()).isEqualTo("1");
    }

    @Test
    void canBeSwitchedOffWhileRunning() {
        simulator.updateSettings(s -> s.withStringlyTyped(false));
        JsonNode body = client.call(DingTalkEndpoint.USER_COUNT, Map.of("only_active", false));

        assertThat(body.path("errcode").isNumber()).isTrue();
        assertThat(body.path("result").path("count").asLong()).isEqualTo(150);
    }
}
