package io.dingtalketl.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The attendance (考勤) read APIs, answering from a {@link SimulatedAttendance} with DingTalk's field names, types
 * and limits (dingtalk-api.md §9). Each method returns the fields that go next to {@code errcode}/{@code errmsg},
 * or throws {@link ApiError}.
 *
 * <p>Error codes. DingTalk documents these limits (D-att-list, D-att-record, the getleavestatus page) but not the
 * errcode each breach answers; searching DingTalk's docs, its SDK pages, GitHub issues and public code for them
 * ("attendance/list 不能超过7天 errcode", "getleavestatus errcode", …) found none. The simulator therefore answers
 * with the generic codes of DingTalk's server error list (D-err, §6), chosen by what is wrong, and words the
 * message with the limit as DingTalk's API pages and SDK request classes state it ("起始与结束工作日最多相隔7天",
 * "最多不能超过50个", "最大不能超过50条": dingtalk.oapi.attendance.list/listRecord on open.alitrip.com, and the
 * {@code OapiAttendanceListRecordRequest} doc comments of DingTalk's .NET and PHP SDKs):
 * <ul>
 *   <li>400002 无效的参数 (D-err) — a window longer than allowed, too many users, data older than allowed, a
 *       missing or malformed parameter. Plausible, not confirmed for these APIs.</li>
 *   <li>40069 不合法的分页大小 (D-err) — {@code limit} over 50 / {@code size} over 100.</li>
 *   <li>40068 不合法的偏移量 (D-err) — a negative offset.</li>
 * </ul>
 * The client classifies all three as caller bugs, which is what they are whatever DingTalk's exact code.
 */
final class AttendanceApi {

    static final int MAX_LIST_USERS = 50;
    static final int MAX_LIST_LIMIT = 50;
    static final int MAX_LEAVE_USERS = 100;
    static final int MAX_LEAVE_SIZE = 100;
    static final int MAX_WINDOW_DAYS = 7;
    static final int MAX_LEAVE_WINDOW_DAYS = 180;
    static final int ILLEGAL_OFFSET = 40068;
    static final int ILLEGAL_PAGE_SIZE = 40069;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final SimulatedAttendance attendance;
    private final String corpId;
    private final JsonMapper json;

    AttendanceApi(SimulatedAttendance attendance, String corpId, JsonMapper json) {
        this.attendance = attendance;
        this.corpId = corpId;
        this.json = json;
    }

