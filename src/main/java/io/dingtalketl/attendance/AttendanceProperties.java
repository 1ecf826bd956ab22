package io.dingtalketl.attendance;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of {@code attendanceJob} ({@code etl.attendance.*}).
 *
 * @param lookbackDays  the default window of the {@code attendance} command ends yesterday and starts this many days
 *                      before it: results change after approvals (a forgotten punch approved, a leave approved), so
 *                      the nightly run reads the recent days again and records what changed as corrections
 * @param concurrency   partitions (50 users × 7 days) fetched side by side; the client's per-API throttle sets the pace
 * @param pagesPerChunk {@code attendance/list} pages (≤ 50 results each) committed together with their position
 */
@Validated
@ConfigurationProperties("etl.attendance")
public record AttendanceProperties(@DefaultValue("7") @Min(0) @Max(180) int lookbackDays,
                                   @DefaultValue("4") @Min(1) @Max(64) int concurrency,
                                   @DefaultValue("5") @Min(1) @Max(100) int pagesPerChunk) {
}
