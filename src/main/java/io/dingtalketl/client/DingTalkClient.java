package io.dingtalketl.client;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dingtalketl.client.wire.AttendanceResultPage;
import io.dingtalketl.client.wire.AttendanceResultRequest;
import io.dingtalketl.client.wire.CountRequest;
import io.dingtalketl.client.wire.CreatedDepartment;
import io.dingtalketl.client.wire.CreatedUser;
import io.dingtalketl.client.wire.DepartmentUpdateRequest;
import io.dingtalketl.client.wire.DepartmentWrite;
import io.dingtalketl.client.wire.MobileRequest;
import io.dingtalketl.client.wire.RoleList;
import io.dingtalketl.client.wire.RoleWrites;
import io.dingtalketl.client.wire.UserIdResult;
import io.dingtalketl.client.wire.UserUpdateRequest;
import io.dingtalketl.client.wire.UserWrite;
import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.DepartmentDetail;
import io.dingtalketl.client.wire.DepartmentRequest;
import io.dingtalketl.client.wire.DingTalkResponse;
import io.dingtalketl.client.wire.FailedPushPage;
import io.dingtalketl.client.wire.LeaveStatusPage;
import io.dingtalketl.client.wire.LeaveStatusRequest;
import io.dingtalketl.client.wire.PunchRecord;
import io.dingtalketl.client.wire.PunchRecordPage;
import io.dingtalketl.client.wire.PunchRecordRequest;
import io.dingtalketl.client.wire.SendMessageRequest;
import io.dingtalketl.client.wire.SendMessageResponse;
import io.dingtalketl.client.wire.SendResultRequest;
import io.dingtalketl.client.wire.SendResultResponse;
import io.dingtalketl.client.wire.UserCount;
import io.dingtalketl.client.wire.UserDetail;
import io.dingtalketl.client.wire.UserListRequest;
import io.dingtalketl.client.wire.UserPage;
import io.dingtalketl.client.wire.UserRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The DingTalk server API as this project uses it. Thread-safe: one instance serves every step and
 * partition, so the token cache and the per-API throttle are shared by all of them.
 *
 * <p>Methods return the {@code result} of an answer with errcode 0. "Not found" answers (60003, 33012,
 * 60121) come back as an empty {@link Optional}; every other failure, after retries where DingTalk says
 * it is busy or throttling, is a {@link DingTalkApiException}.
 */
public class DingTalkClient {

    /** DingTalk's maximum page size for {@code v2/user/list}. */
    public static final int MAX_USER_PAGE_SIZE = 100;
    /** {@code attendance/list} and {@code listRecord}: at most this many userids per call. */
    public static final int MAX_ATTENDANCE_USERS = 50;
    /** {@code attendance/list}: at most this many results per page ({@code limit}). */
    public static final int MAX_ATTENDANCE_PAGE_SIZE = 50;
    /** {@code attendance/list} and {@code listRecord}: the window spans at most this many days. */
    public static final int MAX_ATTENDANCE_WINDOW_DAYS = 7;
    /** {@code getleavestatus}: at most this many userids, and this many leaves per page. */
    public static final int MAX_LEAVE_USERS = 100;
    public static final int MAX_LEAVE_PAGE_SIZE = 100;
    /** {@code getleavestatus}: start and end at most this many days apart. */
    public static final int MAX_LEAVE_WINDOW_DAYS = 180;
    /** {@code topapi/role/addrolesforemps}: at most this many role ids, and this many userids, per call. */
    public static final int MAX_ROLE_ASSIGNMENT = 20;
    /** {@code topapi/role/list}: at most this many role groups a page. */
    public static final int MAX_ROLE_GROUP_PAGE_SIZE = 200;
    private static final DateTimeFormatter DINGTALK_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final DingTalkApi api;
    private final DingTalkProperties properties;
    private final ApiCallMetrics metrics;
    private final SecretRedactor redactor;
    private final @Nullable String simulatedSource;
    private final RestClient rest;
    private final JsonMapper json;

