//! Computing a due date from a rule and the date it counts from: the period counted in
//! calendar days, months or years (a month or year from the 31st, or from February 29, ends
//! on the last day of the shorter month), then moved off a Saturday, Sunday, federal legal
//! holiday or closure day of the program as the rule says.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use super::holidays::federal_holidays;
use super::rules::{Direction, IfClosed, Rule, Unit};
use crate::error::{Error, Result};

/// A day the program's court or office is closed besides the federal holidays (a court
/// closed for weather), kept in the settings.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureDay {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: Date,
    pub reason: String,
}

/// The days nothing can be filed: weekends, federal holidays, the program's closure days.
#[derive(Debug, Clone, Default)]
pub struct Closed {
    closures: Vec<ClosureDay>,
}

impl Closed {
    pub fn new(closures: Vec<ClosureDay>) -> Closed {
        Closed { closures }
    }

    /// Why nothing can be filed on `day`, or `None` on a business day.
    pub fn why(&self, day: Date) -> Option<String> {
        match day.weekday() {
            Weekday::Saturday => return Some("Saturday".into()),
            Weekday::Sunday => return Some("Sunday".into()),
            _ => {}
        }
        if let Some(h) = federal_holidays(day.year()).into_iter().find(|h| h.date == day) {
            return Some(h.name);
        }
        self.closures.iter().find(|c| c.date == day).map(|c| c.reason.clone())
    }
}

/// A computed deadline.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computed {
    pub rule: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: Date,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub due: Date,
    /// The last day of the period before moving it off a closed day.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub unadjusted: Date,
    /// Why it moved ("Thanksgiving Day", "Saturday"), when it did.
    pub moved_because: Option<String>,
    pub citation: String,
}

