//! Volunteers, their organizations and assignments on a team server. A member is a volunteer
//! record too (their login names it).

use std::collections::HashMap;

use postgres::{Client, GenericClient, Row};
use probono_core::model::{Matter, Organization, Role, Volunteer, VolunteerDraft};
use probono_core::store::{MatterFilter, VolunteerSummary, valid};
use probono_core::validate::{self, fold_key};
use probono_core::{Error, Result};
use uuid::Uuid;

use super::{date, stamp};
use crate::error::PgResult;

fn select() -> String {
    format!(
        "SELECT v.id, v.name, v.email, o.name, v.role, v.languages, v.bar_number, {created}, {updated},
                {start}, v.bar_admissions
         FROM volunteer v LEFT JOIN organization o ON o.id = v.organization_id",
        created = stamp("v.created_at"),
        updated = stamp("v.updated_at"),
        start = date("v.law_school_start"),
    )
}

fn from_row(r: &Row) -> Result<Volunteer> {
    Ok(Volunteer {
        id: r.get(0),
        name: r.get(1),
        email: r.get(2),
        organization: r.get(3),
        role: Role::parse("role", r.get(4))
            .map_err(|_| Error::Database("the team database holds an unknown volunteer role".into()))?,
        languages: r.get(5),
        bar_number: r.get(6),
        created_at: r.get(7),
        updated_at: r.get(8),
        law_school_start: r.get(9),
        bar_admissions: r.get(10),
    })
}

pub(super) fn by_id(c: &mut impl GenericClient, id: Uuid) -> Result<Volunteer> {
    let row = c
        .query_opt(&format!("{} WHERE v.id = $1", select()), &[&id])
        .pg()?
        .ok_or_else(|| Error::not_found(format!("volunteer {id}")))?;
    from_row(&row)
}

/// A volunteer reference: an id, an e-mail, a member's login, or the exact name (case and
/// accents aside); among the volunteers this member may see.
pub(crate) fn resolve(c: &mut impl GenericClient, reference: &str, field: &str) -> Result<Uuid> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    if let Ok(id) = reference.parse::<Uuid>() {
        return c
            .query_opt("SELECT id FROM volunteer WHERE id = $1", &[&id])
            .pg()?
            .map(|r| r.get(0))
            .ok_or_else(|| Error::invalid(field, "no volunteer you can see has this id"));
    }
    if reference.contains('@') {
        return c
            .query_opt("SELECT id FROM volunteer WHERE lower(email) = lower($1) LIMIT 1", &[&reference])
            .pg()?
            .map(|r| r.get(0))
            .ok_or_else(|| Error::invalid(field, "no volunteer you can see has this e-mail address"));
    }
    if let Some(row) = c
        .query_opt(
            "SELECT v.id FROM member m JOIN volunteer v ON v.id = m.volunteer_id WHERE m.login = $1",
            &[&reference],
        )
        .pg()?
    {
        return Ok(row.get(0));
    }
    let wanted = fold_key(reference);
    let found: Vec<Uuid> = c
        .query("SELECT id, name FROM volunteer", &[])
        .pg()?
        .iter()
        .filter(|r| fold_key(r.get::<_, &str>(1)) == wanted)
        .map(|r| r.get(0))
        .collect();
    match found.as_slice() {
        [] => Err(Error::invalid(field, "no volunteer you can see has this id, e-mail address, login or name")),
        [one] => Ok(*one),
        _ => Err(Error::invalid(field, "matches more than one volunteer; use its id instead")),
    }
}

/// Volunteers by name; `search` matches name, e-mail or organization (as the vault).
pub(super) fn list(c: &mut Client, search: Option<&str>) -> Result<Vec<Volunteer>> {
    let needle = search.map(fold_key).filter(|s| !s.is_empty());
    let mut out = Vec::new();
    for row in &c.query(&select(), &[]).pg()? {
        let v = from_row(row)?;
        if needle.as_ref().is_none_or(|n| {
            fold_key(&v.name).contains(n.as_str())
                || v.email.as_deref().is_some_and(|e| e.to_lowercase().contains(n.as_str()))
                || v.organization.as_deref().is_some_and(|o| fold_key(o).contains(n.as_str()))
        }) {
            out.push(v);
        }
    }
    out.sort_by_cached_key(|v| (v.name.to_lowercase(), v.id));
    Ok(out)
}

