//! A service statement: one volunteer's pro bono time over a period, matter by matter, with
//! the supervising attorney of each and a certification block for the supervisor. It is
//! what law students (the New York bar's 50-hour rule) and attorneys (ABA Model Rule 6.1,
//! state reporting) are asked to show each year.
//!
//! Matters are named by case reference and case type; the client's name appears only when
//! asked for. The hours are the same sums as the volunteer-hour report's.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::{Definition, Period, hours};
use crate::error::{Error, Result};
use crate::model::{CaseType, Role};
use crate::store::{Settings, Store};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementVolunteer {
    pub name: String,
    pub email: Option<String>,
    pub organization: Option<String>,
    pub role: Role,
    pub role_label: &'static str,
    pub bar_number: Option<String>,
    pub bar_admissions: Vec<String>,
    /// Law students: YYYY-MM-DD, when recorded.
    pub law_school_start: Option<String>,
}

/// The attorney who supervised the volunteer's work on a matter.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Supervisor {
    pub name: String,
    pub email: Option<String>,
    pub bar_number: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementEntry {
    /// YYYY-MM-DD.
    pub date: String,
    pub activity: String,
    pub hours: f64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementMatter {
    pub case_ref: String,
    pub case_type: CaseType,
    pub case_type_label: &'static str,
    /// Only when the statement was made with client names.
    pub client_name: Option<String>,
    /// None when no other attorney is assigned to the matter.
    pub supervisor: Option<Supervisor>,
    /// Whether the supervisor was named on the assignment (else the matter's lead attorney).
    pub supervisor_named: bool,
    pub hours: f64,
    /// Law students: the hours that count toward the 50 (see [`Qualifying`]).
    pub qualifying_hours: Option<f64>,
    /// Oldest first.
    pub entries: Vec<StatementEntry>,
}

/// A time entry left out of a law student's qualifying hours, and why.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftOut {
    pub case_ref: String,
    pub date: String,
    pub hours: f64,
    pub reason: String,
}

/// A law student's hours toward the New York bar's pro bono requirement (Rule 520.16 of the
/// Rules of the New York Court of Appeals: 50 hours of supervised, law-related pro bono work
/// done after starting law school).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Qualifying {
    pub goal_hours: f64,
    pub hours: f64,
    pub remaining_hours: f64,
    pub law_school_start: Option<String>,
    /// Oldest first.
    pub left_out: Vec<LeftOut>,
    /// Said on the statement when something could not be checked.
    pub notes: Vec<String>,
}

/// The New York bar's requirement: 50 hours.
pub const NEW_YORK_BAR_HOURS: f64 = 50.0;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceStatement {
    pub program_name: String,
    pub period: Period,
    /// The one project (case reference) the statement is limited to, for a per-project
    /// affidavit; None: every matter.
    pub project: Option<String>,
    pub volunteer: StatementVolunteer,
    /// In the order the volunteer first worked on them.
    pub matters: Vec<StatementMatter>,
    pub total_hours: f64,
    pub entry_count: i64,
    /// Law students only.
    pub qualifying: Option<Qualifying>,
    pub client_names_included: bool,
    pub definitions: Vec<Definition>,
}

impl ServiceStatement {
    /// A file name for the statement without its extension, safe on every system:
    /// "statement-maria-jose-hernandez-2026".
    pub fn file_stem(&self) -> String {
        let slug = crate::filename::portable_part(&self.volunteer.name, "volunteer", 60);
        let period = self.period.label().replace(' ', "-");
        format!("statement-{slug}-{period}")
    }
}

/// How a statement counts, printed on its last page.
pub const STATEMENT_DEFINITIONS: &[Definition] = &[
    Definition { term: "Period", meaning: "The dates from and to, both included." },
    Definition {
        term: "Time that counts",
        meaning: "Every time entry of this volunteer dated in the period, on any matter, whatever the matter's status. Nothing else is added or left out.",
    },
    Definition {
        term: "Hours",
        meaning: "Entered in tenths of an hour and stored as minutes; each figure is the sum of the minutes, shown in hours rounded to tenths. The total equals this volunteer's row in the volunteer-hour report for the same period.",
    },
    Definition {
        term: "Supervising attorney",
        meaning: "The attorney named as the volunteer's supervisor on the matter; when none is named, the matter's lead attorney (the attorney assigned to it first, other than the volunteer); \"none recorded\" when there is neither.",
    },
    Definition {
        term: "Qualifying hours (law students)",
        meaning: "Toward the New York bar's 50 hours (Rule 520.16): the period's entries dated on or after the law-school start date, on matters with a supervising attorney. Entries left out are listed with the reason. The program does not decide what the Board of Law Examiners accepts.",
    },
    Definition {
        term: "Client names",
        meaning: "Left out unless the statement was made with client names asked for: matters are named by case reference and case type.",
    },
];

