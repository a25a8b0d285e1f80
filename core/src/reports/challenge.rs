//! Attorney and firm figures: each attorney's pro bono hours against ABA Model Rule 6.1's
//! aspirational 50 hours (and a state's goal when one is set), and, for an organization whose
//! billable hours for the year are given, the figures the Pro Bono Institute's Law Firm Pro
//! Bono Challenge asks for: pro bono hours as a share of billable hours (against 3 and 5
//! percent), hours per attorney (against 60 and 100), and the participation rate.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::hours::ABA_ASPIRATION_HOURS;
use super::{Definition, Period, hours, rate};
use crate::error::{Error, Result};
use crate::store::{Settings, StateGoal, Store};

/// The Challenge's goals: a share of billable hours, or hours per attorney.
pub const SHARE_GOALS: [f64; 2] = [0.03, 0.05];
pub const PER_ATTORNEY_GOALS: [f64; 2] = [60.0, 100.0];

/// One attorney of the organization and their pro bono hours in the period.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttorneyHours {
    pub name: String,
    pub email: Option<String>,
    pub hours: f64,
    pub reached_aba_aspiration: bool,
    /// Against the state goal in Settings; None when no state goal is set.
    pub reached_state_goal: Option<bool>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChallengeReport {
    pub program_name: String,
    pub organization: String,
    pub period: Period,
    pub billable_hours: f64,
    /// Pro bono hours of the organization's attorneys in the period.
    pub attorney_pro_bono_hours: f64,
    /// Every volunteer of the organization (paralegals, interpreters… too), for reference.
    pub all_volunteer_hours: f64,
    /// attorney_pro_bono_hours ÷ billable_hours.
    pub share_of_billable: f64,
    pub meets_3_percent: bool,
    pub meets_5_percent: bool,
    /// Attorneys of the organization on record.
    pub attorneys: i64,
    /// Attorneys with any pro bono time in the period.
    pub participating_attorneys: i64,
    /// participating ÷ attorneys (None without attorneys).
    pub participation_rate: Option<f64>,
    /// attorney_pro_bono_hours ÷ attorneys (None without attorneys).
    pub hours_per_attorney: Option<f64>,
    pub meets_60_hours_per_attorney: bool,
    pub meets_100_hours_per_attorney: bool,
    pub aba_aspiration_hours: f64,
    pub state_goal: Option<StateGoal>,
    /// Most hours first, then by name.
    pub attorney_hours: Vec<AttorneyHours>,
    pub definitions: Vec<Definition>,
}

pub const CHALLENGE_DEFINITIONS: &[Definition] = &[
    Definition { term: "Period", meaning: "The dates from and to, both included." },
    Definition {
        term: "Attorneys",
        meaning: "Volunteers of the organization recorded with the role attorney, whether or not they logged time.",
    },
    Definition {
        term: "Pro bono hours",
        meaning: "The sum of the time entries of the organization's attorneys dated in the period, entered in tenths of an hour and stored as minutes. Hours of its other volunteers (paralegals, interpreters, students) are shown apart and not counted toward the goals.",
    },
    Definition {
        term: "Share of billable hours",
        meaning: "Pro bono hours divided by the organization's total billable hours for the period, as entered for this report; compared with the Pro Bono Institute Challenge goals of 3 and 5 percent.",
    },
    Definition {
        term: "Hours per attorney",
        meaning: "Pro bono hours divided by the number of attorneys; compared with the Challenge goals of 60 and 100 hours.",
    },
    Definition {
        term: "Participation rate",
        meaning: "Attorneys with any pro bono time in the period divided by all the organization's attorneys on record.",
    },
    Definition {
        term: "ABA Model Rule 6.1 and state goals",
        meaning: "Each attorney's hours against the aspiration of at least 50 hours a year, and against the state goal entered in Settings (with its year and source) when there is one.",
    },
];

/// Checks what a person typed for the Challenge figures: the organization's name (trimmed)
/// and the billable hours.
pub fn check_input(organization: &str, billable_hours: f64) -> Result<&str> {
    if !billable_hours.is_finite() || billable_hours <= 0.0 {
        return Err(Error::invalid("billable_hours", "must be a number of hours more than 0"));
    }
    if billable_hours > 1.0e9 {
        return Err(Error::invalid("billable_hours", "must be at most 1,000,000,000"));
    }
    let org = organization.trim();
    if org.is_empty() {
        return Err(Error::invalid("org", "is required (the organization's name)"));
    }
    Ok(org)
}

