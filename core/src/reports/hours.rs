//! The annual volunteer-hour report: who gave how much time, for which organizations, in
//! which months, on which kinds of cases; and who reached the ABA Model Rule 6.1 aspiration.
//!
//! One pass over the period's entries (through the covering index) feeds every table.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;

use super::Period;
use crate::error::Result;
use crate::model::{CaseType, Role};
use crate::store::{Settings, Store};

/// ABA Model Rule 6.1: "a lawyer should aspire to render at least (50) hours of pro bono
/// publico legal services per year".
pub const ABA_ASPIRATION_HOURS: f64 = 50.0;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VolunteerHours {
    pub name: String,
    pub email: Option<String>,
    pub organization: Option<String>,
    pub role: Role,
    pub hours: f64,
    /// Distinct matters with time in the period.
    pub matters: i64,
    /// At least [`ABA_ASPIRATION_HOURS`] in the period.
    pub reached_aba_aspiration: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganizationHours {
    pub name: String,
    pub hours: f64,
    pub volunteers: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleHours {
    pub role: Role,
    pub label: &'static str,
    pub hours: f64,
    pub volunteers: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthHours {
    /// "YYYY-MM".
    pub month: String,
    pub hours: f64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseTypeHours {
    pub case_type: CaseType,
    pub label: &'static str,
    pub hours: f64,
    pub matters: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DetentionHours {
    pub detained_hours: f64,
    pub detained_matters: i64,
    pub non_detained_hours: f64,
    pub non_detained_matters: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoursReport {
    pub program_name: String,
    pub period: Period,
    pub total_hours: f64,
    pub volunteer_count: i64,
    pub volunteers_reaching_aba_aspiration: i64,
    pub aba_aspiration_hours: f64,
    /// Most hours first.
    pub volunteers: Vec<VolunteerHours>,
    /// Most hours first; volunteers without an organization are grouped as "(no organization)".
    pub organizations: Vec<OrganizationHours>,
    pub roles: Vec<RoleHours>,
    /// Every month of the period, including months with no time.
    pub months: Vec<MonthHours>,
    pub case_types: Vec<CaseTypeHours>,
    pub detention: DetentionHours,
}

struct VolunteerTally<K> {
    minutes: i64,
    matters: Vec<K>,
}

/// The period's time entries, added one by one, and then made into the report: the one
/// implementation of the report's definitions, fed by either engine (the vault streams its
/// entries through the covering index; a team server sends them). `K` is the engine's key
/// for volunteers and matters.
pub struct HoursTally<K> {
    period: Period,
    months: Vec<String>,
    month_index: HashMap<String, usize>,
    month_minutes: Vec<i64>,
    by_volunteer: HashMap<K, VolunteerTally<K>>,
    by_matter: HashMap<K, i64>,
}

/// What the report shows of a volunteer: name, e-mail, organization, role.
pub type VolunteerInfo = (String, Option<String>, Option<String>, Role);

impl<K: std::hash::Hash + Eq + Ord + Clone> HoursTally<K> {
    pub fn new(period: Period) -> HoursTally<K> {
        let months = period.months();
        HoursTally {
            period,
            month_index: months.iter().enumerate().map(|(i, m)| (m.clone(), i)).collect(),
            month_minutes: vec![0; months.len()],
            months,
            by_volunteer: HashMap::new(),
            by_matter: HashMap::new(),
        }
    }

    /// One time entry dated `date` (YYYY-MM-DD) in the period.
    pub fn add(&mut self, volunteer: K, matter: K, date: &str, minutes: i64) {
        if let Some(&i) = date.get(0..7).and_then(|ym| self.month_index.get(ym)) {
            self.month_minutes[i] += minutes;
        }
        *self.by_matter.entry(matter.clone()).or_default() += minutes;
        let t =
            self.by_volunteer.entry(volunteer).or_insert_with(|| VolunteerTally { minutes: 0, matters: Vec::new() });
        t.minutes += minutes;
        t.matters.push(matter);
    }

    /// The report, asking the engine about each volunteer and matter with time.
    pub fn finish(
        self,
        settings: &Settings,
        mut volunteer_info: impl FnMut(&K) -> Result<VolunteerInfo>,
        mut matter_info: impl FnMut(&K) -> Result<(CaseType, bool)>,
    ) -> Result<HoursReport> {
        let HoursTally { period, months, month_minutes, by_volunteer, by_matter, .. } = self;
        let mut volunteers = Vec::with_capacity(by_volunteer.len());
        for (key, mut tally) in by_volunteer {
            tally.matters.sort_unstable();
            tally.matters.dedup();
            let (name, email, organization, role) = volunteer_info(&key)?;
            let hours = super::hours(tally.minutes);
            volunteers.push((
                tally.minutes,
                VolunteerHours {
                    name,
                    email,
                    organization,
                    role,
                    hours,
                    matters: tally.matters.len() as i64,
                    reached_aba_aspiration: hours >= ABA_ASPIRATION_HOURS,
                },
            ));
        }
        // Most minutes first, then by name; the rest only breaks ties, so that both engines
        // list the same volunteers in the same order.
        volunteers.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.name.cmp(&b.1.name))
                .then_with(|| a.1.email.cmp(&b.1.email))
                .then_with(|| a.1.organization.cmp(&b.1.organization))
                .then_with(|| a.1.role.code().cmp(b.1.role.code()))
                .then_with(|| a.1.matters.cmp(&b.1.matters))
        });

        let mut orgs: HashMap<String, (i64, i64)> = HashMap::new();
        let mut roles: HashMap<Role, (i64, i64)> = HashMap::new();
        for (minutes, v) in &volunteers {
            let o = orgs.entry(v.organization.clone().unwrap_or_else(|| "(no organization)".into())).or_default();
            o.0 += minutes;
            o.1 += 1;
            let r = roles.entry(v.role).or_default();
            r.0 += minutes;
            r.1 += 1;
        }
        let mut organizations: Vec<_> = orgs
            .into_iter()
            .map(|(name, (minutes, n))| {
                (minutes, OrganizationHours { name, hours: super::hours(minutes), volunteers: n })
            })
            .collect();
        organizations.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
        let roles = Role::ALL
            .iter()
            .filter_map(|role| {
                roles.get(role).map(|&(minutes, n)| RoleHours {
                    role: *role,
                    label: role.label(),
                    hours: super::hours(minutes),
                    volunteers: n,
                })
            })
            .collect();

        // Case types and detention, from each matter's minutes.
        let mut types: HashMap<CaseType, (i64, i64)> = HashMap::new();
        let mut detention = [(0i64, 0i64); 2];
        for (key, minutes) in &by_matter {
            let (case_type, detained) = matter_info(key)?;
            let t = types.entry(case_type).or_default();
            t.0 += minutes;
            t.1 += 1;
            let d = &mut detention[usize::from(detained)];
            d.0 += minutes;
            d.1 += 1;
        }
        let case_types = CaseType::ALL
            .iter()
            .filter_map(|t| {
                types.get(t).map(|&(minutes, n)| CaseTypeHours {
                    case_type: *t,
                    label: t.label(),
                    hours: super::hours(minutes),
                    matters: n,
                })
            })
            .collect();

        let total: i64 = month_minutes.iter().sum();
        let volunteers: Vec<VolunteerHours> = volunteers.into_iter().map(|(_, v)| v).collect();
        Ok(HoursReport {
            program_name: settings.program_name.clone(),
            period,
            total_hours: super::hours(total),
            volunteer_count: volunteers.len() as i64,
            volunteers_reaching_aba_aspiration: volunteers.iter().filter(|v| v.reached_aba_aspiration).count() as i64,
            aba_aspiration_hours: ABA_ASPIRATION_HOURS,
            volunteers,
            organizations: organizations.into_iter().map(|(_, o)| o).collect(),
            roles,
            months: months
                .into_iter()
                .zip(month_minutes)
                .map(|(month, m)| MonthHours { month, hours: super::hours(m) })
                .collect(),
            case_types,
            detention: DetentionHours {
                detained_hours: super::hours(detention[1].0),
                detained_matters: detention[1].1,
                non_detained_hours: super::hours(detention[0].0),
                non_detained_matters: detention[0].1,
            },
        })
    }
}

pub fn compute(conn: &Connection, period: Period, settings: &Settings) -> Result<HoursReport> {
    let mut tally = HoursTally::new(period);
    let mut stmt = conn.prepare_cached(
        "SELECT volunteer_seq, matter_seq, date, minutes FROM time_entry WHERE date BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query([tally.period.first_day(), tally.period.last_day()])?;
    while let Some(r) = rows.next()? {
        let (v, m, minutes): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(3)?);
        let date = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        tally.add(v, m, date, minutes);
    }
    let mut info = conn.prepare_cached(
        "SELECT v.name, v.email, o.name, v.role FROM volunteer v LEFT JOIN organization o ON o.seq = v.organization_seq
         WHERE v.seq = ?1",
    )?;
    let mut matter_info = conn.prepare_cached("SELECT case_type, detained FROM matter WHERE seq = ?1")?;
    tally.finish(
        settings,
        |seq| Ok(info.query_row([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?),
        |seq| Ok(matter_info.query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))?),
    )
}

impl Store {
    pub fn hours_report(&self, period: Period) -> Result<HoursReport> {
        compute(self.conn(), period, &self.settings()?)
    }
}
