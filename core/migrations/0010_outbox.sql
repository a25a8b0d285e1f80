-- Team mode's outbox (docs/team-mode.md, "Working offline"): time entries a member logged
-- while the team server could not be reached, kept until they are sent. It lives in a small
-- vault of its own per server and member, encrypted like every vault; other vaults leave
-- this table empty.
CREATE TABLE outbox (
    id         BLOB PRIMARY KEY CHECK (length(id) = 16),  -- the time entry's id on the server too
    server     TEXT NOT NULL,                            -- LOGIN@HOST:PORT/DATABASE it is for
    payload    TEXT NOT NULL,                            -- the entry as typed, JSON
    queued_at  TEXT NOT NULL
) WITHOUT ROWID;
