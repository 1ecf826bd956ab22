package io.dingtalketl.simulator;

import io.dingtalketl.simulator.SimulatedOrg.Dept;
import io.dingtalketl.simulator.SimulatedOrg.Membership;
import io.dingtalketl.simulator.SimulatedOrg.User;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contacts (通讯录) read APIs, answering from a {@link SimulatedOrg} under its read lock. Field
 * names, optional fields and error codes follow DingTalk's documentation: absent optional fields are
 * omitted, not null. Each method returns the fields that go next to {@code errcode}/{@code errmsg},
 * or throws {@link ApiError}.
 */
final class ContactsApi {

    private static final Set<String> ORDER_FIELDS = Set.of("entry_asc", "entry_desc", "modify_asc", "modify_desc", "custom");
    private static final Comparator<Membership> BY_HIRE_DATE = Comparator
            .comparing((Membership m) -> m.user.hiredDate, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(m -> m.user.userid);

    private final SimulatedOrg org;
    private final Set<Long> deniedScopes;

    /** {@code topapi/role/list}: at most this many role groups a page. */
    static final int MAX_ROLE_GROUP_PAGE = 200;

    ContactsApi(SimulatedOrg org, Set<Long> deniedScopes) {
        this.org = org;
        this.deniedScopes = deniedScopes;
    }

    /** {@code topapi/v2/department/listsub}: direct sub-departments, no paging; scope-limited. */
    Map<String, Object> listSubDepartments(RequestParams params) {
        long deptId = params.longValue("dept_id", SimulatedOrg.ROOT_DEPT_ID, ApiError.INVALID_PARAMETER);
        checkScope(deptId);
        return org.read(() -> {
            Dept dept = requireDept(deptId);
            List<Map<String, Object>> result = new ArrayList<>(dept.children.size());
            for (Dept child : sortedChildren(dept)) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("dept_id", child.id);
                item.put("name", child.name);
                item.put("parent_id", dept.id);
                item.put("create_dept_group", child.createDeptGroup);
                item.put("auto_add_user", child.autoAddUser);
                putIfPresent(item, "ext", child.extension);
                putIfPresent(item, "source_identifier", child.sourceIdentifier);
                result.add(item);
            }
            return Map.of("result", result);
        });
    }

    /** {@code topapi/v2/department/listsubid}: direct sub-department ids; not scope-limited. */
    Map<String, Object> listSubDepartmentIds(RequestParams params) {
        long deptId = params.requiredLong("dept_id", ApiError.INVALID_PARAMETER);
        return org.read(() -> {
            Dept dept = requireDept(deptId);
            List<Long> ids = new ArrayList<>(dept.children.size());
            sortedChildren(dept).forEach(c -> ids.add(c.id));
            return Map.of("result", Map.of("dept_id_list", ids));
        });
    }

    /** {@code topapi/v2/department/get}: one department's details; scope-limited. */
    Map<String, Object> getDepartment(RequestParams params) {
        long deptId = params.requiredLong("dept_id", ApiError.INVALID_PARAMETER);
        checkScope(deptId);
        return org.read(() -> {
            Dept d = requireDept(deptId);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("dept_id", d.id);
            r.put("name", d.name);
            if (d.parent != null) {
                r.put("parent_id", d.parent.id);
            }
            r.put("order", d.order);
            putIfPresent(r, "source_identifier", d.sourceIdentifier);
            r.put("create_dept_group", d.createDeptGroup);
            r.put("auto_add_user", d.autoAddUser);
            r.put("auto_approve_apply", false);
            r.put("group_contain_sub_dept", false);
            List<String> managers = new ArrayList<>(2);
            d.leaders().forEach(m -> managers.add(m.user.userid));
            r.put("dept_manager_userid_list", managers);
            r.put("outer_dept", false);
            r.put("hide_dept", false);
            r.put("member_count", org.memberCount(d));
            r.put("owning_member_count", d.members.size());
            putIfPresent(r, "brief", d.brief);
            putIfPresent(r, "telephone", d.telephone);
            putIfPresent(r, "extention", d.extension); // sic: DingTalk's spelling for this API
            return Map.of("result", r);
        });
    }

