package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.SimulatedOrg.Dept;
import io.dingtalketl.simulator.SimulatedOrg.Membership;
import io.dingtalketl.simulator.SimulatedOrg.RoleDef;
import io.dingtalketl.simulator.SimulatedOrg.RoleGroup;
import io.dingtalketl.simulator.SimulatedOrg.User;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

/**
 * The contacts write APIs ({@code v2/department/create|update|delete}, {@code v2/user/create|update|delete},
 * {@code role/add_role_group}, {@code role/add_role}, {@code topapi/role/addrolesforemps}) with DingTalk's rules
 * (D-deptcreate, D-deptupdate, D-deptdelete, D-usercreate, D-userupdate, D-userdelete, D-rolegroup, D-role and the
 * SDK's request checks). Each call is checked whole before anything changes, then applied under the org's write
 * lock, so a refused call changes nothing and readers see a call either not at all or whole. Accepted changes
 * raise their contact events ({@code org_dept_create/modify/remove}, {@code user_add_org}, {@code user_modify_org},
 * {@code user_leave_org}) after the lock is released, as every other mutation of {@link SimulatedOrg} does.
 *
 * <p>Missing required parameters answer 400002 and values DingTalk refuses (too long, a forbidden character, not a
 * number, too many ids) 40035. Role group names are not required to be unique: DingTalk's documentation names no
 * error for a duplicate group (UNCONFIRMED), so the simulator accepts one.
 */
final class WritesApi {

    static final int MAX_DEPT_NAME = 64;
    static final int MAX_USER_NAME = 80;
    static final int MAX_USERID = 64;
    static final int MAX_DEPT_IDS = 100;
    static final int MAX_EMAIL = 50;
    static final int MAX_JOB_NUMBER = 50;
    static final int MAX_TITLE = 200;
    /** {@code addrolesforemps}: at most this many role ids and this many userids per call (SDK check). */
    static final int MAX_ROLE_ASSIGN = 20;

    private final SimulatedOrg org;
    private final JsonMapper json;

    WritesApi(SimulatedOrg org, JsonMapper json) {
        this.org = org;
        this.json = json;
    }

    Map<String, Object> serve(DingTalkEndpoint endpoint, RequestParams params) {
        return switch (endpoint) {
            case DEPARTMENT_CREATE -> createDepartment(params);
            case DEPARTMENT_UPDATE -> updateDepartment(params);
            case DEPARTMENT_DELETE -> deleteDepartment(params);
            case USER_CREATE -> createUser(params);
            case USER_UPDATE -> updateUser(params);
            case USER_DELETE -> deleteUser(params);
            case ROLE_ADD_GROUP -> addRoleGroup(params);
            case ROLE_ADD -> addRole(params);
            case ROLE_ASSIGN -> assignRoles(params);
            default -> throw new IllegalStateException(endpoint.key() + " is not a write API");
        };
    }

    // ------------------------------------------------------------------ departments

    private Map<String, Object> createDepartment(RequestParams params) {
        String name = required(params, "name");
        checkDepartmentName(name);
        long parentId = params.requiredLong("parent_id", ApiError.INVALID_PARAMETER);
        Long order = optionalLong(params, "order");
        String sourceIdentifier = params.string("source_identifier");
        long deptId = org.write(() -> {
            Dept parent = org.dept(parentId);
            if (parent == null) {
                throw parentNotFound();
            }
            if (org.nameTakenUnder(parent, name, null)) {
                throw nameTaken();
            }
            return org.createDepartment(parent, name, order, sourceIdentifier).id;
        });
        org.events().departmentEvent("org_dept_create", List.of(deptId));
        return Map.of("result", Map.of("dept_id", deptId));
    }

