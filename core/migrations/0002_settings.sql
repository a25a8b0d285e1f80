-- 0002: program settings that travel with the vault (program name for PDF headers, paper
-- size, national comparison rates for the impact report). Values are JSON.

CREATE TABLE setting (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;
