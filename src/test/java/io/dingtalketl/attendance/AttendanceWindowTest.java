package io.dingtalketl.attendance;

import java.time.LocalDate;
import java.util.List;

import io.dingtalketl.client.DingTalkApiException;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.ErrorCategory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The window's arithmetic, the call estimate and the quota message, without a database or DingTalk. */
class AttendanceWindowTest {

    @Test
    void theNightlyWindowEndsYesterdayAndLooksBackTheGivenDays() {
        assertThat(AttendanceWindow.endingYesterday(LocalDate.of(2026, 12, 2), 7))
                .isEqualTo(new AttendanceWindow(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 12, 1)));
    }

    @Test
    void partitionsTakeSevenDaysAndLeaveCallsAtMost180() {
        AttendanceWindow halfYear = new AttendanceWindow(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 11, 30));
        List<AttendanceWindow> weeks = halfYear.weeks();
        assertThat(weeks).hasSize(27);
        assertThat(weeks.get(0)).isEqualTo(new AttendanceWindow(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 7)));
        assertThat(weeks.get(26)).isEqualTo(new AttendanceWindow(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30)));
        assertThat(halfYear.leaveSpans()).containsExactly(
                new AttendanceWindow(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 11, 26)),
                new AttendanceWindow(LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 30)));
        assertThatThrownBy(() -> new AttendanceWindow(LocalDate.of(2026, 6, 2), LocalDate.of(2026, 6, 1)))
                .hasMessageContaining("ends before it starts");
    }

    @Test
    void theEstimateCountsPagesOfEveryPartitionAndLeaveCalls() {
        // a week of 5 weekdays: 50 users × 5 × 2 check points = 500 results = 10 pages per batch
        AttendanceCallEstimate week = AttendanceCallEstimate.of(5_000, new AttendanceWindow(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 29)));
        assertThat(week.resultCalls()).isEqualTo(100 * 10);
        assertThat(week.leaveCalls()).isEqualTo(50);
        // a weekend: no weekday, still one page per batch
        assertThat(AttendanceCallEstimate.of(120, new AttendanceWindow(LocalDate.of(2026, 11, 28), LocalDate.of(2026, 11, 29))).resultCalls())
                .isEqualTo(3);
        AttendanceCallEstimate halfYear = AttendanceCallEstimate.of(400, new AttendanceWindow(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 11, 30)));
        assertThat(halfYear.toString()).isEqualTo("about " + halfYear.total() + " metered DingTalk calls (" + halfYear.resultCalls()
                + " attendance/list for 400 users, 8 getleavestatus)");
        System.out.println("[estimate] 400 users, 2026-06-01 .. 2026-11-30: " + halfYear);
        System.out.println("[estimate] 5000 users, one week: " + week);
    }

    @Test
    void theQuotaMessageGivesDingTalksCountAndQuotaAndHowToResume() {
        DingTalkApiException refused = new DingTalkApiException(ErrorCategory.QUOTA_EXHAUSTED, DingTalkEndpoint.ATTENDANCE_LIST, 90020,
                "您的企业本月api调用量已超过限制,调用量:10001次,额度:10000次", null, 200, "quota");

        assertThat(AttendanceCalls.quotaMessage(refused, "partition 2026-11-23-b0001 offset 50"))
                .contains("errcode 90020 at /attendance/list, partition 2026-11-23-b0001 offset 50")
                .contains("DingTalk counts 10001 metered calls this month against a quota of 10000")
                .contains("Run the same command again when the quota is back")
                .contains("resumes from the last committed chunk");
    }
}