    private DingTalkClient(DingTalkApi api, DingTalkProperties properties, ApiCallMetrics metrics, SecretRedactor redactor,
                           @Nullable String simulatedSource, RestClient rest, JsonMapper json) {
        this.rest = rest;
        this.json = json;
        this.api = api;
        this.properties = properties;
        this.metrics = metrics;
        this.redactor = redactor;
        this.simulatedSource = simulatedSource;
    }

    /** Builds a client of DingTalk; {@code registry} (optional) receives the per-API counters. */
    public static DingTalkClient create(DingTalkProperties properties, @Nullable MeterRegistry registry) {
        return create(properties, registry, null);
    }

    /**
     * Builds a client; {@code simulatedSource} names the simulator it talks to instead of DingTalk (null
     * for DingTalk itself), so that runs can say their data is invented.
     */
    public static DingTalkClient create(DingTalkProperties properties, @Nullable MeterRegistry registry,
                                        @Nullable String simulatedSource) {
        JsonMapper json = dingTalkJson();
        SecretRedactor redactor = new SecretRedactor();
        redactor.register(properties.appSecret());
        ApiCallMetrics metrics = new ApiCallMetrics();
        if (registry != null) {
            metrics.bindTo(registry);
        }
        DingTalkCallInterceptor interceptor = new DingTalkCallInterceptor(properties, new ApiThrottle(properties),
                metrics, redactor, json);
        RestClient rest = RestClient.builder()
                .baseUrl(properties.baseUrl().toString())
                .requestFactory(HttpTransport.create(properties.connectTimeout(), properties.readTimeout()))
                .requestInterceptor(interceptor)
                .configureMessageConverters(converters -> converters.registerDefaults()
                        .withJsonConverter(new JacksonJsonHttpMessageConverter(json)))
                .build();
        DingTalkApi api = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build()
                .createClient(DingTalkApi.class);
        interceptor.useTokens(tokens(properties, api, redactor));
        return new DingTalkClient(api, properties, metrics, redactor, simulatedSource, rest, json);
    }

    /** DingTalk's JSON: snake_case, unknown fields ignored, numbers and booleans accepted as strings. */
    static JsonMapper dingTalkJson() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    private static AccessTokenProvider tokens(DingTalkProperties properties, DingTalkApi api, SecretRedactor redactor) {
        if (properties.hasAppCredentials()) {
            return AccessTokenProvider.fetching(() -> api.getToken(properties.appKey(), properties.appSecret()),
                    properties.tokenRefreshAhead(), redactor);
        }
        if (properties.hasFixedToken()) {
            return AccessTokenProvider.fixed(properties.accessToken(), redactor);
        }
        return AccessTokenProvider.fetching(() -> {
            throw new DingTalkApiException(ErrorCategory.CREDENTIALS, DingTalkEndpoint.GET_TOKEN, null, null, null, 0,
                    "No DingTalk credentials configured: set dingtalk.app-key and dingtalk.app-secret "
                            + "(DINGTALK_APP_KEY / DINGTALK_APP_SECRET), or dingtalk.access-token.");
        }, properties.tokenRefreshAhead(), redactor);
    }

    /** The direct children of {@code deptId} ({@code listsub}); empty Optional when the department is gone. */
    public Optional<List<DepartmentBase>> listSubDepartments(long deptId) {
        return answer(DingTalkEndpoint.DEPARTMENT_LISTSUB, () -> api.listSubDepartments(DepartmentRequest.of(deptId)))
                .map(r -> r.result() == null ? List.of() : r.result());
    }

    /** One department's details ({@code v2/department/get}). */
    public Optional<DepartmentDetail> getDepartment(long deptId) {
        return result(DingTalkEndpoint.DEPARTMENT_GET, () -> api.getDepartment(DepartmentRequest.of(deptId)));
    }

