package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.OrgTruth.TruthDepartment;
import io.dingtalketl.simulator.OrgTruth.TruthMembership;
import io.dingtalketl.simulator.OrgTruth.TruthUser;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A simulated working day changes exactly what its ChangeLog says, and leaves a valid org. */
class DayOfChangesTest {

    private static final ChangeSpec BUSY_DAY = new ChangeSpec(5, 4, 6, 3, 4, 3, 3, 2);

    @Test
    void theChangeLogMatchesTheDifferenceBetweenBeforeAndAfter() {
        SimulatedOrg org = SimulatedOrg.generate(OrgSpec.of(77, 200, 2_000));
        OrgTruth before = org.truth();
        ChangeLog log = org.applyDayOfChanges(1, BUSY_DAY);
        OrgTruth after = org.truth();

        assertThat(log.joinedUserids()).hasSize(5);
        assertThat(log.leftUserids()).hasSize(4);
        assertThat(log.movedUsers()).hasSize(6);
        assertThat(log.renamedUserids()).hasSize(3);
        assertThat(log.titleChangedUserids()).hasSize(4);
        assertThat(log.renamedDeptIds()).hasSize(3);
        assertThat(log.movedDepartments()).hasSize(3);
        assertThat(log.removedDeptIds()).hasSize(2);

        // users
        assertThat(difference(ids(after), ids(before))).containsExactlyInAnyOrderElementsOf(log.joinedUserids());
        assertThat(difference(ids(before), ids(after))).containsExactlyInAnyOrderElementsOf(log.leftUserids());
        Set<String> attributeChanges = before.users().stream()
                .filter(u -> after.user(u.userid()).isPresent() && !after.user(u.userid()).get().equals(u))
                .map(TruthUser::userid).collect(Collectors.toSet());
        assertThat(attributeChanges).containsExactlyInAnyOrderElementsOf(
                concat(log.renamedUserids(), log.titleChangedUserids()));
        log.renamedUserids().forEach(id ->
                assertThat(after.user(id).orElseThrow().name()).isNotEqualTo(before.user(id).orElseThrow().name()));
        log.titleChangedUserids().forEach(id ->
                assertThat(after.user(id).orElseThrow().title()).isNotEqualTo(before.user(id).orElseThrow().title()));

        // memberships
        Set<String> membershipChanges = new HashSet<>();
        for (TruthUser u : after.users()) {
            if (!deptIds(before, u.userid()).equals(deptIds(after, u.userid()))) {
                membershipChanges.add(u.userid());
            }
        }
        Set<String> expectedMembershipChanges = new HashSet<>(log.joinedUserids());
        log.movedUsers().forEach(m -> expectedMembershipChanges.add(m.userid()));
        log.rehomedMembers().forEach(m -> expectedMembershipChanges.add(m.userid()));
        // a rehomed user who was already in the parent keeps the same set minus the removed department
        assertThat(membershipChanges).containsExactlyInAnyOrderElementsOf(expectedMembershipChanges);
        for (ChangeLog.UserMove move : log.movedUsers()) {
            assertThat(deptIds(before, move.userid())).contains(move.fromDeptId()).doesNotContain(move.toDeptId());
            assertThat(deptIds(after, move.userid())).contains(move.toDeptId()).doesNotContain(move.fromDeptId());
        }
        for (ChangeLog.UserMove move : log.rehomedMembers()) {
            assertThat(deptIds(after, move.userid())).contains(move.toDeptId()).doesNotContain(move.fromDeptId());
        }

        // departments
        Set<Long> beforeIds = before.departments().stream().map(TruthDepartment::deptId).collect(Collectors.toSet());
        Set<Long> afterIds = after.departments().stream().map(TruthDepartment::deptId).collect(Collectors.toSet());
        assertThat(difference(beforeIds, afterIds)).containsExactlyInAnyOrderElementsOf(log.removedDeptIds());
        assertThat(difference(afterIds, beforeIds)).isEmpty();
        Set<Long> renamed = new HashSet<>();
        Set<Long> reparented = new HashSet<>();
        for (TruthDepartment d : after.departments()) {
            TruthDepartment old = before.department(d.deptId()).orElseThrow();
            if (!d.name().equals(old.name())) {
                renamed.add(d.deptId());
            }
            if (!Objects.equals(d.parentId(), old.parentId())) {
                reparented.add(d.deptId());
            }
        }
        assertThat(renamed).containsExactlyInAnyOrderElementsOf(log.renamedDeptIds());
        assertThat(reparented).containsExactlyInAnyOrderElementsOf(
                log.movedDepartments().stream().map(ChangeLog.DepartmentMove::deptId).toList());
        log.movedDepartments().forEach(m ->
                assertThat(after.department(m.deptId()).orElseThrow().parentId()).isEqualTo(m.toParentId()));

        assertThat(log.changedUserids()).containsAll(attributeChanges).containsAll(membershipChanges);
        assertThat(log.changedDeptIds()).containsAll(renamed).containsAll(reparented);
    }

