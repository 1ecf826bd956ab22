package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** gettoken and the token check on every other API, as DingTalk documents them. */
class AccessTokenTest {

    private DingTalkSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(5, 10, 30)));
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void gettokenAnswersLikeDingTalkAndReturnsTheSameTokenWithinItsLifetime() {
        JsonNode first = client.getToken("sim-app-key", "sim-app-secret");
        JsonNode second = client.getToken("sim-app-key", "sim-app-secret");

        assertThat(first.path("errcode").asInt()).isZero();
        assertThat(first.path("errmsg").asString()).isEqualTo("ok");
        assertThat(first.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(first.path("access_token").asString()).isNotEmpty();
        assertThat(second.path("access_token").asString()).isEqualTo(first.path("access_token").asString());
    }

    @Test
    void anExpiredTokenAnswers42001AndGettokenThenIssuesANewOne() {
        simulator.updateSettings(s -> s.withTokenLifetime(Duration.ofSeconds(300)));
        String token = client.fetchToken();
        assertThat(userCount().path("errcode").asInt()).isZero();

        simulator.advanceClock(Duration.ofSeconds(400));
        assertThat(userCount().path("errcode").asInt()).isEqualTo(42001);

        String renewed = client.fetchToken();
        assertThat(renewed).isNotEqualTo(token);
        assertThat(userCount().path("errcode").asInt()).isZero();
    }

    @Test
    void fetchingWithinTheLifetimeExtendsIt() {
        simulator.updateSettings(s -> s.withTokenLifetime(Duration.ofSeconds(600)));
        String token = client.fetchToken();
        simulator.advanceClock(Duration.ofSeconds(350));
        assertThat(client.fetchToken()).isEqualTo(token);
        simulator.advanceClock(Duration.ofSeconds(350)); // 700 s after the first fetch, 350 s after the renewal
        assertThat(userCount().path("errcode").asInt()).isZero();
    }

    @Test
    void expireAllTokensMakesCurrentTokensAnswer42001() {
        String token = client.fetchToken();
        simulator.expireAllTokens();

        assertThat(userCount().path("errcode").asInt()).isEqualTo(42001);
        assertThat(client.fetchToken()).isNotEqualTo(token);
        assertThat(userCount().path("errcode").asInt()).isZero();
    }

    @Test
    void wrongCredentialsAreRejected() {
        assertThat(client.getToken("other-app", "sim-app-secret").path("errcode").asInt()).isEqualTo(40089);
        assertThat(client.getToken("sim-app-key", "wrong").path("errcode").asInt()).isEqualTo(40001);
    }

    @Test
    void aMissingOrUnknownTokenIsRejected() {
        var missing = client.postWithToken(DingTalkEndpoint.USER_COUNT, null, "{\"only_active\":false}", "application/json");
        var unknown = client.postWithToken(DingTalkEndpoint.USER_COUNT, "not-a-token", "{\"only_active\":false}", "application/json");
        var inBody = client.postWithToken(DingTalkEndpoint.USER_COUNT, null,
                "{\"only_active\":false,\"access_token\":\"" + client.fetchToken() + "\"}", "application/json");

        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(SimulatorClient.JSON.readTree(missing.body()).path("errcode").asInt()).isEqualTo(41001);
        assertThat(SimulatorClient.JSON.readTree(unknown.body()).path("errcode").asInt()).isEqualTo(40014);
        assertThat(SimulatorClient.JSON.readTree(inBody.body()).path("errcode").asInt())
                .as("the token only counts in the URL").isEqualTo(41001);
    }

    @Test
    void neitherTheTokenNorTheSecretIsRecorded() {
        String token = client.fetchToken();
        userCount();

        assertThat(simulator.calls()).hasSize(2).allSatisfy(call -> {
            assertThat(call.params()).doesNotContain(token).doesNotContain("sim-app-secret");
        });
        assertThat(simulator.calls().get(0).params()).isEqualTo("appkey=sim-app-key");
        assertThat(simulator.settings().toString()).doesNotContain("sim-app-secret");
    }

    private JsonNode userCount() {
        return client.call(DingTalkEndpoint.USER_COUNT, Map.of("only_active", false));
    }
}
