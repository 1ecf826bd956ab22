package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.OrgTruth.TruthUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** asyncsend_v2 "succeeds" even for recipients DingTalk drops; getsendresult tells the truth. */
class WorkNotificationTest {

    private DingTalkSimulator simulator;
    private SimulatorClient client;
    private List<TruthUser> users;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(31, 10, 50)));
        client = new SimulatorClient(simulator);
        users = simulator.org().truth().users();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aDroppedRecipientIsReportedAsForbiddenWhileTheSendSucceeds() {
        String alice = users.get(0).userid();
        String bob = users.get(1).userid();
        simulator.dropRecipients(bob);

        JsonNode sent = client.call(DingTalkEndpoint.MESSAGE_SEND, Map.of(
                "agent_id", 2_468_101L,
                "userid_list", alice + "," + bob + ",ghost",
                "msg", Map.of("msgtype", "text", "text", Map.of("content", "同步完成：\"users\" 50 条 ✅"))));

        assertThat(sent.path("errcode").asInt()).isZero();
        long taskId = sent.path("task_id").asLong();
        assertThat(taskId).isPositive();

        JsonNode result = client.call(DingTalkEndpoint.MESSAGE_SEND_RESULT, Map.of("agent_id", 2_468_101L, "task_id", taskId))
                .path("send_result");
        assertThat(strings(result.path("invalid_user_id_list"))).containsExactly("ghost");
        assertThat(strings(result.path("forbidden_user_id_list"))).containsExactly(bob);
        assertThat(strings(result.path("unread_user_id_list"))).containsExactly(alice);
        assertThat(result.path("forbidden_list").get(0).path("code").asString()).isEqualTo("143106");
        assertThat(result.path("forbidden_list").get(0).path("userid").asString()).isEqualTo(bob);

        SentMessage message = simulator.sentMessages().get(0);
        assertThat(message.taskId()).isEqualTo(taskId);
        assertThat(message.agentId()).isEqualTo(2_468_101L);
        assertThat(message.recipients()).containsExactly(alice, bob, "ghost");
        assertThat(message.delivered()).containsExactly(alice);
        assertThat(SimulatorClient.JSON.readTree(message.msg()).path("text").path("content").asString())
                .isEqualTo("同步完成：\"users\" 50 条 ✅");
    }

    @Test
    void departmentRecipientsIncludeSubDepartments() {
        OrgTruth truth = simulator.org().truth();
        JsonNode sent = client.call(DingTalkEndpoint.MESSAGE_SEND, Map.of(
                "agent_id", 1, "dept_id_list", "1", "msg", Map.of("msgtype", "text", "text", Map.of("content", "hi"))));

        SentMessage message = simulator.sentMessages().get(0);
        assertThat(sent.path("errcode").asInt()).isZero();
        assertThat(message.delivered()).hasSize(truth.userCount());
    }

    @Test
    void aSendWithoutMessageOrRecipientsIsRejected() {
        assertThat(client.call(DingTalkEndpoint.MESSAGE_SEND, Map.of("agent_id", 1, "userid_list", "a"))
                .path("errcode").asInt()).isEqualTo(400002);
        assertThat(client.call(DingTalkEndpoint.MESSAGE_SEND,
                Map.of("agent_id", 1, "msg", Map.of("msgtype", "text", "text", Map.of("content", "x"))))
                .path("errcode").asInt()).isEqualTo(400002);
        assertThat(client.call(DingTalkEndpoint.MESSAGE_SEND_RESULT, Map.of("agent_id", 1, "task_id", 42))
                .path("errcode").asInt()).isEqualTo(40035);
        assertThat(simulator.sentMessages()).isEmpty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asString()));
        return values;
    }
}