    @Test
    void theOrgStaysValidAfterManyDays() {
        SimulatedOrg org = SimulatedOrg.generate(OrgSpec.of(5, 120, 800));
        for (long day = 1; day <= 10; day++) {
            org.applyDayOfChanges(day, BUSY_DAY);
        }
        OrgTruth truth = org.truth();

        for (TruthDepartment d : truth.departments()) {
            assertThat(d.depth()).isLessThanOrEqualTo(org.maxDepth());
            if (d.parentId() != null) {
                TruthDepartment parent = truth.department(d.parentId()).orElseThrow();
                assertThat(d.path()).isEqualTo(parent.path() + "/" + d.deptId());
                assertThat(d.depth()).isEqualTo(parent.depth() + 1);
            }
            assertThat(d.managerUserids()).allSatisfy(id -> assertThat(truth.user(id)).isPresent());
        }
        assertThat(truth.users()).allSatisfy(u -> assertThat(truth.membershipsOf(u.userid())).isNotEmpty());
        assertThat(truth.memberships()).allSatisfy(m -> assertThat(truth.department(m.deptId())).isPresent());
        assertThat(truth.users()).filteredOn(TruthUser::boss).hasSize(1);
        assertThat(truth.department(1).orElseThrow().memberCount()).isEqualTo(truth.userCount());
    }

    @Test
    void isDeterministicPerSeed() {
        SimulatedOrg a = SimulatedOrg.generate(OrgSpec.of(9, 80, 500));
        SimulatedOrg b = SimulatedOrg.generate(OrgSpec.of(9, 80, 500));

        assertThat(a.applyDayOfChanges(3, ChangeSpec.typical())).isEqualTo(b.applyDayOfChanges(3, ChangeSpec.typical()));
        assertThat(a.truth().users()).isEqualTo(b.truth().users());
        assertThat(a.truth().memberships()).isEqualTo(b.truth().memberships());
        assertThat(a.truth().departments()).isEqualTo(b.truth().departments());
    }

    @Test
    void aRemovedDepartmentDisappearsFromListsubAndTheTruthAndItsMembersMoveUp() {
        SimulatedOrg org = SimulatedOrg.generate(OrgSpec.of(12, 40, 300));
        try (DingTalkSimulator simulator = DingTalkSimulator.start(org, SimulatorSettings.defaults().withQpsPerApi(0))) {
            SimulatorClient client = new SimulatorClient(simulator);
            ChangeLog log = org.applyDayOfChanges(4, new ChangeSpec(0, 0, 0, 0, 0, 0, 0, 1));
            long removed = log.removedDeptIds().get(0);
            long parent = log.rehomedMembers().isEmpty()
                    ? -1 : log.rehomedMembers().get(0).toDeptId();

            OrgTruth truth = org.truth();
            assertThat(truth.department(removed)).isEmpty();
            assertThat(truth.memberships()).noneMatch(m -> m.deptId() == removed);
            Set<Long> listed = new HashSet<>();
            for (TruthDepartment d : truth.departments()) {
                var answer = client.call(DingTalkEndpoint.DEPARTMENT_LISTSUB, Map.of("dept_id", d.deptId()));
                assertThat(answer.path("errcode").asInt()).isZero();
                answer.path("result").forEach(n -> listed.add(n.path("dept_id").asLong()));
            }
            assertThat(listed).doesNotContain(removed).hasSize(truth.departmentCount() - 1);
            assertThat(client.call(DingTalkEndpoint.DEPARTMENT_GET, Map.of("dept_id", removed)).path("errcode").asInt())
                    .isEqualTo(60003);
            for (ChangeLog.UserMove move : log.rehomedMembers()) {
                assertThat(truth.membershipsOf(move.userid())).extracting(TruthMembership::deptId).contains(parent);
            }
        }
    }

    @Test
    void directMutatorsRefuseCyclesTooDeepTreesAndNonLeafRemovals() {
        SimulatedOrg org = SimulatedOrg.generate(OrgSpec.of(2, 60, 100));
        OrgTruth truth = org.truth();
        TruthDepartment deepest = truth.departments().stream().filter(d -> d.depth() == org.maxDepth()).findFirst().orElseThrow();
        long topOfChain = Long.parseLong(deepest.path().split("/")[2]);
        TruthDepartment otherTop = truth.children(1).stream().filter(d -> d.deptId() != topOfChain).findFirst().orElseThrow();

        assertThatThrownBy(() -> org.moveDepartment(topOfChain, deepest.deptId())).hasMessageContaining("cycle");
        assertThatThrownBy(() -> org.moveDepartment(topOfChain, otherTop.deptId())).hasMessageContaining("max depth");
        assertThatThrownBy(() -> org.removeDepartment(topOfChain)).hasMessageContaining("sub-departments");
        assertThatThrownBy(() -> org.removeDepartment(1)).hasMessageContaining("root");
        assertThat(org.truth().departments()).isEqualTo(truth.departments());
    }

    @Test
    void moveUserMovesOneMembershipAndRenamesShowInTheTruth() {
        SimulatedOrg org = SimulatedOrg.generate(OrgSpec.of(6, 20, 100));
        OrgTruth before = org.truth();
        TruthMembership m = before.memberships().get(0);
        long target = before.departments().stream()
                .map(TruthDepartment::deptId)
                .filter(id -> before.membershipsOf(m.userid()).stream().noneMatch(x -> x.deptId() == id))
                .findFirst().orElseThrow();

        org.moveUser(m.userid(), m.deptId(), target);
        org.renameDepartment(target, "新名字");
        org.changeTitle(m.userid(), null);

        OrgTruth after = org.truth();
        assertThat(deptIds(after, m.userid())).contains(target).doesNotContain(m.deptId());
        assertThat(after.department(target).orElseThrow().name()).isEqualTo("新名字");
        assertThat(after.user(m.userid()).orElseThrow().title()).isNull();
    }

    private static Set<String> ids(OrgTruth truth) {
        return truth.users().stream().map(TruthUser::userid).collect(Collectors.toSet());
    }

    private static Set<Long> deptIds(OrgTruth truth, String userid) {
        return truth.membershipsOf(userid).stream().map(TruthMembership::deptId).collect(Collectors.toSet());
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> result = new HashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
