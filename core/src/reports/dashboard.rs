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
    /// Deadlines overdue or due in the next 14 days, overdue first: confirmed ones not done,
    /// and suggestions not yet confirmed.
    pub deadlines: Vec<DueDeadline>,
    /// Open matters whose deadlines cannot be computed (an asylum matter without the client's
    /// last arrival date): the first [`CANNOT_COMPUTE_SHOWN`], by case reference.
    pub cannot_compute: Vec<crate::store::CannotCompute>,
    /// How many there are in all (a program that imported its matters without the dates may
    /// have thousands; `probono deadline suggested` lists them all).
    pub cannot_compute_total: usize,
    /// Hearings and deadlines from today to 30 days ahead.
    pub upcoming: Vec<Hearing>,
    pub recent_matters: Vec<Matter>,
}

/// A deadline that needs attention now.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueDeadline {
    pub matter_id: uuid::Uuid,
    pub case_ref: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    /// The day has passed and it is not marked done.
    pub overdue: bool,
    /// Computed from the rules but not yet confirmed on the matter page.
    pub suggested: bool,
    /// The calendar row of a confirmed deadline (to mark it done).
    pub hearing_id: Option<uuid::Uuid>,
}

/// How many cannot-compute notices the dashboard shows.
pub const CANNOT_COMPUTE_SHOWN: usize = 10;

/// How far ahead the dashboard looks for deadlines.
const SOON_DAYS: i64 = 14;

impl Store {
    pub fn dashboard(&self, today: Date) -> Result<Dashboard> {
        let year = Period::year(i32::from(today.year()))?;
        let settings = self.settings()?;
        let in_30 = today.checked_add(jiff::Span::new().days(30)).unwrap_or(today);
        // One pass over the year's entries serves both the impact figures and the chart.
        let time = super::time_summary(self.conn(), year)?;
        // The rules' suggestions once, for the deadline list and the cannot-compute notices.
        let open = self.suggested_deadlines()?;
        let deadlines = self.due_deadlines(today, open.suggested)?;
        let cannot_compute = open.cannot_compute;
        Ok(Dashboard {
            impact: impact::compute_with(self.conn(), year, &settings, time.volunteers, time.minutes)?,
            months: time
                .months
                .iter()
                .map(|(m, minutes)| MonthHours { month: m.clone(), hours: super::hours(*minutes) })
                .collect(),
            deadlines,
            cannot_compute_total: cannot_compute.len(),
            cannot_compute: cannot_compute.into_iter().take(CANNOT_COMPUTE_SHOWN).collect(),
            upcoming: self.list_hearings(crate::records::HearingQuery {
                matter: None,
                from: Some(&today.to_string()),
                to: Some(&in_30.to_string()),
                volunteer: None,
            })?,
            recent_matters: self.recent_matters(8)?,
        })
    }

    /// Deadlines overdue or due within [`SOON_DAYS`], overdue first then by date.
    fn due_deadlines(&self, today: Date, suggested: Vec<crate::store::MatterSuggestion>) -> Result<Vec<DueDeadline>> {
        let soon = today.checked_add(jiff::Span::new().days(SOON_DAYS)).unwrap_or(today);
        let mut stmt = self.conn().prepare(
            "SELECT h.id, m.id, m.case_ref, h.at, h.kind, h.description FROM hearing h JOIN matter m ON m.seq = h.matter_seq
             WHERE h.kind IN ('filing_deadline', 'other_deadline') AND h.done_at IS NULL AND h.at <= ?1
             ORDER BY h.at",
        )?;
        let rows = stmt.query_map([format!("{soon}T99")], |r| {
            Ok((
                r.get::<_, uuid::Uuid>(0)?,
                r.get::<_, uuid::Uuid>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, crate::model::HearingKind>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (hearing_id, matter_id, case_ref, at, kind, description) = row?;
            let due = at.get(..10).unwrap_or(&at).to_owned();
            out.push(DueDeadline {
                matter_id,
                case_ref,
                title: description.unwrap_or_else(|| kind.label().to_owned()),
                overdue: due < today.to_string(),
                due,
                suggested: false,
                hearing_id: Some(hearing_id),
            });
        }
        for s in suggested {
            if s.deadline.due > soon {
                continue;
            }
            out.push(DueDeadline {
                matter_id: s.matter_id,
                case_ref: s.case_ref,
                title: s.deadline.title,
                due: s.deadline.due.to_string(),
                overdue: s.deadline.due < today,
                suggested: true,
                hearing_id: None,
            });
        }
        out.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.due.cmp(&b.due)).then(a.case_ref.cmp(&b.case_ref)));
        Ok(out)
    }
}
