-- Attendance facts, written by attendanceJob (io.dingtalketl.attendance) from DingTalk's metered attendance APIs.
--
-- Facts are not versioned like the dimensions: each row holds DingTalk's latest answer for its key.
--   * a result or leave seen for the first time is inserted (first_seen_run = last_changed_run = the run);
--   * seen again unchanged, it is left alone;
--   * seen again changed (an approval corrected it after the fact), it is updated in place
--     (last_changed_run = the run) and, for punch results, every changed column is written to
--     fact_attendance_result_change with its old and new value: a correction stays traceable.
--   * nothing is deleted: a user who left keeps their facts.
-- run ids are etl_sync_run.run_id (the Spring Batch job instance). Times are UTC; work_date is the work day
-- in etl.org.time-zone. The same file runs on MySQL/MariaDB and on H2 in MySQL mode.

CREATE TABLE fact_attendance_result (
  result_id        BIGINT NOT NULL COMMENT 'DingTalk''s id of the result (attendance/list id); kept when the result is corrected',
  userid           VARCHAR(64) NOT NULL COMMENT 'DingTalk userid (dim_user.userid)',
  work_date        DATE NOT NULL COMMENT 'The work day (etl.org.time-zone)',
  check_type       VARCHAR(16) NOT NULL COMMENT 'OnDuty or OffDuty',
  base_check_time  DATETIME(3) NULL COMMENT 'Scheduled time of the check point (UTC)',
  user_check_time  DATETIME(3) NULL COMMENT 'When the user punched (UTC); the base time when NotSigned',
  time_result      VARCHAR(32) NULL COMMENT 'Normal, Early, Late, SeriousLate, Absenteeism, NotSigned',
  location_result  VARCHAR(32) NULL COMMENT 'Normal, Outside, NotSigned',
  source_type      VARCHAR(32) NULL COMMENT 'USER, ATM, BEACON, DING_ATM, BOSS, APPROVE, SYSTEM, AUTO_CHECK',
  record_id        BIGINT NULL COMMENT 'The punch behind the result (attendance/listRecord id); NULL when none',
  plan_id          BIGINT NULL COMMENT 'Schedule (排班) id',
  group_id         BIGINT NULL COMMENT 'Attendance group id',
  approve_id       BIGINT NULL COMMENT 'Approval that decided the result (leave, correction, field work)',
  proc_inst_id     VARCHAR(64) NULL COMMENT 'Approval process instance id',
  first_seen_run   BIGINT NOT NULL COMMENT 'etl_sync_run that inserted the row',
  last_changed_run BIGINT NOT NULL COMMENT 'etl_sync_run that last changed the row (first_seen_run until corrected)',
  row_hash         CHAR(64) NOT NULL COMMENT 'SHA-256 of the columns above from userid to proc_inst_id: equal hash, nothing to write',
  PRIMARY KEY (result_id),
  KEY ix_fact_attendance_result_user (userid, work_date),
  KEY ix_fact_attendance_result_date (work_date, check_type, time_result)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per DingTalk punch result (one check point, OnDuty or OffDuty, of a user on a scheduled work day). Natural key result_id. Updated in place when corrected; corrections in fact_attendance_result_change.';

CREATE TABLE fact_attendance_result_change (
  change_key    BIGINT NOT NULL AUTO_INCREMENT COMMENT 'Surrogate key',
  result_id     BIGINT NOT NULL COMMENT 'fact_attendance_result.result_id',
  run_id        BIGINT NOT NULL COMMENT 'etl_sync_run that saw the correction',
  changed_at    DATETIME(3) NOT NULL COMMENT 'When the run wrote it (UTC)',
  column_name   VARCHAR(64) NOT NULL COMMENT 'The fact column that changed, e.g. time_result',
  old_value     VARCHAR(255) NULL COMMENT 'Its value before, as text (times as ISO-8601 UTC)',
  new_value     VARCHAR(255) NULL COMMENT 'Its value after, as text',
  PRIMARY KEY (change_key),
  KEY ix_fact_attendance_result_change_result (result_id, run_id),
  KEY ix_fact_attendance_result_change_run (run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per changed column of a corrected punch result per run. A run''s corrections: COUNT(DISTINCT result_id) WHERE run_id = the run.';

CREATE TABLE fact_leave (
  userid            VARCHAR(64) NOT NULL COMMENT 'DingTalk userid (dim_user.userid)',
  leave_code        VARCHAR(64) NOT NULL COMMENT 'DingTalk leave type code (年假, 事假, 病假, 调休 ... of the organization)',
  start_time        DATETIME(3) NOT NULL COMMENT 'Start of the leave (UTC)',
  end_time          DATETIME(3) NOT NULL COMMENT 'End of the leave (UTC)',
  duration_unit     VARCHAR(16) NULL COMMENT 'percent_day or percent_hour',
  duration_percent  BIGINT NULL COMMENT 'Duration in that unit times 100 (150 = 1.5 days)',
  first_seen_run    BIGINT NOT NULL COMMENT 'etl_sync_run that inserted the row',
  last_changed_run  BIGINT NOT NULL COMMENT 'etl_sync_run that last changed end_time or the duration',
  PRIMARY KEY (userid, leave_code, start_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per approved leave interval (getleavestatus). Natural key (userid, leave_code, start_time): DingTalk gives a leave no id; a leave whose end or duration changes is updated in place. A revoked leave is not removed.';

-- Bookkeeping of attendanceJob, not for analysts: where each partition of a run goes on after a restart.
CREATE TABLE etl_attendance_position (
  run_id          BIGINT NOT NULL COMMENT 'etl_sync_run of the attendance run',
  partition_name  VARCHAR(100) NOT NULL COMMENT 'Partition of the attendanceResults step, e.g. 2026-11-23-b0003 (7 days from that date, users batch 3)',
  next_offset     INT NOT NULL COMMENT 'attendance/list offset of the first page not yet committed',
  finished        BOOLEAN NOT NULL COMMENT 'TRUE once the last page is committed',
  PRIMARY KEY (run_id, partition_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per partition of an attendance run, created when the run is partitioned. Written in each chunk''s transaction, so it never runs ahead of the facts; removed when the run completes.';
