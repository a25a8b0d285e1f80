-- 0001: the records of a pro bono program.
--
-- Every record has a UUIDv7 `id` (16-byte blob) so records from several computers can merge,
-- and an integer `seq` primary key that joins and indexes use: small keys in insertion order
-- keep the tables and indexes compact, which is what keeps SQLCipher's per-page cost low.
-- Dates are ISO 8601 text; durations are whole minutes.

CREATE TABLE organization (
    seq         INTEGER PRIMARY KEY,
    id          BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    name        TEXT NOT NULL CHECK (name <> ''),
    name_key    TEXT NOT NULL UNIQUE,            -- case- and space-folded name, for matching
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE language (
    seq         INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,                   -- first spelling seen, for display
    name_key    TEXT NOT NULL UNIQUE
);

CREATE TABLE facility (
    seq         INTEGER PRIMARY KEY,
    id          BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    name        TEXT NOT NULL CHECK (name <> ''),
    name_key    TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE client (
    seq                 INTEGER PRIMARY KEY,
    id                  BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    name                TEXT NOT NULL CHECK (name <> ''),
    other_names         TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    a_number            TEXT CHECK (a_number IS NULL OR (length(a_number) = 9 AND a_number NOT GLOB '*[^0-9]*')),
    date_of_birth       TEXT,
    country             TEXT CHECK (country IS NULL OR length(country) = 2),   -- ISO 3166-1 alpha-2
    interpreter_needed  INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_needed IN (0, 1)),
    contact             TEXT,
    entry_date          TEXT,                         -- drives the one-year asylum deadline
    notes               TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX client_a_number ON client (a_number) WHERE a_number IS NOT NULL;

CREATE TABLE client_language (
    client_seq    INTEGER NOT NULL REFERENCES client (seq) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    language_seq  INTEGER NOT NULL REFERENCES language (seq),
    PRIMARY KEY (client_seq, position)
) WITHOUT ROWID;
CREATE INDEX client_language_language ON client_language (language_seq);

CREATE TABLE matter (
    seq                 INTEGER PRIMARY KEY,
    id                  BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    case_ref            TEXT NOT NULL UNIQUE CHECK (case_ref <> ''),
    client_seq          INTEGER NOT NULL REFERENCES client (seq),
    case_type           TEXT NOT NULL CHECK (case_type IN ('asylum', 'withholding', 'cat', 'bond', 'parole',
                            'cancellation', 'sijs', 'u_visa', 't_visa', 'tps', 'adjustment', 'naturalization', 'other')),
    detained            INTEGER NOT NULL CHECK (detained IN (0, 1)),
    facility_seq        INTEGER REFERENCES facility (seq),
    state_of_residence  TEXT CHECK (state_of_residence IS NULL OR length(state_of_residence) = 2),
    court               TEXT,
    opened              TEXT NOT NULL,
    closed              TEXT CHECK (closed IS NULL OR closed >= opened),
    relief_outcome      TEXT NOT NULL DEFAULT 'pending' CHECK (relief_outcome IN ('pending', 'granted', 'denied', 'withdrawn')),
    release_requested   INTEGER NOT NULL DEFAULT 0 CHECK (release_requested IN (0, 1)),
    release_outcome     TEXT CHECK (release_outcome IS NULL OR release_outcome IN ('pending', 'granted', 'denied')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX matter_client ON matter (client_seq);
CREATE INDEX matter_period ON matter (opened, closed);
CREATE INDEX matter_updated ON matter (updated_at);

CREATE TABLE party (
    seq           INTEGER PRIMARY KEY,
    id            BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    matter_seq    INTEGER NOT NULL REFERENCES matter (seq) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('adverse', 'related')),
    name          TEXT NOT NULL CHECK (name <> ''),
    relationship  TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX party_matter ON party (matter_seq);

CREATE TABLE volunteer (
    seq               INTEGER PRIMARY KEY,
    id                BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    name              TEXT NOT NULL CHECK (name <> ''),
    name_key          TEXT NOT NULL,
    email             TEXT,
    email_key         TEXT UNIQUE,               -- lower-cased email: one volunteer per address
    organization_seq  INTEGER REFERENCES organization (seq),
    role              TEXT NOT NULL CHECK (role IN ('attorney', 'law_student', 'interpreter', 'paralegal', 'community_volunteer')),
    languages         TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    bar_number        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX volunteer_name_key ON volunteer (name_key);
CREATE INDEX volunteer_organization ON volunteer (organization_seq);

CREATE TABLE assignment (
    seq            INTEGER PRIMARY KEY,
    id             BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    volunteer_seq  INTEGER NOT NULL REFERENCES volunteer (seq),
    matter_seq     INTEGER NOT NULL REFERENCES matter (seq) ON DELETE CASCADE,
    since          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (volunteer_seq, matter_seq)
);
CREATE INDEX assignment_matter ON assignment (matter_seq);

-- Clustered by matter (WITHOUT ROWID, key = matter + a per-matter counter): a matter's
-- entries share a few pages, so the matter page decrypts a handful of pages, not one per
-- entry. The key is small because every secondary index repeats it.
CREATE TABLE time_entry (
    matter_seq     INTEGER NOT NULL REFERENCES matter (seq) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,               -- 1, 2, 3… within the matter
    id             BLOB NOT NULL CHECK (length(id) = 16),
    volunteer_seq  INTEGER NOT NULL REFERENCES volunteer (seq),
    date           TEXT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    activity       TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (matter_seq, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX time_entry_id ON time_entry (id);
-- Reports sum minutes by period: covering (matter_seq comes with the key), so they never
-- touch the wide rows. It also serves one volunteer's entries: there is deliberately no
-- (volunteer, date) index, since every index on this table is paid for by every import
-- (docs/performance.md).
CREATE INDEX time_entry_period ON time_entry (date, volunteer_seq, minutes);

CREATE TABLE hearing (
    seq          INTEGER PRIMARY KEY,
    id           BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    matter_seq   INTEGER NOT NULL REFERENCES matter (seq) ON DELETE CASCADE,
    at           TEXT NOT NULL,                  -- YYYY-MM-DD or YYYY-MM-DDTHH:MM
    kind         TEXT NOT NULL CHECK (kind IN ('master_calendar', 'individual', 'bond', 'interview', 'filing_deadline', 'other_deadline', 'other')),
    place        TEXT,
    description  TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX hearing_at ON hearing (at);
CREATE INDEX hearing_matter ON hearing (matter_seq, at);

CREATE TABLE note (
    seq         INTEGER PRIMARY KEY,
    id          BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    matter_seq  INTEGER NOT NULL REFERENCES matter (seq) ON DELETE CASCADE,
    author      TEXT,
    body        TEXT NOT NULL CHECK (body <> ''),
    created_at  TEXT NOT NULL
);
CREATE INDEX note_matter ON note (matter_seq, created_at);

-- Who did what, when. Details name record ids and counts, not client data.
CREATE TABLE audit_event (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'unlock', 'export', 'import', 'passphrase_change', 'remember', 'forget')),
    entity     TEXT NOT NULL,
    entity_id  BLOB,
    detail     TEXT NOT NULL DEFAULT ''
);
