package io.dingtalketl.simulator;

import java.util.List;

import com.dingtalk.api.DefaultDingTalkClient;
import com.dingtalk.api.request.OapiRoleAddRoleRequest;
import com.dingtalk.api.request.OapiRoleAddrolegroupRequest;
import com.dingtalk.api.request.OapiRoleAddrolesforempsRequest;
import com.dingtalk.api.request.OapiRoleListRequest;
import com.dingtalk.api.request.OapiV2DepartmentCreateRequest;
import com.dingtalk.api.request.OapiV2DepartmentDeleteRequest;
import com.dingtalk.api.request.OapiV2DepartmentGetRequest;
import com.dingtalk.api.request.OapiV2DepartmentUpdateRequest;
import com.dingtalk.api.request.OapiV2UserCreateRequest;
import com.dingtalk.api.request.OapiV2UserDeleteRequest;
import com.dingtalk.api.request.OapiV2UserGetRequest;
import com.dingtalk.api.request.OapiV2UserGetbymobileRequest;
import com.dingtalk.api.request.OapiV2UserUpdateRequest;
import com.dingtalk.api.response.OapiRoleAddRoleResponse;
import com.dingtalk.api.response.OapiRoleAddrolegroupResponse;
import com.dingtalk.api.response.OapiRoleAddrolesforempsResponse;
import com.dingtalk.api.response.OapiRoleListResponse;
import com.dingtalk.api.response.OapiV2DepartmentCreateResponse;
import com.dingtalk.api.response.OapiV2DepartmentDeleteResponse;
import com.dingtalk.api.response.OapiV2DepartmentGetResponse;
import com.dingtalk.api.response.OapiV2DepartmentUpdateResponse;
import com.dingtalk.api.response.OapiV2UserCreateResponse;
import com.dingtalk.api.response.OapiV2UserDeleteResponse;
import com.dingtalk.api.response.OapiV2UserGetResponse;
import com.dingtalk.api.response.OapiV2UserGetbymobileResponse;
import com.dingtalk.api.response.OapiV2UserUpdateResponse;
import com.taobao.api.ApiException;
import com.taobao.api.TaobaoRequest;
import com.taobao.api.TaobaoResponse;
import io.dingtalketl.client.DingTalkEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The simulator's contact write APIs as DingTalk's own legacy Java SDK calls them, with the request classes of
 * DingTalk's "sync an OA system with contacts" guide ({@code OapiV2DepartmentCreateRequest},
 * {@code OapiRoleAddrolegroupRequest}, {@code OapiRoleAddRoleRequest}, {@code OapiV2UserCreateRequest} …, and
 * {@code OapiRoleListRequest} for the role look-up): what the
 * SDK sends is accepted, what the simulator answers the SDK reads, the writes show in the read APIs, and DingTalk's
 * refusals come back with DingTalk's errcodes and change nothing.
 */
class ContactWritesSdkContractTest {

    private DingTalkSimulator simulator;
    private String accessToken;

