package io.dingtalketl.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of a {@link SimulatedOrg}: what a correct ETL run must have loaded. Absent
 * optional DingTalk fields are {@code null} here. Departments are listed in id order, users in
 * userid order, memberships by userid then department.
 */
public final class OrgTruth {

    /**
     * One department.
     *
     * @param parentId          {@code null} for the root
     * @param path              ids from the root, e.g. {@code /1/400012345/400078901}
     * @param depth             0 for the root
     * @param managerUserids    the department's leaders, as {@code dept_manager_userid_list} reports them
     * @param extension         DingTalk's {@code ext} / {@code extention} field
     * @param memberCount       distinct users in the department and all its sub-departments
     * @param owningMemberCount direct members
     */
    public record TruthDepartment(long deptId, Long parentId, String name, String path, int depth, long order,
                                  String sourceIdentifier, boolean createDeptGroup, boolean autoAddUser,
                                  List<String> managerUserids, String brief, String telephone, String extension,
                                  int memberCount, int owningMemberCount) {
    }

    /** One user; every field but {@code userid}, {@code unionid}, {@code name} and the flags may be null. */
    public record TruthUser(String userid, String unionid, String name, String mobile, String email, String orgEmail,
                            String jobNumber, String title, String workPlace, Long hiredDate, Boolean active,
                            Boolean admin, Boolean boss, String managerUserid, String extension, String avatar,
                            String remark, String telephone, Boolean exclusiveAccount) {
    }

    /** A user's membership in one department, with the user's order and leader flag there. */
    public record TruthMembership(String userid, long deptId, boolean leader, long order) {
    }

    private final String companyName;
    private final List<TruthDepartment> departments;
    private final List<TruthUser> users;
    private final List<TruthMembership> memberships;
    private final Map<Long, TruthDepartment> departmentsById;
    private final Map<String, TruthUser> usersById;
    private final Map<String, List<TruthMembership>> membershipsByUser;
    private final Map<Long, List<TruthMembership>> membershipsByDept;
    private final Map<Long, List<TruthDepartment>> childrenByDept;

    OrgTruth(String companyName, List<TruthDepartment> departments, List<TruthUser> users,
             List<TruthMembership> memberships) {
        this.companyName = companyName;
        List<TruthDepartment> depts = new ArrayList<>(departments);
        depts.sort((a, b) -> Long.compare(a.deptId(), b.deptId()));
        List<TruthUser> us = new ArrayList<>(users);
        us.sort((a, b) -> a.userid().compareTo(b.userid()));
        List<TruthMembership> ms = new ArrayList<>(memberships);
        ms.sort((a, b) -> {
            int c = a.userid().compareTo(b.userid());
            return c != 0 ? c : Long.compare(a.deptId(), b.deptId());
        });
        this.departments = Collections.unmodifiableList(depts);
        this.users = Collections.unmodifiableList(us);
        this.memberships = Collections.unmodifiableList(ms);

        Map<Long, TruthDepartment> byId = new HashMap<>(depts.size() * 2);
        Map<Long, List<TruthDepartment>> children = new HashMap<>();
        for (TruthDepartment d : depts) {
            byId.put(d.deptId(), d);
            if (d.parentId() != null) {
                children.computeIfAbsent(d.parentId(), k -> new ArrayList<>()).add(d);
            }
        }
        Map<String, TruthUser> usersById = new HashMap<>(us.size() * 2);
        us.forEach(u -> usersById.put(u.userid(), u));
        Map<String, List<TruthMembership>> byUser = new HashMap<>(us.size() * 2);
        Map<Long, List<TruthMembership>> byDept = new LinkedHashMap<>();
        for (TruthMembership m : ms) {
            byUser.computeIfAbsent(m.userid(), k -> new ArrayList<>(1)).add(m);
            byDept.computeIfAbsent(m.deptId(), k -> new ArrayList<>()).add(m);
        }
        this.departmentsById = byId;
        this.usersById = usersById;
        this.membershipsByUser = byUser;
        this.membershipsByDept = byDept;
        this.childrenByDept = children;
    }

    /** The root department's name. */
    public String companyName() {
        return companyName;
    }

    public List<TruthDepartment> departments() {
        return departments;
    }

    public List<TruthUser> users() {
        return users;
    }

    public List<TruthMembership> memberships() {
        return memberships;
    }

    public Optional<TruthDepartment> department(long deptId) {
        return Optional.ofNullable(departmentsById.get(deptId));
    }

    public Optional<TruthUser> user(String userid) {
        return Optional.ofNullable(usersById.get(userid));
    }

    /** Direct sub-departments, in id order. */
    public List<TruthDepartment> children(long deptId) {
        return childrenByDept.getOrDefault(deptId, List.of());
    }

    /** Memberships of one user, in department id order. */
    public List<TruthMembership> membershipsOf(String userid) {
        return membershipsByUser.getOrDefault(userid, List.of());
    }

    /** Direct memberships of one department, in userid order. */
    public List<TruthMembership> membersOf(long deptId) {
        return membershipsByDept.getOrDefault(deptId, List.of());
    }

    public int departmentCount() {
        return departments.size();
    }

    public int userCount() {
        return users.size();
    }

    public int membershipCount() {
        return memberships.size();
    }

    public int maxDepth() {
        return departments.stream().mapToInt(TruthDepartment::depth).max().orElse(0);
    }
}
