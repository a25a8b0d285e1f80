-- 0003: keys for hour submissions between computers. The secret halves live only here,
-- inside the encrypted vault.

-- This vault's own keys: the program's age identity (coordinator) and the volunteer's
-- Ed25519 signing key (a volunteer's own copy).
CREATE TABLE own_key (
    kind        TEXT PRIMARY KEY CHECK (kind IN ('program_age_identity', 'volunteer_signing')),
    secret      TEXT NOT NULL,
    public      TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

-- The signing key a coordinator accepted for each volunteer (confirmed out of band on the
-- first submission); later submissions signed by another key are refused.
CREATE TABLE volunteer_signing_key (
    volunteer_seq  INTEGER PRIMARY KEY REFERENCES volunteer (seq),
    public_key     TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    accepted_at    TEXT NOT NULL
);
