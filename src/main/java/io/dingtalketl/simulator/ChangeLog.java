package io.dingtalketl.simulator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link SimulatedOrg#applyDayOfChanges} actually changed. The kinds are disjoint: a user or
 * department appears under at most one kind, so a test can predict the exact history each entity
 * gets in the warehouse.
 *
 * @param joinedUserids          users added to the org
 * @param leftUserids            users removed from the org
 * @param movedUsers             one membership moved per entry (the user stays in any other departments)
 * @param renamedUserids         users whose name changed
 * @param titleChangedUserids    users whose title changed (possibly from absent to present)
 * @param renamedDeptIds         departments whose name changed
 * @param movedDepartments       departments re-parented together with their subtree
 * @param removedDeptIds         leaf departments removed from the org
 * @param rehomedMembers         memberships moved from a removed department to its parent; when the
 *                               user already was in the parent the membership simply ends
 */
public record ChangeLog(List<String> joinedUserids,
                        List<String> leftUserids,
                        List<UserMove> movedUsers,
                        List<String> renamedUserids,
                        List<String> titleChangedUserids,
                        List<Long> renamedDeptIds,
                        List<DepartmentMove> movedDepartments,
                        List<Long> removedDeptIds,
                        List<UserMove> rehomedMembers) {

    public ChangeLog {
        joinedUserids = List.copyOf(joinedUserids);
        leftUserids = List.copyOf(leftUserids);
        movedUsers = List.copyOf(movedUsers);
        renamedUserids = List.copyOf(renamedUserids);
        titleChangedUserids = List.copyOf(titleChangedUserids);
        renamedDeptIds = List.copyOf(renamedDeptIds);
        movedDepartments = List.copyOf(movedDepartments);
        removedDeptIds = List.copyOf(removedDeptIds);
        rehomedMembers = List.copyOf(rehomedMembers);
    }

    /** A membership of {@code userid} that went from one department to another. */
    public record UserMove(String userid, long fromDeptId, long toDeptId) {
    }

    /** A department that got a new parent. */
    public record DepartmentMove(long deptId, long fromParentId, long toParentId) {
    }

    /** Every user whose attributes or memberships changed, joined and left users included. */
    public Set<String> changedUserids() {
        Set<String> ids = new LinkedHashSet<>(joinedUserids);
        ids.addAll(leftUserids);
        movedUsers.forEach(m -> ids.add(m.userid()));
        ids.addAll(renamedUserids);
        ids.addAll(titleChangedUserids);
        rehomedMembers.forEach(m -> ids.add(m.userid()));
        return ids;
    }

    /** Every department whose own attributes changed or that was removed (not the ancestors whose counts changed). */
    public Set<Long> changedDeptIds() {
        Set<Long> ids = new LinkedHashSet<>(renamedDeptIds);
        movedDepartments.forEach(m -> ids.add(m.deptId()));
        ids.addAll(removedDeptIds);
        return ids;
    }

    public int totalChanges() {
        return joinedUserids.size() + leftUserids.size() + movedUsers.size() + renamedUserids.size()
                + titleChangedUserids.size() + renamedDeptIds.size() + movedDepartments.size() + removedDeptIds.size();
    }
}