    /** One page of the direct members of {@code deptId} ({@code v2/user/list}), {@code size} 1..100. */
    public Optional<UserPage> listUsers(long deptId, long cursor, int size) {
        if (size < 1 || size > MAX_USER_PAGE_SIZE) {
            throw new IllegalArgumentException("v2/user/list page size must be 1.." + MAX_USER_PAGE_SIZE + ", was " + size);
        }
        return answer(DingTalkEndpoint.USER_LIST, () -> api.listUsers(UserListRequest.page(deptId, cursor, size)))
                .map(r -> r.result() == null ? new UserPage(false, null, List.of()) : r.result());
    }

    /** One user's details ({@code v2/user/get}). */
    public Optional<UserDetail> getUser(String userid) {
        return result(DingTalkEndpoint.USER_GET, () -> api.getUser(new UserRequest(userid, null)));
    }

    /** Number of users in the organization ({@code user/count}); {@code onlyActive} counts activated ones only. */
    public long countUsers(boolean onlyActive) {
        return result(DingTalkEndpoint.USER_COUNT, () -> api.countUsers(new CountRequest(onlyActive)))
                .map(UserCount::count).orElse(0L);
    }

    /** Sends a markdown work notification to users; returns DingTalk's task id. */
    public long sendMarkdownNotification(long agentId, List<String> userids, String title, String markdown) {
        SendMessageResponse response = call(DingTalkEndpoint.MESSAGE_SEND,
                () -> api.sendWorkNotification(SendMessageRequest.markdown(agentId, userids, title, markdown)));
        if (response.taskId() == null) {
            throw new DingTalkApiException(ErrorCategory.UNKNOWN, DingTalkEndpoint.MESSAGE_SEND, response.errcode(),
                    response.errmsg(), response.requestId(), 200, "DingTalk message-send answered without a task_id");
        }
        return response.taskId();
    }

    /** Who did (not) receive a work notification sent in the last 24 hours. */
    public SendResultResponse.SendResult getSendResult(long agentId, long taskId) {
        SendResultResponse response = call(DingTalkEndpoint.MESSAGE_SEND_RESULT,
                () -> api.getSendResult(new SendResultRequest(agentId, taskId)));
        return response.sendResult() != null ? response.sendResult()
                : new SendResultResponse.SendResult(null, null, null, null, null, null, null);
    }

    /**
     * The next page of HTTP-callback pushes DingTalk failed to deliver ({@code call_back/get_call_back_failed_result},
     * at most 200). DingTalk deletes what it returns, so the caller stores a page before asking for the next.
     */
    public FailedPushPage getFailedPushes() {
        return call(DingTalkEndpoint.CALLBACK_FAILED_RESULT, api::getFailedPushes);
    }

