//! Volunteers (attorneys, law students, interpreters…), their organizations, and their
//! assignments to matters.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

use super::{NameTable, Stamp, Store, ambiguous, audit, from_json_list, intern, json_list, now, parse_id};
use crate::error::{Error, Result};
use crate::model::{Assignment, Organization, Role, Volunteer, VolunteerDraft};
use crate::validate::{self, Problems};

#[derive(Debug, Clone)]
pub struct ValidVolunteer {
    pub name: String,
    pub email: Option<String>,
    pub organization: Option<String>,
    pub role: Role,
    pub languages: Vec<String>,
    pub bar_number: Option<String>,
    pub law_school_start: Option<String>,
    pub bar_admissions: Vec<String>,
}

/// The most bar admissions one volunteer may list.
pub const MAX_BAR_ADMISSIONS: usize = 20;

pub fn law_school_start(input: Option<&str>) -> Result<Option<String>> {
    input
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| validate::date("law_school_start", s).map(|d| d.to_string()))
        .transpose()
}

pub fn bar_admissions(input: &[String]) -> Result<Vec<String>> {
    let lines: Vec<String> = input
        .iter()
        .flat_map(|l| l.split(';'))
        .filter(|l| !l.trim().is_empty())
        .map(|l| validate::line("bar_admissions", l).map(Option::unwrap_or_default))
        .collect::<Result<_>>()?;
    if lines.len() > MAX_BAR_ADMISSIONS {
        return Err(Error::invalid("bar_admissions", format!("at most {MAX_BAR_ADMISSIONS}")));
    }
    Ok(lines)
}

/// Checks every field; returns all the problems found.
pub fn validate(draft: &VolunteerDraft) -> std::result::Result<ValidVolunteer, Vec<Error>> {
    let mut p = Problems::default();
    let name = p.take(validate::name("name", &draft.name));
    let email = p.take(draft.email.as_deref().map(|e| validate::email("email", e)).transpose());
    let organization = p.take(
        draft
            .organization
            .as_deref()
            .filter(|o| !o.trim().is_empty())
            .map(|o| validate::name("organization", o))
            .transpose(),
    );
    let role = p.take(Role::parse("role", &draft.role));
    let languages = p.take(
        draft
            .languages
            .iter()
            .flat_map(|l| l.split(';'))
            .filter(|l| !l.trim().is_empty())
            .map(|l| validate::language("languages", l))
            .collect::<Result<Vec<_>>>(),
    );
    let bar_number = p.take(draft.bar_number.as_deref().map(|b| validate::line("bar_number", b)).transpose());
    let start = p.take(law_school_start(draft.law_school_start.as_deref()));
    let admissions = p.take(bar_admissions(&draft.bar_admissions));
    match (name, email, organization, role, languages, bar_number, start, admissions) {
        (
            Some(name),
            Some(email),
            Some(organization),
            Some(role),
            Some(languages),
            Some(bar_number),
            Some(law_school_start),
            Some(bar_admissions),
        ) if p.is_empty() => Ok(ValidVolunteer {
            name,
            email: email.flatten(),
            organization,
            role,
            languages,
            bar_number: bar_number.flatten(),
            law_school_start,
            bar_admissions,
        }),
        _ => Err(p.into_vec()),
    }
}

/// Adds a volunteer (the volunteer table's one writer, with [`update_org_role`] and
/// [`update_service`]).
pub(crate) fn insert(tx: &Transaction<'_>, v: &ValidVolunteer, stamp: &Stamp) -> Result<(i64, Uuid)> {
    let email_key = v.email.as_deref().map(str::to_lowercase);
    if let Some(key) = &email_key {
        let taken: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM volunteer WHERE email_key = ?1)")?
            .query_row([key], |r| r.get(0))?;
        if taken {
            return Err(Error::invalid("email", "another volunteer already has this e-mail address"));
        }
    }
    let org_seq = v.organization.as_deref().map(|o| intern(tx, NameTable::Organization, o)).transpose()?;
    tx.prepare_cached(
        "INSERT INTO volunteer (id, name, name_key, email, email_key, organization_seq, role, languages, bar_number,
                                created_at, updated_at, law_school_start, bar_admissions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        stamp.id,
        v.name,
        validate::fold_key(&v.name),
        v.email,
        email_key,
        org_seq,
        v.role,
        json_list(&v.languages),
        v.bar_number,
        stamp.created_at,
        stamp.updated_at,
        v.law_school_start,
        json_list(&v.bar_admissions)
    ])?;
    Ok((tx.last_insert_rowid(), stamp.id))
}

