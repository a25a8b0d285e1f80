-- Team schema, version 1: a program's shared records, its members, and who may see what.
--
-- Run by `probono --server URL team init` in the schema `probono`, as the owner role
-- ({owner}, NOLOGIN), which nobody connects as and which owns the schema and everything in
-- it. Members log in as their own roles, each in one group role:
-- {director}, {attorney}, {student}, {volunteer}. Table privileges say which commands a group
-- may run at all; row-level security policies say on which rows. The app's checks are for
-- the screens only: these are what protect the data (docs/team-mode.md).
--
-- Same table names as the vault's (core/migrations); ids are the records' UUIDs, so a
-- vault's records keep their ids when pushed here.

-- Which PostgreSQL role plays which part in this program (one database per program, so the
-- group roles carry the database's name: two programs on one server stay apart).
CREATE TABLE team_role (
    part     text PRIMARY KEY CHECK (part IN ('owner', 'director', 'attorney', 'student', 'volunteer')),
    pg_role  name NOT NULL UNIQUE
);

CREATE TABLE settings (
    key    text PRIMARY KEY,
    value  text NOT NULL
);

-- Every shared record carries who changed it last, when, and a version: an update must
-- name the version it read (guard_version below), so a save over someone else's newer one
-- is refused instead of overwriting it.
CREATE TABLE organization (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (name <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT session_user
);
CREATE UNIQUE INDEX organization_name ON organization (lower(name));

CREATE TABLE volunteer (
    id                uuid PRIMARY KEY,
    name              text NOT NULL CHECK (name <> ''),
    email             text,
    organization_id   uuid REFERENCES organization (id),
    role              text NOT NULL CHECK (role IN ('attorney', 'law_student', 'interpreter', 'paralegal', 'community_volunteer')),
    languages         text[] NOT NULL DEFAULT '{}',
    bar_number        text,
    law_school_start  date,
    bar_admissions    text[] NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL DEFAULT now(),
    version           integer NOT NULL DEFAULT 1,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    updated_by        text NOT NULL DEFAULT session_user
);
CREATE UNIQUE INDEX volunteer_email ON volunteer (lower(email)) WHERE email IS NOT NULL;

-- A member is a login on this server and the volunteer record their time goes to. Which
-- group they are in is PostgreSQL's own role membership (pg_auth_members), not a column:
-- one source of truth, the one the policies use.
CREATE TABLE member (
    login         name PRIMARY KEY,
    volunteer_id  uuid NOT NULL UNIQUE REFERENCES volunteer (id),
    added_at      timestamptz NOT NULL DEFAULT now(),
    added_by      text NOT NULL DEFAULT session_user,
    removed_at    timestamptz
);

CREATE TABLE client (
    id                  uuid PRIMARY KEY,
    name                text NOT NULL CHECK (name <> ''),
    other_names         text[] NOT NULL DEFAULT '{}',
    a_number            text CHECK (a_number ~ '^[0-9]{9}$'),
    date_of_birth       date,
    country             text CHECK (country ~ '^[A-Z]{2}$'),
    languages           text[] NOT NULL DEFAULT '{}',
    interpreter_needed  boolean NOT NULL DEFAULT false,
    contact             text,
    entry_date          date,
    notes               text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    version             integer NOT NULL DEFAULT 1,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text NOT NULL DEFAULT session_user
);
CREATE INDEX client_a_number ON client (a_number) WHERE a_number IS NOT NULL;

CREATE TABLE matter (
    id                  uuid PRIMARY KEY,
    case_ref            text NOT NULL UNIQUE CHECK (case_ref <> ''),
    client_id           uuid NOT NULL REFERENCES client (id),
    case_type           text NOT NULL CHECK (case_type IN ('asylum', 'withholding', 'cat', 'bond', 'parole',
                            'cancellation', 'sijs', 'u_visa', 't_visa', 'tps', 'adjustment', 'naturalization', 'other')),
    detained            boolean NOT NULL,
    detention_facility  text,
    state_of_residence  text CHECK (state_of_residence ~ '^[A-Z]{2}$'),
    court               text,
    opened              date NOT NULL,
    closed              date CHECK (closed >= opened),
    relief_outcome      text NOT NULL DEFAULT 'pending' CHECK (relief_outcome IN ('pending', 'granted', 'denied', 'withdrawn')),
    release_requested   boolean NOT NULL DEFAULT false,
    release_outcome     text CHECK (release_outcome IN ('pending', 'granted', 'denied')),
    decided_on          date,
    created_at          timestamptz NOT NULL DEFAULT now(),
    version             integer NOT NULL DEFAULT 1,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text NOT NULL DEFAULT session_user
);
CREATE INDEX matter_client ON matter (client_id);
CREATE INDEX matter_period ON matter (opened, closed);

CREATE TABLE assignment (
    id             uuid PRIMARY KEY,
    volunteer_id   uuid NOT NULL REFERENCES volunteer (id),
    matter_id      uuid NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
    supervisor_id  uuid REFERENCES volunteer (id),
    since          date NOT NULL DEFAULT current_date,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (volunteer_id, matter_id)
);
CREATE INDEX assignment_matter ON assignment (matter_id);

CREATE TABLE party (
    id            uuid PRIMARY KEY,
    matter_id     uuid NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('adverse', 'related')),
    role          text,
    name          text NOT NULL CHECK (name <> ''),
    relationship  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text NOT NULL DEFAULT session_user
);
CREATE INDEX party_matter ON party (matter_id);

CREATE TABLE time_entry (
    id            uuid PRIMARY KEY,                -- made by the client: an outbox resend is the same row
    matter_id     uuid NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
    volunteer_id  uuid NOT NULL REFERENCES volunteer (id),
    date          date NOT NULL,
    minutes       integer NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    activity      text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text NOT NULL DEFAULT session_user
);
CREATE INDEX time_entry_period ON time_entry (date, volunteer_id, minutes);
CREATE INDEX time_entry_matter ON time_entry (matter_id);

CREATE TABLE hearing (
    id           uuid PRIMARY KEY,
    matter_id    uuid NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
    at           text NOT NULL CHECK (at ~ '^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$'),
    kind         text NOT NULL CHECK (kind IN ('master_calendar', 'individual', 'bond', 'interview', 'filing_deadline', 'other_deadline', 'other')),
    place        text,
    description  text,
    time_zone    text,
    rule         text,                             -- the deadline rule it was computed by
    counted_from date,
    done_at      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text NOT NULL DEFAULT session_user
);
CREATE INDEX hearing_matter ON hearing (matter_id, at);

-- A suggested deadline confirmed or dismissed (docs/deadlines.md).
CREATE TABLE deadline_decision (
    matter_id     uuid NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
    rule          text NOT NULL,
    source        text NOT NULL,
    counted_from  date NOT NULL,
    decision      text NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
    reason        text,
    hearing_id    uuid REFERENCES hearing (id) ON DELETE SET NULL,
    decided_at    text NOT NULL,
    PRIMARY KEY (matter_id, rule, source)
);

-- A conflict check recorded on a matter (docs/conflict-checks.md).
CREATE TABLE conflict_check (
    id          uuid PRIMARY KEY,
    matter_id   uuid NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
    checked_at  text NOT NULL,
    checked_by  text NOT NULL,
    searched    text NOT NULL,
    matches     text NOT NULL,
    decision    text NOT NULL,
    note        text
);
CREATE INDEX conflict_check_matter ON conflict_check (matter_id);

-- Time entries deleted, by id: an hour submission imported again must not bring them back.
CREATE TABLE deleted_time_entry (
    id          uuid PRIMARY KEY,
    deleted_at  text NOT NULL
);

CREATE TABLE note (
    id          uuid PRIMARY KEY,
    matter_id   uuid NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
    author      text NOT NULL DEFAULT session_user,
    body        text NOT NULL CHECK (body <> ''),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX note_matter ON note (matter_id, created_at);

-- A note's author is the login that wrote it, whatever the client sends; a director may name
-- someone else (a note dictated, or a vault's notes copied in by `team push`).
CREATE FUNCTION note_author() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.author IS NULL OR NOT is_director() THEN
        NEW.author := session_user;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER note_author BEFORE INSERT ON note FOR EACH ROW EXECUTE FUNCTION note_author();

-- Written only by the triggers and functions below (as {owner}); nobody is granted INSERT,
-- UPDATE, DELETE or TRUNCATE, and a trigger refuses changes even to the owner.
CREATE TABLE audit_event (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor      text NOT NULL,
    action     text NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'view', 'export', 'member')),
    entity     text NOT NULL,
    entity_id  text
);
CREATE INDEX audit_event_entity ON audit_event (entity, entity_id);

-- Who is asking ----------------------------------------------------------------------------
-- SECURITY DEFINER: they read member and assignment as the owner, so the policies that call
-- them do not recurse into those tables' own policies. session_user is the login that
-- connected; it does not change with SET ROLE.

CREATE FUNCTION my_volunteer() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT volunteer_id FROM member WHERE login = session_user AND removed_at IS NULL
$$;

CREATE FUNCTION my_matters() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT matter_id FROM assignment WHERE volunteer_id = my_volunteer()
$$;

-- The volunteers on the matters I am assigned to (myself included), and whoever logged time
-- on them (an attorney who is not assigned): whose time a student sees, they see the name of.
CREATE FUNCTION my_colleagues() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT my_volunteer()
    UNION
    SELECT volunteer_id FROM assignment WHERE matter_id IN (SELECT my_matters())
    UNION
    SELECT volunteer_id FROM time_entry WHERE matter_id IN (SELECT my_matters())
$$;

-- Whether the login connected is in this program's director (or attorney) group.
CREATE FUNCTION is_director() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT pg_has_role(session_user, (SELECT pg_role FROM team_role WHERE part = 'director'), 'MEMBER')
$$;

CREATE FUNCTION is_staff() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT is_director() OR pg_has_role(session_user, (SELECT pg_role FROM team_role WHERE part = 'attorney'), 'MEMBER')
$$;

-- A login's display name, for "changed by NAME": staff see everyone's, others only the
-- names of the people on their matters (the login otherwise, which PostgreSQL shows anyway).
CREATE FUNCTION member_name(login text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT coalesce(
        (SELECT v.name FROM member m JOIN volunteer v ON v.id = m.volunteer_id
          WHERE m.login = $1 AND (is_staff() OR v.id IN (SELECT my_colleagues()))),
        $1)
$$;

-- Versions and the audit trail ---------------------------------------------------------------

CREATE FUNCTION stamp_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := 1;
    NEW.updated_at := now();
    NEW.updated_by := session_user;
    RETURN NEW;
END $$;

-- An UPDATE must carry the version it read (SET version = <what you read>): a different one
-- means someone saved in between, and the save is refused naming them (SQLSTATE PB409).
CREATE FUNCTION guard_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version IS DISTINCT FROM OLD.version THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PB409',
            MESSAGE = format('changed by %s at %s — reload to see it',
                             member_name(OLD.updated_by),
                             to_char(OLD.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')),
            HINT = format('%s version %s', TG_TABLE_NAME, OLD.version);
    END IF;
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    NEW.updated_by := session_user;
    RETURN NEW;
END $$;

CREATE FUNCTION audit_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = probono, pg_temp AS $$
DECLARE
    row_id text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_id := coalesce(to_jsonb(OLD) ->> 'id', to_jsonb(OLD) ->> 'login', to_jsonb(OLD) ->> 'key');
    ELSE
        row_id := coalesce(to_jsonb(NEW) ->> 'id', to_jsonb(NEW) ->> 'login', to_jsonb(NEW) ->> 'key');
    END IF;
    INSERT INTO audit_event (actor, action, entity, entity_id)
    VALUES (session_user, lower(TG_OP), TG_TABLE_NAME, row_id);
    RETURN NULL;
END $$;

CREATE FUNCTION audit_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = 'the audit trail cannot be changed or deleted';
END $$;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();

-- What a member took out of the records (a PDF, an export): the app calls this; the actor is
-- the login, whatever the caller passes.
CREATE FUNCTION record_access(what text, entity text, entity_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = probono, pg_temp AS $$
BEGIN
    IF what NOT IN ('view', 'export') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'record_access: what must be view or export';
    END IF;
    INSERT INTO audit_event (actor, action, entity, entity_id) VALUES (session_user, what, entity, entity_id);
END $$;

-- Members -------------------------------------------------------------------------------------
-- Logins are made, regrouped and disabled by these functions, which run as the owner (the one
-- role here with CREATEROLE) after checking that the caller is a director. Directors hold no
-- CREATEROLE themselves (team init gives it up), so they cannot make themselves the owner or
-- reach around the policies; each change is written to the audit trail here, not by the caller.

CREATE FUNCTION refuse(code text, message text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message;
END $$;

CREATE FUNCTION group_of(part text) RETURNS name
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT pg_role FROM team_role WHERE team_role.part = $1 AND $1 <> 'owner'
$$;

CREATE FUNCTION note_member(login text, what text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    INSERT INTO audit_event (actor, action, entity, entity_id) VALUES (session_user, 'member', 'member', $1 || ': ' || $2)
$$;

CREATE FUNCTION check_member_change(login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = probono, pg_temp AS $$
BEGIN
    IF NOT is_director() THEN
        PERFORM refuse('42501', 'only a director can manage the team''s members');
    END IF;
    -- One member change at a time: the last-director rule below reads what others change.
    PERFORM pg_advisory_xact_lock(hashtext('probono members'));
    IF login IS NOT NULL AND NOT EXISTS (SELECT 1 FROM member m WHERE m.login = check_member_change.login) THEN
        PERFORM refuse('PB404', format('team member %s was not found', login));
    END IF;
END $$;

CREATE FUNCTION add_member(new_login text, verifier text, part text, volunteer_id uuid, full_name text, email text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = probono, pg_temp AS $$
DECLARE
    grp name := group_of(part);
BEGIN
    PERFORM check_member_change(NULL);
    IF grp IS NULL THEN
        PERFORM refuse('22023', 'role: must be one of director, attorney, student, volunteer');
    END IF;
    IF verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        PERFORM refuse('22023', 'password: give a SCRAM-SHA-256 verifier, never the password itself');
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = new_login) THEN
        PERFORM refuse('PB409', format('login %s already exists on this server; choose another', new_login));
    END IF;
    INSERT INTO volunteer (id, name, email, role) VALUES (volunteer_id, full_name, email,
        CASE part WHEN 'student' THEN 'law_student' WHEN 'volunteer' THEN 'community_volunteer' ELSE 'attorney' END);
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', new_login, verifier, grp);
    INSERT INTO member (login, volunteer_id) VALUES (new_login, volunteer_id);
    PERFORM note_member(new_login, 'added as ' || part);
END $$;

CREATE FUNCTION directors_besides(login text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT count(*) FROM member m
     WHERE m.removed_at IS NULL AND m.login <> $1 AND pg_has_role(m.login, group_of('director'), 'MEMBER')
$$;

CREATE FUNCTION set_member_role(login text, part text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = probono, pg_temp AS $$
DECLARE
    grp name := group_of(part);
    g name;
BEGIN
    PERFORM check_member_change(login);
    IF grp IS NULL THEN
        PERFORM refuse('22023', 'role: must be one of director, attorney, student, volunteer');
    END IF;
    IF EXISTS (SELECT 1 FROM member m WHERE m.login = set_member_role.login AND m.removed_at IS NOT NULL) THEN
        PERFORM refuse('PB409', format('%s was removed from the team; add them again with a new login', login));
    END IF;
    IF part <> 'director' AND pg_has_role(login, group_of('director'), 'MEMBER') AND directors_besides(login) = 0 THEN
        PERFORM refuse('PB409', 'the team would have no director left: make someone else director first');
    END IF;
    FOR g IN SELECT pg_role FROM team_role WHERE team_role.part <> 'owner' LOOP
        EXECUTE format('REVOKE %I FROM %I', g, login);
    END LOOP;
    EXECUTE format('GRANT %I TO %I', grp, login);
    PERFORM note_member(login, 'role ' || part);
END $$;

CREATE FUNCTION remove_member(login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = probono, pg_temp AS $$
DECLARE
    g name;
BEGIN
    PERFORM check_member_change(login);
    IF login = session_user THEN
        PERFORM refuse('PB409', 'you cannot remove yourself; another director can');
    END IF;
    IF EXISTS (SELECT 1 FROM member m WHERE m.login = remove_member.login AND m.removed_at IS NOT NULL) THEN
        RETURN;
    END IF;
    EXECUTE format('ALTER ROLE %I NOLOGIN', login);
    FOR g IN SELECT pg_role FROM team_role WHERE team_role.part <> 'owner' LOOP
        EXECUTE format('REVOKE %I FROM %I', g, login);
    END LOOP;
    UPDATE member m SET removed_at = now() WHERE m.login = remove_member.login;
    PERFORM note_member(login, 'removed');
END $$;

-- A director gives a member a new password (e.g. a forgotten one); members change their own
-- with ALTER ROLE, which PostgreSQL allows every login.
CREATE FUNCTION set_member_password(login text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = probono, pg_temp AS $$
BEGIN
    PERFORM check_member_change(login);
    IF verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        PERFORM refuse('22023', 'password: give a SCRAM-SHA-256 verifier, never the password itself');
    END IF;
    IF EXISTS (SELECT 1 FROM member m WHERE m.login = set_member_password.login AND m.removed_at IS NOT NULL) THEN
        PERFORM refuse('PB409', format('%s was removed from the team', login));
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);
    PERFORM note_member(login, 'new password');
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['organization', 'volunteer', 'client', 'matter', 'party', 'time_entry', 'hearing'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION stamp_insert()', t || '_stamp', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION guard_version()', t || '_version', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['organization', 'volunteer', 'member', 'client', 'matter', 'assignment', 'party', 'time_entry',
                             'hearing', 'note', 'settings', 'deadline_decision', 'conflict_check', 'deleted_time_entry'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_change()', t || '_audit', t);
    END LOOP;
END $$;

-- Privileges: which commands each group may run at all --------------------------------------

REVOKE ALL ON SCHEMA probono FROM PUBLIC;
GRANT USAGE ON SCHEMA probono TO {director}, {attorney}, {student}, {volunteer};
REVOKE ALL ON ALL TABLES IN SCHEMA probono FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA probono FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_volunteer(), my_matters(), my_colleagues(), is_director(), is_staff(),
    member_name(text), record_access(text, text, text) TO {director}, {attorney}, {student}, {volunteer};
GRANT EXECUTE ON FUNCTION add_member(text, text, text, uuid, text, text), set_member_role(text, text),
    remove_member(text), set_member_password(text, text) TO {director};

GRANT SELECT ON team_role, settings, organization TO {director}, {attorney}, {student}, {volunteer};
GRANT INSERT, UPDATE, DELETE ON settings TO {director};
GRANT INSERT, UPDATE ON organization TO {director}, {attorney};

GRANT SELECT, INSERT, UPDATE ON volunteer TO {director}, {attorney};
GRANT SELECT ON volunteer TO {student}, {volunteer};

-- Members change only through the functions above.
GRANT SELECT ON member TO {director}, {attorney}, {student}, {volunteer};

GRANT SELECT, INSERT, UPDATE ON client, matter, party, hearing TO {director}, {attorney};
GRANT DELETE ON client, matter, party, hearing TO {director};
GRANT SELECT ON client, matter, party TO {student};
GRANT SELECT, INSERT ON hearing TO {student};
-- A volunteer sees the case references of their matters, and no other column.
GRANT SELECT (id, case_ref, opened, closed) ON matter TO {volunteer};

GRANT SELECT, INSERT, DELETE ON assignment TO {director}, {attorney};
GRANT UPDATE (supervisor_id, since) ON assignment TO {director}, {attorney};
GRANT SELECT ON assignment TO {student}, {volunteer};

GRANT SELECT, INSERT, UPDATE, DELETE ON time_entry TO {director}, {attorney}, {student}, {volunteer};
GRANT SELECT, INSERT ON note TO {director}, {attorney}, {student};
GRANT DELETE ON note TO {director};

GRANT SELECT ON audit_event TO {director}, {attorney};

GRANT SELECT, INSERT, UPDATE ON deadline_decision, conflict_check TO {director}, {attorney};
GRANT SELECT ON deadline_decision, conflict_check TO {student};
GRANT SELECT, INSERT ON deleted_time_entry TO {director}, {attorney};

-- Rows: row-level security --------------------------------------------------------------------

ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE volunteer ENABLE ROW LEVEL SECURITY;
ALTER TABLE member ENABLE ROW LEVEL SECURITY;
ALTER TABLE client ENABLE ROW LEVEL SECURITY;
ALTER TABLE matter ENABLE ROW LEVEL SECURITY;
ALTER TABLE assignment ENABLE ROW LEVEL SECURITY;
ALTER TABLE party ENABLE ROW LEVEL SECURITY;
ALTER TABLE time_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE hearing ENABLE ROW LEVEL SECURITY;
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE deadline_decision ENABLE ROW LEVEL SECURITY;
ALTER TABLE conflict_check ENABLE ROW LEVEL SECURITY;
ALTER TABLE deleted_time_entry ENABLE ROW LEVEL SECURITY;

CREATE POLICY everyone_reads ON settings FOR SELECT USING (true);
CREATE POLICY director_writes ON settings FOR ALL TO {director} USING (true) WITH CHECK (true);

CREATE POLICY staff ON volunteer FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY colleagues ON volunteer FOR SELECT TO {student} USING (id IN (SELECT my_colleagues()));
CREATE POLICY self ON volunteer FOR SELECT TO {volunteer} USING (id = my_volunteer());

CREATE POLICY staff_reads ON member FOR SELECT TO {director}, {attorney} USING (true);
CREATE POLICY self ON member FOR SELECT TO {student}, {volunteer} USING (login = session_user);

CREATE POLICY staff ON client FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY assigned ON client FOR SELECT TO {student}
    USING (id IN (SELECT client_id FROM matter WHERE id IN (SELECT my_matters())));

CREATE POLICY staff ON matter FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY assigned ON matter FOR SELECT TO {student}, {volunteer} USING (id IN (SELECT my_matters()));

CREATE POLICY staff ON assignment FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY on_my_matters ON assignment FOR SELECT TO {student} USING (matter_id IN (SELECT my_matters()));
CREATE POLICY mine ON assignment FOR SELECT TO {volunteer} USING (volunteer_id = my_volunteer());

CREATE POLICY staff ON party FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY assigned ON party FOR SELECT TO {student} USING (matter_id IN (SELECT my_matters()));

CREATE POLICY staff ON hearing FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY assigned ON hearing FOR SELECT TO {student} USING (matter_id IN (SELECT my_matters()));
CREATE POLICY adds_on_assigned ON hearing FOR INSERT TO {student} WITH CHECK (matter_id IN (SELECT my_matters()));

CREATE POLICY staff ON note FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY assigned ON note FOR SELECT TO {student} USING (matter_id IN (SELECT my_matters()));
CREATE POLICY adds_on_assigned ON note FOR INSERT TO {student}
    WITH CHECK (matter_id IN (SELECT my_matters()) AND author = session_user);

CREATE POLICY staff ON time_entry FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY on_my_matters ON time_entry FOR SELECT TO {student} USING (matter_id IN (SELECT my_matters()));
CREATE POLICY own_reads ON time_entry FOR SELECT TO {volunteer} USING (volunteer_id = my_volunteer());
CREATE POLICY own_inserts ON time_entry FOR INSERT TO {student}, {volunteer}
    WITH CHECK (volunteer_id = my_volunteer() AND matter_id IN (SELECT my_matters()));
CREATE POLICY own_updates ON time_entry FOR UPDATE TO {student}, {volunteer}
    USING (volunteer_id = my_volunteer()) WITH CHECK (volunteer_id = my_volunteer() AND matter_id IN (SELECT my_matters()));
CREATE POLICY own_deletes ON time_entry FOR DELETE TO {student}, {volunteer} USING (volunteer_id = my_volunteer());

CREATE POLICY staff_reads ON audit_event FOR SELECT TO {director}, {attorney} USING (true);

CREATE POLICY staff ON deadline_decision FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY assigned ON deadline_decision FOR SELECT TO {student} USING (matter_id IN (SELECT my_matters()));
CREATE POLICY staff ON conflict_check FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);
CREATE POLICY assigned ON conflict_check FOR SELECT TO {student} USING (matter_id IN (SELECT my_matters()));
CREATE POLICY staff ON deleted_time_entry FOR ALL TO {director}, {attorney} USING (true) WITH CHECK (true);

CREATE TABLE schema_version (version integer NOT NULL);
GRANT SELECT ON schema_version TO {director}, {attorney}, {student}, {volunteer};
