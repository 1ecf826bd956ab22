-- The organization's size as DingTalk counts it (user/count), fetched at the start of each run, for the
-- run report's reconciliation and for progress lines.
ALTER TABLE etl_sync_run ADD COLUMN dingtalk_user_count INT NULL COMMENT 'user/count (only_active=false) at the start of the run';
ALTER TABLE etl_sync_run ADD COLUMN dry_run BOOLEAN NOT NULL DEFAULT FALSE COMMENT 'TRUE when the run extracted and diffed but published nothing';
