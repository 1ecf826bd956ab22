package io.dingtalketl.provision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * The plan: what to write so that DingTalk holds the HR master, given what the warehouse says it holds now.
 * Departments are linked by {@code source_identifier} = HR id; users by {@link UserLinks}. Only what is linked to
 * the HR master is managed: a user no HR employee links to is left alone, and so is a department whose source
 * identifier is not an HR id (none, or another system's). A department is deleted when its source identifier is
 * an HR id an earlier plan provisioned and the HR master no longer has.
 *
 * <p>Order: departments created (parents before children), updated, moved (by their depth in the HR tree, so no
 * move makes a cycle); users created, updated, moved; role groups and roles created (those neither DingTalk lists nor
 * an earlier plan created) and assigned ({@code hr_employee_role}: none without rows there); users deactivated; departments deleted (children before parents),
 * so members have moved out and sub-departments are gone before their department is deleted.
 */
final class ProvisionPlanner {

    private final HrMaster hr;
    private final WarehouseOrg warehouse;
    private final UserLinks links;
    private final long rootDeptId;
    private final Set<String> provisionedBefore;
    private final PlanStore.RoleHistory roleHistory;
    private final DingTalkRoles dingTalkRoles;
    private final Map<String, WarehouseOrg.Department> bySourceIdentifier = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param provisionedBefore HR ids of the departments earlier plans wrote
     * @param dingTalkRoles     the role groups and roles DingTalk holds ({@code role/list}; the warehouse has no roles)
     */
    ProvisionPlanner(HrMaster hr, WarehouseOrg warehouse, UserLinks links, long rootDeptId, Set<String> provisionedBefore,
                     PlanStore.RoleHistory roleHistory, DingTalkRoles dingTalkRoles) {
        this.hr = hr;
        this.roleHistory = roleHistory;
        this.dingTalkRoles = dingTalkRoles;
        this.provisionedBefore = provisionedBefore;
        this.warehouse = warehouse;
        this.links = links;
        this.rootDeptId = rootDeptId;
        for (WarehouseOrg.Department d : warehouse.departments().values()) {
            if (d.sourceIdentifier() != null && !d.sourceIdentifier().isBlank()) {
                WarehouseOrg.Department other = bySourceIdentifier.put(d.sourceIdentifier(), d);
                if (other != null && hr.departments().containsKey(d.sourceIdentifier())) {
                    problems.add("DingTalk departments " + other.deptId() + " and " + d.deptId() + " both have source_identifier "
                            + d.sourceIdentifier() + ": HR department " + d.sourceIdentifier() + " cannot be linked to one of them.");
                }
            }
        }
    }

    /** The items in execution order, numbered from 1; an {@link InvalidHrMasterException} when links are ambiguous. */
    List<PlanItem> plan() {
        List<HrMaster.HrDepartment> topDown = new ArrayList<>(hr.departments().values());
        topDown.sort(Comparator.comparingInt((HrMaster.HrDepartment d) -> hr.depth(d.hrId())).thenComparing(HrMaster.HrDepartment::hrId));
        List<PlanItem> creates = new ArrayList<>();
        List<PlanItem> updates = new ArrayList<>();
        List<PlanItem> moves = new ArrayList<>();
        for (HrMaster.HrDepartment d : topDown) {
            WarehouseOrg.Department linked = bySourceIdentifier.get(d.hrId());
            if (linked == null) {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put(PlanItem.NAME, d.name());
                putIfPresent(values, PlanItem.PARENT_HR_ID, d.parentHrId());
                putIfPresent(values, PlanItem.ORDER, d.order());
                creates.add(PlanItem.planned(PlanEntity.DEPARTMENT, PlanAction.CREATE, d.hrId(), null, values));
                continue;
            }
            Map<String, Object> changed = new LinkedHashMap<>();
            if (!d.name().equals(linked.name())) {
                changed.put(PlanItem.NAME, d.name());
            }
            if (d.order() != null && !d.order().equals(linked.order())) {
                changed.put(PlanItem.ORDER, d.order());
            }
            if (!changed.isEmpty()) {
                updates.add(PlanItem.planned(PlanEntity.DEPARTMENT, PlanAction.UPDATE, d.hrId(), id(linked), changed));
            }
            Long parent = d.parentHrId() == null ? Long.valueOf(rootDeptId) : dingTalkId(d.parentHrId());
            if (!Objects.equals(parent, linked.parentDeptId())) {
                Map<String, Object> values = new LinkedHashMap<>();
                putIfPresent(values, PlanItem.PARENT_HR_ID, d.parentHrId());
                moves.add(PlanItem.planned(PlanEntity.DEPARTMENT, PlanAction.MOVE, d.hrId(), id(linked), values));
            }
        }

        List<PlanItem> userCreates = new ArrayList<>();
        List<PlanItem> userUpdates = new ArrayList<>();
        List<PlanItem> userMoves = new ArrayList<>();
        List<PlanItem> deactivations = new ArrayList<>();
        Map<String, String> linkedBy = new HashMap<>();
        Map<String, String> useridOf = new HashMap<>();
        for (HrMaster.HrEmployee e : hr.employees().values()) {
            UserLinks.Link link = links.of(e);
            if (!link.ambiguous().isEmpty()) {
                problems.add("hr_employee " + e.hrId() + " matches several DingTalk users (" + String.join(", ", link.ambiguous())
                        + "): it is not linked to any; make their job numbers or mobiles unique.");
                continue;
            }
            WarehouseOrg.User user = link.userid() == null ? null : warehouse.users().get(link.userid());
            if (user != null) {
                String other = linkedBy.put(user.userid(), e.hrId());
                if (other != null) {
                    problems.add("hr_employees " + other + " and " + e.hrId() + " both link to DingTalk user " + user.userid() + ".");
                    continue;
                }
            }
            if (user != null) {
                useridOf.put(e.hrId(), user.userid());
            }
            if (!e.active()) {
                if (user != null) {
                    deactivations.add(PlanItem.planned(PlanEntity.USER, PlanAction.DEACTIVATE, e.hrId(), user.userid(), Map.of()));
                }
                continue;
            }
            if (user == null) {
                if (e.mobile() == null) {
                    problems.add("hr_employee " + e.hrId() + " has no DingTalk user to link to and no mobile to create one with.");
                    continue;
                }
                Map<String, Object> values = new LinkedHashMap<>();
                values.put(PlanItem.NAME, e.name());
                values.put(PlanItem.MOBILE, e.mobile());
                putIfPresent(values, PlanItem.EMAIL, e.email());
                putIfPresent(values, PlanItem.TITLE, e.title());
                putIfPresent(values, PlanItem.JOB_NUMBER, e.jobNumber());
                values.put(PlanItem.DEPT_HR_IDS, e.departmentHrIds());
                userCreates.add(PlanItem.planned(PlanEntity.USER, PlanAction.CREATE, e.hrId(), null, values));
                continue;
            }
            Map<String, Object> changed = new LinkedHashMap<>();
            if (!e.name().equals(user.name())) {
                changed.put(PlanItem.NAME, e.name());
            }
            if (links.mobilesKept() && e.mobile() != null && !e.mobile().equals(user.mobile())) {
                changed.put(PlanItem.MOBILE, e.mobile());
            }
            if (e.email() != null && (user.email() == null || !HrMaster.linkKey(e.email()).equals(HrMaster.linkKey(user.email())))) {
                changed.put(PlanItem.EMAIL, e.email());
            }
            if (e.title() != null && !e.title().equals(user.title())) {
                changed.put(PlanItem.TITLE, e.title());
            }
            if (!changed.isEmpty()) {
                userUpdates.add(PlanItem.planned(PlanEntity.USER, PlanAction.UPDATE, e.hrId(), user.userid(), changed));
            }
            Set<Long> wanted = new TreeSet<>();
            boolean allExist = true;
            for (String dept : e.departmentHrIds()) {
                Long deptId = dingTalkId(dept);
                allExist &= deptId != null;
                if (deptId != null) {
                    wanted.add(deptId);
                }
            }
            if (!allExist || !wanted.equals(user.deptIds())) {
                userMoves.add(PlanItem.planned(PlanEntity.USER, PlanAction.MOVE, e.hrId(), user.userid(),
                        Map.of(PlanItem.DEPT_HR_IDS, e.departmentHrIds())));
            }
        }

        List<WarehouseOrg.Department> gone = new ArrayList<>();
        for (WarehouseOrg.Department d : warehouse.departments().values()) {
            if (d.sourceIdentifier() != null && provisionedBefore.contains(d.sourceIdentifier())
                    && !hr.departments().containsKey(d.sourceIdentifier()) && d.deptId() != rootDeptId) {
                gone.add(d);
            }
        }
        gone.sort(Comparator.comparingInt(WarehouseOrg.Department::depth).reversed().thenComparingLong(WarehouseOrg.Department::deptId));
        List<PlanItem> deletes = gone.stream()
                .map(d -> PlanItem.planned(PlanEntity.DEPARTMENT, PlanAction.DELETE, d.sourceIdentifier(), id(d), Map.of())).toList();

        // roles: what DingTalk lists (a group by name, a role by its group's name and its name) or earlier plans created
        // exists; the assignments DingTalk holds are not read, so what earlier plans gave is what users hold
        List<PlanItem> roleGroups = new ArrayList<>();
        List<PlanItem> roles = new ArrayList<>();
        List<PlanItem> assignments = new ArrayList<>();
        Set<String> groupsPlanned = new TreeSet<>(roleHistory.groups());
        Set<String> rolesPlanned = new TreeSet<>(roleHistory.roles());
        for (HrMaster.HrRole role : hr.roles()) {
            HrMaster.HrEmployee e = hr.employees().get(role.employeeHrId());
            if (e == null || !e.active()) {
                continue;
            }
            if (dingTalkRoles.groupId(role.group()).isEmpty() && groupsPlanned.add(role.group())) {
                roleGroups.add(PlanItem.planned(PlanEntity.ROLE_GROUP, PlanAction.CREATE, role.group(), null,
                        Map.of(PlanItem.NAME, role.group())));
            }
            Map<String, Object> names = new LinkedHashMap<>();
            names.put(PlanItem.ROLE_GROUP, role.group());
            names.put(PlanItem.ROLE_NAME, role.role());
            if (dingTalkRoles.roleId(role.group(), role.role()).isEmpty() && rolesPlanned.add(role.roleHrId())) {
                roles.add(PlanItem.planned(PlanEntity.ROLE, PlanAction.CREATE, role.roleHrId(), null, names));
            }
            if (!roleHistory.assignments().contains(e.hrId() + " " + role.roleHrId())) {
                assignments.add(PlanItem.planned(PlanEntity.ROLE, PlanAction.ASSIGN, e.hrId(), useridOf.get(e.hrId()), names));
            }
        }

        if (!problems.isEmpty()) {
            throw new InvalidHrMasterException(problems);
        }
        List<PlanItem> items = new ArrayList<>();
        for (List<PlanItem> group : List.of(creates, updates, moves, userCreates, userUpdates, userMoves, roleGroups, roles, assignments,
                deactivations, deletes)) {
            for (PlanItem item : group) {
                items.add(item.numbered(items.size() + 1));
            }
        }
        return items;
    }

    /** The DingTalk id of an HR department the warehouse holds; null when it is still to be created. */
    private @Nullable Long dingTalkId(String hrId) {
        WarehouseOrg.Department linked = bySourceIdentifier.get(hrId);
        return linked == null ? null : linked.deptId();
    }

    private static String id(WarehouseOrg.Department d) {
        return Long.toString(d.deptId());
    }

    private static void putIfPresent(Map<String, Object> values, String key, @Nullable Object value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
