package io.dingtalketl.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One cached token per app, renewed once when DingTalk rejects it, whatever the number of threads. */
class AccessTokenTest {

    private static final String OK = "{\"errcode\":0,\"result\":[]}";

    @RegisterExtension
    final WireMockDingTalk dingtalk = new WireMockDingTalk();

    /** gettoken hands out TOKEN first and TOKEN_2 after; listsub rejects TOKEN as expired. */
    private void tokenExpiresAfterFirstFetch() {
        dingtalk.server.stubFor(get(urlPathEqualTo("/gettoken")).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"errcode\":0,\"access_token\":\"" + WireMockDingTalk.TOKEN + "\",\"expires_in\":7200}"))
                .willSetStateTo("second"));
        dingtalk.server.stubFor(get(urlPathEqualTo("/gettoken")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"errcode\":0,\"access_token\":\"" + WireMockDingTalk.TOKEN_2 + "\",\"expires_in\":7200}")));
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB)
                .withQueryParam("access_token", equalTo(WireMockDingTalk.TOKEN))
                .willReturn(okJson("{\"errcode\":42001,\"errmsg\":\"access_token超时\"}")));
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB)
                .withQueryParam("access_token", equalTo(WireMockDingTalk.TOKEN_2))
                .willReturn(okJson(OK)));
    }

    @Test
    void tokenIsFetchedOnceAndReused() {
        dingtalk.stubToken(WireMockDingTalk.TOKEN);
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB).willReturn(okJson(OK)));
        DingTalkClient client = dingtalk.client();

        for (int i = 0; i < 5; i++) {
            client.listSubDepartments(1);
        }

        dingtalk.server.verify(1, getRequestedFor(urlPathEqualTo("/gettoken")));
        dingtalk.server.verify(5, postRequestedFor(urlPathEqualTo("/topapi/v2/department/listsub")));
    }

    @Test
    void expiredTokenIsRenewedAndTheCallRepeated() {
        tokenExpiresAfterFirstFetch();
        DingTalkClient client = dingtalk.client();

        assertThat(client.listSubDepartments(1)).contains(List.of());

        dingtalk.server.verify(2, getRequestedFor(urlPathEqualTo("/gettoken")));
        dingtalk.server.verify(1, postRequestedFor(urlPathEqualTo("/topapi/v2/department/listsub"))
                .withQueryParam("access_token", equalTo(WireMockDingTalk.TOKEN_2)));
    }

    @Test
    void eightThreadsSeeingTheExpiredTokenRenewItOnce() throws Exception {
        tokenExpiresAfterFirstFetch();
        DingTalkClient client = dingtalk.client();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> client.listSubDepartments(1).orElseThrow());
            }
            for (Future<Object> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        dingtalk.server.verify(2, getRequestedFor(urlPathEqualTo("/gettoken")));
    }

    @Test
    void fixedTokenThatExpiredIsAClearFailure() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB)
                .willReturn(okJson("{\"errcode\":42001,\"errmsg\":\"access_token超时\"}")));
        DingTalkClient client = DingTalkClient.create(dingtalk.properties().withFixedToken(WireMockDingTalk.TOKEN), null);

        DingTalkApiException e = catchThrowableOfType(DingTalkApiException.class, () -> client.listSubDepartments(1));

        assertThat(e.category()).isEqualTo(ErrorCategory.TOKEN);
        assertThat(e.getMessage()).contains("fixed dingtalk.access-token cannot be renewed", "dingtalk.app-key")
                .doesNotContain(WireMockDingTalk.TOKEN);
        dingtalk.server.verify(0, getRequestedFor(urlPathEqualTo("/gettoken")));
    }

    @Test
    void refusedCredentialsAreAConfigurationFailure() {
        dingtalk.server.stubFor(get(urlPathEqualTo("/gettoken"))
                .willReturn(okJson("{\"errcode\":40089,\"errmsg\":\"不合法的corpId或corpSecret\"}")));
        DingTalkClient client = dingtalk.client();

        DingTalkApiException e = catchThrowableOfType(DingTalkApiException.class, () -> client.listSubDepartments(1));

        assertThat(e.category()).isEqualTo(ErrorCategory.CREDENTIALS);
        assertThat(e.getMessage()).contains("dingtalk.app-secret").doesNotContain(WireMockDingTalk.APP_SECRET);
        dingtalk.server.verify(0, postRequestedFor(urlPathEqualTo("/topapi/v2/department/listsub")));
    }

    @Test
    void noCredentialsAtAllSaysWhatToConfigure() {
        DingTalkClient client = DingTalkClient.create(DingTalkProperties.defaults(java.net.URI.create(dingtalk.server.baseUrl())), null);

        DingTalkApiException e = catchThrowableOfType(DingTalkApiException.class, () -> client.listSubDepartments(1));

        assertThat(e.getMessage()).contains("No DingTalk credentials configured", "DINGTALK_APP_KEY");
    }
}
