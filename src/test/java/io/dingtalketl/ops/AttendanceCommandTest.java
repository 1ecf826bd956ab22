package io.dingtalketl.ops;

import java.time.LocalDate;
import java.util.List;

import io.dingtalketl.attendance.AttendanceProperties;
import io.dingtalketl.attendance.AttendanceWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code attendance} command's window: the nightly default, and either end given. */
class AttendanceCommandTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    private final AttendanceCommand command = new AttendanceCommand(null, null, null, null,
            new AttendanceProperties(7, 4, 5), null, null, null, null);

    @Test
    void withoutDatesTheWindowIsYesterdayAndTheLookbackDaysBeforeIt() {
        assertThat(command.window(List.of(), TODAY)).isEqualTo(new AttendanceWindow(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 12, 1)));
    }

    @Test
    void eitherEndCanBeGiven() {
        assertThat(command.window(List.of("from=2026-06-01", "to=2026-11-30"), TODAY))
                .isEqualTo(new AttendanceWindow(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 11, 30)));
        assertThat(command.window(List.of("from=2026-11-01"), TODAY))
                .isEqualTo(new AttendanceWindow(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)));
    }

    @Test
    void badArgumentsAreRefusedSayingWhy() {
        assertThatThrownBy(() -> command.window(List.of("from=2026-13-01"), TODAY)).hasMessageContaining("from must be a date");
        assertThatThrownBy(() -> command.window(List.of("runDate=2026-11-01"), TODAY)).hasMessageContaining("Unknown argument 'runDate=2026-11-01'");
        assertThatThrownBy(() -> command.window(List.of("from=2026-12-05"), TODAY)).hasMessageContaining("ends before it starts");
    }
}
