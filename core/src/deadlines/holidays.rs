//! US federal legal holidays for any year (5 U.S.C. 6103(a)), as they are observed: a holiday
//! that falls on a Saturday is observed the Friday before, one on a Sunday the Monday after
//! (5 U.S.C. 6103(b), Executive Order 11582). Inauguration Day (every fourth January 20, for
//! the Washington, D.C. area only) is not included.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// A day the courts and agencies are closed, with the name it is known by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: Date,
    pub name: String,
}

/// The observed federal holidays that fall in `year`, in date order. New Year's Day of the
/// next year is observed on December 31 when January 1 is a Saturday, and so belongs here.
pub fn federal_holidays(year: i16) -> Vec<Holiday> {
    let mut days = Vec::new();
    for y in [year, year.saturating_add(1)] {
        days.extend(holidays_of(y));
    }
    days.retain(|h| h.date.year() == year);
    days.sort_by_key(|h| h.date);
    days
}

/// The holidays of `year` with their observed dates (which may fall in the year before).
fn holidays_of(year: i16) -> Vec<Holiday> {
    let mut out = Vec::new();
    let mut push = |date: Option<Date>, name: &str| {
        if let Some(date) = date {
            out.push(Holiday { date, name: name.to_owned() });
        }
    };
    let fixed = |month: i8, day: i8| Date::new(year, month, day).ok().map(observed);
    push(fixed(1, 1), "New Year's Day");
    push(nth_weekday(year, 1, Weekday::Monday, 3), "Birthday of Martin Luther King, Jr.");
    push(nth_weekday(year, 2, Weekday::Monday, 3), "Washington's Birthday");
    push(last_weekday(year, 5, Weekday::Monday), "Memorial Day");
    if year >= 2021 {
        push(fixed(6, 19), "Juneteenth National Independence Day");
    }
    push(fixed(7, 4), "Independence Day");
    push(nth_weekday(year, 9, Weekday::Monday, 1), "Labor Day");
    push(nth_weekday(year, 10, Weekday::Monday, 2), "Columbus Day");
    push(fixed(11, 11), "Veterans Day");
    push(nth_weekday(year, 11, Weekday::Thursday, 4), "Thanksgiving Day");
    push(fixed(12, 25), "Christmas Day");
    out
}

/// Saturday holidays are observed on Friday, Sunday ones on Monday.
fn observed(date: Date) -> Date {
    let shift = match date.weekday() {
        Weekday::Saturday => -1,
        Weekday::Sunday => 1,
        _ => 0,
    };
    date.checked_add(shift.days()).unwrap_or(date)
}

/// The `n`-th `weekday` of a month (1-based).
fn nth_weekday(year: i16, month: i8, weekday: Weekday, n: i8) -> Option<Date> {
    let first = Date::new(year, month, 1).ok()?;
    let offset = (weekday.to_monday_zero_offset() - first.weekday().to_monday_zero_offset()).rem_euclid(7);
    first.checked_add((i64::from(offset) + 7 * i64::from(n - 1)).days()).ok()
}

/// The last `weekday` of a month.
fn last_weekday(year: i16, month: i8, weekday: Weekday) -> Option<Date> {
    let last = Date::new(year, month, 1).ok()?.last_of_month();
    let back = (last.weekday().to_monday_zero_offset() - weekday.to_monday_zero_offset()).rem_euclid(7);
    last.checked_sub(i64::from(back).days()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OPM's published lists of federal holidays (observed dates), 2024–2030. 2027 has twelve:
    /// New Year's Day 2028 falls on a Saturday and is observed on Friday, December 31, 2027.
    const OFFICIAL: &[(i16, &[&str])] = &[
        (
            2024,
            &[
                "2024-01-01",
                "2024-01-15",
                "2024-02-19",
                "2024-05-27",
                "2024-06-19",
                "2024-07-04",
                "2024-09-02",
                "2024-10-14",
                "2024-11-11",
                "2024-11-28",
                "2024-12-25",
            ],
        ),
        (
            2025,
            &[
                "2025-01-01",
                "2025-01-20",
                "2025-02-17",
                "2025-05-26",
                "2025-06-19",
                "2025-07-04",
                "2025-09-01",
                "2025-10-13",
                "2025-11-11",
                "2025-11-27",
                "2025-12-25",
            ],
        ),
        (
            2026,
            &[
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03",
                "2026-09-07",
                "2026-10-12",
                "2026-11-11",
                "2026-11-26",
                "2026-12-25",
            ],
        ),
        (
            2027,
            &[
                "2027-01-01",
                "2027-01-18",
                "2027-02-15",
                "2027-05-31",
                "2027-06-18",
                "2027-07-05",
                "2027-09-06",
                "2027-10-11",
                "2027-11-11",
                "2027-11-25",
                "2027-12-24",
                "2027-12-31",
            ],
        ),
        (
            2028,
            &[
                "2028-01-17",
                "2028-02-21",
                "2028-05-29",
                "2028-06-19",
                "2028-07-04",
                "2028-09-04",
                "2028-10-09",
                "2028-11-10",
                "2028-11-23",
                "2028-12-25",
            ],
        ),
        (
            2029,
            &[
                "2029-01-01",
                "2029-01-15",
                "2029-02-19",
                "2029-05-28",
                "2029-06-19",
                "2029-07-04",
                "2029-09-03",
                "2029-10-08",
                "2029-11-12",
                "2029-11-22",
                "2029-12-25",
            ],
        ),
        (
            2030,
            &[
                "2030-01-01",
                "2030-01-21",
                "2030-02-18",
                "2030-05-27",
                "2030-06-19",
                "2030-07-04",
                "2030-09-02",
                "2030-10-14",
                "2030-11-11",
                "2030-11-28",
                "2030-12-25",
            ],
        ),
    ];

    #[test]
    fn the_computed_holidays_are_opms_lists_for_2024_to_2030() {
        for (year, dates) in OFFICIAL {
            let computed: Vec<String> = federal_holidays(*year).iter().map(|h| h.date.to_string()).collect();
            let wanted: Vec<String> = dates.iter().map(|d| (*d).to_owned()).collect();
            assert_eq!(computed, wanted, "{year}");
        }
    }
}
