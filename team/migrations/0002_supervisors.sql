-- Team schema 2: a member also sees the attorneys named as supervisors on their matters, and
-- a student no longer reads the matches recorded with a conflict check.
-- A law student's service statement names the supervisor of each matter, and their hours
-- count toward the New York bar's 50 only on a matter with one; under schema 1 a student
-- could not read a supervisor who was not also assigned to the matter, and their own
-- statement then left those hours out.

CREATE OR REPLACE FUNCTION my_colleagues() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT my_volunteer()
    UNION
    SELECT volunteer_id FROM assignment WHERE matter_id IN (SELECT my_matters())
    UNION
    SELECT supervisor_id FROM assignment WHERE matter_id IN (SELECT my_matters()) AND supervisor_id IS NOT NULL
    UNION
    SELECT volunteer_id FROM time_entry WHERE matter_id IN (SELECT my_matters())
$$;

-- A student reads the conflict checks of their matters (who ran them, the names searched, the
-- decision and its note) but not the matches shown: those name clients, parties and
-- volunteers of other matters, which a student may not see.
REVOKE SELECT ON conflict_check FROM {student};
GRANT SELECT (id, matter_id, checked_at, checked_by, searched, decision, note) ON conflict_check TO {student};