    /**
     * One page of punch results ({@code attendance/list}) of {@code userIds} for the work days {@code from} to
     * {@code to} inclusive: each scheduled day of each user has an OnDuty and an OffDuty result, NotSigned ones
     * included. Page on with {@code offset + limit} while {@link AttendanceResultPage#more()}. A metered API: each
     * call counts toward the organization's monthly quota.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from} or more than 7 days after it, when
     *         there are no userids or more than 50, when {@code limit} is not 1..50 or {@code offset} negative
     */
    public AttendanceResultPage attendanceResults(LocalDate from, LocalDate to, List<String> userIds, int offset, int limit) {
        DingTalkEndpoint endpoint = DingTalkEndpoint.ATTENDANCE_LIST;
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > MAX_ATTENDANCE_WINDOW_DAYS) {
            throw new IllegalArgumentException("attendance/list: workDateTo must be 0.." + MAX_ATTENDANCE_WINDOW_DAYS
                    + " days after workDateFrom, was " + from + " .. " + to);
        }
        requireUsers(endpoint, userIds, MAX_ATTENDANCE_USERS);
        requirePage(endpoint, offset, limit, MAX_ATTENDANCE_PAGE_SIZE);
        AttendanceResultRequest request = new AttendanceResultRequest(DINGTALK_DATE_TIME.format(from.atStartOfDay()),
                DINGTALK_DATE_TIME.format(to.atStartOfDay()), List.copyOf(userIds), offset, limit);
        return call(endpoint, () -> api.listAttendanceResults(request));
    }

    /**
     * Every punch ({@code attendance/listRecord}) of {@code userIds} between {@code from} and {@code to} (China
     * time, an exact window of at most 7 days), invalid punches included: see {@link PunchRecord#legal()}. No
     * paging: one call answers the whole window. Metered.
     *
     * @throws IllegalArgumentException when the window is reversed or longer than 7 days, or there are no userids
     *         or more than 50
     */
    public List<PunchRecord> punchRecords(LocalDateTime from, LocalDateTime to, List<String> userIds) {
        DingTalkEndpoint endpoint = DingTalkEndpoint.ATTENDANCE_LISTRECORD;
        if (to.isBefore(from) || Duration.between(from, to).compareTo(Duration.ofDays(MAX_ATTENDANCE_WINDOW_DAYS)) > 0) {
            throw new IllegalArgumentException("attendance/listRecord: checkDateTo must be at most "
                    + MAX_ATTENDANCE_WINDOW_DAYS + " days after checkDateFrom, was " + from + " .. " + to);
        }
        requireUsers(endpoint, userIds, MAX_ATTENDANCE_USERS);
        PunchRecordRequest request = new PunchRecordRequest(List.copyOf(userIds), DINGTALK_DATE_TIME.format(from),
                DINGTALK_DATE_TIME.format(to));
        return call(endpoint, () -> api.listPunchRecords(request)).punches();
    }

    /**
     * One page of the leaves ({@code topapi/attendance/getleavestatus}) of {@code userIds} that overlap
     * [{@code from}, {@code to}]. Page on with {@code offset + size} while {@link LeaveStatusPage#more()}. Metered.
     *
     * @throws IllegalArgumentException when the window is reversed or longer than 180 days, when there are no
     *         userids or more than 100 (or one contains a comma), when {@code size} is not 1..100 or {@code offset}
     *         negative
     */
    public LeaveStatusPage leaveStatus(Instant from, Instant to, List<String> userIds, int offset, int size) {
        DingTalkEndpoint endpoint = DingTalkEndpoint.LEAVE_STATUS;
        if (to.isBefore(from) || Duration.between(from, to).compareTo(Duration.ofDays(MAX_LEAVE_WINDOW_DAYS)) > 0) {
            throw new IllegalArgumentException("getleavestatus: end_time must be at most " + MAX_LEAVE_WINDOW_DAYS
                    + " days after start_time, was " + from + " .. " + to);
        }
        requireUsers(endpoint, userIds, MAX_LEAVE_USERS);
        if (userIds.stream().anyMatch(u -> u.contains(","))) {
            throw new IllegalArgumentException("getleavestatus: userid_list is comma-separated, a userid cannot contain ','");
        }
        requirePage(endpoint, offset, size, MAX_LEAVE_PAGE_SIZE);
        LeaveStatusRequest request = new LeaveStatusRequest(String.join(",", userIds), from.toEpochMilli(),
                to.toEpochMilli(), offset, size);
        DingTalkResponse<LeaveStatusPage> response = call(endpoint, () -> api.getLeaveStatus(request));
        return response.result() != null ? response.result() : new LeaveStatusPage(false, List.of());
    }

    private static void requireUsers(DingTalkEndpoint endpoint, List<String> userIds, int max) {
        if (userIds.isEmpty() || userIds.size() > max) {
            throw new IllegalArgumentException(endpoint.defaultPath() + " takes 1.." + max + " userids per call, was "
                    + userIds.size());
        }
        if (userIds.stream().anyMatch(u -> u == null || u.isBlank())) {
            throw new IllegalArgumentException(endpoint.defaultPath() + ": a userid is blank");
        }
    }

    private static void requirePage(DingTalkEndpoint endpoint, int offset, int size, int max) {
        if (offset < 0) {
            throw new IllegalArgumentException(endpoint.defaultPath() + ": offset must be >= 0, was " + offset);
        }
        if (size < 1 || size > max) {
            throw new IllegalArgumentException(endpoint.defaultPath() + ": page size must be 1.." + max + ", was " + size);
        }
    }

    /** The userid of the (not resigned) member with this mobile ({@code v2/user/getbymobile}); empty when none (60121). */
    public Optional<String> findUserIdByMobile(String mobile) {
        requireText(DingTalkEndpoint.USER_GETBYMOBILE, "mobile", mobile);
        return result(DingTalkEndpoint.USER_GETBYMOBILE, () -> api.getUserByMobile(new MobileRequest(mobile)))
                .map(UserIdResult::userid);
    }

    /**
     * Every role group of the organization with its roles ({@code topapi/role/list}, paged by offset while
     * {@code hasMore}; one call per {@value #MAX_ROLE_GROUP_PAGE_SIZE} groups), in DingTalk's order. Group names are
     * not unique in DingTalk: several groups may have the same name.
     */
    public List<RoleList.RoleGroup> listRoleGroups() {
        DingTalkEndpoint endpoint = DingTalkEndpoint.ROLE_LIST;
        List<RoleList.RoleGroup> groups = new ArrayList<>();
        long offset = 0;
        while (true) {
            RoleList.Request request = new RoleList.Request(offset, MAX_ROLE_GROUP_PAGE_SIZE);
            DingTalkResponse<RoleList.Page> response = call(endpoint, () -> api.listRoles(request));
            RoleList.Page page = response.result();
            if (page == null) {
                return groups;
            }
            groups.addAll(page.groups());
            if (!page.more() || page.groups().isEmpty()) {
                return groups;
            }
            offset += page.groups().size();
        }
    }

    /**
     * Creates a department ({@code v2/department/create}); {@code name} and {@code parentId} are required.
     * Returns the id DingTalk generated.
     *
     * @throws DingTalkApiException {@link ErrorCategory#REJECTED} for a missing parent (60004) or a bad name
     */
    public long createDepartment(DepartmentWrite department) {
        DingTalkEndpoint endpoint = DingTalkEndpoint.DEPARTMENT_CREATE;
        requireText(endpoint, "name", department.name());
        if (department.parentId() == null) {
            throw new IllegalArgumentException(endpoint.defaultPath() + ": parent_id is required");
        }
        DingTalkResponse<CreatedDepartment> response = call(endpoint, () -> api.createDepartment(department));
        Long deptId = response.result() == null ? null : response.result().deptId();
        if (deptId == null) {
            throw missing(endpoint, response.errcode(), response.errmsg(), response.requestId(), "result.dept_id");
        }
        return deptId;
    }

    /** Changes a department's non-null fields ({@code v2/department/update}); the others stay unchanged. */
    public void updateDepartment(long deptId, DepartmentWrite changes) {
        call(DingTalkEndpoint.DEPARTMENT_UPDATE, () -> api.updateDepartment(new DepartmentUpdateRequest(deptId, changes)));
    }

    /** Deletes a department with no members and no sub-departments ({@code v2/department/delete}). */
    public void deleteDepartment(long deptId) {
        call(DingTalkEndpoint.DEPARTMENT_DELETE, () -> api.deleteDepartment(DepartmentRequest.of(deptId)));
    }

    /**
     * Creates a user ({@code v2/user/create}); {@code name}, {@code mobile} and 1..100 {@code deptIds} are
     * required. Returns the userid (DingTalk's own when {@code user.userid()} is null).
     *
     * @throws DingTalkApiException {@link ErrorCategory#REJECTED} for a mobile (60104) or userid (60102) in use
     */
    public String createUser(UserWrite user) {
        DingTalkEndpoint endpoint = DingTalkEndpoint.USER_CREATE;
        requireText(endpoint, "name", user.name());
        requireText(endpoint, "mobile", user.mobile());
        if (user.deptIds() == null || user.deptIds().isEmpty()) {
            throw new IllegalArgumentException(endpoint.defaultPath() + ": dept_id_list needs at least one department");
        }
        DingTalkResponse<CreatedUser> response = call(endpoint, () -> api.createUser(user));
        String userid = response.result() == null ? null : response.result().userid();
        if (userid == null) {
            throw missing(endpoint, response.errcode(), response.errmsg(), response.requestId(), "result.userid");
        }
        return userid;
    }

    /** Changes a user's non-null fields ({@code v2/user/update}); {@code changes.userid()} is ignored (immutable). */
    public void updateUser(String userid, UserWrite changes) {
        requireText(DingTalkEndpoint.USER_UPDATE, "userid", userid);
        call(DingTalkEndpoint.USER_UPDATE, () -> api.updateUser(UserUpdateRequest.of(userid, changes)));
    }

    /** Removes a user from the organization ({@code v2/user/delete}); DingTalk moves them to the resigned list. */
    public void deleteUser(String userid) {
        requireText(DingTalkEndpoint.USER_DELETE, "userid", userid);
        call(DingTalkEndpoint.USER_DELETE, () -> api.deleteUser(new io.dingtalketl.client.wire.UserRequest(userid, null)));
    }

    /** Creates a role group ({@code role/add_role_group}); returns its {@code groupId}. */
    public long addRoleGroup(String name) {
        DingTalkEndpoint endpoint = DingTalkEndpoint.ROLE_ADD_GROUP;
        requireText(endpoint, "name", name);
        RoleWrites.AddGroupResponse response = call(endpoint, () -> api.addRoleGroup(new RoleWrites.AddGroupRequest(name)));
        if (response.groupId() == null) {
            throw missing(endpoint, response.errcode(), response.errmsg(), null, "groupId");
        }
        return response.groupId();
    }

    /**
     * Creates a role in a role group ({@code role/add_role}); returns its {@code roleId}.
     *
     * @throws DingTalkApiException {@link ErrorCategory#REJECTED} when the name is taken (34021) or the group unknown (34020)
     */
    public long addRole(long groupId, String roleName) {
        DingTalkEndpoint endpoint = DingTalkEndpoint.ROLE_ADD;
        requireText(endpoint, "roleName", roleName);
        RoleWrites.AddRoleResponse response = call(endpoint,
                () -> api.addRole(new RoleWrites.AddRoleRequest(roleName, groupId)));
        if (response.roleId() == null) {
            throw missing(endpoint, response.errcode(), response.errmsg(), null, "roleId");
        }
        return response.roleId();
    }

    /**
     * Gives every role in {@code roleIds} to every user in {@code userids} ({@code topapi/role/addrolesforemps}),
     * at most {@value #MAX_ROLE_ASSIGNMENT} of each per call.
     */
    public void assignRoles(List<Long> roleIds, List<String> userids) {
        DingTalkEndpoint endpoint = DingTalkEndpoint.ROLE_ASSIGN;
        if (roleIds.isEmpty() || userids.isEmpty() || roleIds.size() > MAX_ROLE_ASSIGNMENT
                || userids.size() > MAX_ROLE_ASSIGNMENT) {
            throw new IllegalArgumentException(endpoint.defaultPath() + " takes 1.." + MAX_ROLE_ASSIGNMENT
                    + " role ids and 1.." + MAX_ROLE_ASSIGNMENT + " userids per call, was " + roleIds.size() + " and "
                    + userids.size());
        }
        if (userids.stream().anyMatch(u -> u == null || u.isBlank() || u.contains(","))) {
            throw new IllegalArgumentException(endpoint.defaultPath() + ": userIds is comma-separated, a userid cannot be blank or contain ','");
        }
        RoleWrites.AssignRequest request = new RoleWrites.AssignRequest(
                String.join(",", roleIds.stream().map(String::valueOf).toList()), String.join(",", userids));
        call(endpoint, () -> api.assignRoles(request));
    }

    private static void requireText(DingTalkEndpoint endpoint, String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(endpoint.defaultPath() + ": " + field + " is required");
        }
    }

    private static DingTalkApiException missing(DingTalkEndpoint endpoint, @Nullable Integer errcode,
                                                @Nullable String errmsg, @Nullable String requestId, String field) {
        return new DingTalkApiException(ErrorCategory.UNKNOWN, endpoint, errcode, errmsg, requestId, 200,
                "DingTalk " + endpoint.key() + " answered success without " + field);
    }

    /**
     * Calls any DingTalk API at {@code path} (e.g. {@code /topapi/processinstance/get}) and returns the whole
     * answer as a JSON tree. Token, throttle, retries and error classification are those of every other call,
     * and it is counted under {@link DingTalkEndpoint#GENERIC}; an errcode other than 0 is a
     * {@link DingTalkApiException}, "not found" included. {@code jsonBody} is sent as the body (POST), {@code query}
     * as query parameters (the access token is added, never to be given here). {@code metered}: whether DingTalk counts
     * the call toward the monthly quota (the caller's configuration says; {@code dingtalk.metered-apis} names only the
     * APIs this client knows).
     */
    public JsonNode callJson(HttpMethod method, String path, Map<String, String> query, @Nullable String jsonBody,
                             boolean metered) {
        DingTalkEndpoint endpoint = DingTalkEndpoint.GENERIC;
        if (!path.startsWith("/") || path.contains("?") || query.containsKey("access_token")) {
            throw new IllegalArgumentException("A DingTalk path starts with '/' and carries no query or access_token, was " + path);
        }
        byte[] answer = call(endpoint, () -> {
            RestClient.RequestBodySpec request = rest.method(method)
                    .uri(uri -> {
                        uri.path(path);
                        query.forEach((name, value) -> uri.queryParam(name, "{" + name + "}"));
                        return uri.build(query);
                    })
                    .header(DingTalkCallInterceptor.ENDPOINT_HEADER, endpoint.key())
                    .header(DingTalkCallInterceptor.METERED_HEADER, Boolean.toString(metered))
                    .accept(MediaType.APPLICATION_JSON);
            if (jsonBody != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(jsonBody.getBytes(StandardCharsets.UTF_8));
            }
            return request.retrieve().body(byte[].class);
        });
        try {
            return json.readTree(answer == null ? new byte[0] : answer);
        } catch (JacksonException notJson) {
            throw new DingTalkApiException(ErrorCategory.UNKNOWN, endpoint, null, null, null, 200,
                    "DingTalk " + path + " answered a body that is not JSON: " + redactor.redact(notJson.getOriginalMessage()));
        }
    }

    public ApiCallMetrics metrics() {
        return metrics;
    }

    public DingTalkProperties properties() {
        return properties;
    }

    /** The simulator this client talks to instead of DingTalk, or null when it talks to DingTalk. */
    public @Nullable String simulatedSource() {
        return simulatedSource;
    }

    private <T> Optional<T> result(DingTalkEndpoint endpoint, Supplier<DingTalkResponse<T>> call) {
        return answer(endpoint, call).map(DingTalkResponse::result);
    }

    /** The whole answer; empty when DingTalk says the department or user does not exist. */
    private <T> Optional<DingTalkResponse<T>> answer(DingTalkEndpoint endpoint, Supplier<DingTalkResponse<T>> call) {
        try {
            return Optional.of(call(endpoint, call));
        } catch (DingTalkApiException e) {
            if (e.category() == ErrorCategory.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> T call(DingTalkEndpoint endpoint, Supplier<T> call) {
        try {
            return call.get();
        } catch (DingTalkApiException e) {
            throw e;
        } catch (RestClientException e) {
            // A body that passed classification but does not fit the wire record.
            throw new DingTalkApiException(ErrorCategory.UNKNOWN, endpoint, null, null, null, 200,
                    "DingTalk " + endpoint.key() + " answered a body this client cannot read: " + redactor.redact(e.getMessage()));
        }
    }
}