    /** {@code attendance/list}: punch results of ≤ 50 users over ≤ 7 work days, paged by offset/limit ≤ 50. */
    Map<String, Object> listResults(RequestParams params) {
        LocalDate from = dateTime(params, "workDateFrom").toLocalDate();
        LocalDate to = dateTime(params, "workDateTo").toLocalDate();
        if (to.isBefore(from)) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:workDateTo不能早于workDateFrom");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_WINDOW_DAYS) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:起始与结束工作日最多相隔" + MAX_WINDOW_DAYS + "天");
        }
        requireWithinHalfYear(from);
        List<String> users = users(params, "userIdList", MAX_LIST_USERS);
        long offset = offset(params, "offset");
        long limit = pageSize(params, "limit", MAX_LIST_LIMIT, "表示获取考勤数据的条数,最大不能超过" + MAX_LIST_LIMIT + "条");
        List<PunchResult> all = new ArrayList<>();
        for (String user : users) {
            all.addAll(attendance.results(user, from, to));
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = (int) Math.min(offset, all.size()); i < Math.min(offset + limit, all.size()); i++) {
            page.add(render(all.get(i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hasMore", offset + limit < all.size());
        body.put("recordresult", page);
        return body;
    }

    /** {@code attendance/listRecord}: every punch of ≤ 50 users in an exact window of ≤ 7 days; no paging. */
    Map<String, Object> listPunches(RequestParams params) {
        LocalDateTime from = dateTime(params, "checkDateFrom");
        LocalDateTime to = dateTime(params, "checkDateTo");
        if (to.isBefore(from)) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:checkDateTo不能早于checkDateFrom");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_WINDOW_DAYS)) > 0) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:起始与结束工作日最多相隔" + MAX_WINDOW_DAYS + "天");
        }
        if (from.toLocalDate().isBefore(attendance.today().minusDays(MAX_LEAVE_WINDOW_DAYS))) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:只能查询" + MAX_LEAVE_WINDOW_DAYS + "天内的打卡记录");
        }
        List<String> users = users(params, "userIds", MAX_LIST_USERS);
        Instant start = from.atZone(SimulatedAttendance.CHINA).toInstant();
        Instant end = to.atZone(SimulatedAttendance.CHINA).toInstant();
        List<Map<String, Object>> records = new ArrayList<>();
        for (String user : users) {
            attendance.punches(user, start, end).forEach(p -> records.add(render(p)));
        }
        return Map.of("recordresult", records);
    }

    /** {@code topapi/attendance/getleavestatus}: leaves of ≤ 100 users overlapping ≤ 180 days, paged by offset/size ≤ 100. */
    Map<String, Object> leaveStatus(RequestParams params) {
        List<String> users = users(params, "userid_list", MAX_LEAVE_USERS);
        long startMs = params.requiredLong("start_time", ApiError.INVALID_PARAMETER);
        long endMs = params.requiredLong("end_time", ApiError.INVALID_PARAMETER);
        if (endMs < startMs) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:end_time不能早于start_time");
        }
        if (endMs - startMs > Duration.ofDays(MAX_LEAVE_WINDOW_DAYS).toMillis()) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:开始时间和结束时间最多相隔" + MAX_LEAVE_WINDOW_DAYS + "天");
        }
        long offset = offset(params, "offset");
        long size = pageSize(params, "size", MAX_LEAVE_SIZE, "分页大小最大" + MAX_LEAVE_SIZE);
        List<LeaveInterval> all = new ArrayList<>();
        for (String user : users) {
            all.addAll(attendance.leaves(user, Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(endMs)));
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = (int) Math.min(offset, all.size()); i < Math.min(offset + size, all.size()); i++) {
            LeaveInterval leave = all.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("userid", leave.userid());
            item.put("leave_code", leave.leaveCode());
            item.put("start_time", leave.start().toEpochMilli());
            item.put("end_time", leave.end().toEpochMilli());
            item.put("duration_unit", leave.durationUnit());
            item.put("duration_percent", leave.durationPercent());
            page.add(item);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("leave_status", page);
        result.put("has_more", offset + size < all.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", result);
        body.put("success", true);
        return body;
    }

    private Map<String, Object> render(PunchResult r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", r.id());
        putIfPresent(item, "recordId", r.recordId());
        item.put("userId", r.userId());
        item.put("corpId", corpId);
        item.put("workDate", r.workDate().atStartOfDay(SimulatedAttendance.CHINA).toInstant().toEpochMilli());
        item.put("checkType", r.checkType());
        item.put("baseCheckTime", r.baseCheckTime().toEpochMilli());
        item.put("userCheckTime", r.userCheckTime().toEpochMilli());
        item.put("timeResult", r.timeResult());
        item.put("locationResult", r.locationResult());
        item.put("sourceType", r.sourceType());
        item.put("planId", r.planId());
        item.put("groupId", r.groupId());
        putIfPresent(item, "procInstId", r.procInstId());
        putIfPresent(item, "approveId", r.approveId());
        return item;
    }

    /** As DingTalk's example answer: epoch ms and coordinates as numbers; absent fields omitted. */
    private Map<String, Object> render(Punch p) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", p.id());
        item.put("userId", p.userId());
        item.put("corpId", corpId);
        item.put("workDate", p.workDate().atStartOfDay(SimulatedAttendance.CHINA).toInstant().toEpochMilli());
        putIfPresent(item, "checkType", p.checkType());
        putIfPresent(item, "timeResult", p.timeResult());
        putIfPresent(item, "locationResult", p.locationResult());
        item.put("sourceType", p.sourceType());
        item.put("isLegal", p.isLegal());
        item.put("userCheckTime", p.userCheckTime().toEpochMilli());
        if (p.baseCheckTime() != null) {
            item.put("baseCheckTime", p.baseCheckTime().toEpochMilli());
            item.put("planCheckTime", p.baseCheckTime().toEpochMilli());
        }
        putIfPresent(item, "planId", p.planId());
        putIfPresent(item, "groupId", p.groupId());
        putIfPresent(item, "classId", p.classId());
        item.put("locationMethod", p.locationMethod());
        item.put("userAddress", p.userAddress());
        item.put("userLatitude", p.userLatitude());
        item.put("userLongitude", p.userLongitude());
        item.put("userAccuracy", p.userAccuracy());
        item.put("deviceId", p.deviceId());
        putIfPresent(item, "deviceSN", p.deviceSN());
        putIfPresent(item, "userSsid", p.userSsid());
        putIfPresent(item, "userMacAddr", p.userMacAddr());
        putIfPresent(item, "invalidRecordType", p.invalidRecordType());
        putIfPresent(item, "invalidRecordMsg", p.invalidRecordMsg());
        putIfPresent(item, "outsideRemark", p.outsideRemark());
        putIfPresent(item, "procInstId", p.procInstId());
        putIfPresent(item, "approveId", p.approveId());
        item.put("gmtCreate", p.gmtModified().toEpochMilli());
        item.put("gmtModified", p.gmtModified().toEpochMilli());
        return item;
    }

    private void requireWithinHalfYear(LocalDate from) {
        if (from.isBefore(attendance.today().minusMonths(6))) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:只能查询半年内的考勤数据");
        }
    }

    private List<String> users(RequestParams params, String name, int max) {
        List<String> users = new ArrayList<>(new LinkedHashSet<>(params.stringList(name, json)));
        if (users.isEmpty()) {
            throw ApiError.invalidParameter(name);
        }
        if (users.size() > max) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:" + name + "最多不能超过" + max + "个");
        }
        return users;
    }

    private static long offset(RequestParams params, String name) {
        long offset = params.longValue(name, 0, ApiError.INVALID_PARAMETER);
        if (offset < 0) {
            throw new ApiError(ILLEGAL_OFFSET, "不合法的偏移量");
        }
        return offset;
    }

    private static long pageSize(RequestParams params, String name, int max, String rule) {
        long size = params.longValue(name, max, ApiError.INVALID_PARAMETER);
        if (size < 1 || size > max) {
            throw new ApiError(ILLEGAL_PAGE_SIZE, "不合法的分页大小:" + rule);
        }
        return size;
    }

    /** "yyyy-MM-dd HH:mm:ss" (DingTalk's format), or a bare "yyyy-MM-dd" as start of day. */
    private static LocalDateTime dateTime(RequestParams params, String name) {
        String text = params.string(name);
        if (text == null || text.isBlank()) {
            throw ApiError.invalidParameter(name);
        }
        try {
            String t = text.strip();
            return t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t, DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:" + name + "的格式应为yyyy-MM-dd HH:mm:ss");
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