/// Moves a volunteer to another organization and role (a spreadsheet row that says so).
pub(crate) fn update_org_role(tx: &Transaction<'_>, seq: i64, organization_seq: Option<i64>, role: Role) -> Result<()> {
    tx.prepare_cached("UPDATE volunteer SET organization_seq = ?2, role = ?3, updated_at = ?4 WHERE seq = ?1")?
        .execute(params![seq, organization_seq, role, now()])?;
    Ok(())
}

/// Sets a volunteer's law-school start date and bar admissions (the service-statement
/// details; the volunteer table's writer with [`insert`] and [`update_org_role`]).
pub(crate) fn update_service(
    tx: &Transaction<'_>,
    seq: i64,
    law_school_start: Option<&str>,
    bar_admissions: &[String],
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE volunteer SET law_school_start = ?2, bar_admissions = ?3, updated_at = ?4 WHERE seq = ?1",
    )?
    .execute(params![seq, law_school_start, json_list(bar_admissions), now()])?;
    Ok(())
}

/// Finds a volunteer by identity: the e-mail when there is one (any case), else the name
/// (case- and space-insensitive).
pub(crate) fn find_by_identity(conn: &Connection, name: &str, email: Option<&str>) -> Result<Option<i64>> {
    let found = match email.filter(|e| !e.trim().is_empty()) {
        Some(email) => conn
            .query_row("SELECT seq FROM volunteer WHERE email_key = ?1", [email.trim().to_lowercase()], |r| r.get(0))
            .optional()?,
        None => conn
            .query_row(
                "SELECT seq FROM volunteer WHERE name_key = ?1 ORDER BY seq LIMIT 1",
                [validate::fold_key(name)],
                |r| r.get(0),
            )
            .optional()?,
    };
    Ok(found)
}

