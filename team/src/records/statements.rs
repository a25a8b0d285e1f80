//! Service statements on a team server (docs/service-statements.md): the facts read from
//! PostgreSQL, the statement made by the core's own `assemble`, as for a vault. What a member
//! may read decides whose statements they can make: staff anyone's, a student their own and
//! their matters' colleagues', a volunteer (the role) their own, without client names (schema 3
//! lets the role read its matters' case types and its supervising attorneys).

use postgres::Client;
use probono_core::model::CaseType;
use probono_core::reports::Period;
use probono_core::reports::statement::{
    self, MatterFacts, ServiceStatement, StatementFacts, StatementVolunteer, Supervisor,
};
use probono_core::validate::fold_key;
use probono_core::{Error, Result};
use uuid::Uuid;

use super::{matters, people};
use crate::error::PgResult;

pub(super) fn statement(
    c: &mut Client,
    volunteer: &str,
    period: Period,
    with_client_names: bool,
    project: Option<&str>,
) -> Result<ServiceStatement> {
    let settings = crate::reports::settings(c)?;
    let volunteer_id = people::resolve(c, volunteer, "volunteer")?;
    let project = match project {
        Some(m) => {
            let id = matters::resolve(c, m, "matter")?;
            let case_ref: String = c.query_one("SELECT case_ref FROM matter WHERE id = $1", &[&id]).pg()?.get(0);
            Some((id, case_ref))
        }
        None => None,
    };
    let v = people::by_id(c, volunteer_id)?;
    // The period's entries, by date, then by matter (ids are made in the order matters are).
    let rows = c
        .query(
            "SELECT matter_id, to_char(date, 'YYYY-MM-DD'), minutes, activity FROM time_entry
             WHERE date BETWEEN $1::text::date AND $2::text::date AND volunteer_id = $3
             ORDER BY date, matter_id, id",
            &[&period.first_day(), &period.last_day(), &volunteer_id],
        )
        .pg()?;
    let mut order: Vec<Uuid> = Vec::new();
    let mut by_matter: std::collections::HashMap<Uuid, Vec<(i64, String, String)>> = Default::default();
    for r in &rows {
        let matter: Uuid = r.get(0);
        if project.as_ref().is_some_and(|(p, _)| *p != matter) {
            continue;
        }
        by_matter
            .entry(matter)
            .or_insert_with(|| {
                order.push(matter);
                Vec::new()
            })
            .push((i64::from(r.get::<_, i32>(2)), r.get(1), r.get(3)));
    }
    let supervisor = |r: &postgres::Row| Supervisor { name: r.get(0), email: r.get(1), bar_number: r.get(2) };
    let mut matters = Vec::with_capacity(order.len());
    for matter in order {
        let info = c.query_one("SELECT case_ref, case_type FROM matter WHERE id = $1", &[&matter]).pg()?;
        // Only asked for when shown: a volunteer (the role) reads no client data, and their
        // own statement is made without client names.
        let client_name: String = if with_client_names {
            c.query_one(
                "SELECT coalesce(c.name, '') FROM matter m LEFT JOIN client c ON c.id = m.client_id WHERE m.id = $1",
                &[&matter],
            )
            .pg()?
            .get(0)
        } else {
            String::new()
        };
        let named = c
            .query_opt(
                "SELECT s.name, s.email, s.bar_number FROM assignment a JOIN volunteer s ON s.id = a.supervisor_id
                 WHERE a.matter_id = $1 AND a.volunteer_id = $2",
                &[&matter, &volunteer_id],
            )
            .pg()?;
        let lead = c
            .query_opt(
                "SELECT v.name, v.email, v.bar_number FROM assignment a JOIN volunteer v ON v.id = a.volunteer_id
                 WHERE a.matter_id = $1 AND v.role = 'attorney' AND v.id <> $2
                 ORDER BY a.since, a.created_at, a.id LIMIT 1",
                &[&matter, &volunteer_id],
            )
            .pg()?;
        matters.push(MatterFacts {
            case_ref: info.get(0),
            case_type: CaseType::parse("case_type", info.get(1))
                .map_err(|_| Error::Database("the team database holds an unknown case type".into()))?,
            client_name,
            named_supervisor: named.as_ref().map(supervisor),
            lead_attorney: lead.as_ref().map(supervisor),
            entries: by_matter.remove(&matter).unwrap_or_default(),
        });
    }
    let volunteer = StatementVolunteer {
        name: v.name,
        email: v.email,
        organization: v.organization,
        role: v.role,
        role_label: v.role.label(),
        bar_number: v.bar_number,
        bar_admissions: v.bar_admissions,
        law_school_start: v.law_school_start,
    };
    let facts = StatementFacts { volunteer, project: project.map(|(_, case_ref)| case_ref), matters };
    Ok(statement::assemble(facts, period, with_client_names, &settings))
}

/// The volunteers with time in `period` this member may see, by name.
pub(super) fn volunteers_with_time(c: &mut Client, period: Period) -> Result<Vec<(Uuid, String)>> {
    let mut out: Vec<(Uuid, String)> = c
        .query(
            "SELECT v.id, v.name FROM volunteer v WHERE v.id IN
               (SELECT DISTINCT volunteer_id FROM time_entry WHERE date BETWEEN $1::text::date AND $2::text::date)",
            &[&period.first_day(), &period.last_day()],
        )
        .pg()?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    // As the vault sorts them: by the folded name.
    out.sort_by_cached_key(|(id, name)| (fold_key(name), *id));
    Ok(out)
}

/// The Pro Bono Institute Challenge figures of one organization (of the volunteers and time
/// this member may see), made by the core's own `challenge::assemble`.
pub(super) fn challenge(
    c: &mut Client,
    organization: &str,
    period: Period,
    billable_hours: f64,
) -> Result<probono_core::reports::challenge::ChallengeReport> {
    use probono_core::reports::challenge;
    let settings = crate::reports::settings(c)?;
    let wanted = fold_key(challenge::check_input(organization, billable_hours)?);
    let (org_id, org_name): (Uuid, String) = c
        .query("SELECT id, name FROM organization", &[])
        .pg()?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .find(|(_, name): &(Uuid, String)| fold_key(name) == wanted)
        .ok_or_else(|| Error::invalid("org", "no organization of that name (see probono org list)"))?;
    let members: Vec<challenge::MemberMinutes> = c
        .query(
            "SELECT v.name, v.email, v.role,
                    (SELECT coalesce(sum(t.minutes), 0)::bigint FROM time_entry t
                      WHERE t.volunteer_id = v.id AND t.date BETWEEN $2::text::date AND $3::text::date)
             FROM volunteer v WHERE v.organization_id = $1",
            &[&org_id, &period.first_day(), &period.last_day()],
        )
        .pg()?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    Ok(challenge::assemble(org_name, members, period, billable_hours, &settings))
}
