-- Contact events: DingTalk's pushes (Stream mode, HTTP callback, catch-up of failed pushes) land here
-- first, committed before DingTalk is acknowledged; eventSyncJob applies them to the warehouse later.

-- Grain: one row per DingTalk event id. A second delivery of the same event is a no-op.
CREATE TABLE etl_event_inbox (
  event_id      VARCHAR(128) NOT NULL COMMENT 'DingTalk''s event id; for a legacy push without one, sha256: and the digest of its payload',
  event_type    VARCHAR(64) NOT NULL COMMENT 'DingTalk event type, e.g. user_modify_org; unknown types are stored as they come',
  born_at       DATETIME(3) NOT NULL COMMENT 'When DingTalk says the change happened (UTC): valid_from of the version it leads to',
  received_at   DATETIME(3) NOT NULL COMMENT 'When this process committed it (UTC)',
  transport     VARCHAR(16) NOT NULL COMMENT 'STREAM, HTTP (callback push) or CATCH_UP (failed push fetched later)',
  status        VARCHAR(16) NOT NULL COMMENT 'PENDING (to apply), APPLIED, HELD (deletion guard or permission: waits for an operator), QUARANTINED (not understood), STORED (no warehouse change follows from its type)',
  attempts      INT NOT NULL DEFAULT 0 COMMENT 'Apply attempts that did not apply it',
  last_error    VARCHAR(2000) NULL COMMENT 'Why it is quarantined or held, or the last apply failure',
  applied_at    DATETIME(3) NULL COMMENT 'When its entities were written to the warehouse (UTC)',
  applied_by    BIGINT NULL COMMENT 'Job execution of eventSyncJob that applied it',
  payload       TEXT NOT NULL COMMENT 'The event as received (decrypted JSON); carries no secret',
  PRIMARY KEY (event_id),
  KEY ix_etl_event_inbox_status (status, born_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per DingTalk contact event received. The durable inbox between DingTalk''s push and eventSyncJob.';

-- Grain: one row per (event, entity it names). An event about fifty users has fifty rows; the apply job
-- coalesces all pending rows of one entity into one fetch.
CREATE TABLE etl_event_entity (
  event_id      VARCHAR(128) NOT NULL COMMENT 'etl_event_inbox.event_id',
  entity_kind   VARCHAR(16) NOT NULL COMMENT 'USER or DEPARTMENT',
  entity_id     VARCHAR(64) NOT NULL COMMENT 'userid, or dept_id as text',
  applied_at    DATETIME(3) NULL COMMENT 'When the entity''s state, read after this event, was written to the warehouse (UTC)',
  PRIMARY KEY (event_id, entity_kind, entity_id),
  KEY ix_etl_event_entity_entity (entity_kind, entity_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Grain: one row per entity named by an inbox event.';