/// One volunteer of the organization as an engine reads them: name, e-mail, role code, and
/// minutes in the period.
pub type MemberMinutes = (String, Option<String>, String, i64);

pub fn compute(
    conn: &Connection,
    organization: &str,
    period: Period,
    billable_hours: f64,
    settings: &Settings,
) -> Result<ChallengeReport> {
    let org = check_input(organization, billable_hours)?;
    let (org_seq, org_name): (i64, String) = conn
        .query_row("SELECT seq, name FROM organization WHERE name_key = ?1", [crate::validate::fold_key(org)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .ok_or_else(|| Error::invalid("org", "no organization of that name (see probono org list)"))?;

    // Every volunteer of the organization with their minutes in the period.
    let mut stmt = conn.prepare_cached(
        "SELECT v.name, v.email, v.role,
                (SELECT coalesce(sum(t.minutes), 0) FROM time_entry t
                  WHERE t.volunteer_seq = v.seq AND t.date BETWEEN ?2 AND ?3)
         FROM volunteer v WHERE v.organization_seq = ?1",
    )?;
    let rows = stmt.query_map(rusqlite::params![org_seq, period.first_day(), period.last_day()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
    })?;
    let members = rows.collect::<rusqlite::Result<Vec<MemberMinutes>>>()?;
    Ok(assemble(org_name, members, period, billable_hours, settings))
}

/// The Challenge figures from what an engine read: the same arithmetic for the vault and a
/// team server.
pub fn assemble(
    organization: String,
    members: Vec<MemberMinutes>,
    period: Period,
    billable_hours: f64,
    settings: &Settings,
) -> ChallengeReport {
    let (mut attorney_minutes, mut all_minutes, mut attorneys, mut participating) = (0i64, 0i64, 0i64, 0i64);
    let mut per_attorney = Vec::new();
    for (name, email, role, minutes) in members {
        all_minutes += minutes;
        if role != "attorney" {
            continue;
        }
        attorneys += 1;
        attorney_minutes += minutes;
        if minutes > 0 {
            participating += 1;
        }
        let h = hours(minutes);
        per_attorney.push((
            minutes,
            AttorneyHours {
                name,
                email,
                hours: h,
                reached_aba_aspiration: h >= ABA_ASPIRATION_HOURS,
                reached_state_goal: settings.state_goal.as_ref().map(|g| h >= g.hours),
            },
        ));
    }
    per_attorney.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    let pro_bono = hours(attorney_minutes);
    let share = attorney_minutes as f64 / 60.0 / billable_hours;
    let per = (attorneys > 0).then(|| (attorney_minutes as f64 / 60.0 / attorneys as f64 * 100.0).round() / 100.0);
    ChallengeReport {
        program_name: settings.program_name.clone(),
        organization,
        period,
        billable_hours,
        attorney_pro_bono_hours: pro_bono,
        all_volunteer_hours: hours(all_minutes),
        share_of_billable: (share * 10_000.0).round() / 10_000.0,
        meets_3_percent: share >= SHARE_GOALS[0],
        meets_5_percent: share >= SHARE_GOALS[1],
        attorneys,
        participating_attorneys: participating,
        participation_rate: rate(participating, attorneys),
        hours_per_attorney: per,
        meets_60_hours_per_attorney: per.is_some_and(|p| p >= PER_ATTORNEY_GOALS[0]),
        meets_100_hours_per_attorney: per.is_some_and(|p| p >= PER_ATTORNEY_GOALS[1]),
        aba_aspiration_hours: ABA_ASPIRATION_HOURS,
        state_goal: settings.state_goal.clone(),
        attorney_hours: per_attorney.into_iter().map(|(_, a)| a).collect(),
        definitions: CHALLENGE_DEFINITIONS.to_vec(),
    }
}

impl Store {
    /// The Challenge figures of one organization for `period`, given its billable hours.
    pub fn challenge_report(&self, organization: &str, period: Period, billable_hours: f64) -> Result<ChallengeReport> {
        compute(self.conn(), organization, period, billable_hours, &self.settings()?)
    }
}
