-- The run report (io.dingtalketl.ops.report): what one run changed in the warehouse, kept with the run,
-- and the outcome of the DingTalk work notification that announced it. DingTalk accepts a work
-- notification even when it silently drops recipients (sending limits), so the recipients it dropped,
-- as getsendresult reports them, are recorded here too.
ALTER TABLE etl_sync_run ADD COLUMN report_markdown MEDIUMTEXT NULL COMMENT 'The run''s change report in Markdown (the same report is written to etl.report.dir as .md and .html)';
ALTER TABLE etl_sync_run ADD COLUMN report_path VARCHAR(1000) NULL COMMENT 'Where the HTML report was written';
ALTER TABLE etl_sync_run ADD COLUMN notification_status VARCHAR(20) NULL COMMENT 'SENT, RECIPIENTS_DROPPED, UNCHECKED (sent, getsendresult failed) or FAILED; NULL when no notification was sent';
ALTER TABLE etl_sync_run ADD COLUMN notification_task_id BIGINT NULL COMMENT 'task_id of the asyncsend_v2 work notification';
ALTER TABLE etl_sync_run ADD COLUMN notification_detail VARCHAR(4000) NULL COMMENT 'Recipients DingTalk did not deliver to (userid: reason), or why sending failed';
