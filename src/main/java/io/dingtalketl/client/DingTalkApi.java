package io.dingtalketl.client;

import java.util.List;

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
import io.dingtalketl.client.wire.PunchRecordPage;
import io.dingtalketl.client.wire.PunchRecordRequest;
import io.dingtalketl.client.wire.SendMessageRequest;
import io.dingtalketl.client.wire.SendMessageResponse;
import io.dingtalketl.client.wire.SendResultRequest;
import io.dingtalketl.client.wire.SendResultResponse;
import io.dingtalketl.client.wire.TokenResponse;
import io.dingtalketl.client.wire.UserCount;
import io.dingtalketl.client.wire.UserDetail;
import io.dingtalketl.client.wire.UserListRequest;
import io.dingtalketl.client.wire.UserPage;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * DingTalk's old server API ({@code oapi.dingtalk.com}) as a declarative HTTP interface, with the paths
 * DingTalk documents. The access token, the per-API throttle, retries and error classification are added
 * by {@link DingTalkCallInterceptor}, which also applies configured path overrides; callers use
 * {@link DingTalkClient}, which unwraps results and turns "not found" into absent values.
 */
@HttpExchange(accept = "application/json")
interface DingTalkApi {

    @GetExchange("/gettoken")
    TokenResponse getToken(@RequestParam("appkey") String appKey, @RequestParam("appsecret") String appSecret);

    @PostExchange(url = "/topapi/v2/department/listsub", contentType = "application/json")
    DingTalkResponse<List<DepartmentBase>> listSubDepartments(@RequestBody DepartmentRequest request);

    @PostExchange(url = "/topapi/v2/department/get", contentType = "application/json")
    DingTalkResponse<DepartmentDetail> getDepartment(@RequestBody DepartmentRequest request);

    @PostExchange(url = "/topapi/v2/user/list", contentType = "application/json")
    DingTalkResponse<UserPage> listUsers(@RequestBody UserListRequest request);

    @PostExchange(url = "/topapi/v2/user/get", contentType = "application/json")
    DingTalkResponse<UserDetail> getUser(@RequestBody io.dingtalketl.client.wire.UserRequest request);

    @PostExchange(url = "/topapi/user/count", contentType = "application/json")
    DingTalkResponse<UserCount> countUsers(@RequestBody CountRequest request);

    @PostExchange(url = "/topapi/message/corpconversation/asyncsend_v2", contentType = "application/json")
    SendMessageResponse sendWorkNotification(@RequestBody SendMessageRequest request);

    @PostExchange(url = "/topapi/message/corpconversation/getsendresult", contentType = "application/json")
    SendResultResponse getSendResult(@RequestBody SendResultRequest request);

    @GetExchange("/call_back/get_call_back_failed_result")
    FailedPushPage getFailedPushes();

    @PostExchange(url = "/attendance/list", contentType = "application/json")
    AttendanceResultPage listAttendanceResults(@RequestBody AttendanceResultRequest request);

    @PostExchange(url = "/attendance/listRecord", contentType = "application/json")
    PunchRecordPage listPunchRecords(@RequestBody PunchRecordRequest request);

    @PostExchange(url = "/topapi/attendance/getleavestatus", contentType = "application/json")
    DingTalkResponse<LeaveStatusPage> getLeaveStatus(@RequestBody LeaveStatusRequest request);

    @PostExchange(url = "/topapi/v2/user/getbymobile", contentType = "application/json")
    DingTalkResponse<UserIdResult> getUserByMobile(@RequestBody MobileRequest request);

    @PostExchange(url = "/topapi/role/list", contentType = "application/json")
    DingTalkResponse<RoleList.Page> listRoles(@RequestBody RoleList.Request request);

    @PostExchange(url = "/topapi/v2/department/create", contentType = "application/json")
    DingTalkResponse<CreatedDepartment> createDepartment(@RequestBody DepartmentWrite request);

    @PostExchange(url = "/topapi/v2/department/update", contentType = "application/json")
    DingTalkResponse<Object> updateDepartment(@RequestBody DepartmentUpdateRequest request);

    @PostExchange(url = "/topapi/v2/department/delete", contentType = "application/json")
    DingTalkResponse<Object> deleteDepartment(@RequestBody DepartmentRequest request);

    @PostExchange(url = "/topapi/v2/user/create", contentType = "application/json")
    DingTalkResponse<CreatedUser> createUser(@RequestBody UserWrite request);

    @PostExchange(url = "/topapi/v2/user/update", contentType = "application/json")
    DingTalkResponse<Object> updateUser(@RequestBody UserUpdateRequest request);

    @PostExchange(url = "/topapi/v2/user/delete", contentType = "application/json")
    DingTalkResponse<Object> deleteUser(@RequestBody io.dingtalketl.client.wire.UserRequest request);

    @PostExchange(url = "/role/add_role_group", contentType = "application/json")
    RoleWrites.AddGroupResponse addRoleGroup(@RequestBody RoleWrites.AddGroupRequest request);

    @PostExchange(url = "/role/add_role", contentType = "application/json")
    RoleWrites.AddRoleResponse addRole(@RequestBody RoleWrites.AddRoleRequest request);

    @PostExchange(url = "/topapi/role/addrolesforemps", contentType = "application/json")
    DingTalkResponse<Object> assignRoles(@RequestBody RoleWrites.AssignRequest request);
}
