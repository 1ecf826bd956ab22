package io.dingtalketl.client;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.wire.AttendanceResult;
import io.dingtalketl.client.wire.AttendanceResultPage;
import io.dingtalketl.client.wire.LeaveStatus;
import io.dingtalketl.client.wire.LeaveStatusPage;
import io.dingtalketl.client.wire.PunchRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The attendance APIs parsed from bodies shaped like DingTalk's documented answers, and the arguments checked first. */
class AttendanceParsingTest {

    private static final List<String> USERS = List.of("manager4220", "0172453356");

    @RegisterExtension
    final WireMockDingTalk dingtalk = new WireMockDingTalk();
    DingTalkClient client;

    @BeforeEach
    void setUp() {
        dingtalk.stubToken(WireMockDingTalk.TOKEN);
        client = dingtalk.client();
    }

    @Test
    void punchResultsAreAskedInCamelCaseAndReadWithTimesAsNumbersStringsOrDates() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.ATTENDANCE_LIST).willReturn(okJson("""
                {"errcode":0,"hasMore":true,"errmsg":"ok","recordresult":[
                  {"checkType":"OnDuty","corpId":"dingc5f4301f00bdafc3acaaa37764f94726","locationResult":"NotSigned",
                   "baseCheckTime":1666227600000,"groupId":1010275569,"timeResult":"NotSigned","userId":"manager3451",
                   "workDate":1666195200000,"sourceType":"SYSTEM","userCheckTime":1666227600000,"planId":437360727696,
                   "id":260694657296},
                  {"checkType":"OffDuty","locationResult":"Normal","baseCheckTime":"1666260000000","groupId":"1010275569",
                   "timeResult":"Early","userId":"manager3451","workDate":"2022-10-20 00:00:00","sourceType":"USER",
                   "userCheckTime":"2022-10-20 17:40:12","planId":"437360727697","id":"260815376208","recordId":"43047156750",
                   "procInstId":"59f77e82-xxxx","approveId":"2376620852","brandNewField":1}]}
                """)));

        AttendanceResultPage page = client.attendanceResults(LocalDate.of(2022, 10, 20), LocalDate.of(2022, 10, 26), USERS, 0, 50);

        assertThat(page.more()).isTrue();
        assertThat(page.results()).hasSize(2);
        AttendanceResult notSigned = page.results().get(0);
        assertThat(notSigned).isEqualTo(new AttendanceResult(260694657296L, null, "manager3451",
                "dingc5f4301f00bdafc3acaaa37764f94726", Instant.ofEpochMilli(1666195200000L), "OnDuty",
                Instant.ofEpochMilli(1666227600000L), Instant.ofEpochMilli(1666227600000L), "NotSigned", "NotSigned",
                "SYSTEM", 437360727696L, 1010275569L, null, null));
        AttendanceResult early = page.results().get(1);
        assertThat(early.id()).isEqualTo(260815376208L);
        assertThat(early.recordId()).isEqualTo(43047156750L);
        assertThat(early.baseCheckTime()).isEqualTo(Instant.ofEpochMilli(1666260000000L));
        assertThat(early.workDate()).as("China time").isEqualTo(Instant.parse("2022-10-19T16:00:00Z"));
        assertThat(early.userCheckTime()).isEqualTo(Instant.parse("2022-10-20T09:40:12Z"));
        assertThat(early.approveId()).isEqualTo(2376620852L);
        dingtalk.server.verify(postRequestedFor(urlPathEqualTo("/attendance/list")).withRequestBody(equalToJson("""
                {"workDateFrom":"2022-10-20 00:00:00","workDateTo":"2022-10-26 00:00:00",
                 "userIdList":["manager4220","0172453356"],"offset":0,"limit":50}""")));
    }

    @Test
    void punchDetailsReadStringTypedEpochsAndCoordinates() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.ATTENDANCE_LISTRECORD).willReturn(okJson("""
                {"errcode":0,"errmsg":"ok","recordresult":[
                  {"gmtModified":"1599454972000","baseCheckTime":"1599442200000","groupId":"685935028","timeResult":"Normal",
                   "deviceId":"67da0fxxxx","approveId":"2376620852","userAccuracy":"65","classId":"677995086",
                   "workDate":"1599408000000","bizId":"E171DCCExxxx","planId":"144872188720","id":"43047156750",
                   "checkType":"OnDuty","planCheckTime":"1599442200000","corpId":"dinge8axxxx5384","locationResult":"Outside",
                   "userLongitude":"120.017139","isLegal":"N","procInstId":"59f77e82-xxxx","gmtCreate":"1599441505000",
                   "userId":"manager4220","outsideRemark":"拜访客户","userAddress":"浙江省杭州市","userLatitude":"30.285413",
                   "sourceType":"USER","userCheckTime":"1599441505000","locationMethod":"MAP","deviceSN":"DT77",
                   "photoUrl":"https://static.dingtalk.com/x.jpg"},
                  {"gmtModified":1599450909000,"deviceId":"67da0fxxxx","userAccuracy":65,"workDate":1599408000000,
                   "id":43055377426,"invalidRecordType":"Other","corpId":"dinge8axxxx5384","userLongitude":120.017019,
                   "gmtCreate":1599450909000,"invalidRecordMsg":"需要二次确认","userId":"manager4220","userAddress":"浙江省杭州市",
                   "userLatitude":30.285622,"sourceType":"USER","userCheckTime":1599450909000,"locationMethod":"MAP"}]}
                """)));

        List<PunchRecord> punches = client.punchRecords(LocalDateTime.of(2020, 9, 7, 0, 0), LocalDateTime.of(2020, 9, 8, 0, 0), USERS);

        assertThat(punches).hasSize(2);
        PunchRecord outside = punches.get(0);
        assertThat(outside.id()).isEqualTo(43047156750L);
        assertThat(outside.userCheckTime()).isEqualTo(Instant.ofEpochMilli(1599441505000L));
        assertThat(outside.workDate()).isEqualTo(Instant.ofEpochMilli(1599408000000L));
        assertThat(outside.planCheckTime()).isEqualTo(Instant.ofEpochMilli(1599442200000L));
        assertThat(outside.gmtModified()).isEqualTo(Instant.ofEpochMilli(1599454972000L));
        assertThat(outside.groupId()).isEqualTo(685935028L);
        assertThat(outside.userLatitude()).isEqualTo("30.285413");
        assertThat(outside.userAccuracy()).isEqualTo("65");
        assertThat(outside.deviceSN()).isEqualTo("DT77");
        assertThat(outside.photoUrl()).isEqualTo("https://static.dingtalk.com/x.jpg");
        assertThat(outside.legal()).isFalse();
        PunchRecord invalid = punches.get(1);
        assertThat(invalid.userLatitude()).as("a number kept as DingTalk's text").isEqualTo("30.285622");
        assertThat(invalid.userAccuracy()).isEqualTo("65");
        assertThat(invalid.checkType()).isNull();
        assertThat(invalid.invalidRecordType()).isEqualTo("Other");
        assertThat(invalid.legal()).isFalse();
        dingtalk.server.verify(postRequestedFor(urlPathEqualTo("/attendance/listRecord")).withRequestBody(equalToJson("""
                {"userIds":["manager4220","0172453356"],"checkDateFrom":"2020-09-07 00:00:00","checkDateTo":"2020-09-08 00:00:00"}""")));
    }

    @Test
    void leaveStatusIsAskedInSnakeCaseAndReadFromTheResult() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.LEAVE_STATUS).willReturn(okJson("""
                {"errcode":0,"result":{"has_more":"true","leave_status":[
                  {"duration_percent":150,"duration_unit":"percent_day","end_time":"1673337600000","leave_code":"a7ffc4f6-9c3b",
                   "start_time":1673222400000,"userid":"0172453356"},
                  {"duration_percent":"300","duration_unit":"percent_hour","end_time":1673290800000,"leave_code":"b1",
                   "start_time":1673280000000,"userid":"manager4220"}]},"success":true,"request_id":"16mo8d1q9ihd5"}
                """)));
        Instant from = Instant.ofEpochMilli(1669824000000L);
        Instant to = Instant.ofEpochMilli(1673280000000L);

        LeaveStatusPage page = client.leaveStatus(from, to, USERS, 0, 100);

        assertThat(page.more()).isTrue();
        assertThat(page.leaves()).containsExactly(
                new LeaveStatus("0172453356", "a7ffc4f6-9c3b", Instant.ofEpochMilli(1673222400000L),
                        Instant.ofEpochMilli(1673337600000L), "percent_day", 150L),
                new LeaveStatus("manager4220", "b1", Instant.ofEpochMilli(1673280000000L),
                        Instant.ofEpochMilli(1673290800000L), "percent_hour", 300L));
        dingtalk.server.verify(postRequestedFor(urlPathEqualTo("/topapi/attendance/getleavestatus")).withRequestBody(equalToJson("""
                {"userid_list":"manager4220,0172453356","start_time":1669824000000,"end_time":1673280000000,"offset":0,"size":100}""")));
    }

    @Test
    void argumentsBeyondDingTalksLimitsFailBeforeAnyCall() {
        LocalDate monday = LocalDate.of(2026, 6, 1);
        List<String> fiftyOne = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            fiftyOne.add("u" + i);
        }
        assertThatThrownBy(() -> client.attendanceResults(monday, monday.plusDays(8), USERS, 0, 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..7 days");
        assertThatThrownBy(() -> client.attendanceResults(monday, monday.minusDays(1), USERS, 0, 50))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.attendanceResults(monday, monday, fiftyOne, 0, 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..50 userids");
        assertThatThrownBy(() -> client.attendanceResults(monday, monday, List.of(), 0, 50))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.attendanceResults(monday, monday, USERS, 0, 51))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page size must be 1..50");
        assertThatThrownBy(() -> client.attendanceResults(monday, monday, USERS, -50, 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> client.punchRecords(monday.atStartOfDay(), monday.plusDays(7).atTime(0, 0, 1), USERS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 7 days");
        assertThatThrownBy(() -> client.punchRecords(monday.atStartOfDay(), monday.atTime(1, 0), fiftyOne))
                .isInstanceOf(IllegalArgumentException.class);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> client.leaveStatus(start, start.plusSeconds(181 * 86_400L), USERS, 0, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("180 days");
        assertThatThrownBy(() -> client.leaveStatus(start, start.plusSeconds(86_400L), USERS, 0, 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..100");
        assertThatThrownBy(() -> client.leaveStatus(start, start.plusSeconds(86_400L), List.of("a,b"), 0, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comma");

        assertThat(dingtalk.server.getAllServeEvents()).as("nothing was sent").isEmpty();
    }

    @Test
    void theNewApisQuotaAnswerIsAUsedUpQuotaAndIsNotRetried() {
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.LEAVE_STATUS).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"requestid\":\"8F1D3A\",\"code\":\"Forbidden.AccessDenied.ApiCountLimitForOrg\","
                        + "\"message\":\"the org's monthly API call quota is used up\"}")));
        Instant start = Instant.parse("2026-01-01T00:00:00Z");

        DingTalkApiException e = catchThrowableOfType(DingTalkApiException.class,
                () -> client.leaveStatus(start, start.plusSeconds(86_400L), USERS, 0, 100));

        assertThat(e.category()).isEqualTo(ErrorCategory.QUOTA_EXHAUSTED);
        assertThat(e.retryable()).isFalse();
        dingtalk.server.verify(1, postRequestedFor(urlPathEqualTo("/topapi/attendance/getleavestatus")));
    }
}
