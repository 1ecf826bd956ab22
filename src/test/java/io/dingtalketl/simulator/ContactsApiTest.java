package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.OrgTruth.TruthDepartment;
import io.dingtalketl.simulator.OrgTruth.TruthMembership;
import io.dingtalketl.simulator.OrgTruth.TruthUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The department and user read APIs answer with DingTalk's field names and the org's truth. */
class ContactsApiTest {

    private static DingTalkSimulator simulator;
    private static SimulatorClient client;
    private static OrgTruth truth;

    @BeforeAll
    static void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(17, 60, 400)),
                SimulatorSettings.defaults().withQpsPerApi(0));
        client = new SimulatorClient(simulator);
        truth = simulator.org().truth();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void walkingListsubFromTheRootFindsEveryDepartment() {
        List<Long> found = new ArrayList<>(List.of(1L));
        Deque<Long> todo = new ArrayDeque<>(List.of(1L));
        while (!todo.isEmpty()) {
            long parent = todo.poll();
            for (JsonNode d : client.call(DingTalkEndpoint.DEPARTMENT_LISTSUB, Map.of("dept_id", parent)).path("result")) {
                assertThat(d.path("parent_id").asLong()).isEqualTo(parent);
                TruthDepartment expected = truth.department(d.path("dept_id").asLong()).orElseThrow();
                assertThat(d.path("name").asString()).isEqualTo(expected.name());
                assertThat(d.path("create_dept_group").asBoolean()).isEqualTo(expected.createDeptGroup());
                assertThat(d.has("source_identifier")).isEqualTo(expected.sourceIdentifier() != null);
                found.add(expected.deptId());
                todo.add(expected.deptId());
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(truth.departments().stream().map(TruthDepartment::deptId).toList());
    }

    @Test
    void listsubDefaultsToTheRootAndListsubidAgrees() {
        List<Long> viaListsub = new ArrayList<>();
        client.call(DingTalkEndpoint.DEPARTMENT_LISTSUB, Map.of()).path("result").forEach(d -> viaListsub.add(d.path("dept_id").asLong()));
        List<Long> viaIds = new ArrayList<>();
        client.call(DingTalkEndpoint.DEPARTMENT_LISTSUBID, Map.of("dept_id", 1)).path("result").path("dept_id_list")
                .forEach(n -> viaIds.add(n.asLong()));

        assertThat(viaListsub).isNotEmpty().containsExactlyElementsOf(viaIds);
        assertThat(viaIds).containsExactlyInAnyOrderElementsOf(truth.children(1).stream().map(TruthDepartment::deptId).toList());
    }

    @Test
    void departmentGetReportsCountsManagersAndOmitsTheRootsParent() {
        TruthDepartment withManager = truth.departments().stream()
                .filter(d -> !d.managerUserids().isEmpty() && d.parentId() != null).findFirst().orElseThrow();
        JsonNode d = client.call(DingTalkEndpoint.DEPARTMENT_GET, Map.of("dept_id", withManager.deptId())).path("result");
        JsonNode root = client.call(DingTalkEndpoint.DEPARTMENT_GET, Map.of("dept_id", 1)).path("result");

        assertThat(d.path("name").asString()).isEqualTo(withManager.name());
        assertThat(d.path("parent_id").asLong()).isEqualTo(withManager.parentId());
        assertThat(d.path("order").asLong()).isEqualTo(withManager.order());
        assertThat(d.path("member_count").asInt()).isEqualTo(withManager.memberCount());
        assertThat(d.path("owning_member_count").asInt()).isEqualTo(withManager.owningMemberCount());
        List<String> managers = new ArrayList<>();
        d.path("dept_manager_userid_list").forEach(n -> managers.add(n.asString()));
        assertThat(managers).containsExactlyInAnyOrderElementsOf(withManager.managerUserids());
        assertThat(d.has("extention")).isEqualTo(withManager.extension() != null);

        assertThat(root.has("parent_id")).isFalse();
        assertThat(root.path("name").asString()).isEqualTo(truth.companyName());
        assertThat(root.path("member_count").asInt()).isEqualTo(truth.userCount());
        assertThat(client.call(DingTalkEndpoint.DEPARTMENT_GET, Map.of("dept_id", 7)).path("errcode").asInt()).isEqualTo(60003);
        assertThat(client.call(DingTalkEndpoint.DEPARTMENT_LISTSUB, Map.of("dept_id", 7)).path("errcode").asInt()).isEqualTo(60003);
    }

    @Test
    void listidReturnsTheDirectMembers() {
        TruthDepartment dept = truth.departments().stream().filter(d -> d.owningMemberCount() > 2).findFirst().orElseThrow();
        List<String> ids = new ArrayList<>();
        client.call(DingTalkEndpoint.USER_LISTID, Map.of("dept_id", dept.deptId())).path("result").path("userid_list")
                .forEach(n -> ids.add(n.asString()));

        assertThat(ids).containsExactlyInAnyOrderElementsOf(truth.membersOf(dept.deptId()).stream().map(TruthMembership::userid).toList());
    }

    @Test
    void userGetHasDetailsAndPerDepartmentOrderAndLeadership() {
        TruthUser user = truth.users().stream()
                .filter(u -> u.userid().startsWith("0") && truth.membershipsOf(u.userid()).size() > 1)
                .findFirst().orElseGet(() -> truth.users().stream().filter(u -> u.userid().startsWith("0")).findFirst().orElseThrow());
        JsonNode r = client.call(DingTalkEndpoint.USER_GET, Map.of("userid", user.userid())).path("result");

        assertThat(r.path("userid").asString()).isEqualTo(user.userid());
        assertThat(r.path("unionid").asString()).isEqualTo(user.unionid());
        assertThat(r.path("name").asString()).isEqualTo(user.name());
        assertThat(r.has("mobile")).isEqualTo(user.mobile() != null);
        assertThat(r.has("title")).isEqualTo(user.title() != null);
        assertThat(r.path("boss").asBoolean()).isEqualTo(user.boss());
        assertThat(r.path("exclusive_account").asBoolean()).isFalse();
        if (user.extension() != null) {
            assertThat(r.path("extension").isString()).as("extension is a JSON string").isTrue();
            assertThat(r.path("extension").asString()).isEqualTo(user.extension());
        }
        List<TruthMembership> memberships = truth.membershipsOf(user.userid());
        assertThat(r.path("dept_order_list")).hasSize(memberships.size());
        for (JsonNode entry : r.path("leader_in_dept")) {
            TruthMembership m = memberships.stream().filter(x -> x.deptId() == entry.path("dept_id").asLong()).findFirst().orElseThrow();
            assertThat(entry.path("leader").asBoolean()).isEqualTo(m.leader());
        }
        assertThat(client.call(DingTalkEndpoint.USER_GET, Map.of("userid", "nobody")).path("errcode").asInt()).isEqualTo(33012);
    }

    @Test
    void countAndGetbymobileAnswerFromTheOrg() {
        long active = truth.users().stream().filter(TruthUser::active).count();
        TruthUser withMobile = truth.users().stream().filter(u -> u.mobile() != null).findFirst().orElseThrow();

        assertThat(client.call(DingTalkEndpoint.USER_COUNT, Map.of("only_active", false)).path("result").path("count").asLong())
                .isEqualTo(truth.userCount());
        assertThat(client.call(DingTalkEndpoint.USER_COUNT, Map.of("only_active", true)).path("result").path("count").asLong())
                .isEqualTo(active);
        assertThat(client.call(DingTalkEndpoint.USER_GETBYMOBILE, Map.of("mobile", withMobile.mobile()))
                .path("result").path("userid").asString()).isEqualTo(withMobile.userid());
        assertThat(client.call(DingTalkEndpoint.USER_GETBYMOBILE, Map.of("mobile", "10000000000")).path("errcode").asInt())
                .isEqualTo(60121);
    }

    @Test
    void successAnswersCarryOkAndARequestId() {
        JsonNode body = client.call(DingTalkEndpoint.USER_COUNT, Map.of("only_active", false));
        assertThat(body.path("errmsg").asString()).isEqualTo("ok");
        assertThat(body.path("request_id").asString()).isNotBlank();
    }

    @Test
    void mutationsShowUpInTheNextResponse() {
        SimulatedOrg org = simulator.org();
        long parent = truth.children(1).get(0).deptId();
        long newDept = org.addDepartment(parent, "临时\"专项\"组");
        String userid = org.addUser("新同学😀", newDept);

        JsonNode listed = client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", newDept, "cursor", 0, "size", 10)).path("result");
        assertThat(listed.path("list")).hasSize(1);
        assertThat(listed.path("list").get(0).path("userid").asString()).isEqualTo(userid);
        assertThat(listed.path("list").get(0).path("name").asString()).isEqualTo("新同学😀");

        org.removeUser(userid);
        org.removeDepartment(newDept);
        assertThat(client.call(DingTalkEndpoint.USER_GET, Map.of("userid", userid)).path("errcode").asInt()).isEqualTo(33012);
        assertThat(client.call(DingTalkEndpoint.DEPARTMENT_GET, Map.of("dept_id", newDept)).path("errcode").asInt()).isEqualTo(60003);
        assertThat(org.truth().departments()).isEqualTo(truth.departments());
    }
}
