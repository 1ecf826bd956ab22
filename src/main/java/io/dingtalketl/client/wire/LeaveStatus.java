package io.dingtalketl.client.wire;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * One leave of {@code getleavestatus}: {@code duration_unit} is {@code percent_day} or {@code percent_hour}, and
 * {@code duration_percent} is the duration in that unit times 100 (150 = 1.5 days).
 */
public record LeaveStatus(
        @Nullable String userid,
        @Nullable String leaveCode,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant startTime,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant endTime,
        @Nullable String durationUnit,
        @Nullable Long durationPercent) {
}
