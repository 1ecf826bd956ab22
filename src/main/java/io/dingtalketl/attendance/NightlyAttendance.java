package io.dingtalketl.attendance;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The nightly policy ({@code etl.attendance.nightly.*}): what the {@code attendance} command reads on a day when it
 * is given no dates. The same day always gets the same answer (it reads only what runs of earlier days recorded), so
 * running the command again the same night resumes or reports the same run.
 * <ul>
 *   <li>{@code exhaustive}: yesterday and the {@code lookback-days} before it, all of them read again.</li>
 *   <li>{@code changes} (default): the new days — those after the last day read by an earlier night, at most the
 *       lookback, normally just yesterday — read once; and when a scan is due ({@code scan-every-days} since the
 *       last one, or none yet), a change scan of the lookback days before them plus the nights since the last scan,
 *       so that a correction made up to {@code lookback-days} after its day is always found.</li>
 * </ul>
 */
public class NightlyAttendance {

    /** The scan reads at most this many days back (5 listRecord calls per 50 users). */
    static final int MAX_SCAN_DAYS = 35;

    /** A nightly run: its window of new days and, if it scans, the days before them it scans ({@code scanDays}). */
    public record Run(AttendanceWindow window, @Nullable Long scanDays) {
    }

    private final AttendanceChanges changes;
    private final AttendanceProperties attendance;
    private final NightlyProperties nightly;

    public NightlyAttendance(AttendanceChanges changes, AttendanceProperties attendance, NightlyProperties nightly) {
        this.changes = changes;
        this.attendance = attendance;
        this.nightly = nightly;
    }

    public NightlyProperties.Policy policy() {
        return nightly.policy();
    }

    /** The run for {@code today} (in {@code etl.org.time-zone}). */
    public Run plan(LocalDate today) {
        int lookback = attendance.lookbackDays();
        AttendanceWindow exhaustive = AttendanceWindow.endingYesterday(today, lookback);
        if (nightly.policy() == NightlyProperties.Policy.EXHAUSTIVE) {
            return new Run(exhaustive, null);
        }
        LocalDate yesterday = exhaustive.to();
        LocalDate from = changes.lastReadBefore(today).map(d -> d.plusDays(1))
                .filter(d -> d.isAfter(exhaustive.from())).orElse(exhaustive.from());
        if (from.isAfter(yesterday)) {
            from = yesterday;
        }
        Optional<LocalDate> lastScan = changes.lastScanBefore(today);
        long sinceScan = lastScan.map(d -> ChronoUnit.DAYS.between(d, today)).orElse((long) nightly.scanEveryDays());
        long scanDays = 0;
        if (sinceScan >= nightly.scanEveryDays()) {
            // the lookback before yesterday, and the nights since the previous scan (corrections made meanwhile)
            LocalDate scanFrom = yesterday.minusDays(lookback + (lastScan.isPresent() ? sinceScan - 1 : 0));
            scanDays = Math.max(0, Math.min(MAX_SCAN_DAYS, ChronoUnit.DAYS.between(scanFrom, from)));
        }
        return new Run(new AttendanceWindow(from, yesterday), scanDays);
    }
}
