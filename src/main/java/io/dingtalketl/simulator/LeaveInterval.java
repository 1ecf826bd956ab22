package io.dingtalketl.simulator;

import java.time.Instant;

/**
 * One approved leave as {@code topapi/attendance/getleavestatus} reports it.
 *
 * @param durationUnit    {@code percent_day} (whole days) or {@code percent_hour}
 * @param durationPercent the duration in that unit times 100 (1.5 days is 150)
 */
public record LeaveInterval(String userid, String leaveCode, Instant start, Instant end, String durationUnit,
                            long durationPercent, long approveId, String procInstId) {
}
