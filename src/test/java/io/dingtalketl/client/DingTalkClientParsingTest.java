package io.dingtalketl.client;

import java.util.List;
import java.util.Map;

import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.DepartmentDetail;
import io.dingtalketl.client.wire.FailedPushPage;
import io.dingtalketl.client.wire.ListedUser;
import io.dingtalketl.client.wire.SendResultResponse;
import io.dingtalketl.client.wire.UserDetail;
import io.dingtalketl.client.wire.UserPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Each endpoint parsed from bodies shaped like DingTalk's documented and observed answers. */
class DingTalkClientParsingTest {

    @RegisterExtension
    final WireMockDingTalk dingtalk = new WireMockDingTalk();
    DingTalkClient client;

    @BeforeEach
    void setUp() {
        dingtalk.stubToken(WireMockDingTalk.TOKEN);
        client = dingtalk.client();
    }

    @Test
    void listsubSendsTheTokenInTheUrlAndReadsChildrenWithOptionalFields() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB).willReturn(okJson("""
                {"errcode":0,"errmsg":"ok","request_id":"4e1z5u2hoj4y","result":[
                  {"auto_add_user":true,"create_dept_group":true,"dept_id":432825033,"name":"研发部","parent_id":1,
                   "ext":"{\\"faceCount\\":\\"9\\"}","source_identifier":"hr-17","brand_new_field":42},
                  {"dept_id":"432825034","name":"市场部 \\"华东\\" 😀","parent_id":"1","auto_add_user":"false"}]}
                """)));

        List<DepartmentBase> children = client.listSubDepartments(1).orElseThrow();

        assertThat(children).hasSize(2);
        assertThat(children.get(0)).isEqualTo(new DepartmentBase(432825033L, "研发部", 1L, true, true,
                "{\"faceCount\":\"9\"}", null, "hr-17", null));
        assertThat(children.get(1).deptId()).isEqualTo(432825034L);
        assertThat(children.get(1).name()).isEqualTo("市场部 \"华东\" 😀");
        assertThat(children.get(1).autoAddUser()).isFalse();
        assertThat(children.get(1).createDeptGroup()).as("absent is null, not false").isNull();
        dingtalk.server.verify(postRequestedFor(urlPathEqualTo("/topapi/v2/department/listsub"))
                .withQueryParam("access_token", equalTo(WireMockDingTalk.TOKEN))
                .withRequestBody(equalToJson("{\"dept_id\":1}")));
        dingtalk.server.verify(1, getRequestedFor(urlPathEqualTo("/gettoken"))
                .withQueryParam("appkey", equalTo(WireMockDingTalk.APP_KEY)));
    }

    @Test
    void aConfiguredPathReplacesTheDocumentedOneAndTheTokenRidesInTheQuery() {
        dingtalk.server.stubFor(post(urlPathEqualTo("/gateway/listsub")).willReturn(okJson("""
                {"errcode":0,"errmsg":"ok","result":[{"dept_id":2,"name":"研发部","parent_id":1}],"request_id":"r1"}""")));
        DingTalkClient routed = DingTalkClient.create(dingtalk.properties().withEndpoints(Map.of(
                DingTalkEndpoint.DEPARTMENT_LISTSUB.key(), new DingTalkProperties.EndpointSettings("/gateway/listsub", null))), null);

        assertThat(routed.listSubDepartments(1)).hasValueSatisfying(children ->
                assertThat(children).extracting(DepartmentBase::deptId).containsExactly(2L));
        dingtalk.server.verify(1, postRequestedFor(urlPathEqualTo("/gateway/listsub"))
                .withQueryParam("access_token", equalTo(WireMockDingTalk.TOKEN)));
        assertThat(dingtalk.server.findAll(postRequestedFor(urlPathEqualTo("/gateway/listsub"))).get(0).getUrl())
                .as("one access_token, nothing else in the query").isEqualTo("/gateway/listsub?access_token=" + WireMockDingTalk.TOKEN);
    }

    @Test
    void departmentGetReadsBothSpellingsOfTheExtensionAndUnionKeys() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_GET).willReturn(okJson("""
                {"errcode":"0","errmsg":"ok","result":{"dept_id":432825033,"name":"研发部","parent_id":1,"order":"10",
                 "dept_manager_userid_list":["manager4220","0153245227"],"member_count":"250","owning_member_count":120,
                 "hide_dept":false,"outer_dept":"false","extention":"{\\"k\\":1}","source_identifier":"hr-17",
                 "union_dept_ext":{"corpId":"ding123","deptId":"88"}}}
                """)));

        DepartmentDetail detail = client.getDepartment(432825033L).orElseThrow();

        assertThat(detail.order()).isEqualTo(10L);
        assertThat(detail.deptManagerUseridList()).containsExactly("manager4220", "0153245227");
        assertThat(detail.memberCount()).isEqualTo(250L);
        assertThat(detail.owningMemberCount()).isEqualTo(120L);
        assertThat(detail.extension()).isEqualTo("{\"k\":1}");
        assertThat(detail.unionDeptExt()).isEqualTo(new DepartmentDetail.UnionDeptExt("ding123", 88L));
        assertThat(detail.brief()).isNull();
    }

    @Test
    void userListReadsAPageWithAbsentPermissionFieldsAndStringTypedValues() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_LIST).willReturn(okJson("""
                {"errcode":0,"errmsg":"ok","request_id":"abc","result":{"has_more":"true","next_cursor":"100","list":[
                  {"userid":"0153245227","unionid":"z21HjQliSzpw0Yxxxx","name":"张三","dept_id_list":"[2,3,4]",
                   "dept_order":"176294576350761512","leader":"false","active":true,"admin":false,"boss":false,
                   "hired_date":1597573616828,"title":"技术总监","job_number":"4","extension":{"爱好":"旅游"}},
                  {"userid":"manager4220","unionId":"u2","name":"李四","dept_id_list":[2],"mobile":"18513027676",
                   "email":"test@xxx.com","org_email":"test@xxx.onaliyun.com","work_place":"未来park","leader":true}]}}
                """)));

        UserPage page = client.listUsers(2, 0, 100).orElseThrow();

        assertThat(page.hasMore()).isTrue();
        assertThat(page.nextCursorOrNull()).isEqualTo(100L);
        ListedUser first = page.users().get(0);
        assertThat(first.userid()).isEqualTo("0153245227");
        assertThat(first.deptIdList()).containsExactly(2L, 3L, 4L);
        assertThat(first.deptOrder()).isEqualTo(176294576350761512L);
        assertThat(first.mobile()).as("no mobile permission: absent").isNull();
        assertThat(first.extension()).isEqualTo("{\"爱好\":\"旅游\"}");
        assertThat(first.leader()).isFalse();
        ListedUser second = page.users().get(1);
        assertThat(second.unionid()).as("unionId spelling accepted").isEqualTo("u2");
        assertThat(second.orgEmail()).isEqualTo("test@xxx.onaliyun.com");
        assertThat(second.leader()).isTrue();
        dingtalk.server.verify(postRequestedFor(urlPathEqualTo("/topapi/v2/user/list"))
                .withRequestBody(equalToJson("{\"dept_id\":2,\"cursor\":0,\"size\":100}")));
    }

    @Test
    void lastUserPageHasNoCursor() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_LIST).willReturn(okJson("""
                {"errcode":0,"result":{"has_more":false,"list":[{"userid":"u1","name":"王五"}]}}""")));

        UserPage page = client.listUsers(2, 100, 100).orElseThrow();

        assertThat(page.nextCursorOrNull()).isNull();
        assertThat(page.users()).extracting(ListedUser::userid).containsExactly("u1");
    }

    @Test
    void userGetReadsOrdersAndLeaderFlagsPerDepartment() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_GET).willReturn(okJson("""
                {"errcode":0,"result":{"userid":"0153245227","unionid":"x","name":"张三","manager_userid":"manager4220",
                 "dept_id_list":[2,3],"dept_order_list":[{"dept_id":2,"order":"1"},{"dept_id":3,"order":2}],
                 "leader_in_dept":[{"dept_id":2,"leader":"true"},{"dept_id":3,"leader":false}],
                 "role_list":[{"id":1,"name":"主管","group_name":"默认"}],"hired_date":"1597573616828"}}""")));

        UserDetail user = client.getUser("0153245227").orElseThrow();

        assertThat(user.deptOrderList()).containsExactly(new UserDetail.DeptOrder(2L, 1L), new UserDetail.DeptOrder(3L, 2L));
        assertThat(user.leaderInDept()).contains(new UserDetail.LeaderInDept(2L, true));
        assertThat(user.hiredDate()).isEqualTo(1597573616828L);
        assertThat(user.managerUserid()).isEqualTo("manager4220");
    }

    @Test
    void userCountAcceptsAStringNumber() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_COUNT)
                .willReturn(okJson("{\"errcode\":0,\"result\":{\"count\":\"20000\"}}")));

        assertThat(client.countUsers(false)).isEqualTo(20000L);
        dingtalk.server.verify(postRequestedFor(urlPathEqualTo("/topapi/user/count"))
                .withRequestBody(equalToJson("{\"only_active\":false}")));
    }

    @Test
    void workNotificationSendsCommaSeparatedRecipientsAndReadsDroppedOnes() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.MESSAGE_SEND)
                .willReturn(okJson("{\"errcode\":0,\"task_id\":256271667526,\"request_id\":\"4jzllmte0wau\"}")));
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.MESSAGE_SEND_RESULT).willReturn(okJson("""
                {"errcode":0,"send_result":{"invalid_user_id_list":["ghost"],"forbidden_user_id_list":["manager4220"],
                 "failed_user_id_list":[],"read_user_id_list":[],"unread_user_id_list":["0153245227"],
                 "forbidden_list":[{"code":"143106","count":1,"userid":"manager4220"}]}}""")));

        long task = client.sendMarkdownNotification(6666L, List.of("0153245227", "manager4220"), "同步报告", "## 同步完成");
        SendResultResponse.SendResult result = client.getSendResult(6666L, task);

        assertThat(task).isEqualTo(256271667526L);
        assertThat(result.forbiddenUserIdList()).containsExactly("manager4220");
        assertThat(result.invalidUserIdList()).containsExactly("ghost");
        assertThat(result.forbiddenList()).extracting(SendResultResponse.Forbidden::code).containsExactly("143106");
        dingtalk.server.verify(postRequestedFor(urlPathEqualTo("/topapi/message/corpconversation/asyncsend_v2"))
                .withRequestBody(equalToJson("""
                        {"agent_id":6666,"userid_list":"0153245227,manager4220",
                         "msg":{"msgtype":"markdown","markdown":{"title":"同步报告","text":"## 同步完成"}}}""")));
    }

    @Test
    void failedPushesAreReadAsDingTalkDocumentsThemWithTheirDataUnderTheirTag() {
        // D-ev-failed's response example, with has_more as the string DingTalk's examples sometimes send
        dingtalk.server.stubFor(get(urlPathEqualTo(DingTalkEndpoint.CALLBACK_FAILED_RESULT.defaultPath())).willReturn(okJson("""
                {"errcode":0,"errmsg":"ok","failed_list":[
                  {"user_add_org":{"userid":["zhangsan"],"corpid":"ding241f334c339e175b35c2f4657xxxx"},
                   "call_back_tag":"user_add_org","event_time":1606126433000},
                  {"bpms_instance_change":{"bpmsCallBackData":{},"corpid":"ding241f334c339e175b35c2f4657xxxx"},
                   "call_back_tag":"bpms_instance_change","event_time":1606126433000}],
                 "has_more":"false"}""")));

        FailedPushPage page = client.getFailedPushes();

        assertThat(page.more()).isFalse();
        assertThat(page.failed()).hasSize(2);
        assertThat(page.failed().get(0).path("user_add_org").path("userid").get(0).asString()).isEqualTo("zhangsan");
        assertThat(page.failed().get(1).path("call_back_tag").asString()).isEqualTo("bpms_instance_change");
        dingtalk.server.verify(getRequestedFor(urlPathEqualTo("/call_back/get_call_back_failed_result"))
                .withQueryParam("access_token", equalTo(WireMockDingTalk.TOKEN)));
    }
}
