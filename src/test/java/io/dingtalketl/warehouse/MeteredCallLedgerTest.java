package io.dingtalketl.warehouse;

import java.time.Instant;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DingTalk's quota month is China's, and the projection is this month's pace so far, carried to its last day. */
class MeteredCallLedgerTest {

    @Test
    void theMonthIsDingTalksMonthInChinaNotTheUtcMonth() {
        assertThat(MeteredCallLedger.monthOf(Instant.parse("2026-11-30T15:59:59Z"))).isEqualTo(YearMonth.of(2026, 11));
        assertThat(MeteredCallLedger.monthOf(Instant.parse("2026-11-30T16:00:00Z"))).isEqualTo(YearMonth.of(2026, 12));
    }

    @Test
    void theProjectionCarriesThisMonthsPaceToItsLastDay() {
        YearMonth november = YearMonth.of(2026, 11);
        // 10 of 30 days gone (midnight of the 11th in Shanghai): 1,000 so far → 3,000
        assertThat(MeteredCallLedger.project(1_000, november, Instant.parse("2026-11-10T16:00:00Z"))).isEqualTo(3_000);
        // on the first day the pace is taken over one whole day, not a few hours
        assertThat(MeteredCallLedger.project(100, november, Instant.parse("2026-10-31T22:00:00Z"))).isEqualTo(3_000);
        // on the last day nearly nothing is left to project
        assertThat(MeteredCallLedger.project(4_500, november, Instant.parse("2026-11-30T15:59:00Z"))).isEqualTo(4_500);
    }

    @Test
    void whatIsLeftNeverGoesBelowZeroAndAnUnknownQuotaSaysSo() {
        assertThat(new QuotaUsage(YearMonth.of(2026, 11), 5, 5_200, 6_000, 5_000L).left()).isZero();
        QuotaUsage unknown = new QuotaUsage(YearMonth.of(2026, 11), 5, 200, 600, null);
        assertThat(unknown.left()).isNull();
        assertThat(unknown.describe()).contains("5 this run").contains("200 so far in 2026-11").contains("about 600")
                .contains("quota unknown (set dingtalk.monthly-quota)");
    }
}
