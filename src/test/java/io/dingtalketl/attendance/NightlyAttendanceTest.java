package io.dingtalketl.attendance;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the nightly policy reads on a day, given what earlier nights read and scanned. */
class NightlyAttendanceTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 9);
    private static final AttendanceProperties LOOKBACK_7 = new AttendanceProperties(7, 4, 5);

    @Test
    void aWeekAfterTheLastScanTheNewDayIsReadAndTheLookbackPlusTheNightsSinceAreScanned() {
        NightlyAttendance.Run run = plan(NightlyProperties.Policy.CHANGES, TODAY.minusDays(2), TODAY.minusDays(7));

        assertThat(run.window()).isEqualTo(new AttendanceWindow(TODAY.minusDays(1), TODAY.minusDays(1)));
        // a correction made the night after the last scan, 7 days after its day, is still in the scanned days
        assertThat(run.scanDays()).isEqualTo(13);
        assertThat(new RunWindows(run.window(), run.scanDays()).scan()).contains(
                new AttendanceWindow(TODAY.minusDays(14), TODAY.minusDays(2)));
    }

    @Test
    void betweenScansOnlyTheNewDayIsRead() {
        NightlyAttendance.Run run = plan(NightlyProperties.Policy.CHANGES, TODAY.minusDays(2), TODAY.minusDays(3));

        assertThat(run).isEqualTo(new NightlyAttendance.Run(new AttendanceWindow(TODAY.minusDays(1), TODAY.minusDays(1)), 0L));
        RunWindows windows = new RunWindows(run.window(), run.scanDays());
        assertThat(windows.punches(false)).isEmpty();
        assertThat(windows.leavesBeforeResults()).isEmpty();
        assertThat(windows.leavesAfterResults()).isEmpty();
    }

    @Test
    void nightsWithoutARunAreCaughtUpWithinTheLookbackAndTheFirstNightReadsTheLookback() {
        assertThat(plan(NightlyProperties.Policy.CHANGES, TODAY.minusDays(5), TODAY.minusDays(3)).window())
                .isEqualTo(new AttendanceWindow(TODAY.minusDays(4), TODAY.minusDays(1)));
        assertThat(plan(NightlyProperties.Policy.CHANGES, TODAY.minusDays(40), TODAY.minusDays(3)).window())
                .isEqualTo(AttendanceWindow.endingYesterday(TODAY, 7));
        assertThat(plan(NightlyProperties.Policy.CHANGES, null, null))
                .isEqualTo(new NightlyAttendance.Run(AttendanceWindow.endingYesterday(TODAY, 7), 0L));
    }

    @Test
    void theExhaustivePolicyReadsYesterdayAndTheLookbackEveryNight() {
        NightlyAttendance.Run run = plan(NightlyProperties.Policy.EXHAUSTIVE, TODAY.minusDays(2), TODAY.minusDays(3));

        assertThat(run).isEqualTo(new NightlyAttendance.Run(AttendanceWindow.endingYesterday(TODAY, 7), null));
        RunWindows windows = new RunWindows(run.window(), run.scanDays());
        assertThat(windows.leavesAfterResults()).contains(run.window());
        assertThat(windows.scan()).isEmpty();
    }

    private static NightlyAttendance.Run plan(NightlyProperties.Policy policy, LocalDate lastRead, LocalDate lastScan) {
        AttendanceChanges state = new AttendanceChanges(null, ZoneId.of("Asia/Shanghai")) {
            @Override
            Optional<LocalDate> lastReadBefore(LocalDate today) {
                return Optional.ofNullable(lastRead);
            }

            @Override
            Optional<LocalDate> lastScanBefore(LocalDate today) {
                return Optional.ofNullable(lastScan);
            }
        };
        return new NightlyAttendance(state, LOOKBACK_7, new NightlyProperties(policy, 7)).plan(TODAY);
    }
}
