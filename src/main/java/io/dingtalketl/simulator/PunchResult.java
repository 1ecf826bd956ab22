package io.dingtalketl.simulator;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One check point of a user's scheduled work day as {@code attendance/list} reports it (打卡结果): the OnDuty or
 * OffDuty result, whether the user punched ({@code recordId} names the punch) or not ({@code NotSigned}).
 * {@code approveId} and {@code procInstId} are set when an approval (a leave, a correction) decided the result.
 *
 * @param id         DingTalk's id of the result; unique, and kept when the result is corrected
 * @param recordId   the punch that made this result (see {@link Punch#id()}), null when none did
 * @param timeResult {@code Normal}, {@code Late}, {@code SeriousLate}, {@code Early}, {@code Absenteeism} or {@code NotSigned}
 * @param sourceType {@code USER}, {@code ATM}, {@code BEACON}, {@code DING_ATM}, {@code SYSTEM}, {@code APPROVE}…
 */
public record PunchResult(long id, Long recordId, String userId, LocalDate workDate, String checkType,
                          Instant baseCheckTime, Instant userCheckTime, String timeResult, String locationResult,
                          String sourceType, long planId, long groupId, String procInstId, Long approveId) {

    public static final String ON_DUTY = "OnDuty";
    public static final String OFF_DUTY = "OffDuty";

    /** This result as an approval changes it: Normal, decided by the approval, same id. */
    PunchResult approved(long newApproveId, String newProcInstId) {
        return new PunchResult(id, recordId, userId, workDate, checkType, baseCheckTime,
                ON_DUTY.equals(checkType) ? baseCheckTime : userCheckTime.isBefore(baseCheckTime) ? baseCheckTime : userCheckTime,
                "Normal", "NotSigned".equals(locationResult) ? "Normal" : locationResult, "APPROVE", planId, groupId,
                newProcInstId, newApproveId);
    }
}
