package io.dingtalketl.client.wire;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One punch (打卡详情) of {@code attendance/listRecord}. DingTalk's doc types most fields as strings, epoch ms
 * included, while its example answer sends numbers: times are read by {@link EpochMillis}, coordinates and
 * accuracies are kept as the text DingTalk sent. Invalid punches are listed too: {@code isLegal} N with an
 * {@code invalidRecordType} ({@code Security}, {@code Other}) and no check type.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record PunchRecord(
        @Nullable Long id,
        @Nullable String userId,
        @Nullable String corpId,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant workDate,
        @Nullable String checkType,
        @Nullable String timeResult,
        @Nullable String locationResult,
        @Nullable String sourceType,
        @Nullable String isLegal,
        @Nullable String invalidRecordType,
        @Nullable String invalidRecordMsg,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant userCheckTime,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant baseCheckTime,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant planCheckTime,
        @Nullable Long planId,
        @Nullable Long groupId,
        @Nullable Long classId,
        @Nullable String userAddress,
        @Nullable String userLatitude,
        @Nullable String userLongitude,
        @Nullable String userAccuracy,
        @Nullable String deviceId,
        @Nullable String deviceSN,
        @Nullable String locationMethod,
        @Nullable String userSsid,
        @Nullable String userMacAddr,
        @Nullable String baseAddress,
        @Nullable String baseLatitude,
        @Nullable String baseLongitude,
        @Nullable String baseAccuracy,
        @Nullable String baseSsid,
        @Nullable String baseMacAddr,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant gmtCreate,
        @JsonDeserialize(using = EpochMillis.class) @Nullable Instant gmtModified,
        @Nullable String outsideRemark,
        @Nullable String procInstId,
        @Nullable Long approveId,
        @Nullable String bizId,
        @Nullable String photoUrl) {

    /** A punch DingTalk counts: {@code isLegal} is not N and no invalid-record type is given. */
    public boolean legal() {
        return !"N".equalsIgnoreCase(isLegal) && invalidRecordType == null;
    }
}
