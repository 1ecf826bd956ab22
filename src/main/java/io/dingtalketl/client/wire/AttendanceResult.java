package io.dingtalketl.client.wire;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One punch result (打卡结果) of {@code attendance/list}: a user's OnDuty or OffDuty check point on a work day.
 * {@code id} identifies the result and survives corrections: an approval later changes {@code timeResult},
 * {@code sourceType} (APPROVE) and {@code approveId} of the same id. {@code recordId} is the punch behind it
 * (absent for NotSigned and approval-decided results). Times arrive as epoch ms, numbers or strings.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record AttendanceResult(
        @Nullable Long id,
        @Nullable Long recordId,
        @Nullable String userId,
        @Nullable String corpId,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant workDate,
        @Nullable String checkType,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant baseCheckTime,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant userCheckTime,
        @Nullable String timeResult,
        @Nullable String locationResult,
        @Nullable String sourceType,
        @Nullable Long planId,
        @Nullable Long groupId,
        @Nullable String procInstId,
        @Nullable Long approveId) {
}
