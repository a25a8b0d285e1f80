//! The dashboard: this year's impact figures, hours by month, what is coming up in the next
//! 30 days, and the matters changed most recently.

use jiff::civil::Date;
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

impl Store {
    pub fn dashboard(&self, today: Date) -> Result<Dashboard> {
        let year = Period::year(i32::from(today.year()))?;
        let settings = self.settings()?;
        let in_30 = today.checked_add(jiff::Span::new().days(30)).unwrap_or(today);
        // One pass over the year's entries serves both the impact figures and the chart.
        let time = super::time_summary(self.conn(), year)?;
        Ok(Dashboard {
            impact: impact::compute_with(self.conn(), year, &settings, time.volunteers, time.minutes)?,
            months: time
                .months
                .iter()
                .map(|(m, minutes)| MonthHours { month: m.clone(), hours: super::hours(*minutes) })
                .collect(),
            upcoming: self.list_hearings(None, Some(&today.to_string()), Some(&in_30.to_string()))?,
            recent_matters: self.recent_matters(8)?,
        })
    }
}
