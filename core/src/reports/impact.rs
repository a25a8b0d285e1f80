//! The impact report: how many people the program served, where, and how they fared, by
//! exactly the definitions in [`super::DEFINITIONS`].

use rusqlite::{Connection, named_params};
use serde::Serialize;

use super::{Definition, Period, rate};
use crate::error::Result;
use crate::store::{ComparisonRate, Settings, Store};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactReport {
    pub program_name: String,
    pub period: Period,
    /// Distinct volunteers with a time entry dated in the period.
    pub volunteers: i64,
    pub detained_cases: i64,
    pub detention_facilities: i64,
    pub non_detained_cases: i64,
    pub states_of_residence: i64,
    pub countries_of_origin: i64,
    pub languages: i64,
    pub clients: i64,
    pub active_matters: i64,
    pub relief_granted: i64,
    pub relief_denied: i64,
    pub relief_decided: i64,
    pub relief_pending: i64,
    pub relief_withdrawn: i64,
    /// granted / (granted + denied), 0..1; null when nothing was decided.
    pub relief_rate: Option<f64>,
    pub release_requested: i64,
    pub release_granted: i64,
    pub release_denied: i64,
    pub release_decided: i64,
    pub release_rate: Option<f64>,
    pub total_hours: f64,
    pub national_relief_rate: ComparisonRate,
    pub national_release_rate: ComparisonRate,
    /// The figures in words, as the PDF prints them (see [`ImpactReport::headline`]).
    pub headline: Vec<String>,
    pub definitions: &'static [Definition],
}

