package io.dingtalketl.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.dingtalk.api.DefaultDingTalkClient;
import com.dingtalk.api.request.OapiCallBackGetCallBackFailedResultRequest;
import com.dingtalk.api.response.OapiCallBackGetCallBackFailedResultResponse;
import com.dingtalk.api.response.OapiCallBackGetCallBackFailedResultResponse.Failed;
import com.taobao.api.ApiException;
import io.dingtalketl.client.DingTalkEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's {@code call_back/get_call_back_failed_result} as DingTalk's own legacy Java SDK
 * ({@code com.aliyun:alibaba-dingtalk-service-sdk}) calls and reads it, exactly as DingTalk's documentation
 * shows (D-ev-failed: {@code DefaultDingTalkClient}, {@code OapiCallBackGetCallBackFailedResultRequest},
 * {@code setHttpMethod("GET")}): the SDK finds the event type, its time and its data in each failed push, pages
 * by {@code has_more}, and what it fetched is gone.
 */
class CallbackFailedResultContractTest {

    private static final String CORP_ID = "ding241f334c339e175b35c2f4657xxxx";

    private DingTalkSimulator simulator;
    private String accessToken;

    @BeforeEach
    void start() throws ApiException {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(3, 5, 20)), SimulatorSettings.defaults().withQpsPerApi(0));
        accessToken = SdkTokens.accessToken(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void theSdkReadsEachFailedPushsTypeTimeAndData() throws Exception {
        Instant bornAt = Instant.ofEpochMilli(1606126433000L);
        simulator.keepFailedPush(new ContactEventFeed.Event("e1", "user_add_org", List.of("zhangsan"), List.of(), bornAt), CORP_ID);
        simulator.keepFailedPush(new ContactEventFeed.Event("e2", "org_dept_create", List.of(), List.of(42L), bornAt.plusSeconds(1)), CORP_ID);
        simulator.keepFailedPush(new ContactEventFeed.Event("e3", "user_leave_org", List.of("lisi"), List.of(), bornAt.plusSeconds(2)), CORP_ID);

        OapiCallBackGetCallBackFailedResultResponse page = fetch();

        assertThat(page.isSuccess()).as(page.getBody()).isTrue();
        assertThat(page.getErrcode()).isZero();
        assertThat(page.getHasMore()).isFalse();
        assertThat(page.getFailedList()).extracting(Failed::getCallBackTag)
                .containsExactly("user_add_org", "org_dept_create", "user_leave_org");
        assertThat(page.getFailedList()).extracting(Failed::getEventTime)
                .containsExactly(1606126433000L, 1606126434000L, 1606126435000L);
        Failed added = page.getFailedList().get(0);
        JsonNode data = JsonMapper.builder().build().readTree(added.getUserAddOrg());
        assertThat(data.path("userid").get(0).asString()).isEqualTo("zhangsan");
        assertThat(data.path("corpid").asString()).isEqualTo(CORP_ID);
        JsonNode dept = JsonMapper.builder().build().readTree(page.getFailedList().get(1).getOrgDeptCreate());
        assertThat(dept.path("deptid").get(0).asLong()).isEqualTo(42L);
        assertThat(page.getFailedList().get(2).getUserLeaveOrg()).contains("lisi");

        assertThat(fetch().getFailedList()).as("DingTalk deletes what it returned").isNullOrEmpty();
        assertThat(simulator.failedPushCount()).isZero();
        assertThat(simulator.callCount(DingTalkEndpoint.CALLBACK_FAILED_RESULT)).isEqualTo(2);
    }

    @Test
    void theSdkPagesTwoHundredAtATimeByHasMore() throws Exception {
        for (int i = 0; i < 203; i++) {
            simulator.keepFailedPush(new ContactEventFeed.Event("e" + i, "user_modify_org", List.of("u" + i), List.of(),
                    Instant.ofEpochMilli(1_700_000_000_000L + i)), CORP_ID);
        }

        List<String> tags = new ArrayList<>();
        OapiCallBackGetCallBackFailedResultResponse first = fetch();
        first.getFailedList().forEach(f -> tags.add(f.getUserModifyOrg()));
        OapiCallBackGetCallBackFailedResultResponse second = fetch();
        second.getFailedList().forEach(f -> tags.add(f.getUserModifyOrg()));

        assertThat(first.getFailedList()).hasSize(200);
        assertThat(first.getHasMore()).isTrue();
        assertThat(second.getFailedList()).hasSize(3);
        assertThat(second.getHasMore()).isFalse();
        assertThat(tags).hasSize(203).doesNotHaveDuplicates();
        assertThat(tags.get(0)).contains("\"u0\"");
        assertThat(tags.get(202)).contains("\"u202\"");
    }

    private OapiCallBackGetCallBackFailedResultResponse fetch() throws ApiException {
        DefaultDingTalkClient client = new DefaultDingTalkClient(simulator.baseUrl() + "/call_back/get_call_back_failed_result");
        OapiCallBackGetCallBackFailedResultRequest request = new OapiCallBackGetCallBackFailedResultRequest();
        request.setHttpMethod("GET");
        return client.execute(request, accessToken);
    }
}
