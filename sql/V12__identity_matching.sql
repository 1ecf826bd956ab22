-- Identity matching: DingTalk users linked to the accounts of the company's other systems (a wiki, an HR
-- system, a mail directory ...), written by matchJob (io.dingtalketl.identity).
--
--   * src_account holds each system's accounts as the last `accounts load` gave them (a load replaces the
--     system's accounts in one transaction);
--   * matchJob links each active account to at most one current DingTalk user (dim_user), by the first rule
--     of etl.match.rules that finds a candidate, and keeps the links in map_account_user with history
--     (SCD type 2): an unchanged link is left alone, a link to another user (or by another rule) closes the
--     old row and opens a new one, a link that no longer holds (user left, account gone or inactive,
--     ambiguous now) is closed;
--   * each run writes one etl_match_run row, its links per rule in etl_match_rule_count, and what it
--     reports item by item (new, re-linked, closed, ambiguous, unmatched) in etl_match_finding.
-- A match run is one transaction: a killed run leaves these tables as they were. Times are UTC.
-- source_system (SYSTEM is a reserved word in MySQL 8) is a name of [A-Za-z0-9_.-] (checked by the loader), so
-- 'source_system/account_id' is unambiguous.
-- The same file runs on MySQL/MariaDB and on H2 in MySQL mode.

