-- Text columns sized from DingTalk's documented limits with room to spare (its limits have grown
-- before), so that a value DingTalk allows tomorrow still fits: a 300-character job title no longer fails
-- the night. The lengths are declared once, in io.dingtalketl.orgsync.TextColumn: the staging tables are
-- built from it, the field mapper cuts a longer value to it (with a warning, counted below), and a test
-- checks that these columns agree with it on H2 and MariaDB.
--
--   column                                  DingTalk documents      was           now
--   dim_user.userid (the key), manager_userid  1-64 characters      VARCHAR(64)   VARCHAR(128)
--   dim_user.unionid                        not documented          VARCHAR(64)   VARCHAR(128)
--   dim_user.telephone, job_number          up to 50                VARCHAR(64)   VARCHAR(255)
--   dim_user.title                          up to 200               VARCHAR(255)  VARCHAR(1000)
--   dim_user.work_place                     up to 100               VARCHAR(255)  VARCHAR(500)
--   dim_department.manager_userids          a userid per manager    VARCHAR(4000) TEXT
--
-- Unchanged: dim_user.name (up to 80) 255, email (50) 255, org_email (100) 255, mobile (15, or a 64-character
-- hash) 128, extension (JSON up to 2000) TEXT; dim_department.name (1-64) 255, source_identifier 255.
-- Indexed columns stay far inside InnoDB's 3072-byte key limit: 128 utf8mb4 characters are 512 bytes, the
-- current_membership key 150 characters 600 bytes.
-- One column per statement, as H2 (MySQL mode) takes one MODIFY COLUMN per ALTER TABLE; each restates the
-- whole definition, comment included, as MySQL requires.

ALTER TABLE dim_department MODIFY COLUMN manager_userids TEXT NULL COMMENT 'Comma-separated userids of the department managers';

ALTER TABLE dim_user MODIFY COLUMN userid VARCHAR(128) NOT NULL COMMENT 'DingTalk userid (natural key); a string, leading zeros matter';
ALTER TABLE dim_user MODIFY COLUMN unionid VARCHAR(128) NULL COMMENT 'Union id across apps of the same developer';
ALTER TABLE dim_user MODIFY COLUMN telephone VARCHAR(255) NULL COMMENT 'Extension / landline';
ALTER TABLE dim_user MODIFY COLUMN job_number VARCHAR(255) NULL COMMENT 'Employee number';
ALTER TABLE dim_user MODIFY COLUMN title VARCHAR(1000) NULL COMMENT 'Job title';
ALTER TABLE dim_user MODIFY COLUMN work_place VARCHAR(500) NULL COMMENT 'Work place';
ALTER TABLE dim_user MODIFY COLUMN manager_userid VARCHAR(128) NULL COMMENT 'Direct manager''s userid, when set';
-- the generated column behind the one-current-row unique index follows userid
ALTER TABLE dim_user MODIFY COLUMN current_userid VARCHAR(128) GENERATED ALWAYS AS (CASE WHEN is_current THEN userid END) COMMENT 'userid while current, else NULL (enforces one current row)';

ALTER TABLE bridge_user_department MODIFY COLUMN userid VARCHAR(128) NOT NULL COMMENT 'DingTalk userid';
-- userid (128) + '@' + a BIGINT (at most 20 characters)
ALTER TABLE bridge_user_department MODIFY COLUMN current_membership VARCHAR(150) GENERATED ALWAYS AS (CASE WHEN is_current THEN CONCAT(userid, '@', dept_id) END) COMMENT 'userid@dept_id while current (enforces one current row)';

-- A value longer than its column is cut to fit and counted (one per record and column), never fails the run.
ALTER TABLE etl_sync_run ADD COLUMN values_truncated INT NULL COMMENT 'DingTalk values cut to fit their column (one per record and column); NULL for runs before V7';
ALTER TABLE etl_sync_run ADD COLUMN values_truncated_columns VARCHAR(2000) NULL COMMENT 'The same per column, as JSON {"users.title": 1, ...}';
