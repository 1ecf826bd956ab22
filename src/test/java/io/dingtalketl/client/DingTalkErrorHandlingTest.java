package io.dingtalketl.client;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every class of DingTalk answer is handled as DingTalk means it: retried, renewed, reported or absent. */
class DingTalkErrorHandlingTest {

    private static final String LISTSUB = "/topapi/v2/department/listsub";
    private static final String OK_CHILDREN = "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":[{\"dept_id\":2,\"name\":\"研发部\",\"parent_id\":1}]}";

    @RegisterExtension
    final WireMockDingTalk dingtalk = new WireMockDingTalk();
    DingTalkClient client;

    @BeforeEach
    void setUp() {
        dingtalk.stubToken(WireMockDingTalk.TOKEN);
        client = dingtalk.client();
    }

    /** First answer is the given failure, the second succeeds. */
    private void failOnceThenSucceed(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(failure).willSetStateTo("recovered"));
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(okJson(OK_CHILDREN)));
    }

    @ParameterizedTest(name = "errcode {0} is retried")
    @CsvSource({"-1,系统繁忙", "90002,您的服务器调用钉钉开放平台当前接口的所有请求都被暂时禁用了", "90018,应用调用接口超过限流",
            "45009,接口调用超过限制", "90006,调用当前接口次数过多"})
    void busyAndThrottledAnswersAreRetried(int errcode, String errmsg) {
        failOnceThenSucceed(okJson("{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}"));

        assertThat(client.listSubDepartments(1).orElseThrow()).hasSize(1);

        dingtalk.server.verify(2, postRequestedFor(urlPathEqualTo(LISTSUB)));
        assertThat(client.metrics().snapshot().retries().get(DingTalkEndpoint.DEPARTMENT_LISTSUB)).isEqualTo(1);
    }

    @Test
    void gatewayHtmlPageIsRetried() {
        failOnceThenSucceed(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>"));

        assertThat(client.listSubDepartments(1).orElseThrow()).hasSize(1);
        dingtalk.server.verify(2, postRequestedFor(urlPathEqualTo(LISTSUB)));
    }

    @Test
    void ipBanAnswerWithoutErrcodeIsRetried() {
        failOnceThenSucceed(okJson("{\"status\":1111,\"wait\":5,\"source\":\"x5\",\"punish\":\"deny\",\"uuid\":\"x\"}"));

        assertThat(client.listSubDepartments(1).orElseThrow()).hasSize(1);
        dingtalk.server.verify(2, postRequestedFor(urlPathEqualTo(LISTSUB)));
    }

    @Test
    void htmlBodyWithHttp200IsRetried() {
        failOnceThenSucceed(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<!DOCTYPE html><html><title>访问被拒绝</title></html>"));

        assertThat(client.listSubDepartments(1).orElseThrow()).hasSize(1);
    }

    @Test
    void timeoutIsRetried() {
        DingTalkProperties slowTolerant = dingtalk.properties();
        slowTolerant = new DingTalkProperties(slowTolerant.baseUrl(), null, WireMockDingTalk.APP_KEY, WireMockDingTalk.APP_SECRET,
                null, 0, slowTolerant.throttleWindowMargin(), null, slowTolerant.retry(), slowTolerant.tokenRefreshAhead(),
                slowTolerant.connectTimeout(), java.time.Duration.ofMillis(300), null, null);
        client = DingTalkClient.create(slowTolerant, null);
        failOnceThenSucceed(okJson(OK_CHILDREN).withFixedDelay(2_000));

        assertThat(client.listSubDepartments(1).orElseThrow()).hasSize(1);
        dingtalk.server.verify(2, postRequestedFor(urlPathEqualTo(LISTSUB)));
    }

    @Test
    void retriesAreBoundedAndTheFailureSaysWhatHappened() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB)
                .willReturn(okJson("{\"errcode\":90018,\"errmsg\":\"调用频率过高\",\"request_id\":\"req-77\"}")));

