package io.dingtalketl.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.OrgTruth.TruthUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's attendance APIs: deterministic punch results, punches and leaves of the simulated org, served
 * with DingTalk's fields and limits. "Today" is fixed, so nothing depends on when the test runs.
 */
class AttendanceApiTest {

    static final LocalDate TODAY = LocalDate.of(2026, 6, 17);
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final OrgSpec ORG = OrgSpec.of(41, 6, 30);

    private DingTalkSimulator simulator;
    private SimulatorClient client;
    private List<String> userids;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(ORG), SimulatorSettings.defaults().withQpsPerApi(0));
        simulator.attendanceToday(TODAY);
        client = new SimulatorClient(simulator);
        userids = simulator.org().truth().users().stream().map(TruthUser::userid).toList();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void everyScheduledDayHasAnOnDutyAndAnOffDutyResultAndWeekendsNone() {
        // Mon 2026-06-08 .. Sun 2026-06-14
        List<JsonNode> records = allResults(userids.subList(0, 10), "2026-06-08 00:00:00", "2026-06-14 00:00:00");

        assertThat(records).hasSize(10 * 5 * 2);
        for (JsonNode r : records) {
            LocalDate day = Instant.ofEpochMilli(r.path("workDate").asLong()).atZone(CHINA).toLocalDate();
            assertThat(day.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(r.path("checkType").asString()).isIn("OnDuty", "OffDuty");
            assertThat(r.path("id").isNumber()).isTrue();
            assertThat(r.path("workDate").isNumber()).isTrue();
            assertThat(r.path("baseCheckTime").isNumber()).isTrue();
            assertThat(r.path("userCheckTime").isNumber()).isTrue();
            assertThat(r.path("planId").isNumber()).isTrue();
            assertThat(r.path("groupId").isNumber()).isTrue();
            assertThat(r.path("timeResult").asString()).isIn("Normal", "Late", "SeriousLate", "Early", "Absenteeism", "NotSigned");
            assertThat(r.path("locationResult").asString()).isIn("Normal", "Outside", "NotSigned");
            assertThat(r.path("sourceType").asString()).isIn("ATM", "BEACON", "DING_ATM", "USER", "APPROVE", "SYSTEM");
        }
        assertThat(records.stream().map(r -> r.path("id").asLong()).distinct()).hasSize(records.size());
    }

    @Test
    void aMonthOfTheOrgShowsEveryOutcomeAndApprovalsAndIdsAreUnique() {
        Set<String> timeResults = new HashSet<>();
        Set<String> sources = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        int total = 0;
        int approved = 0;
        for (LocalDate monday = LocalDate.of(2026, 5, 18); monday.isBefore(TODAY.minusDays(6)); monday = monday.plusWeeks(1)) {
            for (int i = 0; i < userids.size(); i += 50) {
                for (JsonNode r : allResults(userids.subList(i, Math.min(userids.size(), i + 50)),
                        monday + " 00:00:00", monday.plusDays(6) + " 00:00:00")) {
                    timeResults.add(r.path("timeResult").asString());
                    sources.add(r.path("sourceType").asString());
                    ids.add(r.path("id").asLong());
                    total++;
                    if (r.has("approveId")) {
                        approved++;
                        assertThat(r.path("procInstId").asString()).isNotBlank();
                    }
                }
            }
        }
        assertThat(timeResults).contains("Normal", "Late", "Early", "NotSigned");
        assertThat(sources).contains("USER", "SYSTEM", "APPROVE");
        assertThat(approved).isPositive();
        assertThat(ids).hasSize(total);
    }

    @Test
    void theSameOrgGivesTheSameAttendanceAndAnotherSeedAnother() {
        List<JsonNode> first = allResults(userids.subList(0, 5), "2026-06-01 00:00:00", "2026-06-05 00:00:00");
        try (DingTalkSimulator twin = DingTalkSimulator.start(SimulatedOrg.generate(ORG), SimulatorSettings.defaults().withQpsPerApi(0))) {
            twin.attendanceToday(TODAY);
            SimulatorClient twinClient = new SimulatorClient(twin);
            JsonNode again = twinClient.call(DingTalkEndpoint.ATTENDANCE_LIST, listBody(userids.subList(0, 5),
                    "2026-06-01 00:00:00", "2026-06-05 00:00:00", 0, 50));
            assertThat(again.path("recordresult").size()).isEqualTo(first.size());
            for (int i = 0; i < first.size(); i++) {
                assertThat(again.path("recordresult").get(i).toString()).isEqualTo(first.get(i).toString());
            }
        }
        String user = userids.get(0);
        assertThat(simulator.punchResults(user, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 5)))
                .isEqualTo(simulator.punchResults(user, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 5)));
    }

    @Test
    void pagesByOffsetAndLimitUntilHasMoreIsFalse() {
        List<String> users = userids.subList(0, 7);
        List<Long> paged = new ArrayList<>();
        int calls = 0;
        JsonNode page;
        int offset = 0;
        do {
            page = client.call(DingTalkEndpoint.ATTENDANCE_LIST, listBody(users, "2026-06-08 00:00:00", "2026-06-12 00:00:00", offset, 20));
            assertThat(page.path("errcode").asInt()).as(page.toString()).isZero();
            page.path("recordresult").forEach(r -> paged.add(r.path("id").asLong()));
            offset += 20;
            calls++;
        } while (page.path("hasMore").asBoolean());

        assertThat(paged).hasSize(7 * 5 * 2).doesNotHaveDuplicates();
        assertThat(calls).isEqualTo(4);
        assertThat(page.path("hasMore").isBoolean()).isTrue();
    }

    @Test
    void attendanceListEnforcesDingTalksLimits() {
        List<String> five = userids.subList(0, 5);
        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LIST, listBody(five, "2026-06-01 00:00:00", "2026-06-08 00:00:00", 0, 50)))
                .as("7 days apart is allowed").isZero();
        JsonNode eightDays = client.call(DingTalkEndpoint.ATTENDANCE_LIST, listBody(five, "2026-06-01 00:00:00", "2026-06-09 00:00:00", 0, 50));
        assertThat(eightDays.path("errcode").asInt()).isEqualTo(400002);
        assertThat(eightDays.path("errmsg").asString()).contains("7天");

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add("user" + i);
        }
        JsonNode users = client.call(DingTalkEndpoint.ATTENDANCE_LIST, listBody(tooMany, "2026-06-01 00:00:00", "2026-06-02 00:00:00", 0, 50));
        assertThat(users.path("errcode").asInt()).isEqualTo(400002);
        assertThat(users.path("errmsg").asString()).contains("50");

        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LIST, listBody(five, "2026-06-01 00:00:00", "2026-06-02 00:00:00", 0, 51)))
                .isEqualTo(40069);
        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LIST, listBody(five, "2026-06-01 00:00:00", "2026-06-02 00:00:00", -1, 50)))
                .isEqualTo(40068);
        JsonNode old = client.call(DingTalkEndpoint.ATTENDANCE_LIST, listBody(five, "2025-12-16 00:00:00", "2025-12-18 00:00:00", 0, 50));
        assertThat(old.path("errcode").asInt()).isEqualTo(400002);
        assertThat(old.path("errmsg").asString()).contains("半年");
        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LIST, listBody(five, "2025-12-17 00:00:00", "2025-12-18 00:00:00", 0, 50)))
                .as("exactly half a year back is still served").isZero();
        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LIST, listBody(five, "2026/06/01", "2026-06-02 00:00:00", 0, 50)))
                .isEqualTo(400002);
    }

    @Test
    void daysAfterTodayHaveNoResultsYet() {
        List<JsonNode> records = allResults(userids.subList(0, 3), "2026-06-17 00:00:00", "2026-06-19 00:00:00");

        assertThat(records).isNotEmpty().allSatisfy(r ->
                assertThat(r.path("workDate").asLong()).isEqualTo(TODAY.atStartOfDay(CHINA).toInstant().toEpochMilli()));
    }

    @Test
    void listRecordReturnsEveryPunchOfTheWindowWithLocationAndDevice() {
        List<String> users = userids.subList(0, 10);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userIds", users);
        body.put("checkDateFrom", "2026-06-08 00:00:00");
        body.put("checkDateTo", "2026-06-12 23:59:59");
        JsonNode answer = client.call(DingTalkEndpoint.ATTENDANCE_LISTRECORD, body);

        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        assertThat(answer.has("hasMore")).as("no paging").isFalse();
        JsonNode records = answer.path("recordresult");
        assertThat(records.size()).isPositive();
        Set<Long> punchIds = new HashSet<>();
        for (JsonNode p : records) {
            punchIds.add(p.path("id").asLong());
            assertThat(p.path("userAddress").asString()).isNotBlank();
            assertThat(p.path("userLatitude").isNumber()).isTrue();
            assertThat(p.path("deviceId").asString()).isNotBlank();
            assertThat(p.path("locationMethod").asString()).isNotBlank();
            assertThat(p.path("isLegal").asString()).isIn("Y", "N");
            if (p.has("invalidRecordType")) {
                assertThat(p.path("isLegal").asString()).isEqualTo("N");
            }
        }
        // each result that was punched names its punch
        for (JsonNode r : allResults(users, "2026-06-08 00:00:00", "2026-06-12 00:00:00")) {
            if (r.has("recordId")) {
                assertThat(punchIds).contains(r.path("recordId").asLong());
            } else {
                assertThat(r.path("sourceType").asString()).isIn("SYSTEM", "APPROVE");
            }
        }

        body.put("checkDateTo", "2026-06-15 00:00:01");
        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LISTRECORD, body)).as("more than 7 days").isEqualTo(400002);
        body.put("checkDateFrom", "2025-12-01 00:00:00");
        body.put("checkDateTo", "2025-12-02 00:00:00");
        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LISTRECORD, body)).as("older than 180 days").isEqualTo(400002);
    }

    @Test
    void leaveStatusPagesTheLeavesOfUpTo100Users() {
        long start = LocalDate.of(2026, 1, 5).atStartOfDay(CHINA).toInstant().toEpochMilli();
        long end = LocalDate.of(2026, 6, 30).atStartOfDay(CHINA).toInstant().toEpochMilli();
        String list = String.join(",", userids);
        List<JsonNode> leaves = new ArrayList<>();
        JsonNode result;
        int offset = 0;
        do {
            JsonNode answer = client.call(DingTalkEndpoint.LEAVE_STATUS, Map.of("userid_list", list, "start_time", start,
                    "end_time", end, "offset", offset, "size", 10));
            assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
            result = answer.path("result");
            result.path("leave_status").forEach(leaves::add);
            offset += 10;
        } while (result.path("has_more").asBoolean());

        int expected = 0;
        for (String userid : userids) {
            expected += simulator.leaves(userid, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end)).size();
        }
        assertThat(leaves).hasSize(expected).isNotEmpty();
        for (JsonNode leave : leaves) {
            assertThat(leave.path("duration_unit").asString()).isIn("percent_day", "percent_hour");
            assertThat(leave.path("duration_percent").asLong()).isPositive();
            assertThat(leave.path("start_time").asLong()).isLessThan(leave.path("end_time").asLong());
            assertThat(leave.path("leave_code").asString()).isNotBlank();
            assertThat(userids).contains(leave.path("userid").asString());
        }

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add("user" + i);
        }
        assertThat(errcode(DingTalkEndpoint.LEAVE_STATUS, Map.of("userid_list", String.join(",", tooMany), "start_time", start,
                "end_time", start + 86_400_000L, "offset", 0, "size", 10))).isEqualTo(400002);
        assertThat(errcode(DingTalkEndpoint.LEAVE_STATUS, Map.of("userid_list", list, "start_time", start,
                "end_time", start + 181 * 86_400_000L, "offset", 0, "size", 10))).isEqualTo(400002);
        assertThat(errcode(DingTalkEndpoint.LEAVE_STATUS, Map.of("userid_list", list, "start_time", start,
                "end_time", end, "offset", 0, "size", 101))).isEqualTo(40069);
    }

    @Test
    void anApprovedCorrectionChangesTheResultButKeepsItsId() {
        PunchResult late = null;
        for (String userid : userids) {
            late = simulator.punchResults(userid, TODAY.minusDays(60), TODAY.minusDays(1)).stream()
                    .filter(r -> r.checkType().equals(PunchResult.ON_DUTY) && r.timeResult().equals("Late"))
                    .findFirst().orElse(null);
            if (late != null) {
                break;
            }
        }
        assertThat(late).as("some OnDuty was late in two months").isNotNull();
        String day = late.workDate() + " 00:00:00";

        PunchResult corrected = simulator.correctPunchResult(late.userId(), late.workDate(), PunchResult.ON_DUTY);

        JsonNode served = allResults(List.of(late.userId()), day, day).stream()
                .filter(r -> r.path("checkType").asString().equals("OnDuty")).findFirst().orElseThrow();
        assertThat(served.path("id").asLong()).isEqualTo(late.id());
        assertThat(served.path("timeResult").asString()).isEqualTo("Normal");
        assertThat(served.path("sourceType").asString()).isEqualTo("APPROVE");
        assertThat(served.path("approveId").asLong()).isEqualTo(corrected.approveId()).isPositive();
        assertThat(served.path("procInstId").asString()).isEqualTo(corrected.procInstId());
        assertThat(served.path("baseCheckTime").asLong()).isEqualTo(late.baseCheckTime().toEpochMilli());
    }

    @Test
    void aDeniedPermissionAnswers60011OnTheAttendanceApis() {
        simulator.denyPermission(DingTalkEndpoint.ATTENDANCE_LIST);
        simulator.denyPermission(DingTalkEndpoint.LEAVE_STATUS);

        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LIST, listBody(userids.subList(0, 1), "2026-06-01 00:00:00",
                "2026-06-01 00:00:00", 0, 50))).isEqualTo(60011);
        assertThat(errcode(DingTalkEndpoint.LEAVE_STATUS, Map.of("userid_list", userids.get(0), "start_time", 0,
                "end_time", 1, "offset", 0, "size", 10))).isEqualTo(60011);
        simulator.grantPermission(DingTalkEndpoint.ATTENDANCE_LIST);
        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LIST, listBody(userids.subList(0, 1), "2026-06-01 00:00:00",
                "2026-06-01 00:00:00", 0, 50))).isZero();
    }

    @Test
    void meteredCallsBeyondTheMonthlyQuotaAnswer90020WithTheCountsAndContactsStayExempt() {
        simulator.monthlyQuota(3);
        Map<String, Object> body = listBody(userids.subList(0, 1), "2026-06-01 00:00:00", "2026-06-01 00:00:00", 0, 50);
        for (int i = 0; i < 3; i++) {
            assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LIST, body)).isZero();
        }

        JsonNode refused = client.call(DingTalkEndpoint.ATTENDANCE_LIST, body);
        JsonNode refusedAgain = client.call(DingTalkEndpoint.MESSAGE_SEND, Map.of("agent_id", 1, "userid_list", userids.get(0),
                "msg", Map.of("msgtype", "text", "text", Map.of("content", "hi"))));

        assertThat(refused.path("errcode").asInt()).isEqualTo(90020);
        assertThat(refused.path("errmsg").asString()).isEqualTo("您的企业本月api调用量已超过限制,调用量:4次,额度:3次");
        assertThat(refusedAgain.path("errcode").asInt()).isEqualTo(90020);
        assertThat(refusedAgain.path("errmsg").asString()).contains("调用量:5次");
        assertThat(client.call(DingTalkEndpoint.USER_GET, Map.of("userid", userids.get(0))).path("errcode").asInt())
                .as("contacts are exempt").isZero();
        assertThat(simulator.meteredCallsThisMonth()).isEqualTo(5);

        simulator.resetMonth();
        assertThat(errcode(DingTalkEndpoint.ATTENDANCE_LIST, body)).isZero();
    }

    private int errcode(DingTalkEndpoint endpoint, Map<String, ?> body) {
        return client.call(endpoint, body).path("errcode").asInt();
    }

    private List<JsonNode> allResults(List<String> users, String from, String to) {
        List<JsonNode> out = new ArrayList<>();
        int offset = 0;
        JsonNode page;
        do {
            page = client.call(DingTalkEndpoint.ATTENDANCE_LIST, listBody(users, from, to, offset, 50));
            assertThat(page.path("errcode").asInt()).as(page.toString()).isZero();
            page.path("recordresult").forEach(out::add);
            offset += 50;
        } while (page.path("hasMore").asBoolean());
        return out;
    }

    static Map<String, Object> listBody(List<String> users, String from, String to, int offset, int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workDateFrom", from);
        body.put("workDateTo", to);
        body.put("userIdList", users);
        body.put("offset", offset);
        body.put("limit", limit);
        return body;
    }
}
