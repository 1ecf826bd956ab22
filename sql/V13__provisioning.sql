-- Provisioning: the HR master (what the company's HR system says the organization should be) and the plans
-- that write it back to DingTalk. The HR tables are input: the HR system (or a load job) fills them; this
-- application only reads them. prov_plan and prov_plan_item are owned by the provision command and provisionJob.
-- The same file runs on MySQL/MariaDB and on H2 in MySQL mode.

CREATE TABLE hr_department (
  hr_id          VARCHAR(64) NOT NULL COMMENT 'The HR system''s department id (natural key); written to DingTalk as source_identifier',
  parent_hr_id   VARCHAR(64) NULL COMMENT 'hr_id of the parent department; NULL: directly under the DingTalk root (dept 1)',
  name           VARCHAR(64) NOT NULL COMMENT 'Department name (DingTalk: 1-64 characters, none of - ， ,)',
  display_order  BIGINT NULL COMMENT 'Order among its siblings (DingTalk order); NULL: left as DingTalk has it',
  PRIMARY KEY (hr_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per department of the HR master, as it should be now. Natural key hr_id. No history.';

CREATE TABLE hr_employee (
  hr_id       VARCHAR(64) NOT NULL COMMENT 'The HR system''s employee id (natural key)',
  job_number  VARCHAR(50) NULL COMMENT 'Employee number; links to dim_user.job_number (trimmed, case-insensitive)',
  name        VARCHAR(80) NOT NULL COMMENT 'Display name (DingTalk: at most 80 characters)',
  mobile      VARCHAR(32) NULL COMMENT 'Mobile number; required to create the user in DingTalk, unique there; the second link to dim_user',
  email       VARCHAR(50) NULL COMMENT 'Email (DingTalk: at most 50 characters, unique); NULL: not managed',
  title       VARCHAR(200) NULL COMMENT 'Job title; NULL: not managed',
  active      BOOLEAN NOT NULL DEFAULT TRUE COMMENT 'FALSE: a leaver; a linked DingTalk user is deleted (moved to the resigned list)',
  PRIMARY KEY (hr_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per employee of the HR master, as it should be now. Natural key hr_id. No history.';

CREATE TABLE hr_employee_department (
  employee_hr_id    VARCHAR(64) NOT NULL COMMENT 'hr_employee.hr_id',
  department_hr_id  VARCHAR(64) NOT NULL COMMENT 'hr_department.hr_id: the employee is a direct member',
  PRIMARY KEY (employee_hr_id, department_hr_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per department an HR employee belongs to. Natural key (employee_hr_id, department_hr_id).';

CREATE TABLE hr_employee_role (
  employee_hr_id  VARCHAR(64) NOT NULL COMMENT 'hr_employee.hr_id',
  role_group      VARCHAR(64) NOT NULL COMMENT 'Role group name; created in DingTalk when no plan created it before',
  role_name       VARCHAR(64) NOT NULL COMMENT 'Role name within the group; created when no plan created it before',
  PRIMARY KEY (employee_hr_id, role_group, role_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one role an HR employee should hold. Optional: without rows no role is planned. Roles are only given, never taken away.';

CREATE TABLE prov_plan (
  plan_id               BIGINT NOT NULL AUTO_INCREMENT COMMENT 'The plan',
  created_at            DATETIME(3) NOT NULL COMMENT 'When it was computed (UTC)',
  based_on_run_id       BIGINT NULL COMMENT 'etl_sync_run of the last published org sync when it was computed (what DingTalk held)',
  status                VARCHAR(20) NOT NULL COMMENT 'PLANNED, APPLYING, APPLIED, APPLIED_WITH_ERRORS (some items FAILED or SKIPPED), INTERRUPTED (its apply failed or was stopped: resumable)',
  departments_created   INT NOT NULL DEFAULT 0,
  departments_updated   INT NOT NULL DEFAULT 0 COMMENT 'Renamed or re-ordered',
  departments_moved     INT NOT NULL DEFAULT 0,
  departments_deleted   INT NOT NULL DEFAULT 0,
  users_created         INT NOT NULL DEFAULT 0,
  users_updated         INT NOT NULL DEFAULT 0 COMMENT 'Name, mobile, email or title changed',
  users_moved           INT NOT NULL DEFAULT 0 COMMENT 'Department set changed',
  users_deactivated     INT NOT NULL DEFAULT 0 COMMENT 'Deleted in DingTalk (v2/user/delete: moved to the resigned list)',
  role_groups_created   INT NOT NULL DEFAULT 0,
  roles_created         INT NOT NULL DEFAULT 0,
  roles_assigned        INT NOT NULL DEFAULT 0 COMMENT 'Role given to a user (one item per user and role)',
  applied_at            DATETIME(3) NULL COMMENT 'When its apply finished (UTC)',
  PRIMARY KEY (plan_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per provisioning plan (the HR master minus the warehouse at one moment). Counts per action.';

CREATE TABLE prov_plan_item (
  plan_id       BIGINT NOT NULL COMMENT 'prov_plan.plan_id',
  seq           INT NOT NULL COMMENT 'Order of execution: parents before children, moves before deletes',
  entity_kind   VARCHAR(16) NOT NULL COMMENT 'DEPARTMENT, USER, ROLE_GROUP or ROLE',
  action        VARCHAR(16) NOT NULL COMMENT 'CREATE, UPDATE, MOVE, DELETE (departments), DEACTIVATE (users), ASSIGN (roles)',
  hr_id         VARCHAR(200) NULL COMMENT 'hr_department.hr_id or hr_employee.hr_id (a role assignment: the employee''s); for a department to delete, the HR id it had; a role group: its name; a role: group/role',
  dingtalk_id   VARCHAR(64) NULL COMMENT 'dept_id or userid; for a CREATE, the id DingTalk gave once applied',
  intended      VARCHAR(4000) NOT NULL COMMENT 'JSON of the values to write (department references are HR ids)',
  status        VARCHAR(16) NOT NULL COMMENT 'PLANNED, APPLIED, FAILED (DingTalk refused: errcode, errmsg), SKIPPED (depends on a failed item: errmsg)',
  errcode       INT NULL COMMENT 'DingTalk''s errcode of a refusal',
  errmsg        VARCHAR(1000) NULL COMMENT 'DingTalk''s errmsg, or why the item was skipped',
  applied_at    DATETIME(3) NULL COMMENT 'When its status was set by the apply (UTC)',
  PRIMARY KEY (plan_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per write of a provisioning plan. Natural key (plan_id, seq). Status updated in place.';