        DingTalkApiException e = catchThrowableOfType(DingTalkApiException.class, () -> client.listSubDepartments(42));

        dingtalk.server.verify(3, postRequestedFor(urlPathEqualTo(LISTSUB)));
        assertThat(e.category()).isEqualTo(ErrorCategory.RETRYABLE);
        assertThat(e.errcode()).isEqualTo(90018);
        assertThat(e.requestId()).isEqualTo("req-77");
        assertThat(e.endpoint()).isEqualTo(DingTalkEndpoint.DEPARTMENT_LISTSUB);
        assertThat(e.getMessage()).contains("department-listsub", "dept_id=42", "errcode 90018", "req-77", "Gave up after 3 attempts");
    }

    @Test
    void scopeErrorFailsFastNamingTheDepartmentAndTheFix() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB)
                .willReturn(okJson("{\"errcode\":50004,\"errmsg\":\"请求的部门id不在授权范围内\",\"request_id\":\"r1\"}")));

        DingTalkApiException e = catchThrowableOfType(DingTalkApiException.class, () -> client.listSubDepartments(432825033L));

        dingtalk.server.verify(1, postRequestedFor(urlPathEqualTo(LISTSUB)));
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION);
        assertThat(e.getMessage()).contains("dept_id=432825033", "errcode 50004", "contact scope");
    }

    @Test
    void missingPermissionNamesThePermissionToGrant() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_LIST)
                .willReturn(okJson("{\"errcode\":60011,\"errmsg\":\"没有调用该接口的权限\"}")));

        assertThatThrownBy(() -> client.listUsers(7, 0, 100))
                .isInstanceOfSatisfying(DingTalkApiException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION))
                .hasMessageContaining("qyapi_get_department_member")
                .hasMessageContaining("dept_id=7");
    }

    @Test
    void errcode88IsClassifiedByItsSubCode() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_GET).willReturn(okJson(
                "{\"errcode\":88,\"sub_code\":\"60011\",\"sub_msg\":\"没有调用该接口的权限\",\"errmsg\":\"ding talk error[subcode=60011]\"}")));

        assertThatThrownBy(() -> client.getDepartment(5))
                .isInstanceOfSatisfying(DingTalkApiException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION));
    }

    @Test
    void notFoundIsAnAbsentResult() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_GET)
                .willReturn(okJson("{\"errcode\":60003,\"errmsg\":\"部门不存在\"}")));
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_GET)
                .willReturn(okJson("{\"errcode\":33012,\"errmsg\":\"无效的USERID\"}")));
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_GET).withRequestBody(containing("\"missing\""))
                .willReturn(okJson("{\"errcode\":60121,\"errmsg\":\"找不到该用户\"}")));

        assertThat(client.getDepartment(5)).isEmpty();
        assertThat(client.getUser("gone")).isEmpty();
        assertThat(client.getUser("missing")).isEmpty();
    }

    @ParameterizedTest(name = "errcode {0} is a caller bug, not retried")
    @CsvSource({"40035,不合法的参数", "400002,无效的参数", "40068,不合法的偏移量", "40069,不合法的分页大小"})
    void callerBugsFailAtOnce(int errcode, String errmsg) {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_LIST)
                .willReturn(okJson("{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}")));

        assertThatThrownBy(() -> client.listUsers(7, 0, 100))
                .isInstanceOfSatisfying(DingTalkApiException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CALLER_BUG));
        dingtalk.server.verify(1, postRequestedFor(urlPathEqualTo("/topapi/v2/user/list")));
    }

    @Test
    void monthlyQuotaIsNotRetried() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.MESSAGE_SEND)
                .willReturn(okJson("{\"errcode\":90020,\"errmsg\":\"您的企业本月api调用量已超过限制\"}")));

        assertThatThrownBy(() -> client.sendMarkdownNotification(1, java.util.List.of("a"), "t", "x"))
                .isInstanceOfSatisfying(DingTalkApiException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.QUOTA_EXHAUSTED))
                .hasMessageContaining("monthly");
    }
}
