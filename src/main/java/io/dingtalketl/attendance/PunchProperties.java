package io.dingtalketl.attendance;

import io.dingtalketl.orgsync.PiiPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Raw punches ({@code etl.attendance.punches.*}): {@code attendance/listRecord} into {@code fact_attendance_punch}.
 * Each personal field group follows a {@link PiiPolicy} (keep, hash with {@code etl.pii.salt}, drop), as the org
 * sync's mobile and email do.
 *
 * @param enabled  store raw punches (metered: one call per 50 users and 7 days); off, no punch is stored
 * @param location where the user punched: {@code user_address}, {@code user_latitude}, {@code user_longitude},
 *                 {@code outside_remark}
 * @param device   the phone or machine: {@code device_id}, {@code device_sn} (hashed, a shared device stays visible)
 * @param network  the Wi-Fi the phone saw: {@code user_ssid}, {@code user_mac_addr}
 * @param photo    {@code photo_url}
 */
@Validated
@ConfigurationProperties("etl.attendance.punches")
public record PunchProperties(@DefaultValue("false") boolean enabled,
                              @DefaultValue("drop") PiiPolicy location,
                              @DefaultValue("hash") PiiPolicy device,
                              @DefaultValue("hash") PiiPolicy network,
                              @DefaultValue("drop") PiiPolicy photo) {
}
