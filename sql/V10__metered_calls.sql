-- What each run spent of the organization's monthly quota of metered DingTalk calls (dingtalk-api.md §7, §9.4).
-- Which calls are metered is the client's one rule: dingtalk.metered-apis (attendance, work notifications; the
-- contacts APIs are exempt), and for a configured extract its own `metered` setting. A call counts once per HTTP
-- call sent, retries and refused (90020) calls included, as DingTalk counts them.
-- The quota is per DingTalk month (Asia/Shanghai) and per organization: calls other apps make are not here.
-- A run stopped by its maxCalls budget is recorded in etl_sync_run with status STOPPED (the same command goes on).
-- The same file runs on MySQL/MariaDB and on H2 in MySQL mode.

ALTER TABLE etl_sync_run ADD COLUMN metered_calls BIGINT NULL COMMENT 'Calls of this run that count toward DingTalk''s monthly quota, all executions; NULL for runs recorded before V10';

CREATE TABLE etl_metered_calls (
  job_execution_id  BIGINT NOT NULL COMMENT 'The Spring Batch job execution that made the calls',
  run_id            BIGINT NOT NULL COMMENT 'Its run (etl_sync_run.run_id, the job instance)',
  job_name          VARCHAR(100) NOT NULL COMMENT 'Batch job name',
  quota_month       CHAR(7) NOT NULL COMMENT 'DingTalk''s month the execution ended in, yyyy-MM in Asia/Shanghai',
  calls             BIGINT NOT NULL COMMENT 'Calls counted toward the monthly quota (> 0)',
  recorded_at       DATETIME(3) NOT NULL COMMENT 'When the execution ended (UTC)',
  PRIMARY KEY (job_execution_id),
  KEY ix_etl_metered_calls_month (quota_month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per job execution that made metered DingTalk calls. Natural key job_execution_id. Written when the execution ends (the run''s work notification adds its call after); month to date = SUM(calls) of the month''s rows.';
