package io.dingtalketl.simulator;

import io.dingtalketl.simulator.SimulatedOrg.Dept;
import io.dingtalketl.simulator.SimulatedOrg.Membership;
import io.dingtalketl.simulator.SimulatedOrg.User;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Applies one {@link ChangeSpec} to an org (the caller holds the write lock). Department changes come
 * first, then user changes, and every entity is touched by at most one kind of change, so the
 * resulting {@link ChangeLog} predicts each entity's history exactly. Candidates are chosen so the
 * changes have no side effects on other entities: a leaving user is nobody's manager and leads no
 * department, a moved membership is not a leadership.
 */
final class DayOfChanges {

    private static final int ATTEMPTS = 64;

    private final SimulatedOrg org;
    private final SplittableRandom rnd;
    private final Set<Dept> touchedDepts = new HashSet<>();
    private final Set<User> touchedUsers = new HashSet<>();

    DayOfChanges(SimulatedOrg org, SplittableRandom rnd) {
        this.org = org;
        this.rnd = rnd;
    }

    ChangeLog apply(ChangeSpec spec) {
        List<Long> renamedDepts = renameDepartments(spec.departmentRenames());
        List<ChangeLog.DepartmentMove> movedDepts = moveDepartments(spec.departmentMoves());
        List<ChangeLog.UserMove> rehomed = new ArrayList<>();
        List<Long> removedDepts = removeDepartments(spec.departmentRemovals(), rehomed);
        List<String> joined = join(spec.joins());
        List<String> left = leave(spec.leaves());
        List<ChangeLog.UserMove> movedUsers = moveUsers(spec.userMoves());
        List<String> renamedUsers = renameUsers(spec.userRenames());
        List<String> retitled = changeTitles(spec.titleChanges());
        return new ChangeLog(joined, left, movedUsers, renamedUsers, retitled, renamedDepts, movedDepts,
                removedDepts, rehomed);
    }

