package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.OrgTruth.TruthDepartment;
import io.dingtalketl.simulator.OrgTruth.TruthMembership;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Paging through {@code topapi/v2/user/list} the way DingTalk pages: cursor in, next_cursor out until has_more is false. */
class UserListPagingTest {

    private static DingTalkSimulator simulator;
    private static SimulatorClient client;
    private static OrgTruth truth;

    @BeforeAll
    static void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(11, 40, 600)),
                SimulatorSettings.defaults().withQpsPerApi(0));
        client = new SimulatorClient(simulator);
        truth = simulator.org().truth();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void pagingThroughALargeDepartmentYieldsEveryMemberExactlyOnce() {
        TruthDepartment big = truth.departments().stream()
                .filter(d -> d.owningMemberCount() > 100)
                .findFirst().orElseThrow();

        List<JsonNode> pages = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        while (true) {
            JsonNode page = client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", big.deptId(), "cursor", cursor, "size", 100));
            assertThat(page.path("errcode").asInt()).isZero();
            pages.add(page);
            page.path("result").path("list").forEach(u -> seen.add(u.path("userid").asString()));
            if (!page.path("result").path("has_more").asBoolean()) {
                break;
            }
            cursor = page.path("result").path("next_cursor").asLong();
        }

        List<String> expected = truth.membersOf(big.deptId()).stream().map(TruthMembership::userid).toList();
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pages).hasSize((big.owningMemberCount() + 99) / 100);
        JsonNode last = pages.get(pages.size() - 1).path("result");
        assertThat(last.has("next_cursor")).as("next_cursor on the last page").isFalse();
        assertThat(pages.get(0).path("result").has("next_cursor")).isTrue();
    }

    @Test
    void listItemsCarryThisDepartmentsOrderAndLeaderFlagAndAllTheUsersDepartments() {
        TruthMembership multi = truth.memberships().stream()
                .filter(m -> truth.membershipsOf(m.userid()).size() > 1)
                .findFirst().orElseThrow();
        JsonNode item = findInDepartment(multi.deptId(), multi.userid());

        assertThat(item.path("dept_order").asLong()).isEqualTo(multi.order());
        assertThat(item.path("leader").asBoolean()).isEqualTo(multi.leader());
        List<Long> deptIds = new ArrayList<>();
        item.path("dept_id_list").forEach(n -> deptIds.add(n.asLong()));
        assertThat(deptIds).containsExactlyInAnyOrderElementsOf(
                truth.membershipsOf(multi.userid()).stream().map(TruthMembership::deptId).toList());
    }

    @Test
    void membersComeInTheirDepartmentOrder() {
        TruthDepartment dept = truth.departments().stream().filter(d -> d.owningMemberCount() > 5).findFirst().orElseThrow();
        JsonNode page = client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", dept.deptId(), "cursor", 0, "size", 100));
        List<String> listed = new ArrayList<>();
        page.path("result").path("list").forEach(u -> listed.add(u.path("userid").asString()));

        List<String> byOrder = truth.membersOf(dept.deptId()).stream()
                .sorted(Comparator.comparingLong(TruthMembership::order).thenComparing(TruthMembership::userid))
                .map(TruthMembership::userid).toList();
        assertThat(listed).containsExactlyElementsOf(byOrder);
    }

    @Test
    void absentOptionalFieldsAreOmittedNotNull() {
        var userWithoutEmail = truth.users().stream().filter(u -> u.email() == null).findFirst().orElseThrow();
        long deptId = truth.membershipsOf(userWithoutEmail.userid()).get(0).deptId();
        JsonNode item = findInDepartment(deptId, userWithoutEmail.userid());

        assertThat(item.has("email")).isFalse();
        assertThat(item.path("userid").asString()).isEqualTo(userWithoutEmail.userid());
        assertThat(item.path("name").asString()).isEqualTo(userWithoutEmail.name());
    }

    @Test
    void pageSizeAbove100OrANegativeCursorIsRejectedWith40035() {
        JsonNode tooBig = client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", 1, "cursor", 0, "size", 101));
        JsonNode zero = client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", 1, "cursor", 0, "size", 0));
        JsonNode negative = client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", 1, "cursor", -1, "size", 10));
        JsonNode badOrder = client.call(DingTalkEndpoint.USER_LIST,
                Map.of("dept_id", 1, "cursor", 0, "size", 10, "order_field", "by_name"));

        assertThat(List.of(tooBig, zero, negative, badOrder)).allSatisfy(body -> {
            assertThat(body.path("errcode").asInt()).isEqualTo(40035);
            assertThat(body.path("request_id").asString()).isNotEmpty();
        });
    }

    @Test
    void unknownDepartmentAnswers60003() {
        JsonNode body = client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", 999, "cursor", 0, "size", 10));
        assertThat(body.path("errcode").asInt()).isEqualTo(60003);
    }

    @Test
    void acceptsTheSdkStyleStringScalarsAndFormBodies() {
        long deptId = truth.departments().stream().filter(d -> d.owningMemberCount() > 3).findFirst().orElseThrow().deptId();
        JsonNode viaStrings = client.call(DingTalkEndpoint.USER_LIST,
                Map.of("dept_id", String.valueOf(deptId), "cursor", "0", "size", "2"));
        var viaForm = client.postWithToken(DingTalkEndpoint.USER_LIST, client.token(),
                "dept_id=" + deptId + "&cursor=0&size=2", "application/x-www-form-urlencoded");
        JsonNode formBody = SimulatorClient.JSON.readTree(viaForm.body());

        assertThat(viaStrings.path("result").path("list")).hasSize(2);
        assertThat(viaStrings.path("result").path("next_cursor").asLong()).isEqualTo(2);
        assertThat(formBody.path("result")).isEqualTo(viaStrings.path("result"));
    }

    @Test
    void theCallLogShowsEachPageSoARepeatedPageIsDetectable() {
        simulator.resetCallLog();
        client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", 1, "cursor", 0, "size", 100));
        client.call(DingTalkEndpoint.USER_LIST, Map.of("size", 100, "cursor", 0, "dept_id", 1));

        List<CallRecord> calls = simulator.calls().stream().filter(c -> c.endpoint() == DingTalkEndpoint.USER_LIST).toList();
        assertThat(calls).extracting(CallRecord::params).containsExactly(
                "dept_id=1,cursor=0,size=100", "dept_id=1,cursor=0,size=100");
        assertThat(simulator.callCount(DingTalkEndpoint.USER_LIST)).isEqualTo(2);
    }

    private static JsonNode findInDepartment(long deptId, String userid) {
        long cursor = 0;
        while (true) {
            JsonNode result = client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", deptId, "cursor", cursor, "size", 100))
                    .path("result");
            for (JsonNode item : result.path("list")) {
                if (item.path("userid").asString().equals(userid)) {
                    return item;
                }
            }
            if (!result.path("has_more").asBoolean()) {
                throw new AssertionError(userid + " not listed in " + deptId);
            }
            cursor = result.path("next_cursor").asLong();
        }
    }
}
