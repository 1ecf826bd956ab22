package io.dingtalketl.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.dingtalk.api.DefaultDingTalkClient;
import com.dingtalk.api.request.OapiAttendanceGetleavestatusRequest;
import com.dingtalk.api.request.OapiAttendanceListRecordRequest;
import com.dingtalk.api.request.OapiAttendanceListRequest;
import com.dingtalk.api.response.OapiAttendanceGetleavestatusResponse;
import com.dingtalk.api.response.OapiAttendanceGetleavestatusResponse.LeaveStatusVO;
import com.dingtalk.api.response.OapiAttendanceListRecordResponse;
import com.dingtalk.api.response.OapiAttendanceListResponse;
import com.taobao.api.ApiException;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.OrgTruth.TruthUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's attendance APIs as DingTalk's own legacy Java SDK ({@code com.aliyun:alibaba-dingtalk-service-sdk})
 * calls and reads them, with the request classes DingTalk's API pages show ({@code OapiAttendanceListRequest},
 * {@code OapiAttendanceListRecordRequest}, {@code OapiAttendanceGetleavestatusRequest}): the SDK sends what the
 * simulator accepts, reads every field it knows from what the simulator answers, and pages by {@code hasMore} /
 * {@code has_more}; the simulator's limits come back as SDK errors with DingTalk's codes.
 */
class AttendanceSdkContractTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 17);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private DingTalkSimulator simulator;
    private String accessToken;
    private List<String> userids;

    @BeforeEach
    void start() throws ApiException {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(7, 5, 12)), SimulatorSettings.defaults().withQpsPerApi(0));
        simulator.attendanceToday(TODAY);
        userids = simulator.org().truth().users().stream().map(TruthUser::userid).toList();
        accessToken = SdkTokens.accessToken(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void theSdkPagesPunchResultsByHasMoreAndReadsEveryField() throws Exception {
        List<OapiAttendanceListResponse.Recordresult> results = new ArrayList<>();
        long offset = 0;
        OapiAttendanceListResponse page;
        int calls = 0;
        do {
            page = list("2026-06-08 00:00:00", "2026-06-12 00:00:00", userids, offset, 50L);
            assertThat(page.isSuccess()).as(page.getBody()).isTrue();
            results.addAll(page.getRecordresult());
            offset += 50;
            calls++;
        } while (Boolean.TRUE.equals(page.getHasMore()));

        assertThat(results).hasSize(userids.size() * 5 * 2);
        assertThat(calls).isEqualTo((userids.size() * 10 + 49) / 50);
        List<PunchResult> truth = new ArrayList<>();
        userids.forEach(u -> truth.addAll(simulator.punchResults(u, LocalDate.of(2026, 6, 8), LocalDate.of(2026, 6, 12))));
        for (int i = 0; i < truth.size(); i++) {
            PunchResult expected = truth.get(i);
            OapiAttendanceListResponse.Recordresult read = results.get(i);
            assertThat(read.getId()).isEqualTo(expected.id());
            assertThat(read.getRecordId()).isEqualTo(expected.recordId());
            assertThat(read.getUserId()).isEqualTo(expected.userId());
            assertThat(read.getWorkDate().toInstant()).isEqualTo(expected.workDate().atStartOfDay(CHINA).toInstant());
            assertThat(read.getCheckType()).isEqualTo(expected.checkType());
            assertThat(read.getBaseCheckTime().toInstant()).isEqualTo(expected.baseCheckTime());
            assertThat(read.getUserCheckTime().toInstant()).isEqualTo(expected.userCheckTime());
            assertThat(read.getTimeResult()).isEqualTo(expected.timeResult());
            assertThat(read.getLocationResult()).isEqualTo(expected.locationResult());
            assertThat(read.getSourceType()).isEqualTo(expected.sourceType());
            assertThat(read.getPlanId()).isEqualTo(expected.planId());
            assertThat(read.getGroupId()).isEqualTo(expected.groupId());
            assertThat(read.getProcInstId()).isEqualTo(expected.procInstId());
            assertThat(read.getApproveId()).isEqualTo(expected.approveId());
        }
        assertThat(simulator.callCount(DingTalkEndpoint.ATTENDANCE_LIST)).isEqualTo(calls);
    }

    @Test
    void theSdkSeesDingTalksErrorsForAWindowOverSevenDaysAndALimitOverFifty() throws Exception {
        OapiAttendanceListResponse window = list("2026-06-01 00:00:00", "2026-06-09 00:00:00", userids, 0L, 50L);
        OapiAttendanceListResponse limit = list("2026-06-01 00:00:00", "2026-06-02 00:00:00", userids, 0L, 51L);

        assertThat(window.isSuccess()).isFalse();
        assertThat(window.getErrcode()).isEqualTo(400002L);
        assertThat(limit.getErrcode()).isEqualTo(40069L);
    }

    @Test
    void theSdkReadsPunchDetailsWithLocationAndDevice() throws Exception {
        DefaultDingTalkClient client = new DefaultDingTalkClient(simulator.baseUrl() + "/attendance/listRecord");
        OapiAttendanceListRecordRequest request = new OapiAttendanceListRecordRequest();
        request.setUserIds(userids);
        request.setCheckDateFrom("2026-06-08 00:00:00");
        request.setCheckDateTo("2026-06-12 23:59:59");

        OapiAttendanceListRecordResponse answer = client.execute(request, accessToken);

        assertThat(answer.isSuccess()).as(answer.getBody()).isTrue();
        List<Punch> truth = new ArrayList<>();
        Instant from = LocalDate.of(2026, 6, 8).atStartOfDay(CHINA).toInstant();
        Instant to = LocalDate.of(2026, 6, 12).atTime(23, 59, 59).atZone(CHINA).toInstant();
        userids.forEach(u -> truth.addAll(simulator.punches(u, from, to)));
        assertThat(answer.getRecordresult()).hasSize(truth.size()).isNotEmpty();
        for (int i = 0; i < truth.size(); i++) {
            Punch expected = truth.get(i);
            OapiAttendanceListRecordResponse.Recordresult read = answer.getRecordresult().get(i);
            assertThat(read.getId()).isEqualTo(expected.id());
            assertThat(read.getUserId()).isEqualTo(expected.userId());
            assertThat(read.getUserCheckTime().toInstant()).isEqualTo(expected.userCheckTime());
            assertThat(read.getCheckType()).isEqualTo(expected.checkType());
            assertThat(read.getUserAddress()).isEqualTo(expected.userAddress());
            assertThat(Double.parseDouble(read.getUserLatitude())).isEqualTo(expected.userLatitude());
            assertThat(Double.parseDouble(read.getUserLongitude())).isEqualTo(expected.userLongitude());
            assertThat(read.getDeviceId()).isEqualTo(expected.deviceId());
            assertThat(read.getLocationMethod()).isEqualTo(expected.locationMethod());
            assertThat(read.getInvalidRecordType()).isEqualTo(expected.invalidRecordType());
            assertThat(read.getIsLegal()).isEqualTo(expected.isLegal());
            assertThat(read.getGroupId()).isEqualTo(expected.groupId());
        }
    }

    @Test
    void theSdkPagesLeavesByHasMore() throws Exception {
        long start = LocalDate.of(2026, 1, 5).atStartOfDay(CHINA).toInstant().toEpochMilli();
        long end = LocalDate.of(2026, 6, 30).atStartOfDay(CHINA).toInstant().toEpochMilli();
        DefaultDingTalkClient client = new DefaultDingTalkClient(simulator.baseUrl() + "/topapi/attendance/getleavestatus");
        List<LeaveStatusVO> leaves = new ArrayList<>();
        long offset = 0;
        OapiAttendanceGetleavestatusResponse page;
        do {
            OapiAttendanceGetleavestatusRequest request = new OapiAttendanceGetleavestatusRequest();
            request.setUseridList(String.join(",", userids));
            request.setStartTime(start);
            request.setEndTime(end);
            request.setOffset(offset);
            request.setSize(3L);
            page = client.execute(request, accessToken);
            assertThat(page.isSuccess()).as(page.getBody()).isTrue();
            leaves.addAll(page.getResult().getLeaveStatus());
            offset += 3;
        } while (Boolean.TRUE.equals(page.getResult().getHasMore()));

        List<LeaveInterval> truth = new ArrayList<>();
        userids.forEach(u -> truth.addAll(simulator.leaves(u, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end))));
        assertThat(leaves).hasSize(truth.size()).hasSizeGreaterThan(3);
        Set<String> units = new HashSet<>();
        for (int i = 0; i < truth.size(); i++) {
            LeaveInterval expected = truth.get(i);
            LeaveStatusVO read = leaves.get(i);
            assertThat(read.getUserid()).isEqualTo(expected.userid());
            assertThat(read.getLeaveCode()).isEqualTo(expected.leaveCode());
            assertThat(read.getStartTime()).isEqualTo(expected.start().toEpochMilli());
            assertThat(read.getEndTime()).isEqualTo(expected.end().toEpochMilli());
            assertThat(read.getDurationUnit()).isEqualTo(expected.durationUnit());
            assertThat(read.getDurationPercent()).isEqualTo(expected.durationPercent());
            units.add(read.getDurationUnit());
        }
        assertThat(units).containsExactlyInAnyOrder("percent_day", "percent_hour");
    }

    private OapiAttendanceListResponse list(String from, String to, List<String> users, long offset, long limit) throws ApiException {
        DefaultDingTalkClient client = new DefaultDingTalkClient(simulator.baseUrl() + "/attendance/list");
        OapiAttendanceListRequest request = new OapiAttendanceListRequest();
        request.setWorkDateFrom(from);
        request.setWorkDateTo(to);
        request.setUserIdList(users);
        request.setOffset(offset);
        request.setLimit(limit);
        return client.execute(request, accessToken);
    }
}
