package io.dingtalketl.simulator;

import io.dingtalketl.simulator.OrgTruth.TruthDepartment;
import io.dingtalketl.simulator.OrgTruth.TruthMembership;
import io.dingtalketl.simulator.OrgTruth.TruthUser;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What a generated org looks like: deterministic, the requested size, and shaped like a real DingTalk org. */
class OrgGenerationTest {

    private static final OrgTruth MID_SIZE = SimulatedOrg.generate(OrgSpec.of(42, 300, 3_000)).truth();

    @Test
    void sameSeedGivesTheSameOrgAndAnotherSeedADifferentOne() {
        OrgTruth again = SimulatedOrg.generate(OrgSpec.of(42, 300, 3_000)).truth();
        OrgTruth other = SimulatedOrg.generate(OrgSpec.of(43, 300, 3_000)).truth();

        assertThat(again.departments()).isEqualTo(MID_SIZE.departments());
        assertThat(again.users()).isEqualTo(MID_SIZE.users());
        assertThat(again.memberships()).isEqualTo(MID_SIZE.memberships());
        assertThat(other.users()).isNotEqualTo(MID_SIZE.users());
    }

    @Test
    void hasTheRequestedSize() {
        assertThat(MID_SIZE.departmentCount()).isEqualTo(300);
        assertThat(MID_SIZE.userCount()).isEqualTo(3_000);
    }

    @Test
    void departmentsFormOneTreeUnderRootOneWithConsistentPathsAndDepths() {
        TruthDepartment root = MID_SIZE.department(1).orElseThrow();
        assertThat(root.parentId()).isNull();
        assertThat(root.depth()).isZero();
        assertThat(root.path()).isEqualTo("/1");
        assertThat(root.name()).isEqualTo(MID_SIZE.companyName());

        for (TruthDepartment d : MID_SIZE.departments()) {
            if (d.deptId() == 1) {
                continue;
            }
            TruthDepartment parent = MID_SIZE.department(d.parentId()).orElseThrow();
            assertThat(d.depth()).isEqualTo(parent.depth() + 1);
            assertThat(d.path()).isEqualTo(parent.path() + "/" + d.deptId());
            assertThat(d.deptId()).isGreaterThan(400_000_000L);
        }
        assertThat(MID_SIZE.maxDepth()).isEqualTo(OrgSpec.DEFAULT_MAX_DEPTH);
        assertThat(MID_SIZE.departments()).anyMatch(d -> d.deptId() > Integer.MAX_VALUE);
    }

    @Test
    void siblingDepartmentsHaveDistinctNamesAndSomeNamesNeedEscaping() {
        Map<Long, List<TruthDepartment>> byParent = MID_SIZE.departments().stream()
                .filter(d -> d.parentId() != null)
                .collect(Collectors.groupingBy(TruthDepartment::parentId));
        byParent.values().forEach(siblings ->
                assertThat(siblings).extracting(TruthDepartment::name).doesNotHaveDuplicates());

        OrgTruth big = SimulatedOrg.generate(OrgSpec.of(7, 2_000, 20_000)).truth();
        assertThat(big.departments()).anyMatch(d -> d.name().contains("\"") || d.name().contains("'"));
        assertThat(big.users()).anyMatch(u -> u.name().contains("\"") || u.name().contains("'"));
        assertThat(big.users()).anyMatch(u -> u.name().codePoints().anyMatch(cp -> cp > 0xFFFF)); // emoji
    }

    @Test
    void everyUserIsInAtLeastOneDepartmentAndSomeInSeveral() {
        Map<String, Long> membershipsPerUser = MID_SIZE.memberships().stream()
                .collect(Collectors.groupingBy(TruthMembership::userid, Collectors.counting()));

        assertThat(membershipsPerUser.keySet()).containsExactlyInAnyOrderElementsOf(
                MID_SIZE.users().stream().map(TruthUser::userid).toList());
        assertThat(membershipsPerUser.values()).allMatch(n -> n >= 1 && n <= 3);
        long multi = membershipsPerUser.values().stream().filter(n -> n > 1).count();
        assertThat(multi).isBetween(150L, 450L); // about 10%
    }

    @Test
    void oneDepartmentIsLargerThanAPageAndSomeAreEmpty() {
        assertThat(MID_SIZE.departments()).anyMatch(d -> d.owningMemberCount() > 100 && d.owningMemberCount() <= 250);
        assertThat(MID_SIZE.departments()).anyMatch(d -> d.owningMemberCount() == 0);

        OrgTruth small = SimulatedOrg.generate(OrgSpec.of(1, 5, 150)).truth();
        assertThat(small.departments()).anyMatch(d -> d.owningMemberCount() > 100);
        assertThat(small.departments()).anyMatch(d -> d.owningMemberCount() == 0);
    }