    private List<Long> renameDepartments(int count) {
        List<Long> done = new ArrayList<>();
        List<Dept> candidates = nonRootDepts();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < ATTEMPTS && !candidates.isEmpty(); attempt++) {
                Dept d = candidates.get(rnd.nextInt(candidates.size()));
                if (touchedDepts.contains(d)) {
                    continue;
                }
                String name = org.uniqueChildName(d.parent, ChineseNames.departmentName(rnd, d.parent.parent == null));
                if (name.equals(d.name)) {
                    continue;
                }
                d.name = name;
                touchedDepts.add(d);
                done.add(d.id);
                break;
            }
        }
        return done;
    }

    private List<ChangeLog.DepartmentMove> moveDepartments(int count) {
        List<ChangeLog.DepartmentMove> done = new ArrayList<>();
        List<Dept> all = new ArrayList<>(org.depts());
        List<Dept> candidates = nonRootDepts();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < ATTEMPTS && !candidates.isEmpty(); attempt++) {
                Dept d = candidates.get(rnd.nextInt(candidates.size()));
                Dept parent = all.get(rnd.nextInt(all.size()));
                if (touchedDepts.contains(d) || parent == d.parent || org.moveProblem(d, parent) != null) {
                    continue;
                }
                long from = d.parent.id;
                org.reparent(d, parent);
                touchedDepts.add(d);
                done.add(new ChangeLog.DepartmentMove(d.id, from, parent.id));
                break;
            }
        }
        return done;
    }

    private List<Long> removeDepartments(int count, List<ChangeLog.UserMove> rehomed) {
        List<Long> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Dept> leaves = new ArrayList<>();
            for (Dept d : org.depts()) {
                if (d.parent != null && d.children.isEmpty() && !touchedDepts.contains(d)) {
                    leaves.add(d);
                }
            }
            if (leaves.isEmpty()) {
                break;
            }
            Dept d = leaves.get(rnd.nextInt(leaves.size()));
            long parentId = d.parent.id;
            for (Membership m : org.rehomeMembersAndRemove(d)) {
                touchedUsers.add(m.user);
                rehomed.add(new ChangeLog.UserMove(m.user.userid, d.id, parentId));
            }
            touchedDepts.add(d);
            done.add(d.id);
        }
        return done;
    }

    private List<String> join(int count) {
        List<String> done = new ArrayList<>();
        List<Dept> depts = new ArrayList<>(org.depts());
        for (int i = 0; i < count; i++) {
            Dept d = depts.get(rnd.nextInt(depts.size()));
            User u = OrgGenerator.newUser(org, rnd, -1);
            List<Membership> leaders = d.leaders();
            u.managerUserid = leaders.isEmpty() ? null : leaders.get(0).user.userid;
            org.putUser(u);
            org.addMembership(u, d, org.nextOrderIn(d), false);
            touchedUsers.add(u);
            done.add(u.userid);
        }
        return done;
    }

    private List<String> leave(int count) {
        Set<String> managers = new HashSet<>();
        for (User u : org.users()) {
            if (u.managerUserid != null) {
                managers.add(u.managerUserid);
            }
        }
        List<User> candidates = new ArrayList<>(org.users());
        List<String> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < ATTEMPTS && !candidates.isEmpty(); attempt++) {
                User u = candidates.get(rnd.nextInt(candidates.size()));
                if (touchedUsers.contains(u) || u.boss || u.isLeaderAnywhere() || managers.contains(u.userid)) {
                    continue;
                }
                org.deleteUser(u);
                touchedUsers.add(u);
                done.add(u.userid);
                break;
            }
        }
        return done;
    }

    private List<ChangeLog.UserMove> moveUsers(int count) {
        List<User> candidates = new ArrayList<>(org.users());
        List<Dept> depts = new ArrayList<>(org.depts());
        List<ChangeLog.UserMove> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < ATTEMPTS && !candidates.isEmpty(); attempt++) {
                User u = candidates.get(rnd.nextInt(candidates.size()));
                if (touchedUsers.contains(u) || u.memberships.isEmpty()) {
                    continue;
                }
                Membership m = u.memberships.get(rnd.nextInt(u.memberships.size()));
                Dept to = depts.get(rnd.nextInt(depts.size()));
                if (m.leader || org.membership(u, to) != null) {
                    continue;
                }
                org.removeMembership(m);
                org.addMembership(u, to, org.nextOrderIn(to), false);
                touchedUsers.add(u);
                done.add(new ChangeLog.UserMove(u.userid, m.dept.id, to.id));
                break;
            }
        }
        return done;
    }

    private List<String> renameUsers(int count) {
        List<User> candidates = new ArrayList<>(org.users());
        List<String> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < ATTEMPTS && !candidates.isEmpty(); attempt++) {
                User u = candidates.get(rnd.nextInt(candidates.size()));
                String name = ChineseNames.personName(rnd);
                if (touchedUsers.contains(u) || name.equals(u.name)) {
                    continue;
                }
                u.name = name;
                touchedUsers.add(u);
                done.add(u.userid);
                break;
            }
        }
        return done;
    }

    private List<String> changeTitles(int count) {
        List<User> candidates = new ArrayList<>(org.users());
        List<String> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < ATTEMPTS && !candidates.isEmpty(); attempt++) {
                User u = candidates.get(rnd.nextInt(candidates.size()));
                String title = ChineseNames.pick(rnd, ChineseNames.TITLES);
                if (touchedUsers.contains(u) || u.boss || title.equals(u.title)) {
                    continue;
                }
                u.title = title;
                touchedUsers.add(u);
                done.add(u.userid);
                break;
            }
        }
        return done;
    }

    private List<Dept> nonRootDepts() {
        List<Dept> depts = new ArrayList<>(org.depts().size());
        for (Dept d : org.depts()) {
            if (d.parent != null) {
                depts.add(d);
            }
        }
        return depts;
    }
}
