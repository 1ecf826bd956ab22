package io.dingtalketl.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.dingtalk.api.DefaultDingTalkClient;
import com.dingtalk.api.request.OapiProcessinstanceGetRequest;
import com.dingtalk.api.request.OapiProcessinstanceListidsRequest;
import com.dingtalk.api.response.OapiProcessinstanceGetResponse;
import com.dingtalk.api.response.OapiProcessinstanceListidsResponse;
import com.taobao.api.ApiException;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.OrgTruth.TruthUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's approval (OA审批) read APIs as DingTalk's own legacy Java SDK calls and reads them
 * ({@code OapiProcessinstanceListidsRequest}, {@code OapiProcessinstanceGetRequest}): the SDK pages the ids by
 * {@code next_cursor}, reads each instance's fields, and sees the documented limits as errors.
 */
class ApprovalsSdkContractTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private DingTalkSimulator simulator;
    private String accessToken;

    @BeforeEach
    void start() throws ApiException {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(7, 5, 40)), SimulatorSettings.defaults().withQpsPerApi(0));
        simulator.attendanceToday(TODAY);
        accessToken = SdkTokens.accessToken(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void theSdkPagesInstanceIdsByNextCursorAndReadsEachInstance() throws Exception {
        String form = simulator.approvalProcessCodes().get(0);
        Instant from = LocalDate.of(2026, 11, 2).atStartOfDay(CHINA).toInstant();
        Instant to = LocalDate.of(2026, 11, 29).atStartOfDay(CHINA).toInstant().minusMillis(1);
        List<String> expected = simulator.approvalInstanceIds(form, from, to);
        assertThat(expected).as("four weeks of a form's instances span several pages").hasSizeGreaterThan(20);

        List<String> ids = new ArrayList<>();
        Long cursor = 0L;
        int calls = 0;
        do {
            OapiProcessinstanceListidsResponse page = listIds(form, from.toEpochMilli(), to.toEpochMilli(), cursor, 10L);
            assertThat(page.isSuccess()).as(page.getBody()).isTrue();
            ids.addAll(page.getResult().getList());
            cursor = page.getResult().getNextCursor();
            calls++;
        } while (cursor != null);

        assertThat(ids).isEqualTo(expected);
        assertThat(calls).isEqualTo((expected.size() + 9) / 10);
        assertThat(simulator.callCount(DingTalkEndpoint.PROCESSINSTANCE_LISTIDS)).isEqualTo(calls);

        Set<String> userids = Set.copyOf(simulator.org().truth().users().stream().map(TruthUser::userid).toList());
        for (String id : ids.subList(0, 5)) {
            OapiProcessinstanceGetResponse.ProcessInstanceTopVo instance = get(id).getProcessInstance();
            assertThat(instance.getOriginatorUserid()).isIn(userids);
            assertThat(instance.getCreateTime().toInstant()).isBetween(from, to);
            assertThat(instance.getTitle()).contains("提交的");
            assertThat(instance.getStatus()).isIn("COMPLETED", "RUNNING");
            assertThat(instance.getApproverUserids()).hasSize(1).allMatch(userids::contains);
            assertThat(instance.getFormComponentValues()).extracting(OapiProcessinstanceGetResponse.FormComponentValueVo::getName)
                    .containsExactly("事由", "天数");
            assertThat(instance.getOperationRecords()).isNotEmpty();
            assertThat(instance.getTasks()).hasSize(1);
            if (instance.getStatus().equals("COMPLETED")) {
                assertThat(instance.getFinishTime()).isAfter(instance.getCreateTime());
                assertThat(instance.getResult()).isIn("agree", "refuse");
            }
        }
    }

    @Test
    void theSdkSeesErrorsForASizeOverTwentyAnUnknownFormAndAnUnknownInstance() throws Exception {
        String form = simulator.approvalProcessCodes().get(1);
        long from = LocalDate.of(2026, 11, 2).atStartOfDay(CHINA).toInstant().toEpochMilli();

        OapiProcessinstanceListidsResponse tooBig = listIds(form, from, from + 86_400_000L, 0L, 21L);
        OapiProcessinstanceListidsResponse unknownForm = listIds("PROC-NOSUCHFORM", from, from + 86_400_000L, 0L, 10L);
        OapiProcessinstanceGetResponse unknownInstance = get("no-such-instance");

        assertThat(tooBig.isSuccess()).isFalse();
        assertThat(tooBig.getErrcode()).isEqualTo(400002L);
        assertThat(tooBig.getErrmsg()).contains("20");
        assertThat(unknownForm.getErrcode()).isEqualTo(400002L);
        assertThat(unknownInstance.getErrcode()).isEqualTo(400002L);
    }

    private OapiProcessinstanceListidsResponse listIds(String form, long start, long end, Long cursor, Long size) throws ApiException {
        DefaultDingTalkClient client = new DefaultDingTalkClient(simulator.baseUrl() + "/topapi/processinstance/listids");
        OapiProcessinstanceListidsRequest request = new OapiProcessinstanceListidsRequest();
        request.setProcessCode(form);
        request.setStartTime(start);
        request.setEndTime(end);
        request.setCursor(cursor);
        request.setSize(size);
        return client.execute(request, accessToken);
    }

    private OapiProcessinstanceGetResponse get(String id) throws ApiException {
        DefaultDingTalkClient client = new DefaultDingTalkClient(simulator.baseUrl() + "/topapi/processinstance/get");
        OapiProcessinstanceGetRequest request = new OapiProcessinstanceGetRequest();
        request.setProcessInstanceId(id);
        return client.execute(request, accessToken);
    }
}
