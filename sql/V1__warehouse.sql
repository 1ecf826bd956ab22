-- dingtalk-etl warehouse, version 1.
--
-- Kimball-style dimensions with slowly changing dimension type 2 history:
--   * every change of a tracked attribute closes the current version (valid_to = the new version's
--     valid_from, is_current = FALSE) and inserts a new one; an unchanged entity gets no new version;
--   * an entity absent from a complete extraction has its current version closed and no current row;
--   * intervals are half-open [valid_from, valid_to); valid_to is NULL while current;
--   * exactly one current row per natural key, enforced by a unique index on a generated column
--     that holds the natural key only while the row is current.
-- Timestamps are UTC. run_id is the etl_sync_run that wrote the row.
-- The same file runs on MySQL/MariaDB and on H2 in MySQL mode.

CREATE TABLE dim_department (
  department_key      BIGINT NOT NULL AUTO_INCREMENT COMMENT 'Surrogate key of this version',
  dept_id             BIGINT NOT NULL COMMENT 'DingTalk department id (natural key); the root is 1',
  parent_dept_id      BIGINT NULL COMMENT 'Parent department id; NULL for the root of the extraction',
  name                VARCHAR(255) NOT NULL COMMENT 'Department name',
  dept_path           VARCHAR(2000) NOT NULL COMMENT 'Ids from the root: /1/<child>/.../<dept_id>',
  depth               INT NOT NULL COMMENT 'Distance from the root (root = 0)',
  dept_order          BIGINT NULL COMMENT 'Order among its siblings (department/get)',
  source_identifier   VARCHAR(255) NULL COMMENT 'Identifier set by the HR/OA system that created it',
  manager_userids     VARCHAR(4000) NULL COMMENT 'Comma-separated userids of the department managers',
  create_dept_group   BOOLEAN NULL COMMENT 'Whether a department group chat is created',
  auto_add_user       BOOLEAN NULL COMMENT 'Whether new members join the group chat automatically',
  hide_dept           BOOLEAN NULL COMMENT 'Hidden department',
  outer_dept          BOOLEAN NULL COMMENT 'Restricted (outer) department',
  member_count        INT NULL COMMENT 'Members including sub-departments; type 1: updated in place on the current row, not versioned',
  owning_member_count INT NULL COMMENT 'Direct members; type 1: updated in place on the current row, not versioned',
  row_hash            CHAR(64) NOT NULL COMMENT 'SHA-256 of the versioned attributes',
  valid_from          DATETIME(3) NOT NULL COMMENT 'Start of this version (UTC, inclusive)',
  valid_to            DATETIME(3) NULL COMMENT 'End of this version (UTC, exclusive); NULL while current',
  is_current          BOOLEAN NOT NULL COMMENT 'TRUE for the one current version of the department',
  run_id              BIGINT NOT NULL COMMENT 'etl_sync_run that wrote this version',
  current_dept_id     BIGINT GENERATED ALWAYS AS (CASE WHEN is_current THEN dept_id END) COMMENT 'dept_id while current, else NULL (enforces one current row)',
  PRIMARY KEY (department_key),
  UNIQUE KEY uq_dim_department_current (current_dept_id),
  KEY ix_dim_department_dept (dept_id, valid_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per version of a DingTalk department. Natural key dept_id. SCD type 2.';

CREATE TABLE dim_user (
  user_key        BIGINT NOT NULL AUTO_INCREMENT COMMENT 'Surrogate key of this version',
  userid          VARCHAR(64) NOT NULL COMMENT 'DingTalk userid (natural key); a string, leading zeros matter',
  unionid         VARCHAR(64) NULL COMMENT 'Union id across apps of the same developer',
  name            VARCHAR(255) NOT NULL COMMENT 'Display name',
  mobile          VARCHAR(128) NULL COMMENT 'Mobile number, or its salted SHA-256 (etl.pii.mobile=hash), or NULL (drop / no permission)',
  email           VARCHAR(255) NULL COMMENT 'Personal email, subject to etl.pii.email',
  org_email       VARCHAR(255) NULL COMMENT 'Organization email, subject to etl.pii.org-email',
  telephone       VARCHAR(64) NULL COMMENT 'Extension / landline',
  job_number      VARCHAR(64) NULL COMMENT 'Employee number',
  title           VARCHAR(255) NULL COMMENT 'Job title',
  work_place      VARCHAR(255) NULL COMMENT 'Work place',
  hired_date      DATE NULL COMMENT 'Hire date (in etl.org.time-zone)',
  active          BOOLEAN NULL COMMENT 'Has activated DingTalk',
  admin           BOOLEAN NULL COMMENT 'Organization administrator',
  boss            BOOLEAN NULL COMMENT 'The organization''s boss',
  manager_userid  VARCHAR(64) NULL COMMENT 'Direct manager''s userid, when set',
  extension       TEXT NULL COMMENT 'Custom attributes, as DingTalk''s JSON text',
  row_hash        CHAR(64) NOT NULL COMMENT 'SHA-256 of the versioned attributes',
  valid_from      DATETIME(3) NOT NULL COMMENT 'Start of this version (UTC, inclusive)',
  valid_to        DATETIME(3) NULL COMMENT 'End of this version (UTC, exclusive); NULL while current',
  is_current      BOOLEAN NOT NULL COMMENT 'TRUE for the one current version of the user',
  run_id          BIGINT NOT NULL COMMENT 'etl_sync_run that wrote this version',
  current_userid  VARCHAR(64) GENERATED ALWAYS AS (CASE WHEN is_current THEN userid END) COMMENT 'userid while current, else NULL (enforces one current row)',
  PRIMARY KEY (user_key),
  UNIQUE KEY uq_dim_user_current (current_userid),
  KEY ix_dim_user_userid (userid, valid_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per version of a DingTalk user. Natural key userid. SCD type 2. A user who leaves has no current row.';

CREATE TABLE bridge_user_department (
  membership_key  BIGINT NOT NULL AUTO_INCREMENT COMMENT 'Surrogate key of this version',
  userid          VARCHAR(64) NOT NULL COMMENT 'DingTalk userid',
  dept_id         BIGINT NOT NULL COMMENT 'DingTalk department id (the user is a direct member)',
  is_leader       BOOLEAN NOT NULL COMMENT 'The user leads this department',
  dept_order      BIGINT NULL COMMENT 'The user''s order within this department',
  valid_from      DATETIME(3) NOT NULL COMMENT 'Start of this version (UTC, inclusive)',
  valid_to        DATETIME(3) NULL COMMENT 'End of this version (UTC, exclusive); NULL while current',
  is_current      BOOLEAN NOT NULL COMMENT 'TRUE while the membership holds',
  run_id          BIGINT NOT NULL COMMENT 'etl_sync_run that wrote this version',
  current_membership VARCHAR(100) GENERATED ALWAYS AS (CASE WHEN is_current THEN CONCAT(userid, '@', dept_id) END) COMMENT 'userid@dept_id while current (enforces one current row)',
  PRIMARY KEY (membership_key),
  UNIQUE KEY uq_bridge_current (current_membership),
  KEY ix_bridge_user (userid, dept_id, valid_from),
  KEY ix_bridge_dept (dept_id, valid_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per version of a user''s direct membership of a department. Natural key (userid, dept_id). SCD type 2: who was in which department when.';

CREATE TABLE etl_sync_run (
  run_id                  BIGINT NOT NULL COMMENT 'The Spring Batch job instance id: one nightly run, across its restarts',
  job_name                VARCHAR(100) NOT NULL COMMENT 'Batch job name',
  run_date                DATE NOT NULL COMMENT 'The runDate job parameter',
  as_of                   DATETIME(3) NOT NULL COMMENT 'When extraction began (UTC): valid_from of the versions it writes',
  status                  VARCHAR(20) NOT NULL COMMENT 'STARTED, PUBLISHED, DRY_RUN, FAILED',
  started_at              DATETIME(3) NOT NULL COMMENT 'Start of the first execution (UTC)',
  ended_at                DATETIME(3) NULL COMMENT 'End of publishing (UTC)',
  last_execution_id       BIGINT NULL COMMENT 'The job execution that published',
  departments_seen        INT NULL,
  departments_inserted    INT NULL COMMENT 'Departments new to the warehouse',
  departments_changed     INT NULL COMMENT 'Departments given a new version',
  departments_closed      INT NULL COMMENT 'Departments removed (current version closed)',
  users_seen              INT NULL,
  users_inserted          INT NULL,
  users_changed           INT NULL,
  users_closed            INT NULL,
  memberships_seen        INT NULL,
  memberships_inserted    INT NULL,
  memberships_changed     INT NULL,
  memberships_closed      INT NULL,
  api_calls_total         BIGINT NULL COMMENT 'DingTalk API calls made by this run, all executions',
  api_calls               VARCHAR(2000) NULL COMMENT 'API calls per endpoint, as JSON {"user-list": 123, ...}',
  message                 TEXT NULL COMMENT 'Failure or warning text',
  PRIMARY KEY (run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per sync run (a job instance, across its restarts). Counts and API calls for operators.';

-- Staging: what one run extracted, written chunk by chunk and merged into the dimensions by the
-- publish step in a single transaction. Rows are keyed by run_id and removed once published.

CREATE TABLE stg_department (
  run_id              BIGINT NOT NULL,
  dept_id             BIGINT NOT NULL,
  walk_seq            INT NOT NULL COMMENT 'Breadth-first discovery order (root = 1); the walk resumes from it',
  parent_dept_id      BIGINT NULL,
  name                VARCHAR(255) NOT NULL,
  dept_path           VARCHAR(2000) NOT NULL,
  depth               INT NOT NULL,
  create_dept_group   BOOLEAN NULL,
  auto_add_user       BOOLEAN NULL,
  source_identifier   VARCHAR(255) NULL,
  details_loaded      BOOLEAN NOT NULL DEFAULT FALSE,
  dept_order          BIGINT NULL,
  manager_userids     VARCHAR(4000) NULL,
  hide_dept           BOOLEAN NULL,
  outer_dept          BOOLEAN NULL,
  member_count        INT NULL,
  owning_member_count INT NULL,
  partition_no        INT NULL COMMENT 'User-fetch partition this department belongs to',
  row_hash            CHAR(64) NULL COMMENT 'Computed by the publish step once details are in',
  PRIMARY KEY (run_id, dept_id),
  UNIQUE KEY uq_stg_department_seq (run_id, walk_seq),
  KEY ix_stg_department_partition (run_id, partition_no, walk_seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Staging: one row per department found by one run.';

CREATE TABLE stg_user_listing (
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
  PRIMARY KEY (run_id, dept_id, userid),
  KEY ix_stg_user_listing_user (run_id, userid, dept_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Staging: one row per (department, member) listing found by one run; a user in three departments is listed three times.';