/// The organization with this name as the vault compares names (case, spacing and accents
/// aside: the first spelling is kept), made if new.
pub(super) fn organization(tx: &mut impl GenericClient, name: &str) -> Result<Uuid> {
    let wanted = fold_key(name);
    let found = tx
        .query("SELECT id, name FROM organization ORDER BY created_at, id", &[])
        .pg()?
        .iter()
        .find(|r| fold_key(r.get::<_, &str>(1)) == wanted)
        .map(|r| r.get(0));
    if let Some(id) = found {
        return Ok(id);
    }
    let id = Uuid::now_v7();
    tx.execute("INSERT INTO organization (id, name) VALUES ($1, $2)", &[&id, &name]).pg()?;
    Ok(id)
}

pub(super) fn create(c: &mut Client, draft: &VolunteerDraft) -> Result<Volunteer> {
    let v = valid::volunteer(draft).map_err(validate::first)?;
    let mut tx = c.transaction().pg()?;
    let id = insert(&mut tx, &v)?;
    tx.commit().pg()?;
    by_id(c, id)
}

/// Adds a volunteer (the volunteer table's writer, with [`update_service`] and
/// [`set_organization_and_role`]); a taken e-mail address is refused.
pub(super) fn insert(tx: &mut impl GenericClient, v: &valid::Volunteer) -> Result<Uuid> {
    let id = Uuid::now_v7();
    if let Some(email) = &v.email
        && tx.query_opt("SELECT 1 FROM volunteer WHERE lower(email) = lower($1)", &[email]).pg()?.is_some()
    {
        return Err(Error::invalid("email", "another volunteer already has this e-mail address"));
    }
    let organization = v.organization.as_deref().map(|o| organization(tx, o)).transpose()?;
    tx.execute(
        "INSERT INTO volunteer (id, name, email, organization_id, role, languages, bar_number, law_school_start,
                                bar_admissions)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::date, $9)",
        &[
            &id,
            &v.name,
            &v.email,
            &organization,
            &v.role.code(),
            &v.languages,
            &v.bar_number,
            &v.law_school_start,
            &v.bar_admissions,
        ],
    )
    .pg()?;
    Ok(id)
}

/// Moves a volunteer to another organization and role (an import row that says so).
pub(super) fn set_organization_and_role(
    c: &mut impl GenericClient,
    id: Uuid,
    organization: Option<Uuid>,
    role: Role,
) -> Result<()> {
    let n = c
        .execute(
            "UPDATE volunteer SET organization_id = $2, role = $3, version = version WHERE id = $1",
            &[&id, &organization, &role.code()],
        )
        .pg()?;
    super::changed(n, "volunteer")
}

/// Sets a volunteer's law-school start date and bar admissions (`None` leaves one as it is;
/// an empty date or list clears it), by the vault's rules for both.
pub(super) fn update_service(
    c: &mut Client,
    volunteer: &str,
    start: Option<&str>,
    admissions: Option<&[String]>,
) -> Result<Volunteer> {
    let start = start.map(|s| valid::law_school_start(Some(s))).transpose()?;
    let admissions = admissions.map(valid::bar_admissions).transpose()?;
    let id = resolve(c, volunteer, "volunteer")?;
    let current = by_id(c, id)?;
    let start = start.unwrap_or(current.law_school_start);
    let admissions = admissions.unwrap_or(current.bar_admissions);
    set_service(c, id, start.as_deref(), &admissions)?;
    by_id(c, id)
}

/// Writes a volunteer's law-school start and bar admissions, already checked.
pub(super) fn set_service(
    c: &mut impl GenericClient,
    id: Uuid,
    start: Option<&str>,
    admissions: &[String],
) -> Result<()> {
    let n = c
        .execute(
            "UPDATE volunteer SET law_school_start = $2::text::date, bar_admissions = $3 WHERE id = $1",
            &[&id, &start, &admissions],
        )
        .pg()?;
    super::changed(n, "volunteer")
}

/// Puts a volunteer on a matter (nothing changes if already there); whether it is new.
pub(crate) fn assign(c: &mut Client, volunteer: &str, matter: &str) -> Result<bool> {
    let volunteer = resolve(c, volunteer, "volunteer")?;
    let matter = super::matters::resolve(c, matter, "matter")?;
    put_on_matter(c, volunteer, matter, None)
}

