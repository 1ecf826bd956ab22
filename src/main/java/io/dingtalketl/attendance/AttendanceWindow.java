package io.dingtalketl.attendance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.DingTalkClient;

/**
 * The work days {@code from}..{@code to} (inclusive) one run of {@code attendanceJob} reads: its job parameters.
 */
public record AttendanceWindow(LocalDate from, LocalDate to) {

    /** Days of one {@code attendance/list} partition: the API takes at most 7 days apart; a week reads best. */
    static final int PARTITION_DAYS = 7;

    public AttendanceWindow {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("The attendance window ends before it starts: from=" + from + " to=" + to + ".");
        }
    }

    /** The nightly default: yesterday and the {@code lookbackDays} before it (corrections land in that time). */
    public static AttendanceWindow endingYesterday(LocalDate today, int lookbackDays) {
        LocalDate yesterday = today.minusDays(1);
        return new AttendanceWindow(yesterday.minusDays(lookbackDays), yesterday);
    }

    /** The window cut into spans of {@code days} days (the last one shorter), in order. */
    List<AttendanceWindow> spans(int days) {
        List<AttendanceWindow> spans = new ArrayList<>();
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(days)) {
            LocalDate end = start.plusDays(days - 1);
            spans.add(new AttendanceWindow(start, end.isAfter(to) ? to : end));
        }
        return spans;
    }

    /** The partitions' 7-day windows. */
    public List<AttendanceWindow> weeks() {
        return spans(PARTITION_DAYS);
    }

    /** The spans {@code getleavestatus} is asked about: at most 180 days each. */
    public List<AttendanceWindow> leaveSpans() {
        return spans(DingTalkClient.MAX_LEAVE_WINDOW_DAYS - 1);
    }

    /** Monday to Friday in the window. */
    public int workDays() {
        int n = 0;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                n++;
            }
        }
        return n;
    }

    /** The first instant of the window in {@code zone}. */
    public Instant start(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the window in {@code zone}. */
    public Instant end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    @Override
    public String toString() {
        return from + " .. " + to;
    }
}
