-- Schema 8: a party's role on the matter (issue 13) instead of "adverse" or "related".
-- SQLite cannot change a column's CHECK in place, so the table is rebuilt with its rows,
-- their order (seq) and ids kept. Older parties read: adverse → adverse party, related →
-- other (their relationship text, e.g. "spouse", is kept as it was).
CREATE TABLE party_v8 (
    seq           INTEGER PRIMARY KEY,
    id            BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    matter_seq    INTEGER NOT NULL REFERENCES matter (seq) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('adverse_party', 'co_respondent', 'family_member',
                      'witness', 'interpreter', 'opposing_counsel', 'other')),
    name          TEXT NOT NULL CHECK (name <> ''),
    relationship  TEXT,
    created_at    TEXT NOT NULL
);
INSERT INTO party_v8 (seq, id, matter_seq, role, name, relationship, created_at)
    SELECT seq, id, matter_seq, CASE kind WHEN 'adverse' THEN 'adverse_party' ELSE 'other' END,
           name, relationship, created_at
    FROM party ORDER BY seq;
DROP TABLE party;
ALTER TABLE party_v8 RENAME TO party;
CREATE INDEX party_matter ON party (matter_seq);