/// Puts a volunteer on a matter from `since` (default today), if not there yet: the
/// assignment table's writer, with [`supervise`]. Whether the assignment is new.
pub(super) fn put_on_matter(
    c: &mut impl GenericClient,
    volunteer: Uuid,
    matter: Uuid,
    since: Option<&str>,
) -> Result<bool> {
    let n = c
        .execute(
            "INSERT INTO assignment (id, volunteer_id, matter_id, since)
             VALUES ($1, $2, $3, coalesce($4::text::date, current_date))
             ON CONFLICT (volunteer_id, matter_id) DO NOTHING",
            &[&Uuid::now_v7(), &volunteer, &matter, &since],
        )
        .pg()?;
    Ok(n == 1)
}

/// Names the attorney who supervises a volunteer on a matter they are on (`None`: the lead).
pub(super) fn supervise(
    c: &mut impl GenericClient,
    volunteer: Uuid,
    matter: Uuid,
    supervisor: Option<Uuid>,
) -> Result<()> {
    let n = c
        .execute(
            "UPDATE assignment SET supervisor_id = $3 WHERE volunteer_id = $1 AND matter_id = $2",
            &[&volunteer, &matter, &supervisor],
        )
        .pg()?;
    super::changed(n, "assignment")
}

/// Names the attorney who supervises `volunteer` on `matter` (putting them on it if needed);
/// `None`: the matter's lead attorney. The supervisor must be an attorney other than them.
pub(super) fn set_supervisor(c: &mut Client, volunteer: &str, matter: &str, supervisor: Option<&str>) -> Result<()> {
    let volunteer_id = resolve(c, volunteer, "volunteer")?;
    let matter_id = super::matters::resolve(c, matter, "matter")?;
    let supervisor_id = match supervisor.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let id = resolve(c, s, "supervisor")?;
            if id == volunteer_id {
                return Err(Error::invalid("supervisor", "must be someone other than the volunteer"));
            }
            let role = by_id(c, id)?.role;
            if role != Role::Attorney {
                return Err(Error::invalid(
                    "supervisor",
                    format!("must be an attorney (this volunteer is recorded as {})", role.label()),
                ));
            }
            Some(id)
        }
        None => None,
    };
    let mut tx = c.transaction().pg()?;
    put_on_matter(&mut tx, volunteer_id, matter_id, None)?;
    supervise(&mut tx, volunteer_id, matter_id, supervisor_id)?;
    tx.commit().pg()
}

/// Organizations with their volunteer counts and all-time minutes (of what this member sees).
pub(super) fn organizations(c: &mut Client) -> Result<Vec<Organization>> {
    let mut out: Vec<Organization> = c
        .query(
            "SELECT o.id, o.name,
                    (SELECT count(*) FROM volunteer v WHERE v.organization_id = o.id),
                    (SELECT coalesce(sum(t.minutes), 0)::bigint FROM time_entry t JOIN volunteer v ON v.id = t.volunteer_id
                      WHERE v.organization_id = o.id)
             FROM organization o",
            &[],
        )
        .pg()?
        .iter()
        .map(|r| Organization { id: r.get(0), name: r.get(1), volunteers: r.get(2), minutes: r.get(3) })
        .collect();
    out.sort_by_cached_key(|o| o.name.to_lowercase());
    Ok(out)
}

pub(super) fn matters_of(c: &mut Client, volunteer: &str) -> Result<Vec<Matter>> {
    super::matters::list(c, &MatterFilter { volunteer: Some(volunteer.to_owned()), ..Default::default() })
}

/// Volunteers (as [`list`]) with their all-time and this-year minutes and how many matters
/// they are on — of the time and assignments this member may see.
pub(super) fn summaries(c: &mut Client, search: Option<&str>, year: i16) -> Result<Vec<VolunteerSummary>> {
    let volunteers = list(c, search)?;
    let minutes: HashMap<Uuid, (i64, i64)> = c
        .query(
            "SELECT volunteer_id, sum(minutes)::bigint,
                    coalesce(sum(minutes) FILTER (WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)), 0)::bigint
             FROM time_entry GROUP BY volunteer_id",
            &[&i32::from(year)],
        )
        .pg()?
        .iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
        .collect();
    let matters: HashMap<Uuid, i64> = c
        .query("SELECT volunteer_id, count(*) FROM assignment GROUP BY volunteer_id", &[])
        .pg()?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    Ok(volunteers
        .into_iter()
        .map(|v| {
            let (all, this_year) = minutes.get(&v.id).copied().unwrap_or((0, 0));
            let on = matters.get(&v.id).copied().unwrap_or(0);
            VolunteerSummary { volunteer: v, minutes: all, minutes_this_year: this_year, matters: on }
        })
        .collect())
}