/// Computes the figures over any connection (the benchmark runs it on plain SQLite too).
pub fn compute(conn: &Connection, period: Period, settings: &Settings) -> Result<ImpactReport> {
    // SQLite's own DISTINCT and SUM over the covering index beat streaming the rows out.
    let (volunteers, minutes): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(DISTINCT volunteer_seq), coalesce(sum(minutes), 0) FROM time_entry WHERE date BETWEEN ?1 AND ?2",
        )?
        .query_row([period.first_day(), period.last_day()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    compute_with(conn, period, settings, volunteers, minutes)
}

/// The figures, with the period's volunteers and minutes already counted (the dashboard
/// counts them in the same pass as its monthly chart).
pub(crate) fn compute_with(
    conn: &Connection,
    period: Period,
    settings: &Settings,
    volunteers: i64,
    minutes: i64,
) -> Result<ImpactReport> {
    let (from, to) = (period.first_day(), period.last_day());
    // One pass over the active matters for every count that lives on the matter; the two
    // that live on the client (country, languages) follow the active matters' clients.
    const ACTIVE: &str = "opened <= :to AND (closed IS NULL OR closed >= :from)";
    let sql = format!(
        "SELECT
             coalesce(sum(detained), 0),
             count(DISTINCT CASE WHEN detained = 1 THEN facility_seq END),
             coalesce(sum(1 - detained), 0),
             count(DISTINCT CASE WHEN detained = 0 THEN state_of_residence END),
             (SELECT count(DISTINCT c.country) FROM client c
               WHERE c.seq IN (SELECT client_seq FROM matter WHERE {ACTIVE})),
             (SELECT count(DISTINCT cl.language_seq) FROM client_language cl
               WHERE cl.client_seq IN (SELECT client_seq FROM matter WHERE {ACTIVE})),
             count(DISTINCT client_seq),
             count(*),
             coalesce(sum(relief_outcome = 'granted'), 0),
             coalesce(sum(relief_outcome = 'denied'), 0),
             coalesce(sum(relief_outcome = 'pending'), 0),
             coalesce(sum(relief_outcome = 'withdrawn'), 0),
             coalesce(sum(release_requested), 0),
             coalesce(sum(release_requested = 1 AND release_outcome = 'granted'), 0),
             coalesce(sum(release_requested = 1 AND release_outcome = 'denied'), 0)
         FROM matter WHERE {ACTIVE}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = stmt.query_row(named_params! { ":from": from, ":to": to }, |r| {
        let mut v = [0i64; 15];
        for (i, slot) in v.iter_mut().enumerate() {
            *slot = r.get(i)?;
        }
        Ok(v)
    })?;
    let [
        detained_cases,
        detention_facilities,
        non_detained_cases,
        states_of_residence,
        countries_of_origin,
        languages,
        clients,
        active_matters,
        relief_granted,
        relief_denied,
        relief_pending,
        relief_withdrawn,
        release_requested,
        release_granted,
        release_denied,
    ] = row;
    let counts = ImpactCounts {
        volunteers,
        minutes,
        detained_cases,
        detention_facilities,
        non_detained_cases,
        states_of_residence,
        countries_of_origin,
        languages,
        clients,
        active_matters,
        relief_granted,
        relief_denied,
        relief_pending,
        relief_withdrawn,
        release_requested,
        release_granted,
        release_denied,
    };
    Ok(ImpactReport::from_counts(period, settings, &counts))
}

/// The counts behind the impact report, each by its definition in [`super::DEFINITIONS`]
/// (matters active in the period: opened on or before its last day and not closed before
/// its first). Each engine counts them with its own SQL; [`ImpactReport::from_counts`] makes
/// the report, so rates, hours and words are computed once for both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImpactCounts {
    /// Distinct volunteers with a time entry dated in the period, and those entries' minutes.
    pub volunteers: i64,
    pub minutes: i64,
    pub detained_cases: i64,
    /// Distinct facilities (by folded name) of active detained matters.
    pub detention_facilities: i64,
    pub non_detained_cases: i64,
    /// Distinct states of residence of active non-detained matters.
    pub states_of_residence: i64,
    /// Distinct countries of the active matters' clients.
    pub countries_of_origin: i64,
    /// Distinct languages (by folded name) of the active matters' clients.
    pub languages: i64,
    /// Distinct clients of active matters.
    pub clients: i64,
    pub active_matters: i64,
    pub relief_granted: i64,
    pub relief_denied: i64,
    pub relief_pending: i64,
    pub relief_withdrawn: i64,
    pub release_requested: i64,
    /// Of the matters that requested release.
    pub release_granted: i64,
    pub release_denied: i64,
}

impl ImpactReport {
    pub fn from_counts(period: Period, settings: &Settings, c: &ImpactCounts) -> ImpactReport {
        let mut report = ImpactReport {
            program_name: settings.program_name.clone(),
            period,
            volunteers: c.volunteers,
            detained_cases: c.detained_cases,
            detention_facilities: c.detention_facilities,
            non_detained_cases: c.non_detained_cases,
            states_of_residence: c.states_of_residence,
            countries_of_origin: c.countries_of_origin,
            languages: c.languages,
            clients: c.clients,
            active_matters: c.active_matters,
            relief_granted: c.relief_granted,
            relief_denied: c.relief_denied,
            relief_decided: c.relief_granted + c.relief_denied,
            relief_pending: c.relief_pending,
            relief_withdrawn: c.relief_withdrawn,
            relief_rate: rate(c.relief_granted, c.relief_granted + c.relief_denied),
            release_requested: c.release_requested,
            release_granted: c.release_granted,
            release_denied: c.release_denied,
            release_decided: c.release_granted + c.release_denied,
            release_rate: rate(c.release_granted, c.release_granted + c.release_denied),
            total_hours: super::hours(c.minutes),
            national_relief_rate: settings.national_relief_rate.clone(),
            national_release_rate: settings.national_release_rate.clone(),
            headline: Vec::new(),
            definitions: super::DEFINITIONS,
        };
        report.headline = report.headline();
        report
    }
}

impl ImpactReport {
    /// The page's headline, in words, as the program that inspired this report put it.
    pub fn headline(&self) -> Vec<String> {
        let n = |v: i64, one: &str, many: &str| format!("{v} {}", if v == 1 { one } else { many });
        let mut lines = vec![format!(
            "{} worked on {} for detained individuals in {} and {} for non-detained individuals across {}.",
            n(self.volunteers, "volunteer", "volunteers"),
            n(self.detained_cases, "case", "cases"),
            n(self.detention_facilities, "detention center", "detention centers"),
            n(self.non_detained_cases, "case", "cases"),
            n(self.states_of_residence, "state of residence", "states of residence"),
        )];
        lines.push(format!(
            "Clients came from {} and spoke {}.",
            n(self.countries_of_origin, "country", "countries"),
            n(self.languages, "language", "languages")
        ));
        let national = |r: &ComparisonRate| format!("{:.0}%", r.value * 100.0);
        match (self.relief_rate, self.release_rate) {
            (Some(relief), Some(release)) => lines.push(format!(
                "{:.0}% of clients won asylum or other relief and {:.0}% of those asking for release won it, against national rates of {} and {} ({}).",
                relief * 100.0,
                release * 100.0,
                national(&self.national_relief_rate),
                national(&self.national_release_rate),
                self.national_relief_rate.year
            )),
            (Some(relief), None) => lines.push(format!(
                "{:.0}% of clients won asylum or other relief, against a national rate of {} ({}).",
                relief * 100.0,
                national(&self.national_relief_rate),
                self.national_relief_rate.year
            )),
            _ => {}
        }
        lines
    }
}

impl Store {
    pub fn impact_report(&self, period: Period) -> Result<ImpactReport> {
        compute(self.conn(), period, &self.settings()?)
    }
}
