package io.dingtalketl.attendance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dingtalketl.client.wire.PunchRecord;
import io.dingtalketl.orgsync.InvalidDingTalkDataException;
import io.dingtalketl.orgsync.PiiPolicy;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Owner of {@code fact_attendance_punch} ({@code sql/V11}): the one place that maps {@code attendance/listRecord}
 * fields to its columns and applies {@link PunchProperties}' PII policy to the personal ones, before anything is
 * hashed or written (a dropped value never reaches the database). Upserts by punch id; an unchanged punch is not
 * written. Thread-safe; callers write disjoint punches.
 */
public class AttendancePunches {

    private static final String[] COLUMNS = {"punch_id", "userid", "work_date", "check_type", "user_check_time", "base_check_time",
            "time_result", "location_result", "source_type", "is_legal", "invalid_record_type", "invalid_record_msg", "plan_id",
            "group_id", "class_id", "location_method", "user_address", "user_latitude", "user_longitude", "outside_remark",
            "user_accuracy", "device_id", "device_sn", "user_ssid", "user_mac_addr", "photo_url", "base_address", "base_latitude",
            "base_longitude", "base_accuracy", "base_ssid", "base_mac_addr", "proc_inst_id", "approve_id", "biz_id", "gmt_create",
            "gmt_modified"};
    /** Widths of the text columns, as in the migration: a longer value is refused, never cut. */
    private static final Map<String, Integer> WIDTHS = Map.ofEntries(Map.entry("userid", 64), Map.entry("check_type", 16),
            Map.entry("time_result", 32), Map.entry("location_result", 32), Map.entry("source_type", 32), Map.entry("is_legal", 1),
            Map.entry("invalid_record_type", 32), Map.entry("invalid_record_msg", 255), Map.entry("location_method", 32),
            Map.entry("user_address", 255), Map.entry("user_latitude", 64), Map.entry("user_longitude", 64),
            Map.entry("outside_remark", 255), Map.entry("user_accuracy", 32), Map.entry("device_id", 128), Map.entry("device_sn", 128),
            Map.entry("user_ssid", 128), Map.entry("user_mac_addr", 64), Map.entry("photo_url", 1024), Map.entry("base_address", 255),
            Map.entry("base_latitude", 64), Map.entry("base_longitude", 64), Map.entry("base_accuracy", 32), Map.entry("base_ssid", 128),
            Map.entry("base_mac_addr", 64), Map.entry("proc_inst_id", 64), Map.entry("biz_id", 64));

    private final JdbcTemplate jdbc;
    private final ZoneId zone;
    private final PunchProperties policy;
    private final @Nullable String salt;

    public AttendancePunches(JdbcTemplate jdbc, ZoneId zone, PunchProperties policy, @Nullable String salt) {
        this.jdbc = jdbc;
        this.zone = zone;
        this.policy = policy;
        this.salt = salt;
    }

    /** What one write did. */
    public record PunchCounts(int inserted, int changed, int unchanged) {
    }