    @Test
    void leadersAreMembersAtMostTwoPerDepartmentAndExactlyOneBoss() {
        for (TruthDepartment d : MID_SIZE.departments()) {
            assertThat(d.managerUserids()).hasSizeLessThanOrEqualTo(2);
            Set<String> leaders = MID_SIZE.membersOf(d.deptId()).stream()
                    .filter(TruthMembership::leader).map(TruthMembership::userid).collect(Collectors.toSet());
            assertThat(d.managerUserids()).containsExactlyInAnyOrderElementsOf(leaders);
            assertThat(d.owningMemberCount()).isEqualTo(MID_SIZE.membersOf(d.deptId()).size());
        }
        assertThat(MID_SIZE.users()).filteredOn(u -> u.boss()).hasSize(1);
        assertThat(MID_SIZE.departments()).anyMatch(d -> d.managerUserids().size() == 2);
        assertThat(MID_SIZE.departments()).anyMatch(d -> d.owningMemberCount() > 0 && d.managerUserids().isEmpty());
    }

    @Test
    void memberCountCountsDistinctUsersOfTheSubtree() {
        TruthDepartment root = MID_SIZE.department(1).orElseThrow();
        assertThat(root.memberCount()).isEqualTo(3_000);

        TruthDepartment someTopLevel = MID_SIZE.children(1).get(0);
        Set<String> expected = new HashSet<>();
        MID_SIZE.memberships().forEach(m -> {
            String path = MID_SIZE.department(m.deptId()).orElseThrow().path();
            if (path.startsWith(someTopLevel.path() + "/") || path.equals(someTopLevel.path())) {
                expected.add(m.userid());
            }
        });
        assertThat(someTopLevel.memberCount()).isEqualTo(expected.size());
    }

    @Test
    void useridsComeInSeveralShapesAndStayUnique() {
        List<String> ids = MID_SIZE.users().stream().map(TruthUser::userid).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).anyMatch(id -> id.matches("0\\d{9}"));
        assertThat(ids).anyMatch(id -> id.matches("1\\d{14}"));
        assertThat(ids).anyMatch(id -> id.matches("manager\\d+"));
        assertThat(ids).anyMatch(id -> id.matches("[a-z]+\\d*"));

        OrgTruth tiny = SimulatedOrg.generate(OrgSpec.of(99, 3, 4)).truth();
        assertThat(tiny.users()).anyMatch(u -> u.userid().matches("0\\d{9}"));
    }

    @Test
    void optionalFieldsAreAbsentForSomeUsersAndPresentForOthers() {
        List<Function<TruthUser, Object>> optional = List.of(TruthUser::mobile, TruthUser::email, TruthUser::orgEmail,
                TruthUser::workPlace, TruthUser::remark, TruthUser::extension, TruthUser::avatar,
                TruthUser::managerUserid, TruthUser::jobNumber, TruthUser::title, TruthUser::telephone,
                TruthUser::hiredDate);
        for (Function<TruthUser, Object> field : optional) {
            assertThat(MID_SIZE.users()).anyMatch(u -> field.apply(u) == null);
            assertThat(MID_SIZE.users()).anyMatch(u -> field.apply(u) != null);
        }
        assertThat(MID_SIZE.users()).allMatch(u -> u.unionid() != null && !u.name().isEmpty());
        assertThat(MID_SIZE.users()).filteredOn(u -> u.extension() != null)
                .allSatisfy(u -> assertThat(SimulatorClient.JSON.readTree(u.extension()).isObject()).isTrue());
        assertThat(MID_SIZE.users()).filteredOn(u -> u.mobile() != null)
                .extracting(TruthUser::mobile).doesNotHaveDuplicates();
        Set<String> userids = MID_SIZE.users().stream().map(TruthUser::userid).collect(Collectors.toSet());
        assertThat(MID_SIZE.users()).filteredOn(u -> u.managerUserid() != null)
                .allSatisfy(u -> assertThat(userids).contains(u.managerUserid()));
    }

    /** The benchmark's largest profile (its generation time is reported by the benchmark, not asserted here). */
    @Test
    void generatesTheBenchmarksLargestOrg() {
        SimulatedOrg org = SimulatedOrg.generate(OrgSpec.of(2024, 10_000, 100_000));
        OrgTruth truth = org.truth();

        assertThat(truth.departmentCount()).isEqualTo(10_000);
        assertThat(truth.userCount()).isEqualTo(100_000);
        assertThat(truth.maxDepth()).isEqualTo(6);
        assertThat(truth.departments()).anyMatch(d -> d.owningMemberCount() > 100);
    }
}