/// The due date of `rule` counted from `from`.
pub fn compute(rule: &Rule, from: Date, closed: &Closed) -> Result<Computed> {
    let amount = i64::from(rule.amount);
    let span = match rule.unit {
        Unit::Days => amount.days(),
        Unit::Months => amount.months(),
        Unit::Years => amount.years(),
    };
    let span = match rule.direction {
        Direction::After => span,
        Direction::Before => span.negate(),
    };
    let overflow = || Error::invalid("from", "is too far from today to count a deadline from");
    // jiff clamps to the end of a shorter month: January 31 + 1 month is February 28 (or 29),
    // February 29 + 1 year is February 28.
    let unadjusted = from.checked_add(span).map_err(|_| overflow())?;
    let step = match rule.if_closed {
        IfClosed::NextBusinessDay => 1,
        IfClosed::PreviousBusinessDay => -1,
        IfClosed::Stays => 0,
    };
    let mut due = unadjusted;
    let moved_because = closed.why(unadjusted).filter(|_| step != 0);
    if moved_because.is_some() {
        // A weekend next to a holiday (or a run of closure days) is stepped over whole.
        for _ in 0..60 {
            due = due.checked_add(step.days()).map_err(|_| overflow())?;
            if closed.why(due).is_none() {
                break;
            }
        }
    }
    Ok(Computed { rule: rule.id.clone(), from, due, unadjusted, moved_because, citation: rule.citation.clone() })
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::deadlines::rules::effective;

    fn rule(id: &str) -> Rule {
        effective(None).expect("rules").into_iter().find(|r| r.id == id).expect(id)
    }

    fn due(id: &str, from: Date) -> Computed {
        compute(&rule(id), from, &Closed::default()).expect("computes")
    }

    #[test]
    fn a_bia_appeal_falling_on_thanksgiving_moves_to_the_friday() {
        // The issue's own example: decided 2026-10-27; day 30 is Thanksgiving Day.
        let c = due("bia-appeal", date(2026, 10, 27));
        assert_eq!(c.unadjusted, date(2026, 11, 26));
        assert_eq!(c.due, date(2026, 11, 27));
        assert_eq!(c.moved_because.as_deref(), Some("Thanksgiving Day"));
        assert_eq!(c.citation, "8 CFR 1003.38(b)");
    }

    #[test]
    fn weekends_and_each_kind_of_holiday_move_a_forward_deadline_to_the_next_business_day() {
        let cases = [
            // (decided, day 30, due, why)
            (date(2026, 4, 2), date(2026, 5, 2), date(2026, 5, 4), "Saturday"),
            (date(2026, 4, 3), date(2026, 5, 3), date(2026, 5, 4), "Sunday"),
            // Memorial Day, a Monday holiday: day 30 is Monday May 25, 2026.
            (date(2026, 4, 25), date(2026, 5, 25), date(2026, 5, 26), "Memorial Day"),
            // Independence Day 2026 is a Saturday, observed on Friday July 3: day 30 on the
            // observed Friday moves over the weekend to Monday.
            (date(2026, 6, 3), date(2026, 7, 3), date(2026, 7, 6), "Independence Day"),
            // Juneteenth (from 2021).
            (date(2026, 5, 20), date(2026, 6, 19), date(2026, 6, 22), "Juneteenth National Independence Day"),
            // Christmas 2026 is a Friday.
            (date(2026, 11, 25), date(2026, 12, 25), date(2026, 12, 28), "Christmas Day"),
            // Veterans Day, a fixed date on a weekday.
            (date(2026, 10, 12), date(2026, 11, 11), date(2026, 11, 12), "Veterans Day"),
        ];
        for (from, day30, wanted, why) in cases {
            let c = due("bia-appeal", from);
            assert_eq!(c.unadjusted, day30, "from {from}");
            assert_eq!(c.due, wanted, "from {from}");
            assert_eq!(c.moved_because.as_deref(), Some(why), "from {from}");
        }
        let plain = due("bia-appeal", date(2026, 4, 6));
        assert_eq!((plain.due, plain.moved_because), (date(2026, 5, 6), None));
    }

    #[test]
    fn month_ends_and_leap_days_end_on_the_last_day_of_the_shorter_month() {
        // One year from a leap day ends on February 28 (2025-02-28 is a Friday).
        let leap = due("one-year-asylum", date(2024, 2, 29));
        assert_eq!((leap.unadjusted, leap.due), (date(2025, 2, 28), date(2025, 2, 28)));
        // A month from January 31.
        let monthly = Rule { unit: Unit::Months, amount: 1, ..rule("bia-appeal") };
        let c = compute(&monthly, date(2026, 1, 31), &Closed::default()).expect("computes");
        assert_eq!(c.unadjusted, date(2026, 2, 28));
        let c = compute(&monthly, date(2028, 1, 31), &Closed::default()).expect("computes");
        assert_eq!(c.unadjusted, date(2028, 2, 29), "a leap year");
        // The one-year deadline from an arrival whose anniversary is a Sunday.
        let sunday = due("one-year-asylum", date(2025, 3, 1));
        assert_eq!((sunday.unadjusted, sunday.due), (date(2026, 3, 1), date(2026, 3, 2)));
    }

    #[test]
    fn motions_count_30_and_90_days_from_the_order() {
        assert_eq!(due("motion-to-reconsider", date(2026, 3, 2)).due, date(2026, 4, 1));
        // Day 90 is Sunday, May 31.
        assert_eq!(due("motion-to-reopen", date(2026, 3, 2)).due, date(2026, 6, 1));
        assert_eq!(due("petition-for-review", date(2026, 3, 2)).due, date(2026, 4, 1));
    }

    #[test]
    fn a_deadline_counted_back_over_a_holiday_moves_earlier() {
        // Individual hearing on Monday 2026-12-28: 30 days before is Saturday 2026-11-28, the
        // weekend after Thanksgiving; the business day before it is Friday 2026-11-27.
        let c = due("eoir-filing-non-detained", date(2026, 12, 28));
        assert_eq!(c.unadjusted, date(2026, 11, 28));
        assert_eq!(c.due, date(2026, 11, 27));
        assert_eq!(c.moved_because.as_deref(), Some("Saturday"));
        // Landing on Thanksgiving itself goes back to Wednesday.
        let c = due("eoir-filing-non-detained", date(2026, 12, 26));
        assert_eq!(c.unadjusted, date(2026, 11, 26));
        assert_eq!((c.due, c.moved_because.as_deref()), (date(2026, 11, 25), Some("Thanksgiving Day")));
    }

    #[test]
    fn a_programs_closure_day_counts_as_closed() {
        let closed = Closed::new(vec![ClosureDay { date: date(2026, 5, 6), reason: "court closed (snow)".into() }]);
        let c = compute(&rule("bia-appeal"), date(2026, 4, 6), &closed).expect("computes");
        assert_eq!(c.due, date(2026, 5, 7));
        assert_eq!(c.moved_because.as_deref(), Some("court closed (snow)"));
    }
}
