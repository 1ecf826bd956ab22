package io.dingtalketl.attendance;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The days each API is asked about in one run of {@code attendanceJob}, from its job parameters:
 * <ul>
 *   <li>without {@code scanDays} (a window given by dates, or the exhaustive nightly): punch results and leaves of
 *       {@code from..to}, and punches too when they are stored;</li>
 *   <li>{@code scanDays=0} (a nightly without a scan): the results of the new days {@code from..to} (and their
 *       punches when stored); leaves wait for the next scan;</li>
 *   <li>{@code scanDays=N}: also the change scan of the N days before {@code from} — punches
 *       ({@code listRecord}) and leaves of the scan and the new days — then the results of the new days and of the
 *       user-days the scan found changed.</li>
 * </ul>
 */
record RunWindows(AttendanceWindow days, @Nullable Long scanDays) {

    /** The work days scanned for changes, if this run scans. */
    Optional<AttendanceWindow> scan() {
        return scanDays != null && scanDays > 0
                ? Optional.of(new AttendanceWindow(days.from().minusDays(scanDays), days.from().minusDays(1)))
                : Optional.empty();
    }

    /** The days whose punches are read (listRecord): the scan and the new days, or the new days when they are stored. */
    Optional<AttendanceWindow> punches(boolean stored) {
        Optional<AttendanceWindow> scan = scan();
        if (scan.isPresent()) {
            return Optional.of(new AttendanceWindow(scan.get().from(), days.to()));
        }
        return stored ? Optional.of(days) : Optional.empty();
    }

    /** The days whose leaves are read before the results (a scan, which needs them to find changes). */
    Optional<AttendanceWindow> leavesBeforeResults() {
        return scan().map(s -> new AttendanceWindow(s.from(), days.to()));
    }

    /** The days whose leaves are read after the results (a run without {@code scanDays}). */
    Optional<AttendanceWindow> leavesAfterResults() {
        return scanDays == null ? Optional.of(days) : Optional.empty();
    }

    /** The day of the run: a change made on it or later may not be in what it reads. */
    java.time.LocalDate readDay() {
        return days.to().plusDays(1);
    }
}
