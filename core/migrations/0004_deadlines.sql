-- 0004: deadlines computed from the rules (docs/deadlines.md).

-- When the immigration judge decided (recorded with the relief outcome): the date the appeal
-- and motion deadlines count from.
ALTER TABLE matter ADD COLUMN decided_on TEXT CHECK (decided_on IS NULL OR decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

-- A deadline confirmed from a suggestion keeps its rule and the date it was counted from;
-- a hearing may name the time zone of its place (IANA, e.g. America/New_York).
ALTER TABLE hearing ADD COLUMN rule TEXT;
ALTER TABLE hearing ADD COLUMN counted_from TEXT;
ALTER TABLE hearing ADD COLUMN time_zone TEXT;

-- What a person decided about a suggested deadline: confirmed (it became the hearing row
-- named) or dismissed (with a reason). `source` says what it was counted from: the client's
-- last arrival, the decision, or one hearing (`hearing:<id>`).
CREATE TABLE deadline_decision (
    matter_seq    INTEGER NOT NULL REFERENCES matter (seq) ON DELETE CASCADE,
    rule          TEXT NOT NULL,
    source        TEXT NOT NULL,
    counted_from  TEXT NOT NULL,
    decision      TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
    reason        TEXT,
    hearing_seq   INTEGER REFERENCES hearing (seq) ON DELETE SET NULL,
    decided_at    TEXT NOT NULL,
    PRIMARY KEY (matter_seq, rule, source)
) WITHOUT ROWID;

-- When a deadline was met (filed): a deadline not done and past its date is overdue.
ALTER TABLE hearing ADD COLUMN done_at TEXT;

-- Decisions about deadlines are audited as what they are. SQLite cannot change a CHECK
-- constraint in place: the audit table is rebuilt with the same rows (and the same seq).
CREATE TABLE audit_event_v4 (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'unlock', 'export', 'import',
                   'passphrase_change', 'remember', 'forget', 'confirm', 'dismiss', 'done', 'reopen')),
    entity     TEXT NOT NULL,
    entity_id  BLOB,
    detail     TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_event_v4 (seq, at, action, entity, entity_id, detail)
    SELECT seq, at, action, entity, entity_id, detail FROM audit_event ORDER BY seq;
DROP TABLE audit_event;
ALTER TABLE audit_event_v4 RENAME TO audit_event;
