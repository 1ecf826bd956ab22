/**
 * {@code attendanceJob}: DingTalk's punch results ({@code attendance/list}) and leaves ({@code getleavestatus})
 * of a window of work days, for everyone in {@code dim_user} not known to have left before the window, upserted
 * into {@code fact_attendance_result} (corrections logged in {@code fact_attendance_result_change}) and
 * {@code fact_leave}; raw punches ({@code listRecord}) into {@code fact_attendance_punch} when enabled. The nightly
 * policy ({@link io.dingtalketl.attendance.NightlyAttendance}) reads each new day once and finds corrections by a
 * cheap scan of punches and leaves. The APIs are metered: a run that meets DingTalk's monthly quota (90020) stops at once and
 * the same command resumes it from its last committed chunk.
 */
@NullMarked
package io.dingtalketl.attendance;

import org.jspecify.annotations.NullMarked;