    private Map<String, Object> updateDepartment(RequestParams params) {
        long deptId = params.requiredLong("dept_id", ApiError.INVALID_PARAMETER);
        String name = params.string("name");
        if (name != null) {
            checkDepartmentName(name);
        }
        Long parentId = optionalLong(params, "parent_id");
        Long order = optionalLong(params, "order");
        String sourceIdentifier = params.string("source_identifier");
        org.write(() -> {
            Dept d = org.dept(deptId);
            if (d == null) {
                throw ApiError.departmentNotFound();
            }
            if (d.parent == null) {
                throw new ApiError(60018, "根部门不能被更新");
            }
            Dept parent = d.parent;
            if (parentId != null && parentId != d.parent.id) {
                parent = org.dept(parentId);
                if (parent == null) {
                    throw parentNotFound();
                }
                if (parent == d || d.isAncestorOf(parent)) {
                    throw new ApiError(60010, "部门id存在循环");
                }
                if (parent.depth() + 1 + d.height() > org.maxDepth()) {
                    throw ApiError.illegalParameter("parent_id");
                }
            }
            String newName = name != null ? name : d.name;
            if (org.nameTakenUnder(parent, newName, d)) {
                throw nameTaken();
            }
            if (parent != d.parent) {
                org.reparent(d, parent);
            }
            d.name = newName;
            if (order != null) {
                d.order = order;
            }
            if (sourceIdentifier != null) {
                d.sourceIdentifier = sourceIdentifier.isEmpty() ? null : sourceIdentifier;
            }
            return null;
        });
        org.events().departmentEvent("org_dept_modify", List.of(deptId));
        return Map.of();
    }

    private Map<String, Object> deleteDepartment(RequestParams params) {
        long deptId = params.requiredLong("dept_id", ApiError.INVALID_PARAMETER);
        org.write(() -> {
            Dept d = org.dept(deptId);
            if (d == null) {
                throw ApiError.departmentNotFound();
            }
            if (d.parent == null) {
                throw new ApiError(60007, "根部门不能删除");
            }
            if (!d.children.isEmpty()) {
                throw new ApiError(60006, "部门下存在子部门，不能删除");
            }
            if (!d.members.isEmpty()) {
                throw new ApiError(60005, "部门下存在员工，不能删除");
            }
            org.deleteEmptyDepartment(d);
            return null;
        });
        org.events().departmentEvent("org_dept_remove", List.of(deptId));
        return Map.of();
    }

    private static void checkDepartmentName(String name) {
        if (name.isBlank() || name.length() > MAX_DEPT_NAME || name.contains("-") || name.contains("，") || name.contains(",")) {
            throw ApiError.illegalParameter("name");
        }
    }

    private static ApiError parentNotFound() {
        return new ApiError(60004, "父部门不存在");
    }

    private static ApiError nameTaken() {
        return new ApiError(60008, "部门名称已经存在");
    }

    // ------------------------------------------------------------------ users

    private Map<String, Object> createUser(RequestParams params) {
        String userid = params.string("userid");
        if (userid != null && (userid.isEmpty() || userid.length() > MAX_USERID)) {
            throw ApiError.illegalParameter("userid");
        }
        String name = required(params, "name");
        checkLength(name, MAX_USER_NAME, "name");
        String mobile = required(params, "mobile");
        List<Long> deptIds = deptIds(params, true);
        UserFields fields = UserFields.of(params);
        User created = org.write(() -> {
            if (userid != null && org.useridTaken(userid)) {
                throw new ApiError(60102, "UserID在公司中已存在");
            }
            if (org.mobileTaken(mobile)) {
                throw mobileTaken();
            }
            fields.checkEmailFree(org, null);
            List<Dept> depts = existingDepts(deptIds);
            User user = org.newBlankUser(userid);
            user.name = name;
            user.active = false; // has not joined yet: DingTalk sends an invitation
            fields.applyTo(user);
            org.putUser(user);
            org.changeMobile(user, mobile);
            for (Dept d : depts) {
                org.addMembership(user, d, org.nextOrderIn(d), false);
            }
            return user;
        });
        org.events().userEvent("user_add_org", List.of(created.userid));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("userid", created.userid);
        result.put("unionId", created.unionid);
        return Map.of("result", result);
    }

