package io.dingtalketl.simulator;

import io.dingtalketl.simulator.SimulatedOrg.Dept;
import io.dingtalketl.simulator.SimulatedOrg.Membership;
import io.dingtalketl.simulator.SimulatedOrg.User;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds a {@link SimulatedOrg} from an {@link OrgSpec}. Everything is drawn from one random source
 * seeded by the spec, so the same spec gives the same org.
 *
 * <p>Shape guarantees (the tests and the benchmark rely on them): the deepest department is at
 * {@code maxDepth} whenever there are enough departments; every user is in at least one department
 * and about 10% are in two or three; with 150 or more users one department has 120–250 direct
 * members; with 3 or more departments at least one has no direct members; exactly one boss; each
 * department with members has 0–2 leaders; optional user fields are absent for a share of users.
 */
final class OrgGenerator {

    /** 2025-01-01T00:00+08:00: hire dates count back from here, never from the wall clock. */
    private static final long HIRE_DATE_BASE = 1_735_660_800_000L;
    private static final long DAY_MS = 86_400_000L;

    private OrgGenerator() {
    }

    static SimulatedOrg generate(OrgSpec spec) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        int company = rnd.nextInt(ChineseNames.COMPANIES.length);
        SimulatedOrg org = new SimulatedOrg(ChineseNames.COMPANIES[company], ChineseNames.CORP_DOMAINS[company],
                spec.maxDepth(), spec.seed());
        buildTree(org, spec, rnd);
        populate(org, spec, rnd);
        return org;
    }

    private static void buildTree(SimulatedOrg org, OrgSpec spec, SplittableRandom rnd) {
        int toCreate = spec.departments() - 1;
        Dept root = org.dept(SimulatedOrg.ROOT_DEPT_ID);
        List<Dept> canHaveChildren = new ArrayList<>();
        canHaveChildren.add(root);
        int created = 0;

        int topLevel = Math.min(toCreate, 4 + rnd.nextInt(9));
        for (int i = 0; i < topLevel; i++, created++) {
            create(org, root, rnd, canHaveChildren, spec, created);
        }
        // One chain down to maxDepth, so the deepest level is always exercised.
        Dept tip = topLevel > 0 ? canHaveChildren.get(1 % canHaveChildren.size()) : root;
        while (created < toCreate && tip.depth() < spec.maxDepth()) {
            tip = create(org, tip, rnd, canHaveChildren, spec, created++);
        }
        while (created < toCreate) {
            Dept parent = canHaveChildren.get(rnd.nextInt(canHaveChildren.size()));
            create(org, parent, rnd, canHaveChildren, spec, created++);
        }
    }

    private static Dept create(SimulatedOrg org, Dept parent, SplittableRandom rnd, List<Dept> canHaveChildren,
                               OrgSpec spec, int index) {
        if (index == (spec.departments() - 1) / 2 && index > 0) {
            org.skipDeptIds(2_000_000_000L);
        }
        String name = org.uniqueChildName(parent, ChineseNames.departmentName(rnd, parent.parent == null));
        Dept d = org.newDepartment(parent, name, rnd);
        if (d.depth() < spec.maxDepth()) {
            canHaveChildren.add(d);
        }
        return d;
    }

    private static void populate(SimulatedOrg org, OrgSpec spec, SplittableRandom rnd) {
        List<Dept> all = new ArrayList<>(org.depts());
        Dept root = all.get(0);
        List<Dept> nonRoot = all.subList(1, all.size());

        Set<Dept> empty = new HashSet<>();
        for (Dept d : nonRoot) {
            if (rnd.nextInt(100) < 8) {
                empty.add(d);
            }
        }
        if (empty.isEmpty() && nonRoot.size() >= 2) {
            empty.add(nonRoot.get(rnd.nextInt(nonRoot.size())));
        }
        Dept big = null;
        int bigSize = 0;
        if (spec.users() >= 150 && !nonRoot.isEmpty()) {
            List<Dept> candidates = new ArrayList<>(nonRoot);
            candidates.removeAll(empty);
            if (candidates.isEmpty()) {
                candidates = nonRoot;
            }
            big = candidates.get(rnd.nextInt(candidates.size()));
            empty.remove(big);
            bigSize = Math.min(spec.users() - 1, 120 + rnd.nextInt(131));
        }
        List<Dept> assignable = new ArrayList<>(all);
        assignable.removeAll(empty);

        int boss = spec.users() > 0 ? rnd.nextInt(spec.users()) : -1;
        int inBig = 0;
        List<User> created = new ArrayList<>(spec.users());
        for (int i = 0; i < spec.users(); i++) {
            User u = newUser(org, rnd, i);
            Dept primary;
            if (i == boss) {
                u.boss = true;
                u.admin = true;
                u.active = true;
                u.title = "董事长兼CEO";
                primary = root;
            } else if (inBig < bigSize) {
                primary = big;
                inBig++;
            } else {
                primary = assignable.get(rnd.nextInt(assignable.size()));
            }
            org.putUser(u);
            created.add(u);
            org.addMembershipUnsorted(u, primary, randomOrder(rnd));
            if (assignable.size() > 1 && rnd.nextInt(100) < 10) {
                int extra = 1 + rnd.nextInt(2);
                for (int attempt = 0; attempt < 6 && extra > 0; attempt++) {
                    Dept d = assignable.get(rnd.nextInt(assignable.size()));
                    if (org.membership(u, d) == null) {
                        org.addMembershipUnsorted(u, d, randomOrder(rnd));
                        extra--;
                    }
                }
            }
        }
        for (Dept d : all) {
            d.members.sort(SimulatedOrg.MEMBER_ORDER);
            chooseLeaders(d, rnd);
        }
        if (boss >= 0) {
            org.membership(created.get(boss), root).leader = true;
        }
        for (User u : created) {
            if (!u.boss && rnd.nextInt(100) < 85) {
                u.managerUserid = managerFor(u, created.get(boss));
            }
        }
    }

    private static void chooseLeaders(Dept d, SplittableRandom rnd) {
        if (d.members.isEmpty() || d.parent == null) {
            return; // the root's leader is the boss
        }
        int roll = rnd.nextInt(100);
        int leaders = Math.min(d.members.size(), roll < 35 ? 0 : roll < 85 ? 1 : 2);
        List<Membership> shuffled = new ArrayList<>(d.members);
        Collections.shuffle(shuffled, new java.util.Random(rnd.nextLong()));
        for (int i = 0; i < leaders; i++) {
            shuffled.get(i).leader = true;
        }
    }

    /** The leader of the user's first department, else of an ancestor, else the boss. */
    private static String managerFor(User u, User boss) {
        for (Dept d = u.memberships.get(0).dept; d != null; d = d.parent) {
            for (Membership m : d.leaders()) {
                if (m.user != u) {
                    return m.user.userid;
                }
            }
        }
        return boss != u ? boss.userid : null;
    }

    private static long randomOrder(SplittableRandom rnd) {
        return rnd.nextLong(100_000_000_000_000_000L, 176_000_000_000_000_000L);
    }

    /**
     * A user with generated attributes and no memberships, not yet added to the org. {@code index} below
     * 4 forces each userid shape once, so small orgs still have all of them.
     */
    static User newUser(SimulatedOrg org, SplittableRandom rnd, int index) {
        User u = new User(uniqueUserid(org, rnd, index));
        u.unionid = ChineseNames.alnum(rnd, 22) + "iEiE";
        u.name = ChineseNames.personName(rnd);
        if (rnd.nextInt(100) < 92) {
            u.mobile = uniqueMobile(org, rnd);
        }
        if (rnd.nextInt(100) < 70) {
            u.email = ChineseNames.pinyin(rnd) + ChineseNames.digits(rnd, 3) + "@"
                    + ChineseNames.pick(rnd, ChineseNames.EMAIL_DOMAINS);
        }
        if (rnd.nextInt(100) < 50) {
            u.orgEmail = u.userid.toLowerCase() + "@" + org.corpDomain();
        }
        if (rnd.nextInt(100) < 90) {
            u.jobNumber = "DT" + ChineseNames.digits(rnd, 6);
        }
        if (rnd.nextInt(100) < 90) {
            u.title = ChineseNames.pick(rnd, ChineseNames.TITLES);
        }
        if (rnd.nextInt(100) < 75) {
            u.workPlace = ChineseNames.pick(rnd, ChineseNames.WORK_PLACES);
        }
        if (rnd.nextInt(100) < 30) {
            u.remark = ChineseNames.pick(rnd, ChineseNames.REMARKS);
        }
        if (rnd.nextInt(100) < 40) {
            u.extension = "{\"爱好\":\"" + ChineseNames.pick(rnd, ChineseNames.HOBBIES) + "\",\"工位\":\"A-"
                    + ChineseNames.digits(rnd, 3) + "\"}";
        }
        if (rnd.nextInt(100) < 80) {
            u.avatar = "https://static-legacy.dingtalk.com/media/lADP" + ChineseNames.alnum(rnd, 20) + "_240_240.jpg";
        }
        if (rnd.nextInt(100) < 30) {
            u.telephone = "0571-" + ChineseNames.digits(rnd, 8);
        }
        if (rnd.nextInt(100) < 95) {
            u.hiredDate = HIRE_DATE_BASE - rnd.nextInt(15 * 365) * DAY_MS;
        }
        u.active = rnd.nextInt(100) < 92;
        u.admin = rnd.nextInt(100) < 1;
        return u;
    }

    static String uniqueUserid(SimulatedOrg org, SplittableRandom rnd, int index) {
        for (int attempt = 0; ; attempt++) {
            int shape = index >= 0 && index < 4 && attempt == 0 ? index : rnd.nextInt(100);
            String userid;
            if (shape == 0 || shape >= 4 && shape < 40) {
                // "015xxxx227": leading zero, must stay a string
                userid = "0" + (1 + rnd.nextInt(9)) + ChineseNames.digits(rnd, 8);
            } else if (shape == 1 || shape >= 40 && shape < 60) {
                // "10203029011xxxx": numeric-looking, longer than an int
                userid = "1" + ChineseNames.digits(rnd, 14);
            } else if (shape == 2 || shape >= 60 && shape < 80) {
                userid = "manager" + (1 + rnd.nextInt(attempt < 3 ? 9_999 : 999_999));
            } else {
                userid = ChineseNames.pinyin(rnd) + (rnd.nextBoolean() ? "" : ChineseNames.digits(rnd, 2 + rnd.nextInt(3)));
            }
            if (!org.useridTaken(userid)) {
                return userid;
            }
        }
    }

    private static String uniqueMobile(SimulatedOrg org, SplittableRandom rnd) {
        String[] prefixes = {"13", "15", "17", "18", "19"};
        while (true) {
            String mobile = prefixes[rnd.nextInt(prefixes.length)] + ChineseNames.digits(rnd, 9);
            if (!org.mobileTaken(mobile)) {
                return mobile;
            }
        }
    }
}
