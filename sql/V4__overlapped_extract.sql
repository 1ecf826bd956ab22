-- The org sync fetches department details and user pages while the department walk is still going:
-- those steps follow the staging table as the walk commits. They need to know when the walk is over,
-- which is when every staged department has been expanded (its listsub page committed together with
-- the children it returned). Rows staged before this migration belong to walks of the step-after-step
-- shape, whose consumers only started after the walk, so they count as expanded.
ALTER TABLE stg_department ADD COLUMN expanded BOOLEAN NOT NULL DEFAULT TRUE COMMENT 'FALSE until the walk committed this department''s listsub page';
CREATE INDEX ix_stg_department_expanded ON stg_department (run_id, expanded);

-- User partitions are now a function of walk_seq (MOD(walk_seq, partitions)), known before the walk ends.
DROP INDEX ix_stg_department_partition ON stg_department;
ALTER TABLE stg_department DROP COLUMN partition_no;