    private Map<String, Object> updateUser(RequestParams params) {
        String userid = required(params, "userid");
        String name = params.string("name");
        if (name != null) {
            if (name.isBlank()) {
                throw ApiError.illegalParameter("name");
            }
            checkLength(name, MAX_USER_NAME, "name");
        }
        String mobile = params.string("mobile");
        if (mobile != null && mobile.isBlank()) {
            throw ApiError.illegalParameter("mobile");
        }
        List<Long> deptIds = params.string("dept_id_list") == null ? null : deptIds(params, true);
        UserFields fields = UserFields.of(params);
        org.write(() -> {
            User user = org.user(userid);
            if (user == null) {
                throw unknownUser();
            }
            if (mobile != null) {
                User owner = org.userByMobile(mobile);
                if (owner != null && owner != user) {
                    throw mobileTaken();
                }
            }
            fields.checkEmailFree(org, user);
            List<Dept> depts = deptIds == null ? null : existingDepts(deptIds);
            if (name != null) {
                user.name = name;
            }
            if (mobile != null) {
                org.changeMobile(user, mobile);
            }
            fields.applyTo(user);
            if (depts != null) {
                for (Membership m : new ArrayList<>(user.memberships)) {
                    if (!depts.contains(m.dept)) {
                        org.removeMembership(m);
                    }
                }
                for (Dept d : depts) {
                    if (org.membership(user, d) == null) {
                        org.addMembership(user, d, org.nextOrderIn(d), false);
                    }
                }
            }
            return null;
        });
        org.events().userEvent("user_modify_org", List.of(userid));
        return Map.of();
    }

    private Map<String, Object> deleteUser(RequestParams params) {
        String userid = required(params, "userid");
        org.write(() -> {
            User user = org.user(userid);
            if (user == null) {
                throw unknownUser();
            }
            org.deleteUser(user);
            org.roleDefs().forEach(r -> r.userids.remove(userid));
            return null;
        });
        org.events().userEvent("user_leave_org", List.of(userid));
        return Map.of();
    }

