-- Raw punches and the nightly change scan of attendanceJob (io.dingtalketl.attendance), next to sql/V9__attendance.sql.
--
-- The nightly policy (etl.attendance.nightly.policy=changes, the default) reads each new work day once, and
-- every etl.attendance.nightly.scan-every-days nights scans the correction window cheaply (attendance/listRecord:
-- every punch of 50 users over 7 days in one call; getleavestatus: 100 users in one call) for user-days that
-- changed after they were read; only those are read again from attendance/list. The tables below record what was
-- read when (etl_attendance_read), each scan (etl_attendance_scan) and each user-day a scan found changed and why
-- (etl_attendance_change); the corrections themselves stay in fact_attendance_result_change.
-- Times are UTC; work_date and the *_day columns are days in etl.org.time-zone. Same file on MySQL/MariaDB and H2.

CREATE TABLE fact_attendance_punch (
  punch_id            BIGINT NOT NULL COMMENT 'DingTalk''s id of the punch (attendance/listRecord id; fact_attendance_result.record_id)',
  userid              VARCHAR(64) NOT NULL COMMENT 'DingTalk userid (dim_user.userid)',
  work_date           DATE NOT NULL COMMENT 'The work day the punch belongs to',
  check_type          VARCHAR(16) NULL COMMENT 'OnDuty or OffDuty; NULL for an invalid punch',
  user_check_time     DATETIME(3) NOT NULL COMMENT 'When the user punched',
  base_check_time     DATETIME(3) NULL COMMENT 'Scheduled time of the check point',
  time_result         VARCHAR(32) NULL COMMENT 'Normal, Early, Late, SeriousLate, Absenteeism, NotSigned',
  location_result     VARCHAR(32) NULL COMMENT 'Normal, Outside, NotSigned',
  source_type         VARCHAR(32) NULL COMMENT 'USER, ATM, BEACON, DING_ATM, BOSS, APPROVE (an approved forgotten punch), SYSTEM, AUTO_CHECK',
  is_legal            CHAR(1) NULL COMMENT 'Y or N: N punches do not count (see invalid_record_type)',
  invalid_record_type VARCHAR(32) NULL COMMENT 'Security or Other for an invalid punch',
  invalid_record_msg  VARCHAR(255) NULL COMMENT 'DingTalk''s reason for an invalid punch',
  plan_id             BIGINT NULL COMMENT 'Schedule (排班) id',
  group_id            BIGINT NULL COMMENT 'Attendance group id',
  class_id            BIGINT NULL COMMENT 'Shift (班次) id',
  location_method     VARCHAR(32) NULL COMMENT 'MAP, WIFI, ATM, BEACON ...',
  user_address        VARCHAR(255) NULL COMMENT 'PERSONAL (etl.attendance.punches.location, default drop): where the user punched',
  user_latitude       VARCHAR(64) NULL COMMENT 'PERSONAL (etl.attendance.punches.location)',
  user_longitude      VARCHAR(64) NULL COMMENT 'PERSONAL (etl.attendance.punches.location)',
  outside_remark      VARCHAR(255) NULL COMMENT 'PERSONAL (etl.attendance.punches.location): the user''s note on an outside punch',
  user_accuracy       VARCHAR(32) NULL COMMENT 'Accuracy of the position in metres (kept: says nothing about where)',
  device_id           VARCHAR(128) NULL COMMENT 'PERSONAL (etl.attendance.punches.device, default hash): the phone or machine',
  device_sn           VARCHAR(128) NULL COMMENT 'PERSONAL (etl.attendance.punches.device): the attendance machine''s serial number',
  user_ssid           VARCHAR(128) NULL COMMENT 'PERSONAL (etl.attendance.punches.network, default hash): Wi-Fi the phone saw',
  user_mac_addr       VARCHAR(64) NULL COMMENT 'PERSONAL (etl.attendance.punches.network): that Wi-Fi''s MAC address',
  photo_url           VARCHAR(1024) NULL COMMENT 'PERSONAL (etl.attendance.punches.photo, default drop): the punch photo',
  base_address        VARCHAR(255) NULL COMMENT 'The attendance site''s address (the company''s, kept)',
  base_latitude       VARCHAR(64) NULL COMMENT 'The attendance site''s position (kept)',
  base_longitude      VARCHAR(64) NULL COMMENT 'The attendance site''s position (kept)',
  base_accuracy       VARCHAR(32) NULL COMMENT 'The attendance site''s radius (kept)',
  base_ssid           VARCHAR(128) NULL COMMENT 'The attendance site''s Wi-Fi (kept)',
  base_mac_addr       VARCHAR(64) NULL COMMENT 'The attendance site''s Wi-Fi MAC (kept)',
  proc_inst_id        VARCHAR(64) NULL COMMENT 'Approval process instance (an approved forgotten punch, field work)',
  approve_id          BIGINT NULL COMMENT 'Approval id',
  biz_id              VARCHAR(64) NULL COMMENT 'DingTalk bizId',
  gmt_create          DATETIME(3) NULL COMMENT 'When DingTalk recorded the punch',
  gmt_modified        DATETIME(3) NULL COMMENT 'When DingTalk last changed it: after its work day for an approval',
  first_seen_run      BIGINT NOT NULL COMMENT 'etl_sync_run that inserted the row',
  last_changed_run    BIGINT NOT NULL COMMENT 'etl_sync_run that last changed the row',
  row_hash            CHAR(64) NOT NULL COMMENT 'SHA-256 of the stored columns: equal hash, nothing to write',
  PRIMARY KEY (punch_id),
  KEY ix_fact_attendance_punch_user (userid, work_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per DingTalk punch (attendance/listRecord), invalid ones included. Natural key punch_id; upserted when read again. Only when etl.attendance.punches.enabled=true. Personal columns follow etl.attendance.punches.{location,device,network,photo} (keep, hash with etl.pii.salt, drop).';

-- Bookkeeping of the nightly policy, not for analysts.
CREATE TABLE etl_attendance_read (
  userid     VARCHAR(64) NOT NULL COMMENT 'DingTalk userid',
  work_date  DATE NOT NULL COMMENT 'The work day whose punch results were read (attendance/list)',
  read_day   DATE NOT NULL COMMENT 'The day of the run that read them last (its to + 1): a punch modified on that day or later may not be in them',
  run_id     BIGINT NOT NULL COMMENT 'etl_sync_run that read them last',
  PRIMARY KEY (userid, work_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per user and work day whose results attendanceJob read, for the last 31 days of each window. Written once a run''s results are complete; rows older than 62 days are removed.';

CREATE TABLE etl_attendance_scan (
  run_id            BIGINT NOT NULL COMMENT 'etl_sync_run of the nightly run that scanned',
  run_day           DATE NOT NULL COMMENT 'The run''s day (its to + 1): the next scan is due scan-every-days later',
  scan_from         DATE NOT NULL COMMENT 'First work day scanned for changes',
  scan_to           DATE NOT NULL COMMENT 'Last work day scanned',
  punches_seen      BIGINT NOT NULL COMMENT 'Punches listRecord returned',
  user_days_changed BIGINT NOT NULL COMMENT 'User-days found changed (etl_attendance_change rows) and read again',
  PRIMARY KEY (run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per completed change scan (a nightly run with scanDays > 0).';

CREATE TABLE etl_attendance_change (
  run_id     BIGINT NOT NULL COMMENT 'etl_sync_run whose scan found the change and read the day again',
  userid     VARCHAR(64) NOT NULL COMMENT 'DingTalk userid',
  work_date  DATE NOT NULL COMMENT 'The work day read again',
  reason     VARCHAR(32) NOT NULL COMMENT 'punch_modified (a punch changed on or after the day it was read), not_read (punches of a user-day never read), leave_changed (a new or changed leave over results not decided by an approval)',
  evidence   VARCHAR(255) NULL COMMENT 'The punch or leave that showed it, e.g. punch 123 APPROVE modified 2026-11-25T02:00:00Z',
  PRIMARY KEY (run_id, userid, work_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per user-day a change scan found changed, per run. Append only: why a day was read again; what changed is in fact_attendance_result_change (same run_id).';