    /**
     * Upserts punches by id.
     *
     * @throws InvalidDingTalkDataException for a punch without id, userId or userCheckTime, or with a value wider than
     *         its column (naming the punch and the column); nothing of the batch is written
     */
    public PunchCounts write(Collection<PunchRecord> punches, long runId) {
        Map<Long, Object[]> incoming = new LinkedHashMap<>();
        for (PunchRecord punch : punches) {
            Object[] row = row(punch);
            incoming.put((Long) row[0], row);
        }
        if (incoming.isEmpty()) {
            return new PunchCounts(0, 0, 0);
        }
        String marks = String.join(",", Collections.nCopies(incoming.size(), "?"));
        Map<Long, String> hashes = new LinkedHashMap<>();
        jdbc.query("SELECT punch_id, row_hash FROM fact_attendance_punch WHERE punch_id IN (" + marks + ")",
                rs -> { hashes.put(rs.getLong(1), rs.getString(2)); }, incoming.keySet().toArray());
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        int unchanged = 0;
        for (Object[] row : incoming.values()) {
            String hash = hash(row);
            String known = hashes.get((Long) row[0]);
            if (known == null) {
                Object[] args = Arrays.copyOf(row, row.length + 3);
                args[row.length] = runId;
                args[row.length + 1] = runId;
                args[row.length + 2] = hash;
                inserts.add(args);
            } else if (!known.equals(hash)) {
                Object[] args = new Object[row.length + 2];
                System.arraycopy(row, 1, args, 0, row.length - 1);
                args[row.length - 1] = runId;
                args[row.length] = hash;
                args[row.length + 1] = row[0];
                updates.add(args);
            } else {
                unchanged++;
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO fact_attendance_punch (" + String.join(", ", COLUMNS) + ", first_seen_run, last_changed_run,"
                    + " row_hash) VALUES (" + String.join(",", Collections.nCopies(COLUMNS.length + 3, "?")) + ")", inserts);
        }
        if (!updates.isEmpty()) {
            StringBuilder set = new StringBuilder();
            for (int i = 1; i < COLUMNS.length; i++) {
                set.append(COLUMNS[i]).append(" = ?, ");
            }
            jdbc.batchUpdate("UPDATE fact_attendance_punch SET " + set + "last_changed_run = ?, row_hash = ? WHERE punch_id = ?", updates);
        }
        return new PunchCounts(inserts.size(), updates.size(), unchanged);
    }

    /** The work day of a punch in the org's time zone (its {@code workDate}, else the day it was made). */
    LocalDate workDate(PunchRecord punch) {
        Instant day = punch.workDate() != null ? punch.workDate() : punch.userCheckTime();
        if (day == null) {
            throw new InvalidDingTalkDataException("attendance/listRecord returned a punch without workDate and userCheckTime: id "
                    + punch.id() + ", userId " + punch.userId());
        }
        return day.atZone(zone).toLocalDate();
    }

    private Object[] row(PunchRecord p) {
        if (p.id() == null || p.userId() == null || p.userCheckTime() == null) {
            throw new InvalidDingTalkDataException("attendance/listRecord returned a punch without id, userId or userCheckTime: id "
                    + p.id() + ", userId " + p.userId());
        }
        PiiPolicy location = policy.location();
        PiiPolicy device = policy.device();
        PiiPolicy network = policy.network();
        Object[] row = {p.id(), p.userId(), workDate(p), p.checkType(), utc(p.userCheckTime()), utc(p.baseCheckTime()),
                p.timeResult(), p.locationResult(), p.sourceType(), p.isLegal(), p.invalidRecordType(), p.invalidRecordMsg(),
                p.planId(), p.groupId(), p.classId(), p.locationMethod(),
                location.apply(p.userAddress(), salt), location.apply(p.userLatitude(), salt), location.apply(p.userLongitude(), salt),
                location.apply(p.outsideRemark(), salt), p.userAccuracy(),
                device.apply(p.deviceId(), salt), device.apply(p.deviceSN(), salt),
                network.apply(p.userSsid(), salt), network.apply(p.userMacAddr(), salt),
                policy.photo().apply(p.photoUrl(), salt),
                p.baseAddress(), p.baseLatitude(), p.baseLongitude(), p.baseAccuracy(), p.baseSsid(), p.baseMacAddr(),
                p.procInstId(), p.approveId(), p.bizId(), utc(p.gmtCreate()), utc(p.gmtModified())};
        for (int i = 0; i < row.length; i++) {
            Integer width = WIDTHS.get(COLUMNS[i]);
            if (width != null && row[i] instanceof String text && text.length() > width) {
                throw new InvalidDingTalkDataException("attendance/listRecord punch " + p.id() + " (user " + p.userId() + "): "
                        + COLUMNS[i] + " is " + text.length() + " characters, the column holds " + width + ". Nothing of this"
                        + " batch was written.");
            }
        }
        return row;
    }

    private static String hash(Object[] row) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < row.length; i++) {
            text.append(row[i] == null ? "\u0000" : row[i].toString()).append('\u0001');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable LocalDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(Instant.ofEpochMilli(instant.toEpochMilli()), ZoneOffset.UTC);
    }
}