/// What a statement is made from, as an engine reads it; [`assemble`] makes the statement, so
/// the vault and a team server compute it the same way.
#[derive(Debug, Clone)]
pub struct StatementFacts {
    pub volunteer: StatementVolunteer,
    /// The project's case reference when the statement is of one matter.
    pub project: Option<String>,
    /// The matters with the volunteer's entries in the period, in the order of their first
    /// entry (date, then the matter's age).
    pub matters: Vec<MatterFacts>,
}

/// One matter of a statement, as read.
#[derive(Debug, Clone)]
pub struct MatterFacts {
    pub case_ref: String,
    pub case_type: CaseType,
    pub client_name: String,
    /// The attorney named as the volunteer's supervisor on this matter.
    pub named_supervisor: Option<Supervisor>,
    /// The matter's lead attorney (the attorney other than the volunteer assigned first).
    pub lead_attorney: Option<Supervisor>,
    /// (minutes, date, activity), by date.
    pub entries: Vec<(i64, String, String)>,
}

pub fn compute(
    conn: &Connection,
    volunteer: &str,
    period: Period,
    with_client_names: bool,
    project: Option<&str>,
    settings: &Settings,
) -> Result<ServiceStatement> {
    let (seq, _) = crate::store::resolve_volunteer(conn, volunteer, "volunteer")?;
    let project = project
        .map(|m| {
            let (mseq, _) = crate::store::resolve_matter(conn, m, "matter")?;
            let case_ref: String =
                conn.query_row("SELECT case_ref FROM matter WHERE seq = ?1", [mseq], |r| r.get(0))?;
            Ok::<_, Error>((mseq, case_ref))
        })
        .transpose()?;
    type Row = (String, Option<String>, Option<String>, Role, Option<String>, Option<String>, String);
    let (name, email, organization, role, bar_number, law_school_start, bar_admissions): Row = conn.query_row(
        "SELECT v.name, v.email, o.name, v.role, v.bar_number, v.law_school_start, v.bar_admissions FROM volunteer v
         LEFT JOIN organization o ON o.seq = v.organization_seq WHERE v.seq = ?1",
        [seq],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
    )?;

    // The period's entries of this volunteer, through the period index (there is no
    // volunteer index on time_entry, by design: docs/performance.md).
    let mut stmt = conn.prepare_cached(
        "SELECT matter_seq, date, minutes, activity FROM time_entry
         WHERE date BETWEEN ?1 AND ?2 AND volunteer_seq = ?3 ORDER BY date, matter_seq, seq",
    )?;
    let rows = stmt.query_map(rusqlite::params![period.first_day(), period.last_day(), seq], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?))
    })?;
    let mut order: Vec<i64> = Vec::new();
    let mut by_matter: std::collections::HashMap<i64, Vec<(i64, String, String)>> = Default::default();
    for row in rows {
        let (matter, date, minutes, activity) = row?;
        if project.as_ref().is_some_and(|(p, _)| *p != matter) {
            continue;
        }
        by_matter
            .entry(matter)
            .or_insert_with(|| {
                order.push(matter);
                Vec::new()
            })
            .push((minutes, date, activity));
    }

    let mut matter_info = conn.prepare_cached(
        "SELECT m.case_ref, m.case_type, c.name FROM matter m JOIN client c ON c.seq = m.client_seq WHERE m.seq = ?1",
    )?;
    let mut named_supervisor = conn.prepare_cached(
        "SELECT s.name, s.email, s.bar_number FROM assignment a JOIN volunteer s ON s.seq = a.supervisor_seq
         WHERE a.matter_seq = ?1 AND a.volunteer_seq = ?2",
    )?;
    let mut lead_attorney = conn.prepare_cached(
        "SELECT v.name, v.email, v.bar_number FROM assignment a JOIN volunteer v ON v.seq = a.volunteer_seq
         WHERE a.matter_seq = ?1 AND v.role = 'attorney' AND v.seq <> ?2 ORDER BY a.since, a.seq LIMIT 1",
    )?;
    let as_supervisor =
        |r: &rusqlite::Row<'_>| Ok(Supervisor { name: r.get(0)?, email: r.get(1)?, bar_number: r.get(2)? });
    let mut matters = Vec::with_capacity(order.len());
    for matter in order {
        let (case_ref, case_type, client_name): (String, CaseType, String) =
            matter_info.query_row([matter], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        matters.push(MatterFacts {
            case_ref,
            case_type,
            client_name,
            named_supervisor: named_supervisor.query_row([matter, seq], as_supervisor).optional()?,
            lead_attorney: lead_attorney.query_row([matter, seq], as_supervisor).optional()?,
            entries: by_matter.remove(&matter).unwrap_or_default(),
        });
    }
    let volunteer = StatementVolunteer {
        name,
        email,
        organization,
        role,
        role_label: role.label(),
        bar_number,
        bar_admissions: crate::store::from_json_list(&bar_admissions),
        law_school_start,
    };
    Ok(assemble(
        StatementFacts { volunteer, project: project.map(|(_, case_ref)| case_ref), matters },
        period,
        with_client_names,
        settings,
    ))
}

