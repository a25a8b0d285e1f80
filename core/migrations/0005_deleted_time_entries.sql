-- 0005: the ids of time entries deleted in this vault, so that an hour submission made
-- before the deletion (a volunteer's file imported again) cannot bring them back. Only the
-- id and when: nothing of the entry itself stays.
CREATE TABLE deleted_time_entry (
    id          BLOB PRIMARY KEY CHECK (length(id) = 16),
    deleted_at  TEXT NOT NULL
) WITHOUT ROWID;
