package io.dingtalketl.simulator;

import com.dingtalk.api.DefaultDingTalkClient;
import com.dingtalk.api.request.OapiGettokenRequest;
import com.dingtalk.api.response.OapiGettokenResponse;
import com.taobao.api.ApiException;

import static org.assertj.core.api.Assertions.assertThat;

/** The access token a contract test's calls carry, fetched from the simulator the way DingTalk's old SDK does. */
final class SdkTokens {

    private SdkTokens() {
    }

    static String accessToken(DingTalkSimulator simulator) throws ApiException {
        OapiGettokenRequest token = new OapiGettokenRequest();
        token.setAppkey(simulator.settings().appKey());
        token.setAppsecret(simulator.settings().appSecret());
        token.setHttpMethod("GET");
        OapiGettokenResponse answer = new DefaultDingTalkClient(simulator.baseUrl() + "/gettoken").execute(token);
        assertThat(answer.isSuccess()).as(answer.getBody()).isTrue();
        return answer.getAccessToken();
    }
}
