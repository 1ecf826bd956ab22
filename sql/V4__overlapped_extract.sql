-- The org sync fetches department details and user pages while the department walk is still going:
-- those steps follow the staging table as the walk commits. They need to know when the walk is over,
-- which is when every staged department has been expanded (its listsub page committed together with
-- the children it returned). Rows staged before this migration belong to walks of the step-after-step
-- shape, whose consumers only started after the walk, so they count as expanded.
ALTER TABLE stg_department ADD COLUMN expanded BOOLEAN NOT NULL DEFAULT TRUE COMMENT 'FALSE until the walk committed this department''s listsub page';
CREATE INDEX ix_stg_department_expanded ON stg_department (run_id, expanded);
-- The details step looks for departments without details each time the walk commits.
CREATE INDEX ix_stg_department_details ON stg_department (run_id, details_loaded, walk_seq);

-- User partitions are now a function of walk_seq (MOD(walk_seq, partitions)), known before the walk ends.
DROP INDEX ix_stg_department_partition ON stg_department;
ALTER TABLE stg_department DROP COLUMN partition_no;

-- Listings keyed by user first: every publish and guard lookup goes by (run, user[, department]), so the
-- primary key serves them all and no second index is written, kept or deleted. (With the department
-- first, MariaDB chose the primary key's run_id prefix for the by-user lookups and scanned the whole run
-- for each listing.) Listings staged by a run in progress are carried over.
CREATE TABLE stg_user_listing_by_user (
  run_id          BIGINT NOT NULL,
  dept_id         BIGINT NOT NULL COMMENT 'The department whose member page listed the user',
  userid          VARCHAR(64) NOT NULL,
  unionid         VARCHAR(64) NULL,
  name            VARCHAR(255) NOT NULL,
  mobile          VARCHAR(128) NULL,
  email           VARCHAR(255) NULL,
  org_email       VARCHAR(255) NULL,
  telephone       VARCHAR(64) NULL,
  job_number      VARCHAR(64) NULL,
  title           VARCHAR(255) NULL,
  work_place      VARCHAR(255) NULL,
  hired_date      DATE NULL,
  active          BOOLEAN NULL,
  admin           BOOLEAN NULL,
  boss            BOOLEAN NULL,
  manager_userid  VARCHAR(64) NULL,
  extension       TEXT NULL,
  row_hash        CHAR(64) NOT NULL,
  is_leader       BOOLEAN NOT NULL,
  dept_order      BIGINT NULL,
  PRIMARY KEY (run_id, userid, dept_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Staging: one row per (department, member) listing found by one run; a user in three departments is listed three times.';
INSERT INTO stg_user_listing_by_user SELECT run_id, dept_id, userid, unionid, name, mobile, email, org_email, telephone,
  job_number, title, work_place, hired_date, active, admin, boss, manager_userid, extension, row_hash, is_leader, dept_order
  FROM stg_user_listing;
DROP TABLE stg_user_listing;
ALTER TABLE stg_user_listing_by_user RENAME TO stg_user_listing;
