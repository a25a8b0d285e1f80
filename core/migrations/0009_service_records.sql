-- Schema 9: what a volunteer's service statement needs (issue 19). A law student's
-- law-school start date (time before it does not count toward the New York bar's 50 hours),
-- an attorney's bar admissions (a JSON array of lines such as "New York, 2019, 5512345"), and
-- the attorney who supervises a volunteer on a matter (null: the matter's lead attorney, the
-- attorney assigned to it first, is taken).
ALTER TABLE volunteer ADD COLUMN law_school_start TEXT;
ALTER TABLE volunteer ADD COLUMN bar_admissions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE assignment ADD COLUMN supervisor_seq INTEGER REFERENCES volunteer (seq);