CREATE TABLE src_account (
  source_system    VARCHAR(64) NOT NULL COMMENT 'The other system, as named by `accounts load system=<name>` (e.g. wiki)',
  account_id       VARCHAR(128) NOT NULL COMMENT 'The account''s id in that system (trimmed)',
  username         VARCHAR(255) NULL COMMENT 'Login name; matched to dim_user.job_number by rule username-job-number',
  email            VARCHAR(255) NULL COMMENT 'Email; matched to dim_user.email (rule email) or org_email (rule org-email)',
  employee_number  VARCHAR(64) NULL COMMENT 'Employee number; matched to dim_user.job_number by rule employee-number',
  mobile           VARCHAR(64) NULL COMMENT 'Mobile number; matched to dim_user.mobile by rule mobile (as etl.pii.mobile keeps it)',
  display_name     VARCHAR(255) NULL COMMENT 'Display name (shown in reports, never matched on)',
  active           BOOLEAN NOT NULL COMMENT 'FALSE: a disabled account, never linked (its link is closed)',
  loaded_at        DATETIME(3) NOT NULL COMMENT 'When the load that wrote the row ran (UTC)',
  PRIMARY KEY (source_system, account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per account of another system. Natural key (source_system, account_id). No history: each load replaces the system''s accounts.';

CREATE TABLE map_account_user (
  link_key         BIGINT NOT NULL AUTO_INCREMENT COMMENT 'Surrogate key of this version',
  source_system    VARCHAR(64) NOT NULL COMMENT 'src_account.source_system',
  account_id       VARCHAR(128) NOT NULL COMMENT 'src_account.account_id',
  userid           VARCHAR(64) NOT NULL COMMENT 'DingTalk userid (dim_user.userid)',
  match_rule       VARCHAR(32) NOT NULL COMMENT 'The rule that made the link: employee-number, username-job-number, email, org-email or mobile',
  valid_from       DATETIME(3) NOT NULL COMMENT 'Start of this link (UTC, inclusive): the match run that made it',
  valid_to         DATETIME(3) NULL COMMENT 'End of this link (UTC, exclusive); NULL while current',
  is_current       BOOLEAN NOT NULL COMMENT 'TRUE while the link holds',
  close_reason     VARCHAR(32) NULL COMMENT 'Why it closed: relinked, user-left, account-removed, account-inactive, ambiguous, unmatched',
  opened_run       BIGINT NOT NULL COMMENT 'etl_match_run that opened it',
  closed_run       BIGINT NULL COMMENT 'etl_match_run that closed it',
  current_account  VARCHAR(200) GENERATED ALWAYS AS (CASE WHEN is_current THEN CONCAT(source_system, '/', account_id) END) COMMENT 'system/account_id while current (enforces one current link per account)',
  PRIMARY KEY (link_key),
  UNIQUE KEY uq_map_account_user_current (current_account),
  KEY ix_map_account_user_account (source_system, account_id, valid_from),
  KEY ix_map_account_user_user (userid, source_system)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per version of the link of an account of another system to a DingTalk user. Natural key (source_system, account_id). SCD type 2: a re-link closes the old row and opens a new one.';

CREATE TABLE etl_match_run (
  match_run_id        BIGINT NOT NULL COMMENT 'The Spring Batch job instance id of matchJob',
  matched_at          DATETIME(3) NOT NULL COMMENT 'The run''s time (UTC, whole seconds): valid_from/valid_to of the links it opened/closed',
  org_run_id          BIGINT NULL COMMENT 'The last published org sync (etl_sync_run.run_id) whose users were matched',
  rules               VARCHAR(255) NOT NULL COMMENT 'etl.match.rules in order, as applied',
  skipped_rules       VARCHAR(255) NULL COMMENT 'Rules configured but not applied, with why (mobile with etl.pii.mobile=drop)',
  systems             INT NOT NULL COMMENT 'Systems with accounts in src_account',
  accounts            INT NOT NULL COMMENT 'Active accounts considered',
  users               INT NOT NULL COMMENT 'Current DingTalk users (the candidates)',
  links               INT NOT NULL COMMENT 'Current links after the run',
  links_new           INT NOT NULL COMMENT 'Accounts linked that had no link',
  links_relinked      INT NOT NULL COMMENT 'Links moved to another user or made by another rule (old row closed, new one opened)',
  links_closed        INT NOT NULL COMMENT 'Links closed without a successor',
  ambiguous_accounts  INT NOT NULL COMMENT 'Accounts left unlinked because a rule found several users, or several accounts found their user',
  unmatched_accounts  INT NOT NULL COMMENT 'Active accounts no rule found a user for',
  unmatched_users     INT NOT NULL COMMENT 'Current users without a link, summed over systems',
  PRIMARY KEY (match_run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per completed identity match run (matchJob). Natural key match_run_id. Append only.';

CREATE TABLE etl_match_rule_count (
  match_run_id  BIGINT NOT NULL COMMENT 'etl_match_run.match_run_id',
  source_system VARCHAR(64) NOT NULL COMMENT 'src_account.source_system',
  match_rule    VARCHAR(32) NOT NULL COMMENT 'The rule',
  links         INT NOT NULL COMMENT 'Current links of the system made by the rule, after the run',
  PRIMARY KEY (match_run_id, source_system, match_rule)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per match run, system and rule with at least one link. Append only.';

CREATE TABLE etl_match_finding (
  finding_key   BIGINT NOT NULL AUTO_INCREMENT COMMENT 'Surrogate key',
  match_run_id  BIGINT NOT NULL COMMENT 'etl_match_run.match_run_id',
  source_system VARCHAR(64) NOT NULL COMMENT 'src_account.source_system',
  category      VARCHAR(20) NOT NULL COMMENT 'NEW, RELINKED, CLOSED, AMBIGUOUS, UNMATCHED_ACCOUNT or UNMATCHED_USER',
  account_id    VARCHAR(128) NULL COMMENT 'The account (NULL for UNMATCHED_USER)',
  userid        VARCHAR(64) NULL COMMENT 'The user linked now (NEW, RELINKED), linked before (CLOSED), the unmatched user; NULL otherwise',
  match_rule    VARCHAR(32) NULL COMMENT 'The rule that linked (NEW, RELINKED) or found the ambiguity (AMBIGUOUS)',
  detail        VARCHAR(1000) NULL COMMENT 'What the category needs said: the candidates of an ambiguity, the previous user and rule of a re-link, why a link closed',
  PRIMARY KEY (finding_key),
  KEY ix_etl_match_finding_run (match_run_id, source_system, category)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per item a match run reports: a link made, moved or closed, an ambiguous or unmatched account, an unmatched user (per system). Append only.';