/// Resolves a volunteer reference (id, e-mail, or exact name) to its seq.
pub(crate) fn resolve(conn: &Connection, reference: &str, field: &str) -> Result<(i64, Uuid)> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    if let Some(id) = parse_id(reference) {
        return conn
            .query_row("SELECT seq, id FROM volunteer WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| Error::invalid(field, "no volunteer has this id"));
    }
    if reference.contains('@') {
        return conn
            .query_row("SELECT seq, id FROM volunteer WHERE email_key = ?1", [reference.to_lowercase()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| Error::invalid(field, "no volunteer has this e-mail address"));
    }
    let mut stmt = conn.prepare("SELECT seq, id FROM volunteer WHERE name_key = ?1 LIMIT 2")?;
    let found = stmt
        .query_map([validate::fold_key(reference)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(i64, Uuid)>>>()?;
    match found.as_slice() {
        [] => Err(Error::invalid(field, "no volunteer has this id, e-mail address or name")),
        [one] => Ok(*one),
        _ => Err(ambiguous("volunteer", field)),
    }
}

/// Puts a volunteer on a matter (nothing happens if already there): the assignment table's
/// one writer. Returns whether the assignment is new.
pub(crate) fn assign(
    conn: &Connection,
    volunteer_seq: i64,
    matter_seq: i64,
    since: &str,
    stamp: &Stamp,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO assignment (id, volunteer_seq, matter_seq, since, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![stamp.id, volunteer_seq, matter_seq, since, stamp.created_at])?;
    Ok(n > 0)
}

/// Names the attorney who supervises a volunteer on a matter (None: the matter's lead
/// attorney does). The assignment table's writer, with [`assign`].
pub(crate) fn set_supervisor(
    conn: &Connection,
    volunteer_seq: i64,
    matter_seq: i64,
    supervisor_seq: Option<i64>,
) -> Result<()> {
    conn.prepare_cached("UPDATE assignment SET supervisor_seq = ?3 WHERE volunteer_seq = ?1 AND matter_seq = ?2")?
        .execute(params![volunteer_seq, matter_seq, supervisor_seq])?;
    Ok(())
}

const SELECT: &str = "SELECT v.id, v.name, v.email, o.name, v.role, v.languages, v.bar_number, v.created_at,
    v.updated_at, v.law_school_start, v.bar_admissions
    FROM volunteer v LEFT JOIN organization o ON o.seq = v.organization_seq";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Volunteer> {
    Ok(Volunteer {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        organization: r.get(3)?,
        role: r.get(4)?,
        languages: from_json_list(&r.get::<_, String>(5)?),
        bar_number: r.get(6)?,
        law_school_start: r.get(9)?,
        bar_admissions: from_json_list(&r.get::<_, String>(10)?),
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

pub(crate) fn assignments_of_matter(conn: &Connection, matter_seq: i64) -> Result<Vec<Assignment>> {
    let mut stmt = conn.prepare(
        "SELECT v.id, v.name, v.role, o.name, a.since,
                (SELECT coalesce(sum(minutes), 0) FROM time_entry t WHERE t.matter_seq = a.matter_seq AND t.volunteer_seq = a.volunteer_seq),
                s.id, s.name
         FROM assignment a JOIN volunteer v ON v.seq = a.volunteer_seq LEFT JOIN organization o ON o.seq = v.organization_seq
         LEFT JOIN volunteer s ON s.seq = a.supervisor_seq
         WHERE a.matter_seq = ?1 ORDER BY a.since, v.name",
    )?;
    let rows = stmt.query_map([matter_seq], |r| {
        Ok(Assignment {
            volunteer_id: r.get(0)?,
            volunteer_name: r.get(1)?,
            role: r.get(2)?,
            organization: r.get(3)?,
            since: r.get(4)?,
            minutes: r.get(5)?,
            supervisor_id: r.get(6)?,
            supervisor_name: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    pub fn create_volunteer(&mut self, draft: &VolunteerDraft) -> Result<Volunteer> {
        let valid = validate(draft).map_err(validate::first)?;
        let id = self.write(|tx| {
            let (_, id) = insert(tx, &valid, &Stamp::new())?;
            audit(tx, "create", "volunteer", Some(id), "")?;
            Ok(id)
        })?;
        self.volunteer(id)
    }

    pub fn volunteer(&self, id: Uuid) -> Result<Volunteer> {
        self.conn()
            .query_row(&format!("{SELECT} WHERE v.id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(format!("volunteer {id}")))
    }

    pub fn find_volunteer(&self, reference: &str) -> Result<Volunteer> {
        let (_, id) = resolve(self.conn(), reference, "volunteer")?;
        self.volunteer(id)
    }

    /// Volunteers sorted by name; `search` matches name, e-mail or organization.
    pub fn list_volunteers(&self, search: Option<&str>) -> Result<Vec<Volunteer>> {
        let mut stmt = self.conn().prepare(&format!("{SELECT} ORDER BY v.name COLLATE NOCASE, v.seq"))?;
        let needle = search.map(validate::fold_key).filter(|s| !s.is_empty());
        let mut out = Vec::new();
        for row in stmt.query_map([], from_row)? {
            let v = row?;
            let keep = needle.as_ref().is_none_or(|n| {
                validate::fold_key(&v.name).contains(n.as_str())
                    || v.email.as_deref().is_some_and(|e| e.to_lowercase().contains(n.as_str()))
                    || v.organization.as_deref().is_some_and(|o| validate::fold_key(o).contains(n.as_str()))
            });
            if keep {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// Puts a volunteer on a matter. Logging time does this too.
    pub fn assign(&mut self, volunteer: &str, matter: &str) -> Result<()> {
        self.write(|tx| {
            let (vseq, vid) = resolve(tx, volunteer, "volunteer")?;
            let (mseq, mid) = super::matters::resolve(tx, matter, "matter")?;
            if assign(tx, vseq, mseq, &super::today().to_string(), &Stamp::new())? {
                audit(tx, "create", "assignment", Some(vid), &format!("on matter {mid}"))?;
            }
            Ok(())
        })
    }

    /// Names the attorney who supervises `volunteer` on `matter` (putting the volunteer on
    /// the matter if needed); `None` leaves it to the matter's lead attorney. The supervisor
    /// must be an attorney other than the volunteer.
    pub fn set_supervisor(&mut self, volunteer: &str, matter: &str, supervisor: Option<&str>) -> Result<()> {
        self.write(|tx| {
            let (vseq, vid) = resolve(tx, volunteer, "volunteer")?;
            let (mseq, mid) = super::matters::resolve(tx, matter, "matter")?;
            let sup = match supervisor.map(str::trim).filter(|s| !s.is_empty()) {
                Some(s) => {
                    let (sseq, _) = resolve(tx, s, "supervisor")?;
                    if sseq == vseq {
                        return Err(Error::invalid("supervisor", "must be someone other than the volunteer"));
                    }
                    let role: Role = tx.query_row("SELECT role FROM volunteer WHERE seq = ?1", [sseq], |r| r.get(0))?;
                    if role != Role::Attorney {
                        return Err(Error::invalid(
                            "supervisor",
                            format!("must be an attorney (this volunteer is recorded as {})", role.label()),
                        ));
                    }
                    Some(sseq)
                }
                None => None,
            };
            if assign(tx, vseq, mseq, &super::today().to_string(), &Stamp::new())? {
                audit(tx, "create", "assignment", Some(vid), &format!("on matter {mid}"))?;
            }
            set_supervisor(tx, vseq, mseq, sup)?;
            audit(tx, "update", "assignment", Some(vid), &format!("supervisor on matter {mid}"))
        })
    }

    /// Sets a volunteer's law-school start date and bar admissions; `None` leaves a field as
    /// it is (an empty start date or list clears it).
    pub fn update_volunteer_service(
        &mut self,
        volunteer: &str,
        start: Option<&str>,
        admissions: Option<&[String]>,
    ) -> Result<Volunteer> {
        let start = start.map(|s| law_school_start(Some(s))).transpose()?;
        let admissions = admissions.map(bar_admissions).transpose()?;
        let id = self.write(|tx| {
            let (seq, id) = resolve(tx, volunteer, "volunteer")?;
            let (old_start, old_admissions): (Option<String>, String) =
                tx.query_row("SELECT law_school_start, bar_admissions FROM volunteer WHERE seq = ?1", [seq], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let start = start.unwrap_or(old_start);
            let admissions = admissions.unwrap_or_else(|| from_json_list(&old_admissions));
            update_service(tx, seq, start.as_deref(), &admissions)?;
            audit(tx, "update", "volunteer", Some(id), "law-school start and bar admissions")?;
            Ok(id)
        })?;
        self.volunteer(id)
    }

    /// Organizations with their volunteer counts and all-time minutes.
    pub fn list_organizations(&self) -> Result<Vec<Organization>> {
        let mut stmt = self.conn().prepare(
            "SELECT o.id, o.name,
                    (SELECT count(*) FROM volunteer v WHERE v.organization_seq = o.seq),
                    (SELECT coalesce(sum(t.minutes), 0) FROM time_entry t JOIN volunteer v ON v.seq = t.volunteer_seq
                      WHERE v.organization_seq = o.seq)
             FROM organization o ORDER BY o.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Organization { id: r.get(0)?, name: r.get(1)?, volunteers: r.get(2)?, minutes: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The matters a volunteer is assigned to, newest first.
    pub fn matters_of_volunteer(&self, volunteer: &str) -> Result<Vec<crate::model::Matter>> {
        self.list_matters(&super::MatterFilter { volunteer: Some(volunteer.to_owned()), ..Default::default() })
    }
}

/// Every problem with a volunteer draft, for a form that checks as the user types.
pub fn check(draft: &VolunteerDraft) -> Vec<crate::PublicError> {
    validate(draft).err().unwrap_or_default().iter().map(Error::to_public).collect()
}

/// A volunteer with their hours, for lists.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct VolunteerSummary {
    pub volunteer: Volunteer,
    pub minutes: i64,
    pub minutes_this_year: i64,
    pub matters: i64,
}

impl Store {
    /// Volunteers (as [`Store::list_volunteers`]) with their all-time and this-year minutes
    /// and how many matters they are on.
    pub fn volunteer_summaries(&self, search: Option<&str>, year: i16) -> Result<Vec<VolunteerSummary>> {
        let volunteers = self.list_volunteers(search)?;
        let mut minutes = std::collections::HashMap::new();
        let year_prefix = format!("{year:04}-");
        let mut stmt = self.conn().prepare(
            "SELECT volunteer_seq, sum(minutes), sum(CASE WHEN substr(date, 1, 5) = ?1 THEN minutes ELSE 0 END)
             FROM time_entry GROUP BY volunteer_seq",
        )?;
        for row in
            stmt.query_map([&year_prefix], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?
        {
            let (seq, all, this_year) = row?;
            minutes.insert(seq, (all, this_year));
        }
        let mut matters = std::collections::HashMap::new();
        let mut stmt = self.conn().prepare("SELECT volunteer_seq, count(*) FROM assignment GROUP BY volunteer_seq")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (seq, n) = row?;
            matters.insert(seq, n);
        }
        let mut seqs = std::collections::HashMap::new();
        let mut stmt = self.conn().prepare("SELECT id, seq FROM volunteer")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, Uuid>(0)?, r.get::<_, i64>(1)?)))? {
            let (id, seq) = row?;
            seqs.insert(id, seq);
        }
        Ok(volunteers
            .into_iter()
            .map(|v| {
                let seq = seqs.get(&v.id).copied().unwrap_or(0);
                let (all, this_year) = minutes.get(&seq).copied().unwrap_or((0, 0));
                VolunteerSummary {
                    volunteer: v,
                    minutes: all,
                    minutes_this_year: this_year,
                    matters: matters.get(&seq).copied().unwrap_or(0),
                }
            })
            .collect())
    }
}
