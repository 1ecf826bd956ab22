package io.dingtalketl.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.dingtalketl.client.DingTalkApiException;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.client.ErrorCategory;
import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.DepartmentDetail;
import io.dingtalketl.client.wire.DepartmentWrite;
import io.dingtalketl.client.wire.RoleList;
import io.dingtalketl.client.wire.UserDetail;
import io.dingtalketl.client.wire.UserWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The client's contact write methods against the simulator: what they create, change and delete is what the read
 * APIs then show; DingTalk's refusals arrive as {@link DingTalkApiException}s of the right category with DingTalk's
 * errcode and errmsg; and a write is sent again only when DingTalk certainly did not execute it.
 */
class ContactWritesThroughClientTest {

    private DingTalkSimulator simulator;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(11, 4, 10)), SimulatorSettings.defaults().withQpsPerApi(0));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @ParameterizedTest(name = "numbers as strings: {0}")
    @ValueSource(booleans = {false, true})
    void createUpdateDeleteRoundTripShowsThroughTheReadApis(boolean stringly) {
        simulator.updateSettings(s -> s.withStringlyTyped(stringly));
        DingTalkClient client = client(Duration.ofSeconds(30));

        long sales = client.createDepartment(new DepartmentWrite("销售部", 1L, 5L, "HR_D1"));
        long east = client.createDepartment(new DepartmentWrite("华东区", sales, null, "HR_D2"));
        String userid = client.createUser(new UserWrite(null, "王芳", "13800001111", List.of(east, sales), "E1001",
                "客户经理", "wangfang@example.com"));

        // DingTalk's wire format: dept_id_list is one comma-separated string, nothing else of the record is sent
        assertThat(simulator.calls()).filteredOn(c -> c.endpoint() == DingTalkEndpoint.USER_CREATE).singleElement()
                .satisfies(c -> assertThat(c.params()).contains("dept_id_list=" + east + "," + sales)
                        .doesNotContain("dept_ids").doesNotContain("userid="));
        assertThat(client.listSubDepartments(sales).orElseThrow()).extracting(DepartmentBase::deptId).containsExactly(east);
        DepartmentDetail detail = client.getDepartment(sales).orElseThrow();
        assertThat(detail.name()).isEqualTo("销售部");
        assertThat(detail.sourceIdentifier()).isEqualTo("HR_D1");
        UserDetail user = client.getUser(userid).orElseThrow();
        assertThat(user.name()).isEqualTo("王芳");
        assertThat(user.mobile()).isEqualTo("13800001111");
        assertThat(user.jobNumber()).isEqualTo("E1001");
        assertThat(user.email()).isEqualTo("wangfang@example.com");
        assertThat(user.deptIdList()).containsExactlyInAnyOrder(east, sales);
        assertThat(client.listUsers(east, 0, 100).orElseThrow().list()).extracting(u -> u.userid()).containsExactly(userid);
        assertThat(client.findUserIdByMobile("13800001111")).contains(userid);

        client.updateDepartment(east, new DepartmentWrite("华东大区", null, null, null));
        client.updateUser(userid, new UserWrite(null, null, null, List.of(east), null, "区域经理", null));
        assertThat(client.getDepartment(east).orElseThrow().name()).isEqualTo("华东大区");
        assertThat(client.getDepartment(east).orElseThrow().sourceIdentifier()).isEqualTo("HR_D2");
        UserDetail updated = client.getUser(userid).orElseThrow();
        assertThat(updated.title()).isEqualTo("区域经理");
        assertThat(updated.name()).isEqualTo("王芳");
        assertThat(updated.email()).isEqualTo("wangfang@example.com");
        assertThat(updated.deptIdList()).containsExactly(east);

        long group = client.addRoleGroup("职级");
        long role = client.addRole(group, "M1");
        client.assignRoles(List.of(role), List.of(userid));
        assertThat(simulator.org().roles()).singleElement()
                .satisfies(r -> assertThat(r.userids()).containsExactly(userid));
        assertThat(client.listRoleGroups()).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo(group);
            assertThat(g.name()).isEqualTo("职级");
            assertThat(g.rolesOrEmpty()).extracting(RoleList.Role::id, RoleList.Role::name).containsExactly(tuple(role, "M1"));
        });

        client.deleteUser(userid);
        client.deleteDepartment(east);
        client.deleteDepartment(sales);
        assertThat(client.getUser(userid)).isEmpty();
        assertThat(client.findUserIdByMobile("13800001111")).isEmpty();
        assertThat(client.getDepartment(sales)).isEmpty();
        assertThat(simulator.org().events().raised()).extracting(ContactEventFeed.Event::type).containsExactly(
                "org_dept_create", "org_dept_create", "user_add_org", "org_dept_modify", "user_modify_org",
                "user_leave_org", "org_dept_remove", "org_dept_remove");
    }

    @Test
    void listRoleGroupsReadsEveryPageOf200GroupsWithTheirRoles() {
        DingTalkClient client = client(Duration.ofSeconds(30));
        List<Long> made = new java.util.ArrayList<>();
        for (int i = 0; i < 201; i++) {
            made.add(client.addRoleGroup("组" + i));
        }
        long last = client.addRole(made.get(200), "组长");
        simulator.resetCallLog();

        List<RoleList.RoleGroup> groups = client.listRoleGroups();

        assertThat(groups).extracting(RoleList.RoleGroup::groupId).containsExactlyElementsOf(made);
        assertThat(groups.get(200).rolesOrEmpty()).extracting(RoleList.Role::id, RoleList.Role::name).containsExactly(tuple(last, "组长"));
        assertThat(simulator.calls()).extracting(CallRecord::endpoint).containsExactly(DingTalkEndpoint.ROLE_LIST, DingTalkEndpoint.ROLE_LIST);
    }

    @Test
    void refusalsOfOneItemAreRejectedWithDingTalksErrcodeAndAMissingWriteScopeIsAPermissionError() {
        DingTalkClient client = client(Duration.ofSeconds(30));
        long dept = client.createDepartment(new DepartmentWrite("同步测试部", 1L, null, null));
        String taken = client.createUser(new UserWrite("a1", "周杰", "13800002222", List.of(dept), null, null, null));

        assertRejected(() -> client.createUser(new UserWrite(null, "周伦", "13800002222", List.of(dept), null, null, null)), 60104);
        assertRejected(() -> client.createUser(new UserWrite(taken, "周伦", "13800003333", List.of(dept), null, null, null)), 60102);
        assertRejected(() -> client.createDepartment(new DepartmentWrite("后勤部", 404L, null, null)), 60004);
        assertRejected(() -> client.createDepartment(new DepartmentWrite("x".repeat(65), 1L, null, null)), 40035);
        assertRejected(() -> client.createDepartment(new DepartmentWrite("同步测试部", 1L, null, null)), 60008);
        assertRejected(() -> client.updateDepartment(404L, new DepartmentWrite("后勤部", null, null, null)), 60003);
        assertRejected(() -> client.deleteDepartment(dept), 60005);
        assertRejected(() -> client.deleteUser("nobody"), 33012);
        long group = client.addRoleGroup("岗位");
        client.addRole(group, "出纳");
        assertRejected(() -> client.addRole(group, "出纳"), 34021);

        simulator.denyWrites();
        DingTalkApiException denied = catchThrowableOfType(DingTalkApiException.class,
                () -> client.createDepartment(new DepartmentWrite("后勤部", 1L, null, null)));
        assertThat(denied.category()).isEqualTo(ErrorCategory.PERMISSION);
        assertThat(denied.errcode()).isEqualTo(60011);
        assertThat(denied.getMessage()).contains("qyapi_manage_addresslist");
        assertThat(client.findUserIdByMobile("13800002222")).contains(taken);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"SYSTEM_BUSY", "HTTP_502_HTML"})
    void aWriteIsNotSentAgainAfterAnAnswerThatLeavesItsOutcomeUnknown(Fault fault) {
        DingTalkClient client = client(Duration.ofSeconds(30));
        simulator.failNext(DingTalkEndpoint.USER_CREATE, 1, fault);

        DingTalkApiException failure = catchThrowableOfType(DingTalkApiException.class, () -> client.createUser(
                new UserWrite(null, "刘洋", "13800004444", List.of(1L), null, null, null)));

        assertThat(failure.outcomeUnknown()).isTrue();
        assertThat(failure.category()).isEqualTo(ErrorCategory.RETRYABLE);
        assertThat(failure.getMessage()).contains("Not sent again");
        assertThat(simulator.callCount(DingTalkEndpoint.USER_CREATE)).isEqualTo(1);
        // a read is still retried after the same answer
        simulator.failNext(DingTalkEndpoint.USER_GETBYMOBILE, 1, fault);
        assertThat(client.findUserIdByMobile("13800004444")).isEmpty();
        assertThat(simulator.callCount(DingTalkEndpoint.USER_GETBYMOBILE)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"APP_QPS", "TOKEN_EXPIRED"})
    void aWriteRefusedBeforeExecutionIsSentAgainAndAppliedOnce(Fault fault) {
        DingTalkClient client = client(Duration.ofSeconds(30));
        simulator.failNext(DingTalkEndpoint.DEPARTMENT_CREATE, 1, fault);

        long deptId = client.createDepartment(new DepartmentWrite("采购部", 1L, null, null));

        assertThat(simulator.callCount(DingTalkEndpoint.DEPARTMENT_CREATE)).isEqualTo(2);
        assertThat(simulator.org().truth().departments()).filteredOn(d -> d.name().equals("采购部"))
                .singleElement().satisfies(d -> assertThat(d.deptId()).isEqualTo(deptId));
    }

    @Test
    void aWriteThatTimedOutIsNotSentAgainThoughDingTalkExecutesItLater() throws InterruptedException {
        DingTalkClient client = client(Duration.ofMillis(300));
        CallHold hold = simulator.holdAfter(DingTalkEndpoint.DEPARTMENT_CREATE, 0);
        CountDownLatch created = new CountDownLatch(1);
        Consumer<ContactEventFeed.Event> listener = e -> {
            if (e.type().equals("org_dept_create")) {
                created.countDown();
            }
        };
        simulator.org().events().subscribe(listener);
        try {
            DingTalkApiException failure = catchThrowableOfType(DingTalkApiException.class,
                    () -> client.createDepartment(new DepartmentWrite("法务部", 1L, null, null)));
            assertThat(failure.outcomeUnknown()).isTrue();
            assertThat(hold.awaitHeld(Duration.ofSeconds(10))).isTrue();
        } finally {
            hold.release();
        }

        assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
        simulator.org().events().unsubscribe(listener);
        assertThat(simulator.org().truth().departments()).filteredOn(d -> d.name().equals("法务部")).hasSize(1);
        assertThat(simulator.awaitCalls(c -> c.endpoint() == DingTalkEndpoint.DEPARTMENT_CREATE, 1, Duration.ofSeconds(10))).isTrue();
        assertThat(simulator.calls()).filteredOn(c -> c.endpoint() == DingTalkEndpoint.DEPARTMENT_CREATE).hasSize(1);
    }

    @Test
    void badInputIsRefusedBeforeAnyCall() {
        DingTalkClient client = client(Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.createUser(new UserWrite(null, "无手机", null, List.of(1L), null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mobile");
        assertThatThrownBy(() -> client.createDepartment(new DepartmentWrite("无上级", null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parent_id");
        assertThatThrownBy(() -> client.assignRoles(List.of(1L), java.util.Collections.nCopies(21, "u")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20");
        assertThat(simulator.calls()).isEmpty();
    }

    private static void assertRejected(Runnable call, int errcode) {
        DingTalkApiException e = catchThrowableOfType(DingTalkApiException.class, call::run);
        assertThat(e).as("errcode %d", errcode).isNotNull();
        assertThat(e.category()).isEqualTo(ErrorCategory.REJECTED);
        assertThat(e.errcode()).isEqualTo(errcode);
        assertThat(e.errmsg()).isNotBlank();
        assertThat(e.outcomeUnknown()).isFalse();
    }

    private DingTalkClient client(Duration readTimeout) {
        URI url = URI.create(simulator.baseUrl());
        return DingTalkClient.create(new DingTalkProperties(url, null, simulator.settings().appKey(),
                simulator.settings().appSecret(), null, 0, Duration.ofMillis(50), null,
                new DingTalkProperties.Retry(3, Duration.ofMillis(5), 1.0, Duration.ofMillis(1), Duration.ofMillis(5)),
                Duration.ofMinutes(10), Duration.ofSeconds(5), readTimeout, null, null), null);
    }
}