    /** {@code topapi/user/listid}: userids of direct members; not scope-limited. */
    Map<String, Object> listUserIds(RequestParams params) {
        long deptId = params.requiredLong("dept_id", ApiError.INVALID_PARAMETER);
        return org.read(() -> {
            Dept dept = requireDept(deptId);
            List<String> ids = new ArrayList<>(dept.members.size());
            dept.members.forEach(m -> ids.add(m.user.userid));
            return Map.of("result", Map.of("userid_list", ids));
        });
    }

    /**
     * {@code topapi/v2/user/list}: direct members with full details, one page. The cursor is an offset
     * into the department's member list; {@code next_cursor} is omitted on the last page.
     */
    Map<String, Object> listUsers(RequestParams params) {
        long deptId = params.requiredLong("dept_id", ApiError.ILLEGAL_PARAMETER);
        long cursor = params.requiredLong("cursor", ApiError.ILLEGAL_PARAMETER);
        long size = params.requiredLong("size", ApiError.ILLEGAL_PARAMETER);
        String orderField = params.string("order_field");
        if (deptId < 1) {
            throw ApiError.illegalParameter("dept_id");
        }
        if (cursor < 0) {
            throw ApiError.illegalParameter("cursor");
        }
        if (size < 1 || size > 100) {
            throw ApiError.illegalParameter("size");
        }
        if (orderField != null && !orderField.isEmpty() && !ORDER_FIELDS.contains(orderField)) {
            throw ApiError.illegalParameter("order_field");
        }
        checkScope(deptId);
        return org.read(() -> {
            Dept dept = requireDept(deptId);
            List<Membership> members = dept.members;
            if ("entry_asc".equals(orderField) || "entry_desc".equals(orderField)) {
                members = new ArrayList<>(members);
                members.sort("entry_asc".equals(orderField) ? BY_HIRE_DATE : BY_HIRE_DATE.reversed());
            }
            int from = (int) Math.min(cursor, members.size());
            int to = (int) Math.min(from + size, members.size());
            List<Map<String, Object>> list = new ArrayList<>(to - from);
            for (Membership m : members.subList(from, to)) {
                Map<String, Object> item = userFields(m.user);
                item.put("dept_order", m.order);
                item.put("leader", m.leader);
                list.add(item);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            boolean hasMore = to < members.size();
            result.put("has_more", hasMore);
            if (hasMore) {
                result.put("next_cursor", (long) to);
            }
            result.put("list", list);
            return Map.of("result", result);
        });
    }

    /** {@code topapi/v2/user/get}: one user's details with per-department order and leadership. */
    Map<String, Object> getUser(RequestParams params) {
        String userid = params.string("userid");
        if (userid == null || userid.isEmpty()) {
            throw ApiError.invalidParameter("userid");
        }
        return org.read(() -> {
            User u = org.user(userid);
            if (u == null) {
                throw new ApiError(33012, "无效的userId");
            }
            Map<String, Object> r = userFields(u);
            List<Map<String, Object>> orders = new ArrayList<>();
            List<Map<String, Object>> leaders = new ArrayList<>();
            for (Membership m : u.memberships) {
                orders.add(Map.of("dept_id", m.dept.id, "order", m.order));
                leaders.add(Map.of("dept_id", m.dept.id, "leader", m.leader));
            }
            r.put("dept_order_list", orders);
            r.put("leader_in_dept", leaders);
            r.put("real_authed", u.active);
            r.put("senior", false);
            return Map.of("result", r);
        });
    }

    /** {@code topapi/user/count}: users in the org, optionally only activated ones. */
    Map<String, Object> countUsers(RequestParams params) {
        boolean onlyActive = params.requiredBoolean("only_active", ApiError.INVALID_PARAMETER);
        return org.read(() -> {
            long count = onlyActive ? org.users().stream().filter(u -> u.active).count() : org.users().size();
            return Map.of("result", Map.of("count", count));
        });
    }

    /** {@code topapi/v2/user/getbymobile}: the userid owning a mobile number. */
    Map<String, Object> getUserByMobile(RequestParams params) {
        String mobile = params.string("mobile");
        if (mobile == null || mobile.isEmpty()) {
            throw ApiError.invalidParameter("mobile");
        }
        return org.read(() -> {
            User u = org.userByMobile(mobile);
            if (u == null) {
                throw new ApiError(60121, "找不到该用户");
            }
            return Map.of("result", Map.of("userid", u.userid));
        });
    }

    /** The user fields shared by user/list items and user/get; absent optional fields are left out. */
    private static Map<String, Object> userFields(User u) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("userid", u.userid);
        r.put("unionid", u.unionid);
        r.put("name", u.name);
        putIfPresent(r, "avatar", u.avatar);
        if (u.mobile != null) {
            r.put("state_code", "86");
            r.put("mobile", u.mobile);
        }
        r.put("hide_mobile", false);
        putIfPresent(r, "manager_userid", u.managerUserid);
        putIfPresent(r, "telephone", u.telephone);
        putIfPresent(r, "job_number", u.jobNumber);
        putIfPresent(r, "title", u.title);
        putIfPresent(r, "email", u.email);
        putIfPresent(r, "org_email", u.orgEmail);
        putIfPresent(r, "work_place", u.workPlace);
        putIfPresent(r, "remark", u.remark);
        List<Long> deptIds = new ArrayList<>(u.memberships.size());
        u.memberships.forEach(m -> deptIds.add(m.dept.id));
        r.put("dept_id_list", deptIds);
        putIfPresent(r, "extension", u.extension);
        if (u.hiredDate != null) {
            r.put("hired_date", u.hiredDate);
        }
        r.put("active", u.active);
        r.put("admin", u.admin);
        r.put("boss", u.boss);
        r.put("exclusive_account", false);
        return r;
    }

