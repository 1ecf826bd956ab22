package io.dingtalketl.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The organization a {@link DingTalkSimulator} serves: departments (a tree under root id 1), users
 * and their memberships. Tests mutate it while the simulator runs, to play out a working day between
 * two ETL runs, and compare the warehouse against {@link #truth()}.
 *
 * <p>Thread safe: reads (HTTP requests, {@link #truth()}) share a read lock, mutations take the write
 * lock, so every response and every snapshot sees one consistent state. Generation and
 * {@link #applyDayOfChanges} are deterministic for their seeds; the direct mutators draw generated
 * attributes (userids, mobiles, department ids) from a random source seeded by the org's seed, so a
 * test that makes the same calls in the same order gets the same ids.
 */
public final class SimulatedOrg {

    public static final long ROOT_DEPT_ID = 1L;

    /** Members of a department are listed by their order there, ties by userid, as DingTalk's "custom" sort. */
    static final Comparator<Membership> MEMBER_ORDER =
            Comparator.comparingLong((Membership m) -> m.order).thenComparing(m -> m.user.userid);

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String companyName;
    private final String corpDomain;
    private final int maxDepth;
    /** The generation seed; attendance data is derived from it, the user and the day. */
    private final long seed;
    private final Map<Long, Dept> depts = new LinkedHashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, User> usersByMobile = new HashMap<>();
    private final SplittableRandom mutationRandom;
    private long nextDeptId;
    private long nextOrder;
    /** Distinct users per department subtree; rebuilt lazily after a mutation. */
    private volatile Map<Long, Integer> memberCounts;
    /** Role groups by id (the role APIs); guarded by the lock. */
    private final Map<Long, RoleGroup> roleGroups = new LinkedHashMap<>();
    private long nextRoleId = 1_560_985_325L;
    /** Where the contact events of this org's changes are raised. */
    private final ContactEventFeed events = new ContactEventFeed();

    SimulatedOrg(String companyName, String corpDomain, int maxDepth, long seed) {
        this.companyName = companyName;
        this.corpDomain = corpDomain;
        this.maxDepth = maxDepth;
        this.seed = seed;
        this.mutationRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.nextDeptId = 400_000_000L + new SplittableRandom(seed).nextInt(1, 5_000);
        this.nextOrder = 176_294_576_350_761_512L;
        Dept root = new Dept(ROOT_DEPT_ID, null, companyName);
        root.order = 0;
        depts.put(ROOT_DEPT_ID, root);
    }

    /** Generates the org described by {@code spec}; deterministic for the spec. */
    public static SimulatedOrg generate(OrgSpec spec) {
        return OrgGenerator.generate(spec);
    }

    // ------------------------------------------------------------------ public reads

    public String companyName() {
        return companyName;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int departmentCount() {
        return read(depts::size);
    }

    public int userCount() {
        return read(users::size);
    }

    /** An immutable snapshot of the current state. */
    public OrgTruth truth() {
        return read(this::snapshot);
    }

    /** The contact events this org raises as it changes (DingTalk's event subscription). */
    public ContactEventFeed events() {
        return events;
    }

    // ------------------------------------------------------------------ public mutations

    /**
     * Plays out one working day: the changes {@code spec} asks for, on candidates chosen by
     * {@code seed}. Atomic for readers: a concurrent request sees the day either not at all or whole.
     */
    public ChangeLog applyDayOfChanges(long seed, ChangeSpec spec) {
        ChangeLog log = write(() -> new DayOfChanges(this, new SplittableRandom(seed)).apply(spec));
        events.dayOfChanges(log);
        return log;
    }

    /**
     * Adds a user with generated attributes (userid, mobile, …) as a member of the given departments.
     *
     * @return the new userid
     */
    public String addUser(String name, long... deptIds) {
        if (deptIds.length == 0) {
            throw new IllegalArgumentException("a DingTalk user belongs to at least one department");
        }
        String userid = write(() -> {
            List<Dept> targets = new ArrayList<>();
            for (long id : deptIds) {
                targets.add(requireDept(id));
            }
            User user = OrgGenerator.newUser(this, mutationRandom, -1);
            user.name = name;
            putUser(user);
            for (Dept d : new LinkedHashSet<>(targets)) {
                addMembership(user, d, nextOrderIn(d), false);
            }
            return user.userid;
        });
        events.userEvent("user_add_org", List.of(userid));
        return userid;
    }

    /**
     * Removes a user and all their memberships and leaderships. Other users are not touched: one whose
     * {@code manager_userid} named the departed user keeps it.
     *
     * @return false when no such user exists
     */
    public boolean removeUser(String userid) {
        boolean removed = write(() -> {
            User user = users.get(userid);
            if (user == null) {
                return false;
            }
            deleteUser(user);
            return true;
        });
        if (removed) {
            events.userEvent("user_leave_org", List.of(userid));
        }
        return removed;
    }

    public void renameUser(String userid, String name) {
        write(() -> {
            requireUser(userid).name = name;
            return null;
        });
        events.userEvent("user_modify_org", List.of(userid));
    }

    /** Sets a user's title; {@code null} removes it (the field is then absent in responses). */
    public void changeTitle(String userid, String title) {
        write(() -> {
            requireUser(userid).title = title;
            return null;
        });
        events.userEvent("user_modify_org", List.of(userid));
    }

    /**
     * Changes a user's profile fields as {@code v2/user/update} would, by their DingTalk names ({@code name},
     * {@code title}, {@code work_place}, {@code job_number}, {@code telephone}, {@code email},
     * {@code org_email}, {@code mobile}, {@code unionid}, {@code manager_userid}, {@code remark},
     * {@code extension}); a null value removes the field. Values are taken as given, whatever their length:
     * DingTalk's limits may grow, and the ETL must cope with what it is sent.
     */
    public void updateUser(String userid, Map<String, String> fields) {
        write(() -> {
            User user = requireUser(userid);
            fields.forEach((field, value) -> {
                switch (field) {
                    case "name" -> user.name = value;
                    case "title" -> user.title = value;
                    case "work_place" -> user.workPlace = value;
                    case "job_number" -> user.jobNumber = value;
                    case "telephone" -> user.telephone = value;
                    case "email" -> user.email = value;
                    case "org_email" -> user.orgEmail = value;
                    case "unionid" -> user.unionid = value;
                    case "manager_userid" -> user.managerUserid = value;
                    case "remark" -> user.remark = value;
                    case "extension" -> user.extension = value;
                    case "mobile" -> {
                        if (user.mobile != null) {
                            usersByMobile.remove(user.mobile);
                        }
                        user.mobile = value;
                        if (value != null) {
                            usersByMobile.put(value, user);
                        }
                    }
                    default -> throw new IllegalArgumentException("the simulator cannot update user field " + field);
                }
            });
            return null;
        });
        events.userEvent("user_modify_org", List.of(userid));
    }

    /**
     * Moves one membership: the user leaves {@code fromDeptId} and joins {@code toDeptId} (at the end of
     * its member list, not as a leader). Memberships in other departments are kept.
     */
    public void moveUser(String userid, long fromDeptId, long toDeptId) {
        write(() -> {
            User user = requireUser(userid);
            Dept from = requireDept(fromDeptId);
            Dept to = requireDept(toDeptId);
            Membership m = requireMembership(user, from);
            if (membership(user, to) != null) {
                throw new IllegalArgumentException(userid + " is already a member of department " + toDeptId);
            }
            removeMembership(m);
            addMembership(user, to, nextOrderIn(to), false);
            return null;
        });
        events.userEvent("user_modify_org", List.of(userid));
    }

    /**
     * Adds a department with a new DingTalk-style id (larger than every existing one).
     *
     * @return the new department id
     */
    public long addDepartment(long parentId, String name) {
        long id = write(() -> {
            Dept parent = requireDept(parentId);
            if (parent.depth() >= maxDepth) {
                throw new IllegalArgumentException("department " + parentId + " is at max depth " + maxDepth);
            }
            requireFreeName(parent, name);
            Dept d = newDepartment(parent, name, mutationRandom);
            return d.id;
        });
        events.departmentEvent("org_dept_create", List.of(id));
        return id;
    }

    public void renameDepartment(long deptId, String name) {
        write(() -> {
            Dept d = requireDept(deptId);
            if (d.parent != null && !d.name.equals(name)) {
                requireFreeName(d.parent, name);
            }
            d.name = name;
            return null;
        });
        events.departmentEvent("org_dept_modify", List.of(deptId));
    }

    /**
     * Re-parents a department with its subtree. Refused (like DingTalk's 60010) when it would create a
     * cycle, and refused when the subtree would end up deeper than {@link #maxDepth()}.
     */
    public void moveDepartment(long deptId, long newParentId) {
        write(() -> {
            Dept d = requireDept(deptId);
            Dept parent = requireDept(newParentId);
            String problem = moveProblem(d, parent);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            reparent(d, parent);
            return null;
        });
        events.departmentEvent("org_dept_modify", List.of(deptId));
    }

    /**
     * Removes a leaf department. DingTalk refuses to delete a department that still has members, so its
     * members are first moved to the parent (as plain members; someone already in the parent just
     * loses the membership).
     *
     * @return the users whose membership moved to the parent
     */
    public List<String> removeDepartment(long deptId) {
        List<String> rehomed = write(() -> {
            Dept d = requireDept(deptId);
            if (d.parent == null) {
                throw new IllegalArgumentException("the root department cannot be removed");
            }
            if (!d.children.isEmpty()) {
                throw new IllegalArgumentException("department " + deptId + " has sub-departments");
            }
            List<String> moved = new ArrayList<>();
            for (Membership m : rehomeMembersAndRemove(d)) {
                moved.add(m.user.userid);
            }
            return moved;
        });
        // DingTalk refuses to remove a department with members: they were moved first, each a user change
        rehomed.forEach(userid -> events.userEvent("user_modify_org", List.of(userid)));
        events.departmentEvent("org_dept_remove", List.of(deptId));
        return rehomed;
    }

    /** A role as the role APIs created it, with the users it was given to. */
    public record Role(long roleId, long groupId, String groupName, String name, List<String> userids) {

        public Role {
            userids = List.copyOf(userids);
        }
    }

    /** The role groups created through {@code role/add_role_group}, by id, with their names. */
    public Map<Long, String> roleGroups() {
        return read(() -> {
            Map<Long, String> groups = new LinkedHashMap<>();
            roleGroups.forEach((id, group) -> groups.put(id, group.name));
            return groups;
        });
    }

    /** The roles created through {@code role/add_role}, in creation order, with their users. */
    public List<Role> roles() {
        return read(() -> {
            List<Role> result = new ArrayList<>();
            roleGroups.values().forEach(g -> g.roles.forEach(r ->
                    result.add(new Role(r.id, g.id, g.name, r.name, new ArrayList<>(r.userids)))));
            result.sort(Comparator.comparingLong(Role::roleId));
            return result;
        });
    }

    // ------------------------------------------------------------------ locking

    <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            memberCounts = null;
            return action.get();
        } finally {
            memberCounts = null;
            lock.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------ package-private model access (caller holds a lock)

    long seed() {
        return seed;
    }

    String corpDomain() {
        return corpDomain;
    }

    Dept dept(long id) {
        return depts.get(id);
    }

    User user(String userid) {
        return users.get(userid);
    }

    User userByMobile(String mobile) {
        return usersByMobile.get(mobile);
    }

    Collection<Dept> depts() {
        return depts.values();
    }

    Collection<User> users() {
        return users.values();
    }

    boolean mobileTaken(String mobile) {
        return usersByMobile.containsKey(mobile);
    }

    boolean useridTaken(String userid) {
        return users.containsKey(userid);
    }

    /** Distinct users in the department and its subtree. Computed for all departments at once, then cached. */
    int memberCount(Dept d) {
        Map<Long, Integer> counts = memberCounts;
        if (counts == null) {
            synchronized (this) { // several readers may race to build it; building twice is harmless
                counts = memberCounts;
                if (counts == null) {
                    counts = computeMemberCounts();
                    memberCounts = counts;
                }
            }
        }
        return counts.getOrDefault(d.id, 0);
    }

    /** Distinct users in the department and its subtree, in subtree order. */
    Set<User> usersInSubtree(Dept d) {
        Set<User> result = new LinkedHashSet<>();
        Deque<Dept> todo = new ArrayDeque<>();
        todo.add(d);
        while (!todo.isEmpty()) {
            Dept next = todo.poll();
            next.members.forEach(m -> result.add(m.user));
            todo.addAll(next.children);
        }
        return result;
    }

    Membership membership(User user, Dept dept) {
        for (Membership m : user.memberships) {
            if (m.dept == dept) {
                return m;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ package-private mutation primitives (caller holds the write lock)

    Dept newDepartment(Dept parent, String name, SplittableRandom rnd) {
        Dept d = new Dept(nextDeptId, parent, name);
        nextDeptId += 1 + rnd.nextInt(100_000);
        d.order = (parent.children.size() + 1) * 10L;
        d.sourceIdentifier = rnd.nextInt(100) < 60 ? "OA_" + ChineseNames.digits(rnd, 6) : null;
        d.createDeptGroup = rnd.nextInt(100) < 40;
        d.autoAddUser = d.createDeptGroup && rnd.nextInt(100) < 70;
        d.brief = rnd.nextInt(100) < 15 ? "负责" + name + "的日常工作" : null;
        d.telephone = rnd.nextInt(100) < 10 ? "0571-" + ChineseNames.digits(rnd, 8) : null;
        d.extension = rnd.nextInt(100) < 10 ? "{\"costCenter\":\"CC" + ChineseNames.digits(rnd, 4) + "\"}" : null;
        parent.children.add(d);
        depts.put(d.id, d);
        return d;
    }

    /** Lets later department ids jump past 2^31, as in real orgs, so clients must treat them as 64-bit. */
    void skipDeptIds(long gap) {
        nextDeptId += gap;
    }

    String uniqueChildName(Dept parent, String base) {
        String candidate = base;
        for (int n = 2; childNamed(parent, candidate) != null; n++) {
            candidate = base + n;
        }
        return candidate;
    }

    void putUser(User user) {
        users.put(user.userid, user);
        if (user.mobile != null) {
            usersByMobile.put(user.mobile, user);
        }
    }

    void deleteUser(User user) {
        for (Membership m : new ArrayList<>(user.memberships)) {
            removeMembership(m);
        }
        users.remove(user.userid);
        if (user.mobile != null) {
            usersByMobile.remove(user.mobile);
        }
    }

    /** Adds a membership keeping the department's member list sorted. */
    Membership addMembership(User user, Dept dept, long order, boolean leader) {
        Membership m = new Membership(user, dept, order, leader);
        int at = java.util.Collections.binarySearch(dept.members, m, MEMBER_ORDER);
        dept.members.add(at < 0 ? -at - 1 : at, m);
        user.memberships.add(m);
        return m;
    }

    /** Appends without sorting; the generator sorts every member list once at the end. */
    Membership addMembershipUnsorted(User user, Dept dept, long order) {
        Membership m = new Membership(user, dept, order, false);
        dept.members.add(m);
        user.memberships.add(m);
        return m;
    }

    void removeMembership(Membership m) {
        m.dept.members.remove(m);
        m.user.memberships.remove(m);
    }

    /** An order value after every existing member of the department: a newcomer is listed last. */
    long nextOrderIn(Dept dept) {
        long last = dept.members.isEmpty() ? 0 : dept.members.get(dept.members.size() - 1).order;
        nextOrder = Math.max(nextOrder, last) + 1 + mutationRandom.nextInt(1_000_000);
        return nextOrder;
    }

    /** Why {@code d} cannot move under {@code parent}, or null when it can. */
    String moveProblem(Dept d, Dept parent) {
        if (d.parent == null) {
            return "the root department cannot be moved";
        }
        if (d == parent || d.isAncestorOf(parent)) {
            return "moving department " + d.id + " under " + parent.id + " would create a cycle";
        }
        if (parent.depth() + 1 + d.height() > maxDepth) {
            return "moving department " + d.id + " under " + parent.id + " would exceed max depth " + maxDepth;
        }
        if (d.parent != parent && childNamed(parent, d.name) != null) {
            return "department " + parent.id + " already has a sub-department named " + d.name;
        }
        return null;
    }

    void reparent(Dept d, Dept parent) {
        d.parent.children.remove(d);
        parent.children.add(d);
        d.parent = parent;
        d.order = parent.children.size() * 10L;
    }

    /** Moves the members of a leaf to its parent, then deletes the leaf. Returns the memberships that moved or ended. */
    List<Membership> rehomeMembersAndRemove(Dept d) {
        List<Membership> moved = new ArrayList<>(d.members);
        for (Membership m : moved) {
            removeMembership(m);
            if (membership(m.user, d.parent) == null) {
                addMembership(m.user, d.parent, nextOrderIn(d.parent), false);
            }
        }
        d.parent.children.remove(d);
        depts.remove(d.id);
        return moved;
    }

    /**
     * A department as {@code v2/department/create} makes it: a new id, only the fields given (no generated
     * attributes), listed after its siblings unless an order is given.
     */
    Dept createDepartment(Dept parent, String name, Long order, String sourceIdentifier) {
        Dept d = newDepartment(parent, name, mutationRandom);
        d.sourceIdentifier = sourceIdentifier;
        d.createDeptGroup = false;
        d.autoAddUser = false;
        d.brief = null;
        d.telephone = null;
        d.extension = null;
        if (order != null) {
            d.order = order;
        }
        return d;
    }

    /** A department with no members and no sub-departments leaves the tree. */
    void deleteEmptyDepartment(Dept d) {
        d.parent.children.remove(d);
        depts.remove(d.id);
    }

    /** A sibling of {@code d}'s new place (under {@code parent}) with this name, other than {@code d} itself. */
    boolean nameTakenUnder(Dept parent, String name, Dept d) {
        Dept same = childNamed(parent, name);
        return same != null && same != d;
    }

    /** A user as {@code v2/user/create} makes it: the given userid or a generated one, a new unionid, nothing else. */
    User newBlankUser(String userid) {
        User u = new User(userid != null ? userid : OrgGenerator.uniqueUserid(this, mutationRandom, -1));
        u.unionid = ChineseNames.alnum(mutationRandom, 22) + "iEiE";
        return u;
    }

    void changeMobile(User user, String mobile) {
        if (user.mobile != null) {
            usersByMobile.remove(user.mobile);
        }
        user.mobile = mobile;
        if (mobile != null) {
            usersByMobile.put(mobile, user);
        }
    }

    RoleGroup roleGroup(long groupId) {
        return roleGroups.get(groupId);
    }

    RoleGroup newRoleGroup(String name) {
        RoleGroup group = new RoleGroup(nextRoleId(), name);
        roleGroups.put(group.id, group);
        return group;
    }

    /** The role groups in creation order (the order {@code topapi/role/list} answers); under the org's lock. */
    List<RoleGroup> roleGroupsInOrder() {
        return new ArrayList<>(roleGroups.values());
    }

    List<RoleDef> roleDefs() {
        List<RoleDef> all = new ArrayList<>();
        roleGroups.values().forEach(g -> all.addAll(g.roles));
        return all;
    }

    RoleDef roleById(long roleId) {
        for (RoleGroup g : roleGroups.values()) {
            for (RoleDef r : g.roles) {
                if (r.id == roleId) {
                    return r;
                }
            }
        }
        return null;
    }

    long nextRoleId() {
        nextRoleId += 1 + mutationRandom.nextInt(1_000_000);
        return nextRoleId;
    }

    /** A role group; guarded by the org's lock. */
    static final class RoleGroup {
        final long id;
        final String name;
        final List<RoleDef> roles = new ArrayList<>();

        RoleGroup(long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    /** A role and the users it was given to; guarded by the org's lock. */
    static final class RoleDef {
        final long id;
        final String name;
        final Set<String> userids = new LinkedHashSet<>();

        RoleDef(long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    // ------------------------------------------------------------------ internals

    private Dept requireDept(long id) {
        Dept d = depts.get(id);
        if (d == null) {
            throw new IllegalArgumentException("no department " + id);
        }
        return d;
    }

    private User requireUser(String userid) {
        User u = users.get(userid);
        if (u == null) {
            throw new IllegalArgumentException("no user " + userid);
        }
        return u;
    }

    private Membership requireMembership(User user, Dept dept) {
        Membership m = membership(user, dept);
        if (m == null) {
            throw new IllegalArgumentException(user.userid + " is not a member of department " + dept.id);
        }
        return m;
    }

    private void requireFreeName(Dept parent, String name) {
        if (childNamed(parent, name) != null) {
            throw new IllegalArgumentException("department " + parent.id + " already has a sub-department named " + name);
        }
    }

    private static Dept childNamed(Dept parent, String name) {
        for (Dept c : parent.children) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    private Map<Long, Integer> computeMemberCounts() {
        Map<Long, Integer> counts = new HashMap<>(depts.size() * 2);
        Set<Dept> seen = new HashSet<>();
        for (User u : users.values()) {
            seen.clear();
            for (Membership m : u.memberships) {
                for (Dept d = m.dept; d != null && seen.add(d); d = d.parent) {
                    counts.merge(d.id, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private OrgTruth snapshot() {
        List<OrgTruth.TruthDepartment> departments = new ArrayList<>(depts.size());
        Map<Dept, String> paths = new HashMap<>(depts.size() * 2);
        for (Dept d : depts.values()) {
            List<String> managers = new ArrayList<>(2);
            for (Membership m : d.members) {
                if (m.leader) {
                    managers.add(m.user.userid);
                }
            }
            departments.add(new OrgTruth.TruthDepartment(d.id, d.parent == null ? null : d.parent.id, d.name,
                    path(d, paths), d.depth(), d.order, d.sourceIdentifier, d.createDeptGroup, d.autoAddUser,
                    List.copyOf(managers), d.brief, d.telephone, d.extension, memberCount(d), d.members.size()));
        }
        List<OrgTruth.TruthUser> truthUsers = new ArrayList<>(users.size());
        List<OrgTruth.TruthMembership> memberships = new ArrayList<>(users.size() + users.size() / 8);
        for (User u : users.values()) {
            truthUsers.add(new OrgTruth.TruthUser(u.userid, u.unionid, u.name, u.mobile, u.email, u.orgEmail,
                    u.jobNumber, u.title, u.workPlace, u.hiredDate, u.active, u.admin, u.boss, u.managerUserid,
                    u.extension, u.avatar, u.remark, u.telephone, false));
            for (Membership m : u.memberships) {
                memberships.add(new OrgTruth.TruthMembership(u.userid, m.dept.id, m.leader, m.order));
            }
        }
        return new OrgTruth(companyName, departments, truthUsers, memberships);
    }

    private static String path(Dept d, Map<Dept, String> cache) {
        String cached = cache.get(d);
        if (cached != null) {
            return cached;
        }
        String path = d.parent == null ? "/" + d.id : path(d.parent, cache) + "/" + d.id;
        cache.put(d, path);
        return path;
    }

    // ------------------------------------------------------------------ model types

    /** A department. Mutable; guarded by the org's lock. */
    static final class Dept {
        final long id;
        Dept parent;
        String name;
        long order;
        String sourceIdentifier;
        boolean createDeptGroup;
        boolean autoAddUser;
        String brief;
        String telephone;
        String extension;
        final List<Dept> children = new ArrayList<>(2);
        /** Direct members, sorted by {@link #MEMBER_ORDER}. */
        final List<Membership> members = new ArrayList<>(0);

        Dept(long id, Dept parent, String name) {
            this.id = id;
            this.parent = parent;
            this.name = name;
        }

        int depth() {
            int depth = 0;
            for (Dept p = parent; p != null; p = p.parent) {
                depth++;
            }
            return depth;
        }

        /** Levels below this department: 0 for a leaf. */
        int height() {
            int height = 0;
            for (Dept c : children) {
                height = Math.max(height, 1 + c.height());
            }
            return height;
        }

        boolean isAncestorOf(Dept other) {
            for (Dept p = other.parent; p != null; p = p.parent) {
                if (p == this) {
                    return true;
                }
            }
            return false;
        }

        List<Membership> leaders() {
            List<Membership> leaders = new ArrayList<>(2);
            for (Membership m : members) {
                if (m.leader) {
                    leaders.add(m);
                }
            }
            return leaders;
        }
    }

    /** A user. Optional fields are null when absent. Mutable; guarded by the org's lock. */
    static final class User {
        final String userid;
        String unionid;
        String name;
        String mobile;
        String email;
        String orgEmail;
        String jobNumber;
        String title;
        String workPlace;
        String managerUserid;
        String extension;
        String avatar;
        String remark;
        String telephone;
        Long hiredDate;
        boolean active;
        boolean admin;
        boolean boss;
        /** In the order the user joined them; DingTalk gives this order no "main department" meaning. */
        final List<Membership> memberships = new ArrayList<>(1);

        User(String userid) {
            this.userid = userid;
        }

        boolean isLeaderAnywhere() {
            for (Membership m : memberships) {
                if (m.leader) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A user's place in one department. */
    static final class Membership {
        final User user;
        final Dept dept;
        final long order;
        boolean leader;

        Membership(User user, Dept dept, long order, boolean leader) {
            this.user = user;
            this.dept = dept;
            this.order = order;
            this.leader = leader;
        }
    }
}
