package io.dingtalketl.client.wire;

/**
 * Body of {@code topapi/attendance/getleavestatus} (snake_case): {@code userid_list} comma-separated (≤ 100),
 * {@code start_time}/{@code end_time} epoch ms at most 180 days apart, {@code size} ≤ 100.
 */
public record LeaveStatusRequest(String useridList, long startTime, long endTime, long offset, long size) {
}
