-- 0006: the audit log becomes a hash chain (core/src/audit.rs) and append-only, and records
-- who opened a client's page ('view'). SQLite cannot change a CHECK constraint in place: the
-- table is rebuilt with the same rows and seq; the program then links the existing events
-- in order (their hash is NULL until then).
CREATE TABLE audit_event_v6 (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'unlock', 'export', 'import',
                   'passphrase_change', 'remember', 'forget', 'confirm', 'dismiss', 'done', 'reopen', 'view')),
    entity     TEXT NOT NULL,
    entity_id  BLOB,
    detail     TEXT NOT NULL DEFAULT '',
    -- SHA-256 over the previous event's hash and this event's fields.
    hash       BLOB CHECK (hash IS NULL OR length(hash) = 32)
);
INSERT INTO audit_event_v6 (seq, at, action, entity, entity_id, detail)
    SELECT seq, at, action, entity, entity_id, detail FROM audit_event ORDER BY seq;
DROP TABLE audit_event;
ALTER TABLE audit_event_v6 RENAME TO audit_event;

-- Append-only: an event, once linked, is never changed, and none is ever removed. (Only an
-- event not yet linked may get its hash, once.)
CREATE TRIGGER audit_event_append_only_update BEFORE UPDATE ON audit_event
    WHEN OLD.hash IS NOT NULL OR NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at OR NEW.action IS NOT OLD.action
        OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id OR NEW.detail IS NOT OLD.detail
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
CREATE TRIGGER audit_event_append_only_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
