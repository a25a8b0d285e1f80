-- Team schema 3: a volunteer (the role) makes their own service statement. A statement names,
-- for each matter of the volunteer's time, its case type and who supervised the volunteer
-- there (the attorney named on their assignment, else the matter's lead attorney: the first
-- attorney assigned). Under schema 2 the role read only the case references of its matters
-- and its own volunteer record and assignments, so its own statement could not be made.
-- Still no client data: not the client, the parties, the notes or the other volunteers.

-- The attorneys who supervise me: named on my assignments, or on my matters.
CREATE FUNCTION my_supervisors() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
    SELECT supervisor_id FROM assignment WHERE volunteer_id = my_volunteer() AND supervisor_id IS NOT NULL
    UNION
    SELECT a.volunteer_id FROM assignment a JOIN volunteer v ON v.id = a.volunteer_id
    WHERE a.matter_id IN (SELECT my_matters()) AND v.role = 'attorney'
$$;
REVOKE ALL ON FUNCTION my_supervisors() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_supervisors() TO {director}, {attorney}, {student}, {volunteer};

GRANT SELECT (case_type) ON matter TO {volunteer};
CREATE POLICY supervisors ON volunteer FOR SELECT TO {volunteer} USING (id IN (SELECT my_supervisors()));
CREATE POLICY attorneys_on_my_matters ON assignment FOR SELECT TO {volunteer}
    USING (matter_id IN (SELECT my_matters()) AND volunteer_id IN (SELECT my_supervisors()));
