//! The dashboard: this year's impact figures, hours by month, what is coming up in the next
//! 30 days, and the matters changed most recently.

use jiff::civil::Date;
use rusqlite::Connection;
use serde::Serialize;

use super::Period;
use super::hours::MonthHours;
use super::impact::{self, ImpactReport};
use crate::error::Result;
use crate::model::{Hearing, Matter};
use crate::store::Store;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub impact: ImpactReport,
    pub months: Vec<MonthHours>,
    /// Hearings and deadlines from today to 30 days ahead.
    pub upcoming: Vec<Hearing>,
    pub recent_matters: Vec<Matter>,
}

/// Hours per month of the period, every month included.
pub fn hours_by_month(conn: &Connection, period: Period) -> Result<Vec<MonthHours>> {
    let mut stmt = conn.prepare_cached(
        "SELECT substr(date, 1, 7), sum(minutes) FROM time_entry WHERE date BETWEEN ?1 AND ?2 GROUP BY 1",
    )?;
    let mut by_month = std::collections::HashMap::new();
    for row in
        stmt.query_map([period.first_day(), period.last_day()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
    {
        let (month, minutes) = row?;
        by_month.insert(month, minutes);
    }
    Ok(period
        .months()
        .into_iter()
        .map(|m| {
            let minutes = by_month.get(&m).copied().unwrap_or(0);
            MonthHours { month: m, hours: super::hours(minutes) }
        })
        .collect())
}

impl Store {
    pub fn dashboard(&self, today: Date) -> Result<Dashboard> {
        let year = Period::year(i32::from(today.year()))?;
        let settings = self.settings()?;
        let in_30 = today.checked_add(jiff::Span::new().days(30)).unwrap_or(today);
        Ok(Dashboard {
            impact: impact::compute(self.conn(), year, &settings)?,
            months: hours_by_month(self.conn(), year)?,
            upcoming: self.list_hearings(None, Some(&today.to_string()), Some(&in_30.to_string()))?,
            recent_matters: self.recent_matters(8)?,
        })
    }
}
