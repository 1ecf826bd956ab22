package io.dingtalketl.client;

import java.util.Arrays;
import java.util.Optional;

/**
 * The DingTalk server APIs this project calls. Each has a stable configuration key (used for
 * {@code dingtalk.endpoints.<key>.path} and {@code .qps}, for metrics tags and for the simulator's
 * call counts) and the default path on {@code oapi.dingtalk.com}.
 *
 * <p>DingTalk throttles per app <em>per API</em>, so each constant is also one throttle bucket. Some APIs also
 * count toward the organization's monthly call quota; which ones is a setting, {@code dingtalk.metered-apis}
 * ({@link DingTalkProperties#metered}), because DingTalk changes its exempt list.
 */
public enum DingTalkEndpoint {
    GET_TOKEN("gettoken", "/gettoken", "none"),
    DEPARTMENT_LISTSUB("department-listsub", "/topapi/v2/department/listsub", "qyapi_get_department_list"),
    DEPARTMENT_LISTSUBID("department-listsubid", "/topapi/v2/department/listsubid", "qyapi_get_department_list"),
    DEPARTMENT_GET("department-get", "/topapi/v2/department/get", "qyapi_get_department_list"),
    USER_LISTID("user-listid", "/topapi/user/listid", "qyapi_get_department_member"),
    USER_LIST("user-list", "/topapi/v2/user/list", "qyapi_get_department_member"),
    USER_GET("user-get", "/topapi/v2/user/get", "qyapi_get_member"),
    USER_COUNT("user-count", "/topapi/user/count", "qyapi_get_member"),
    USER_GETBYMOBILE("user-getbymobile", "/topapi/v2/user/getbymobile", "qyapi_get_member_by_mobile"),
    /**
     * Role groups with their roles ({@code result.list[]{groupId, name, roles[]{id, name}}}), offset-paged up to 200
     * groups a page; camelCase answer. A contacts read: not a write, and outside the default metered APIs. The
     * permission named here is UNCONFIRMED (§5 of the API notes does not cover this API).
     */
    ROLE_LIST("role-list", "/topapi/role/list", "qyapi_get_member"),
    MESSAGE_SEND("message-send", "/topapi/message/corpconversation/asyncsend_v2", "qyapi_base"),
    MESSAGE_SEND_RESULT("message-send-result", "/topapi/message/corpconversation/getsendresult", "qyapi_base"),
    /** Pushes of the HTTP callback that DingTalk could not deliver (GET; what it returns, DingTalk deletes). */
    CALLBACK_FAILED_RESULT("callback-failed-result", "/call_back/get_call_back_failed_result", "none (granted to every app)"),
    /** Punch results (打卡结果): per user and scheduled day, one OnDuty and one OffDuty result; camelCase body. */
    ATTENDANCE_LIST("attendance-list", "/attendance/list", "qyapi_get_attendance_data"),
    /** Punch details (打卡详情): every punch, invalid ones included, in an exact time window; no paging. */
    ATTENDANCE_LISTRECORD("attendance-listrecord", "/attendance/listRecord", "qyapi_get_attendance_data"),
    /** Leave intervals (请假状态) of up to 100 users. */
    LEAVE_STATUS("leave-status", "/topapi/attendance/getleavestatus", "qyapi_get_attendance_data"),
    /** Creates a department ({@code result.dept_id}); not idempotent. */
    DEPARTMENT_CREATE("department-create", "/topapi/v2/department/create", "qyapi_manage_addresslist", true),
    /** Changes the fields a department update names; omitted fields stay unchanged. */
    DEPARTMENT_UPDATE("department-update", "/topapi/v2/department/update", "qyapi_manage_addresslist", true),
    /** Deletes an empty department (no members, no sub-departments). */
    DEPARTMENT_DELETE("department-delete", "/topapi/v2/department/delete", "qyapi_manage_addresslist", true),
    /** Creates a user ({@code result.userid}); not idempotent. */
    USER_CREATE("user-create", "/topapi/v2/user/create", "qyapi_manage_addresslist", true),
    USER_UPDATE("user-update", "/topapi/v2/user/update", "qyapi_manage_addresslist", true),
    /** Removes a user from the organization (to the resigned list). */
    USER_DELETE("user-delete", "/topapi/v2/user/delete", "qyapi_manage_addresslist", true),
    /** Creates a role group ({@code groupId}); camelCase body, no {@code /topapi} prefix. */
    ROLE_ADD_GROUP("role-add-group", "/role/add_role_group", "qyapi_manage_addresslist", true),
    /** Creates a role in a group ({@code roleId}); camelCase body, no {@code /topapi} prefix. */
    ROLE_ADD("role-add", "/role/add_role", "qyapi_manage_addresslist", true),
    /** Gives roles to users ({@code roleIds}, {@code userIds}: comma-separated strings). */
    ROLE_ASSIGN("role-assign", "/topapi/role/addrolesforemps", "qyapi_manage_addresslist", true),
    /**
     * Ids of one approval form's instances (OA审批) started in a time window, cursor-paged. Not called by a job of
     * its own: served by the simulator for extracts ({@link DingTalkClient#callJson}), which count it as generic.
     */
    PROCESSINSTANCE_LISTIDS("processinstance-listids", "/topapi/processinstance/listids", "the OA approval (审批) read permission"),
    /** One approval instance; like {@link #PROCESSINSTANCE_LISTIDS}, reached through extracts. */
    PROCESSINSTANCE_GET("processinstance-get", "/topapi/processinstance/get", "the OA approval (审批) read permission"),
    /**
     * Any other API, called at a configured path by {@link DingTalkClient#callJson}: one throttle bucket and one
     * counter for all of them, metered or not as each configured extract says (most APIs outside contacts are). Its
     * default path is not a DingTalk path; the request names the path it calls.
     */
    GENERIC("generic", "/<configured path>", "the permission its API documentation names");

    private final String key;
    private final String defaultPath;
    private final String permission;
    private final boolean writes;

    DingTalkEndpoint(String key, String defaultPath, String permission) {
        this(key, defaultPath, permission, false);
    }

    DingTalkEndpoint(String key, String defaultPath, String permission, boolean writes) {
        this.key = key;
        this.defaultPath = defaultPath;
        this.permission = permission;
        this.writes = writes;
    }

    /**
     * Whether the API changes the organization. Writes are not idempotent (a second create makes a second
     * department, or fails with "already exists"), so the client never sends one again once DingTalk may
     * have executed it: see {@link DingTalkClient}.
     */
    public boolean writes() {
        return writes;
    }

    /** The developer-console permission this API needs, named in permission errors. */
    public String permission() {
        return permission;
    }

    /** Configuration and metrics key, e.g. {@code user-list}. */
    public String key() {
        return key;
    }

    /** Path on the real DingTalk server, e.g. {@code /topapi/v2/user/list}. */
    public String defaultPath() {
        return defaultPath;
    }

    public static Optional<DingTalkEndpoint> byKey(String key) {
        return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst();
    }
}
