package io.dingtalketl.simulator;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.client.wire.AttendanceResult;
import io.dingtalketl.client.wire.AttendanceResultPage;
import io.dingtalketl.client.wire.LeaveStatus;
import io.dingtalketl.client.wire.LeaveStatusPage;
import io.dingtalketl.client.wire.PunchRecord;
import io.dingtalketl.simulator.OrgTruth.TruthUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The client reads the simulator's attendance exactly as the simulator holds it, whether numbers come as JSON
 * numbers or, as DingTalk's documentation types them, as strings; and a result corrected by an approval comes
 * back under the same id.
 */
class AttendanceThroughClientTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 6, 8);

    private DingTalkSimulator simulator;
    private List<String> userids;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(23, 5, 60)), SimulatorSettings.defaults().withQpsPerApi(0));
        simulator.attendanceToday(MONDAY.plusDays(9));
        userids = simulator.org().truth().users().stream().map(TruthUser::userid).toList();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @ParameterizedTest(name = "numbers as strings: {0}")
    @ValueSource(booleans = {false, true})
    void resultsPunchesAndLeavesArriveAsTheSimulatorHoldsThem(boolean stringly) {
        simulator.updateSettings(s -> s.withStringlyTyped(stringly));
        DingTalkClient client = client();
        List<String> batch = userids.subList(0, 50);

        List<AttendanceResult> read = new ArrayList<>();
        AttendanceResultPage page;
        int offset = 0;
        do {
            page = client.attendanceResults(MONDAY, MONDAY.plusDays(6), batch, offset, DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE);
            read.addAll(page.results());
            offset += DingTalkClient.MAX_ATTENDANCE_PAGE_SIZE;
        } while (page.more());

        List<PunchResult> truth = new ArrayList<>();
        batch.forEach(u -> truth.addAll(simulator.punchResults(u, MONDAY, MONDAY.plusDays(6))));
        assertThat(read).hasSize(truth.size()).hasSize(50 * 5 * 2);
        for (int i = 0; i < truth.size(); i++) {
            PunchResult t = truth.get(i);
            AttendanceResult r = read.get(i);
            assertThat(r.id()).isEqualTo(t.id());
            assertThat(r.recordId()).isEqualTo(t.recordId());
            assertThat(r.workDate()).isEqualTo(t.workDate().atStartOfDay(SimulatedAttendance.CHINA).toInstant());
            assertThat(r.userCheckTime()).isEqualTo(t.userCheckTime());
            assertThat(r.baseCheckTime()).isEqualTo(t.baseCheckTime());
            assertThat(r.timeResult()).isEqualTo(t.timeResult());
            assertThat(r.approveId()).isEqualTo(t.approveId());
        }

        Instant from = MONDAY.atStartOfDay(SimulatedAttendance.CHINA).toInstant();
        Instant to = MONDAY.plusDays(7).atStartOfDay(SimulatedAttendance.CHINA).toInstant();
        List<PunchRecord> punches = client.punchRecords(MONDAY.atStartOfDay(), MONDAY.plusDays(7).atStartOfDay(), batch);
        List<Punch> heldPunches = new ArrayList<>();
        batch.forEach(u -> heldPunches.addAll(simulator.punches(u, from, to)));
        assertThat(punches).extracting(PunchRecord::id).containsExactlyElementsOf(heldPunches.stream().map(Punch::id).toList());
        assertThat(punches).extracting(PunchRecord::userCheckTime)
                .containsExactlyElementsOf(heldPunches.stream().map(Punch::userCheckTime).toList());
        assertThat(punches.get(0).userLatitude()).isEqualTo(String.valueOf(heldPunches.get(0).userLatitude()));

        Instant leaveTo = from.plus(Duration.ofDays(120));
        LeaveStatusPage leaves = client.leaveStatus(from, leaveTo, userids, 0, DingTalkClient.MAX_LEAVE_PAGE_SIZE);
        List<LeaveInterval> heldLeaves = new ArrayList<>();
        userids.forEach(u -> heldLeaves.addAll(simulator.leaves(u, from, leaveTo)));
        assertThat(heldLeaves).isNotEmpty();
        assertThat(leaves.more()).isFalse();
        assertThat(leaves.leaves()).extracting(LeaveStatus::leaveCode, LeaveStatus::startTime, LeaveStatus::durationPercent)
                .containsExactlyElementsOf(heldLeaves.stream()
                        .map(l -> tuple(l.leaveCode(), l.start(), l.durationPercent())).toList());
    }

    @ParameterizedTest(name = "numbers as strings: {0}")
    @ValueSource(booleans = {false, true})
    void aCorrectedResultComesBackUnderTheSameId(boolean stringly) {
        simulator.updateSettings(s -> s.withStringlyTyped(stringly));
        DingTalkClient client = client();
        PunchResult before = userids.stream()
                .flatMap(u -> simulator.punchResults(u, MONDAY, MONDAY.plusDays(4)).stream())
                .filter(r -> !r.timeResult().equals("Normal") && !r.sourceType().equals("APPROVE"))
                .findFirst().orElseThrow();

        simulator.correctPunchResult(before.userId(), before.workDate(), before.checkType());

        AttendanceResult after = client.attendanceResults(before.workDate(), before.workDate(), List.of(before.userId()), 0, 50)
                .results().stream().filter(r -> r.id() == before.id()).findFirst().orElseThrow();
        assertThat(after.timeResult()).isEqualTo("Normal");
        assertThat(after.sourceType()).isEqualTo("APPROVE");
        assertThat(after.approveId()).isNotNull().isPositive();
        assertThat(after.checkType()).isEqualTo(before.checkType());
    }

    private DingTalkClient client() {
        URI url = URI.create(simulator.baseUrl());
        return DingTalkClient.create(DingTalkProperties.defaults(url)
                .withTarget(url, simulator.settings().appKey(), simulator.settings().appSecret()).withDefaultQps(0), null);
    }
}
