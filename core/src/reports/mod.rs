//! The documents programs are asked for: the impact report, the annual volunteer-hour
//! report, the one-matter case summary and volunteers' service statements.
//!
//! Figures are computed here from the records (`impact`, `hours`), as plain structs that
//! serialise to the JSON the CLI prints; rendering to CSV and PDF is separate (`render`).
//! The definitions every figure follows are in [`DEFINITIONS`] and docs/report-definitions.md.

pub mod case_summary;
pub mod challenge;
pub mod dashboard;
pub mod hours;
pub mod impact;
pub mod render;
pub mod statement;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::validate;

/// The years a report period (or a comparison rate) may name.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2200;

/// A closed date range, both ends included.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: Date,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub to: Date,
}

impl Period {
    pub fn year(year: i32) -> Result<Period> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(Error::invalid("year", format!("must be between {FIRST_YEAR} and {LAST_YEAR}")));
        }
        let y = year as i16;
        let from = Date::new(y, 1, 1).map_err(|_| Error::invalid("year", "is not a valid year"))?;
        let to = Date::new(y, 12, 31).map_err(|_| Error::invalid("year", "is not a valid year"))?;
        Ok(Period { from, to })
    }

    pub fn between(from: &str, to: &str) -> Result<Period> {
        let from = validate::date("from", from)?;
        let to = validate::date("to", to)?;
        if to < from {
            return Err(Error::invalid("to", "must be on or after the from date"));
        }
        Ok(Period { from, to })
    }

    /// "2026" for a calendar year, else "2026-01-01 to 2026-06-30".
    pub fn label(&self) -> String {
        if self.from.month() == 1
            && self.from.day() == 1
            && self.to.month() == 12
            && self.to.day() == 31
            && self.from.year() == self.to.year()
        {
            self.from.year().to_string()
        } else {
            format!("{} to {}", self.from, self.to)
        }
    }

    pub fn first_day(&self) -> String {
        self.from.to_string()
    }

    pub fn last_day(&self) -> String {
        self.to.to_string()
    }

    /// Every month the period touches, as "YYYY-MM".
    pub fn months(&self) -> Vec<String> {
        let mut out = Vec::new();
        let (mut y, mut m) = (self.from.year(), self.from.month());
        while (y, m) <= (self.to.year(), self.to.month()) {
            out.push(format!("{y:04}-{m:02}"));
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
        out
    }
}

/// One pass over the period's time entries (through the covering index): the distinct
/// volunteers, the total, and the minutes of each month of the period.
pub(crate) struct TimeSummary {
    pub volunteers: i64,
    pub minutes: i64,
    pub months: Vec<(String, i64)>,
}

pub(crate) fn time_summary(conn: &rusqlite::Connection, period: Period) -> Result<TimeSummary> {
    let months = period.months();
    let index: std::collections::HashMap<&str, usize> =
        months.iter().enumerate().map(|(i, m)| (m.as_str(), i)).collect();
    let mut per_month = vec![0i64; months.len()];
    let mut volunteers = std::collections::HashSet::new();
    let mut minutes = 0i64;
    let mut stmt =
        conn.prepare_cached("SELECT volunteer_seq, date, minutes FROM time_entry WHERE date BETWEEN ?1 AND ?2")?;
    let mut rows = stmt.query([period.first_day(), period.last_day()])?;
    while let Some(r) = rows.next()? {
        let m: i64 = r.get(2)?;
        volunteers.insert(r.get::<_, i64>(0)?);
        minutes += m;
        let date = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        if let Some(&i) = date.get(0..7).and_then(|ym| index.get(ym)) {
            per_month[i] += m;
        }
    }
    Ok(TimeSummary {
        volunteers: volunteers.len() as i64,
        minutes,
        months: months.into_iter().zip(per_month).collect(),
    })
}

/// A term and what it means, printed on a report's last page.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Definition {
    pub term: &'static str,
    pub meaning: &'static str,
}

/// The definitions every report follows (DESIGN.md, "Reports: definitions").
pub const DEFINITIONS: &[Definition] = &[
    Definition { term: "Period", meaning: "The dates from and to, both included." },
    Definition {
        term: "Active matter",
        meaning: "A matter opened on or before the last day of the period and not closed before its first day (no closing date, or closed on or after the first day).",
    },
    Definition {
        term: "Cases for detained individuals",
        meaning: "Active matters whose client was detained. Detention centers: the distinct facilities among them.",
    },
    Definition {
        term: "Cases for non-detained individuals",
        meaning: "All other active matters. States of residence: the distinct US states among them.",
    },
    Definition {
        term: "Countries of origin, languages",
        meaning: "Distinct countries of origin, and distinct languages spoken, over the clients of active matters. Language names are compared without regard to case or spacing.",
    },
    Definition { term: "Volunteers", meaning: "Distinct volunteers with at least one time entry dated in the period." },
    Definition {
        term: "Hours",
        meaning: "The sum of time entries dated in the period, entered in tenths of an hour and stored as minutes.",
    },
    Definition {
        term: "Relief rate",
        meaning: "Among active matters, those whose relief (asylum or other relief) was granted, divided by those granted or denied. Pending and withdrawn matters are left out.",
    },
    Definition {
        term: "Release rate",
        meaning: "Among active matters in which release from detention was requested, those granted release divided by those granted or denied. Pending requests are left out.",
    },
    Definition {
        term: "National comparison rates",
        meaning: "Figures entered in Settings with their year and source, printed beside ours for context; they are not computed from these records.",
    },
];

/// Decimal hours from minutes, to two places (90 -> 1.5, 100 -> 1.67).
pub fn hours(minutes: i64) -> f64 {
    validate::minutes_as_hours(minutes)
}

/// "71%" (or "—" when there is nothing to divide).
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{:.0}%", r * 100.0),
        None => "—".into(),
    }
}

pub(crate) fn rate(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_years_or_checked_ranges() {
        let p = Period::year(2026).expect("year");
        assert_eq!((p.from.to_string(), p.to.to_string()), ("2026-01-01".into(), "2026-12-31".into()));
        assert_eq!(p.label(), "2026");
        assert_eq!(p.months().len(), 12);
        let q = Period::between("2025-11-15", "2026-02-01").expect("range");
        assert_eq!(q.months(), vec!["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(q.label(), "2025-11-15 to 2026-02-01");
        assert_eq!(Period::between("2026-02-01", "2026-01-01").expect_err("reversed").field(), Some("to"));
        assert_eq!(Period::between("2026-02-30", "2026-03-01").expect_err("bad").field(), Some("from"));
        assert!(Period::year(20026).is_err());
    }

    #[test]
    fn percentages_and_hours_round_for_people() {
        assert_eq!(percent(Some(0.7099)), "71%");
        assert_eq!(percent(None), "—");
        assert_eq!(hours(90), 1.5);
        assert_eq!(hours(100), 1.67);
        assert_eq!(rate(1, 0), None);
    }
}
