-- Where a run's data came from, and whether the process running an execution is alive.
--
-- A run against the embedded DingTalk simulator writes an invented organization: it is marked as such,
-- so that nobody mistakes it for DingTalk's truth. NULL means DingTalk itself (dingtalk.base-url).
ALTER TABLE etl_sync_run ADD COLUMN simulated_source VARCHAR(255) NULL COMMENT 'The simulator a run read instead of DingTalk (invented data), e.g. embedded DingTalk simulator (seed 42, 100 departments, 1000 users); NULL for DingTalk itself';

-- Grain: one row per job execution whose process is running it. The process inserts the row when the
-- execution starts, refreshes beat_at every etl.heartbeat.interval and deletes the row when the execution
-- ends. A row whose beat_at is fresh (database clock) belongs to a live process; a stale one, or a
-- running execution without a row, was left by a process that died (kill -9, a lost machine).
CREATE TABLE etl_run_heartbeat (
  job_execution_id BIGINT NOT NULL COMMENT 'The Spring Batch job execution being run',
  job_instance_id  BIGINT NOT NULL COMMENT 'Its job instance (etl_sync_run.run_id for the org sync)',
  job_name         VARCHAR(100) NOT NULL COMMENT 'Batch job name',
  host             VARCHAR(255) NOT NULL COMMENT 'Host name of the process running it',
  pid              BIGINT NOT NULL COMMENT 'Process id on that host',
  started_at       DATETIME(3) NOT NULL COMMENT 'When the process began running it (database clock)',
  beat_at          DATETIME(3) NOT NULL COMMENT 'Last sign of life (database clock)',
  PRIMARY KEY (job_execution_id),
  KEY ix_etl_run_heartbeat_instance (job_instance_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per job execution being run by a live (or recently killed) process. Liveness of runs for the command line.';