/// A statement from what an engine read (docs/service-statements.md): hours by matter, and
/// for a law student the hours toward the New York bar's 50 with what was left out and why.
pub fn assemble(
    facts: StatementFacts,
    period: Period,
    with_client_names: bool,
    settings: &Settings,
) -> ServiceStatement {
    let StatementFacts { volunteer, project, matters: read } = facts;
    let student = volunteer.role == Role::LawStudent;
    let law_school_start = volunteer.law_school_start.clone();
    let start = law_school_start.as_deref().filter(|_| student);
    let mut left_out = Vec::new();
    let (mut total_minutes, mut entry_count, mut qualifying_minutes) = (0i64, 0i64, 0i64);
    let mut matters = Vec::with_capacity(read.len());
    for m in read {
        let supervisor_named = m.named_supervisor.is_some();
        let supervisor = m.named_supervisor.or(m.lead_attorney);
        let minutes: i64 = m.entries.iter().map(|(minutes, ..)| minutes).sum();
        total_minutes += minutes;
        entry_count += m.entries.len() as i64;
        let mut matter_qualifying = 0i64;
        if student {
            for (minutes, date, _) in &m.entries {
                let reason = if supervisor.is_none() {
                    Some("no supervising attorney on this matter".to_owned())
                } else {
                    start
                        .filter(|s| date.as_str() < *s)
                        .map(|start| format!("before the law-school start date ({start})"))
                };
                match reason {
                    Some(reason) => left_out.push(LeftOut {
                        case_ref: m.case_ref.clone(),
                        date: date.clone(),
                        hours: hours(*minutes),
                        reason,
                    }),
                    None => matter_qualifying += minutes,
                }
            }
            qualifying_minutes += matter_qualifying;
        }
        matters.push(StatementMatter {
            case_type_label: m.case_type.label(),
            case_ref: m.case_ref,
            case_type: m.case_type,
            client_name: with_client_names.then_some(m.client_name),
            supervisor,
            supervisor_named,
            hours: hours(minutes),
            qualifying_hours: student.then(|| hours(matter_qualifying)),
            entries: m
                .entries
                .into_iter()
                .map(|(minutes, date, activity)| StatementEntry { date, activity, hours: hours(minutes) })
                .collect(),
        });
    }
    let qualifying = student.then(|| {
        left_out.sort_by(|a, b| (&a.date, &a.case_ref).cmp(&(&b.date, &b.case_ref)));
        let h = hours(qualifying_minutes);
        let mut notes = Vec::new();
        if law_school_start.is_none() {
            notes.push(
                "The law-school start date is not recorded, so no entry was left out for its date: record it to check."
                    .to_owned(),
            );
        }
        Qualifying {
            goal_hours: NEW_YORK_BAR_HOURS,
            hours: h,
            remaining_hours: hours((NEW_YORK_BAR_HOURS as i64 * 60 - qualifying_minutes).max(0)),
            law_school_start: law_school_start.clone(),
            left_out,
            notes,
        }
    });
    ServiceStatement {
        program_name: settings.program_name.clone(),
        period,
        project,
        volunteer,
        matters,
        total_hours: hours(total_minutes),
        entry_count,
        qualifying,
        client_names_included: with_client_names,
        definitions: STATEMENT_DEFINITIONS.to_vec(),
    }
}

/// The volunteers with time in `period`, by name: whom a batch of statements is for.
pub fn volunteers_with_time(conn: &Connection, period: Period) -> Result<Vec<(uuid::Uuid, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.name FROM volunteer v WHERE v.seq IN
           (SELECT DISTINCT volunteer_seq FROM time_entry WHERE date BETWEEN ?1 AND ?2)
         ORDER BY v.name_key, v.seq",
    )?;
    let rows = stmt.query_map([period.first_day(), period.last_day()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(Error::from)
}

impl Store {
    /// One volunteer's service statement for `period` (client names only when asked), of
    /// one project (matter) when one is given.
    pub fn service_statement(
        &self,
        volunteer: &str,
        period: Period,
        with_client_names: bool,
        project: Option<&str>,
    ) -> Result<ServiceStatement> {
        compute(self.conn(), volunteer, period, with_client_names, project, &self.settings()?)
    }

    /// The volunteers with time in `period`, by name (id and name).
    pub fn volunteers_with_time(&self, period: Period) -> Result<Vec<(uuid::Uuid, String)>> {
        volunteers_with_time(self.conn(), period)
    }
}