    @BeforeEach
    void start() throws ApiException {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(7, 3, 12)), SimulatorSettings.defaults().withQpsPerApi(0));
        accessToken = SdkTokens.accessToken(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void theGuidesFlowCreatesADepartmentARoleAndAUserThatTheReadApisShow() throws Exception {
        OapiV2DepartmentCreateResponse dept = createDepartment("华东销售部", 1L, "HR_0042");
        assertThat(dept.isSuccess()).as(dept.getBody()).isTrue();
        long deptId = dept.getResult().getDeptId();

        OapiRoleAddrolegroupRequest groupRequest = new OapiRoleAddrolegroupRequest();
        groupRequest.setName("HR职级");
        OapiRoleAddrolegroupResponse group = call("/role/add_role_group", groupRequest);
        assertThat(group.isSuccess()).as(group.getBody()).isTrue();
        OapiRoleAddRoleRequest roleRequest = new OapiRoleAddRoleRequest();
        roleRequest.setGroupId(group.getGroupId());
        roleRequest.setRoleName("P7");
        OapiRoleAddRoleResponse role = call("/role/add_role", roleRequest);
        assertThat(role.isSuccess()).as(role.getBody()).isTrue();

        OapiV2UserCreateResponse user = createUser("hr0042", "王小明", "13900000042", deptId + ",1");
        assertThat(user.isSuccess()).as(user.getBody()).isTrue();
        assertThat(user.getResult().getUserid()).isEqualTo("hr0042");
        assertThat(user.getResult().getUnionId()).isNotBlank();

        OapiRoleAddrolesforempsRequest assign = new OapiRoleAddrolesforempsRequest();
        assign.setRoleIds(String.valueOf(role.getRoleId()));
        assign.setUserIds("hr0042");
        OapiRoleAddrolesforempsResponse assigned = call("/topapi/role/addrolesforemps", assign);
        assertThat(assigned.isSuccess()).as(assigned.getBody()).isTrue();

        OapiV2DepartmentGetRequest getDept = new OapiV2DepartmentGetRequest();
        getDept.setDeptId(deptId);
        OapiV2DepartmentGetResponse readDept = call("/topapi/v2/department/get", getDept);
        assertThat(readDept.getResult().getName()).isEqualTo("华东销售部");
        assertThat(readDept.getResult().getParentId()).isEqualTo(1L);
        assertThat(readDept.getResult().getSourceIdentifier()).isEqualTo("HR_0042");
        OapiV2UserGetRequest getUser = new OapiV2UserGetRequest();
        getUser.setUserid("hr0042");
        OapiV2UserGetResponse readUser = call("/topapi/v2/user/get", getUser);
        assertThat(readUser.getResult().getName()).isEqualTo("王小明");
        assertThat(readUser.getResult().getMobile()).isEqualTo("13900000042");
        assertThat(readUser.getResult().getTitle()).isEqualTo("销售经理");
        assertThat(readUser.getResult().getDeptIdList()).containsExactlyInAnyOrder(deptId, 1L);
        OapiV2UserGetbymobileRequest byMobile = new OapiV2UserGetbymobileRequest();
        byMobile.setMobile("13900000042");
        OapiV2UserGetbymobileResponse found = call("/topapi/v2/user/getbymobile", byMobile);
        assertThat(found.getResult().getUserid()).isEqualTo("hr0042");

        assertThat(simulator.org().roles()).singleElement().satisfies(r -> {
            assertThat(r.groupName()).isEqualTo("HR职级");
            assertThat(r.name()).isEqualTo("P7");
            assertThat(r.userids()).containsExactly("hr0042");
        });
        assertThat(simulator.org().events().raised()).extracting(ContactEventFeed.Event::type)
                .containsExactly("org_dept_create", "user_add_org");
        assertThat(simulator.callCount(DingTalkEndpoint.DEPARTMENT_CREATE)).isEqualTo(1);
        assertThat(simulator.callCount(DingTalkEndpoint.USER_CREATE)).isEqualTo(1);
        assertThat(simulator.callCount(DingTalkEndpoint.ROLE_ASSIGN)).isEqualTo(1);
    }

    @Test
    void updatesChangeOnlyTheFieldsSentAndDeletesRemove() throws Exception {
        long a = createDepartment("研发中心", 1L, "HR_1").getResult().getDeptId();
        long b = createDepartment("测试组", 1L, "HR_2").getResult().getDeptId();
        String userid = createUser(null, "李雷", "13900000001", String.valueOf(b)).getResult().getUserid();
        assertThat(userid).isNotBlank();

        OapiV2DepartmentUpdateRequest move = new OapiV2DepartmentUpdateRequest();
        move.setDeptId(b);
        move.setParentId(a);
        OapiV2DepartmentUpdateResponse moved = call("/topapi/v2/department/update", move);
        assertThat(moved.isSuccess()).as(moved.getBody()).isTrue();
        OapiV2UserUpdateRequest rename = new OapiV2UserUpdateRequest();
        rename.setUserid(userid);
        rename.setName("李雷雷");
        rename.setDeptIdList(String.valueOf(a));
        OapiV2UserUpdateResponse renamed = call("/topapi/v2/user/update", rename);
        assertThat(renamed.isSuccess()).as(renamed.getBody()).isTrue();

        OrgTruth truth = simulator.org().truth();
        assertThat(truth.departments()).filteredOn(d -> d.deptId() == b).singleElement()
                .satisfies(d -> {
                    assertThat(d.parentId()).isEqualTo(a);
                    assertThat(d.name()).isEqualTo("测试组");
                    assertThat(d.sourceIdentifier()).isEqualTo("HR_2");
                });
        assertThat(truth.users()).filteredOn(u -> u.userid().equals(userid)).singleElement()
                .satisfies(u -> {
                    assertThat(u.name()).isEqualTo("李雷雷");
                    assertThat(u.mobile()).isEqualTo("13900000001");
                    assertThat(u.title()).isEqualTo("销售经理");
                });
        assertThat(truth.memberships()).filteredOn(m -> m.userid().equals(userid))
                .extracting(OrgTruth.TruthMembership::deptId).containsExactly(a);

        OapiV2UserDeleteRequest deleteUser = new OapiV2UserDeleteRequest();
        deleteUser.setUserid(userid);
        assertThat(call("/topapi/v2/user/delete", deleteUser).isSuccess()).isTrue();
        assertThat(deleteDepartment(b).isSuccess()).isTrue();
        assertThat(deleteDepartment(a).isSuccess()).isTrue();

        OrgTruth after = simulator.org().truth();
        assertThat(after.departments()).noneMatch(d -> d.deptId() == a || d.deptId() == b);
        assertThat(after.users()).noneMatch(u -> u.userid().equals(userid));
        assertThat(simulator.org().events().raised()).extracting(ContactEventFeed.Event::type)
                .containsExactly("org_dept_create", "org_dept_create", "user_add_org", "org_dept_modify",
                        "user_modify_org", "user_leave_org", "org_dept_remove", "org_dept_remove");
    }

    @Test
    void refusalsComeBackWithDingTalksErrcodesAndChangeNothing() throws Exception {
        long parent = createDepartment("财务部", 1L, null).getResult().getDeptId();
        long child = createDepartment("会计组", parent, null).getResult().getDeptId();
        createUser("u1", "韩梅梅", "13900000002", String.valueOf(child));
        OrgTruth before = simulator.org().truth();
        int eventsBefore = simulator.org().events().raised().size();

        assertThat(createUser("u2", "张三", "13900000002", String.valueOf(child)).getErrcode()).isEqualTo(60104L);
        assertThat(createUser("u1", "张三", "13900000003", String.valueOf(child)).getErrcode()).isEqualTo(60102L);
        assertThat(createUser("u3", "张三", "13900000004", "987654321").getErrcode()).isEqualTo(60003L);
        assertThat(createDepartment("新部门", 987654321L, null).getErrcode()).isEqualTo(60004L);
        assertThat(createDepartment("华东-销售", 1L, null).getErrcode()).isEqualTo(40035L);
        assertThat(deleteDepartment(child).getErrcode()).isEqualTo(60005L);
        assertThat(deleteDepartment(parent).getErrcode()).isEqualTo(60006L);
        assertThat(deleteDepartment(1L).getErrcode()).isEqualTo(60007L);
        OapiV2DepartmentUpdateRequest cycle = new OapiV2DepartmentUpdateRequest();
        cycle.setDeptId(parent);
        cycle.setParentId(child);
        assertThat(this.<OapiV2DepartmentUpdateResponse>call("/topapi/v2/department/update", cycle).getErrcode())
                .isEqualTo(60010L);
        OapiV2UserDeleteRequest unknown = new OapiV2UserDeleteRequest();
        unknown.setUserid("nobody");
        assertThat(this.<OapiV2UserDeleteResponse>call("/topapi/v2/user/delete", unknown).getErrcode()).isEqualTo(33012L);
        OapiRoleAddrolegroupRequest groupRequest = new OapiRoleAddrolegroupRequest();
        groupRequest.setName("职级");
        long groupId = this.<OapiRoleAddrolegroupResponse>call("/role/add_role_group", groupRequest).getGroupId();
        OapiRoleAddRoleRequest role = new OapiRoleAddRoleRequest();
        role.setGroupId(groupId);
        role.setRoleName("经理");
        assertThat(this.<OapiRoleAddRoleResponse>call("/role/add_role", role).isSuccess()).isTrue();
        assertThat(this.<OapiRoleAddRoleResponse>call("/role/add_role", role).getErrcode()).isEqualTo(34021L);
        OapiV2UserGetbymobileRequest byMobile = new OapiV2UserGetbymobileRequest();
        byMobile.setMobile("13911112222");
        assertThat(this.<OapiV2UserGetbymobileResponse>call("/topapi/v2/user/getbymobile", byMobile).getErrcode())
                .isEqualTo(60121L);

        assertThat(simulator.org().truth()).usingRecursiveComparison().isEqualTo(before);
        assertThat(simulator.org().events().raised()).hasSize(eventsBefore);
    }

    @Test
    void roleListPagesTheRoleGroupsWithTheirRolesByOffsetAsTheSdkReadsThem() throws Exception {
        long[] groupIds = new long[3];
        for (int i = 0; i < 3; i++) {
            OapiRoleAddrolegroupRequest group = new OapiRoleAddrolegroupRequest();
            group.setName("职级" + i);
            groupIds[i] = this.<OapiRoleAddrolegroupResponse>call("/role/add_role_group", group).getGroupId();
        }
        OapiRoleAddRoleRequest role = new OapiRoleAddRoleRequest();
        role.setGroupId(groupIds[2]);
        role.setRoleName("P7");
        long p7 = this.<OapiRoleAddRoleResponse>call("/role/add_role", role).getRoleId();
        role.setRoleName("P8");
        long p8 = this.<OapiRoleAddRoleResponse>call("/role/add_role", role).getRoleId();

        OapiRoleListResponse first = listRoles(0L, 2L);
        OapiRoleListResponse second = listRoles(2L, 2L);

        assertThat(first.isSuccess()).as(first.getBody()).isTrue();
        assertThat(first.getResult().getHasMore()).isTrue();
        assertThat(first.getResult().getList()).extracting(OapiRoleListResponse.OpenRoleGroup::getGroupId,
                OapiRoleListResponse.OpenRoleGroup::getName).containsExactly(
                tuple(groupIds[0], "职级0"), tuple(groupIds[1], "职级1"));
        assertThat(first.getResult().getList().get(0).getRoles()).isEmpty();
        assertThat(second.getResult().getHasMore()).isFalse();
        OapiRoleListResponse.OpenRoleGroup last = second.getResult().getList().get(0);
        assertThat(last.getGroupId()).isEqualTo(groupIds[2]);
        assertThat(last.getRoles()).extracting(OapiRoleListResponse.OpenRole::getId, OapiRoleListResponse.OpenRole::getName)
                .containsExactly(tuple(p7, "P7"), tuple(p8, "P8"));
        // without size and offset: DingTalk's defaults (20 from 0)
        OapiRoleListResponse defaults = call("/topapi/role/list", new OapiRoleListRequest());
        assertThat(defaults.getResult().getList()).hasSize(3);
        assertThat(listRoles(0L, 201L).getErrcode()).as("at most 200 a page").isEqualTo(40035L);
    }

    @Test
    void aWriteScopeNotGrantedAnswers60011WhileReadsStillWork() throws Exception {
        simulator.denyWrites();

        OapiV2DepartmentCreateResponse refused = createDepartment("市场部", 1L, null);
        OapiV2UserCreateResponse refusedUser = createUser(null, "赵六", "13900000009", "1");
        OapiV2DepartmentGetRequest read = new OapiV2DepartmentGetRequest();
        read.setDeptId(1L);

        assertThat(refused.getErrcode()).isEqualTo(60011L);
        assertThat(refusedUser.getErrcode()).isEqualTo(60011L);
        assertThat(this.<OapiV2DepartmentGetResponse>call("/topapi/v2/department/get", read).isSuccess()).isTrue();
        assertThat(listRoles(0L, 20L).isSuccess()).as("role/list is a read").isTrue();
        assertThat(simulator.org().events().raised()).isEmpty();
    }

    private OapiV2DepartmentCreateResponse createDepartment(String name, long parentId, String sourceIdentifier) throws ApiException {
        OapiV2DepartmentCreateRequest request = new OapiV2DepartmentCreateRequest();
        request.setName(name);
        request.setParentId(parentId);
        request.setSourceIdentifier(sourceIdentifier);
        return call("/topapi/v2/department/create", request);
    }

    private OapiRoleListResponse listRoles(long offset, long size) throws ApiException {
        OapiRoleListRequest request = new OapiRoleListRequest();
        request.setOffset(offset);
        request.setSize(size);
        return call("/topapi/role/list", request);
    }

    private OapiV2DepartmentDeleteResponse deleteDepartment(long deptId) throws ApiException {
        OapiV2DepartmentDeleteRequest request = new OapiV2DepartmentDeleteRequest();
        request.setDeptId(deptId);
        return call("/topapi/v2/department/delete", request);
    }

    private OapiV2UserCreateResponse createUser(String userid, String name, String mobile, String deptIds) throws ApiException {
        OapiV2UserCreateRequest request = new OapiV2UserCreateRequest();
        request.setUserid(userid);
        request.setName(name);
        request.setMobile(mobile);
        request.setDeptIdList(deptIds);
        request.setTitle("销售经理");
        return call("/topapi/v2/user/create", request);
    }

    private <T extends TaobaoResponse> T call(String path, TaobaoRequest<T> request) throws ApiException {
        return new DefaultDingTalkClient(simulator.baseUrl() + path).execute(request, accessToken);
    }
}