    /**
     * {@code topapi/role/list}: role groups with their roles, a page of {@code size} groups (default 20, at most
     * 200) from {@code offset} (default 0); camelCase answer ({@code hasMore}, {@code groupId}), as the SDK's
     * {@code OapiRoleListResponse} reads it. Not scope-limited: roles belong to the organization, not a department.
     */
    Map<String, Object> listRoles(RequestParams params) {
        long offset = params.longValue("offset", 0, ApiError.ILLEGAL_PARAMETER);
        long size = params.longValue("size", 20, ApiError.ILLEGAL_PARAMETER);
        if (offset < 0) {
            throw ApiError.illegalParameter("offset");
        }
        if (size < 1 || size > MAX_ROLE_GROUP_PAGE) {
            throw ApiError.illegalParameter("size");
        }
        return org.read(() -> {
            List<SimulatedOrg.RoleGroup> groups = org.roleGroupsInOrder();
            int from = (int) Math.min(offset, groups.size());
            int to = (int) Math.min(from + size, groups.size());
            List<Map<String, Object>> list = new ArrayList<>(to - from);
            for (SimulatedOrg.RoleGroup group : groups.subList(from, to)) {
                List<Map<String, Object>> roles = new ArrayList<>(group.roles.size());
                for (SimulatedOrg.RoleDef role : group.roles) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("id", role.id);
                    r.put("name", role.name);
                    roles.add(r);
                }
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("groupId", group.id);
                g.put("name", group.name);
                g.put("roles", roles);
                list.add(g);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("hasMore", to < groups.size());
            result.put("list", list);
            return Map.of("result", result);
        });
    }

    private void checkScope(long deptId) {
        if (deniedScopes.contains(deptId)) {
            throw new ApiError(50004, "部门不在权限范围内");
        }
    }

    private Dept requireDept(long deptId) {
        Dept dept = org.dept(deptId);
        if (dept == null) {
            throw ApiError.departmentNotFound();
        }
        return dept;
    }

    private static List<Dept> sortedChildren(Dept dept) {
        List<Dept> children = new ArrayList<>(dept.children);
        children.sort(Comparator.comparingLong((Dept d) -> d.order).thenComparingLong(d -> d.id));
        return children;
    }

    private static void putIfPresent(Map<String, Object> target, String key, String value) {
        if (value != null) {
            target.put(key, value);
        }
    }
}
