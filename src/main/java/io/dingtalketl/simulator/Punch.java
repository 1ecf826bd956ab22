package io.dingtalketl.simulator;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One punch as {@code attendance/listRecord} reports it (打卡详情): where, when and on what device the user
 * punched. Invalid punches ({@code isLegal} N with an {@code invalidRecordType}) are listed too, as DingTalk does;
 * they belong to no check point, so their check type, results, plan and group are null. A punch added by an
 * approval (补卡, a forgotten punch approved on a later day) has sourceType {@code APPROVE}, the approval's ids and
 * {@code gmtModified} the time of the approval; the others were modified when they were made.
 */
public record Punch(long id, String userId, LocalDate workDate, String checkType, Instant userCheckTime,
                    Instant baseCheckTime, String timeResult, String locationResult, String sourceType, Long planId,
                    Long groupId, Long classId, String locationMethod, String userAddress, double userLatitude,
                    double userLongitude, int userAccuracy, String deviceId, String deviceSN, String userSsid,
                    String userMacAddr, String invalidRecordType, String invalidRecordMsg, String outsideRemark,
                    String bizId, String procInstId, Long approveId, Instant gmtModified) {

    /** {@code Y} when both the time and the location are Normal and the punch is valid. */
    public String isLegal() {
        return invalidRecordType == null && "Normal".equals(timeResult) && "Normal".equals(locationResult) ? "Y" : "N";
    }
}