    /** {@code dept_id_list}: DingTalk's comma-separated string (a JSON array is taken too), 1..100 numbers. */
    private List<Long> deptIds(RequestParams params, boolean required) {
        List<String> items = params.stringList("dept_id_list", json);
        if (items.isEmpty()) {
            if (required) {
                throw ApiError.invalidParameter("dept_id_list");
            }
            return List.of();
        }
        if (items.size() > MAX_DEPT_IDS) {
            throw ApiError.illegalParameter("dept_id_list");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (String item : items) {
            try {
                ids.add(Long.parseLong(item));
            } catch (NumberFormatException e) {
                throw ApiError.illegalParameter("dept_id_list");
            }
        }
        return List.copyOf(ids);
    }

    private List<Dept> existingDepts(List<Long> deptIds) {
        List<Dept> depts = new ArrayList<>(deptIds.size());
        for (long id : deptIds) {
            Dept d = org.dept(id);
            if (d == null) {
                throw ApiError.departmentNotFound();
            }
            depts.add(d);
        }
        return depts;
    }

    private static ApiError mobileTaken() {
        return new ApiError(60104, "手机号码在公司中已存在");
    }

    private static ApiError unknownUser() {
        return new ApiError(33012, "无效的userId");
    }

    /** The optional profile fields of create and update; null: not given (unchanged), empty: cleared. */
    private record UserFields(String jobNumber, String title, String email, String workPlace, String remark) {

        static UserFields of(RequestParams params) {
            UserFields fields = new UserFields(params.string("job_number"), params.string("title"),
                    params.string("email"), params.string("work_place"), params.string("remark"));
            checkLength(fields.jobNumber, MAX_JOB_NUMBER, "job_number");
            checkLength(fields.title, MAX_TITLE, "title");
            checkLength(fields.email, MAX_EMAIL, "email");
            checkLength(fields.workPlace, 100, "work_place");
            checkLength(fields.remark, 2000, "remark");
            return fields;
        }

        /** The email is unique in the organization (D-usercreate); DingTalk's errcode for a clash is UNCONFIRMED: 40035. */
        void checkEmailFree(SimulatedOrg org, User self) {
            if (email == null || email.isEmpty()) {
                return;
            }
            for (User other : org.users()) {
                if (other != self && email.equalsIgnoreCase(other.email)) {
                    throw new ApiError(ApiError.ILLEGAL_PARAMETER, "不合法的参数:email 邮箱已存在");
                }
            }
        }

        void applyTo(User user) {
            if (jobNumber != null) {
                user.jobNumber = emptyToNull(jobNumber);
            }
            if (title != null) {
                user.title = emptyToNull(title);
            }
            if (email != null) {
                user.email = emptyToNull(email);
            }
            if (workPlace != null) {
                user.workPlace = emptyToNull(workPlace);
            }
            if (remark != null) {
                user.remark = emptyToNull(remark);
            }
        }

        private static String emptyToNull(String value) {
            return value.isEmpty() ? null : value;
        }
    }

    // ------------------------------------------------------------------ roles

    private Map<String, Object> addRoleGroup(RequestParams params) {
        String name = required(params, "name");
        long groupId = org.write(() -> org.newRoleGroup(name).id);
        return Map.of("groupId", groupId);
    }

    private Map<String, Object> addRole(RequestParams params) {
        String roleName = params.string("roleName");
        if (roleName == null || roleName.isBlank()) {
            throw new ApiError(34018, "角色不能为空");
        }
        String groupText = params.string("groupId");
        long groupId;
        try {
            groupId = groupText == null ? -1 : Long.parseLong(groupText.strip());
        } catch (NumberFormatException e) {
            throw invalidGroup();
        }
        long roleId = org.write(() -> {
            RoleGroup group = org.roleGroup(groupId);
            if (group == null) {
                throw invalidGroup();
            }
            if (group.roles.stream().anyMatch(r -> r.name.equals(roleName))) {
                throw new ApiError(34021, "角色名称已存在");
            }
            RoleDef role = new RoleDef(org.nextRoleId(), roleName);
            group.roles.add(role);
            return role.id;
        });
        return Map.of("roleId", roleId);
    }

    private Map<String, Object> assignRoles(RequestParams params) {
        List<String> roleItems = params.stringList("roleIds", json);
        List<String> userids = params.stringList("userIds", json);
        if (roleItems.isEmpty()) {
            throw ApiError.invalidParameter("roleIds");
        }
        if (userids.isEmpty()) {
            throw ApiError.invalidParameter("userIds");
        }
        if (roleItems.size() > MAX_ROLE_ASSIGN) {
            throw ApiError.illegalParameter("roleIds");
        }
        if (userids.size() > MAX_ROLE_ASSIGN) {
            throw ApiError.illegalParameter("userIds");
        }
        List<Long> roleIds = new ArrayList<>();
        for (String item : roleItems) {
            try {
                roleIds.add(Long.parseLong(item));
            } catch (NumberFormatException e) {
                throw ApiError.illegalParameter("roleIds");
            }
        }
        org.write(() -> {
            List<RoleDef> roles = new ArrayList<>();
            for (long id : roleIds) {
                RoleDef role = org.roleById(id);
                if (role == null) {
                    throw ApiError.illegalParameter("roleIds");
                }
                roles.add(role);
            }
            for (String userid : userids) {
                if (org.user(userid) == null) {
                    throw unknownUser();
                }
            }
            roles.forEach(r -> r.userids.addAll(userids));
            return null;
        });
        // role changes raise label_user_change, which this project does not subscribe to
        return Map.of();
    }

    private static ApiError invalidGroup() {
        return new ApiError(34020, "无效的groupId");
    }

    // ------------------------------------------------------------------ parameters

    private static String required(RequestParams params, String name) {
        String value = params.string(name);
        if (value == null || value.isBlank()) {
            throw ApiError.invalidParameter(name);
        }
        return value;
    }

    private static Long optionalLong(RequestParams params, String name) {
        String text = params.string(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        return params.longValue(name, 0, ApiError.ILLEGAL_PARAMETER);
    }

    private static void checkLength(String value, int max, String name) {
        if (value != null && value.length() > max) {
            throw ApiError.illegalParameter(name);
        }
    }
}
