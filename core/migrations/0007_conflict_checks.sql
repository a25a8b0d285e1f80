-- The conflict checks recorded on a matter: who ran it, when, the names searched, the matches
-- shown and the decision. Never updated: a new check is a new row, and the newest is the
-- matter's standing. Written only by core::store::conflicts.
CREATE TABLE conflict_check (
    seq          INTEGER PRIMARY KEY,
    id           BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    matter_seq   INTEGER NOT NULL REFERENCES matter (seq) ON DELETE CASCADE,
    checked_at   TEXT NOT NULL,
    checked_by   TEXT NOT NULL CHECK (checked_by <> ''),
    searched     TEXT NOT NULL,   -- JSON array of the names searched
    matches      TEXT NOT NULL,   -- JSON array of {kind, id, name, score}: what was shown
    decision     TEXT NOT NULL CHECK (decision IN ('no_conflict', 'conflict', 'waived')),
    note         TEXT
);
CREATE INDEX conflict_check_matter ON conflict_check (matter_seq);
