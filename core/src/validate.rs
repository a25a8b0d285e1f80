//! Turning what people type into stored values, or a message naming the field.
//!
//! Every input path (CLI flags, app forms, CSV imports) goes through these functions, so a
//! value means the same thing wherever it was entered. Messages never echo the value: it may
//! be client data.

use jiff::civil::{Date, DateTime};

use crate::error::{Error, Result};

/// Every problem found in one record, so a form or an import line can show them all at once
/// instead of one per attempt.
#[derive(Debug, Default)]
pub struct Problems(Vec<Error>);

impl Problems {
    /// Keeps the value, or records the problem and returns `None`.
    pub fn take<T>(&mut self, result: Result<T>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn push(&mut self, err: Error) {
        self.0.push(err);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<Error> {
        self.0
    }
}

/// The first of several problems, for callers that report one at a time (the CLI).
pub fn first(problems: Vec<Error>) -> Error {
    problems.into_iter().next().unwrap_or_else(|| Error::Internal("validation failed without a reason".into()))
}

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Minutes in the longest time entry we accept.
pub const MAX_ENTRY_MINUTES: u32 = 24 * 60;

/// A person's or organisation's name: trimmed, not empty, no control characters.
pub fn name(field: &str, input: &str) -> Result<String> {
    let value = collapse_spaces(input);
    if value.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    if value.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(field, format!("must be at most {MAX_NAME_CHARS} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(value)
}

/// Free text (notes, activity, contact): trimmed; `None` when empty.
pub fn text(field: &str, input: &str) -> Result<Option<String>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid(field, format!("must be at most {MAX_TEXT_CHARS} characters")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(Some(value.to_owned()))
}

/// Optional short text (court, place, case reference, bar number): trimmed, one line.
pub fn line(field: &str, input: &str) -> Result<Option<String>> {
    let value = collapse_spaces(input);
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(field, format!("must be at most {MAX_NAME_CHARS} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must be a single line without control characters"));
    }
    Ok(Some(value))
}

/// The key two spellings of a name are compared by: lower case, single spaces.
pub fn fold_key(input: &str) -> String {
    collapse_spaces(input).to_lowercase()
}

fn collapse_spaces(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An alien registration number: `A`, spaces and dashes are accepted; 7 to 9 digits; stored
/// as 9 digits (zero-padded on the left, as USCIS does).
/// How many digits an A-number may have as typed (stored padded to the most).
pub const A_NUMBER_DIGITS: std::ops::RangeInclusive<usize> = 7..=9;

pub fn a_number(field: &str, input: &str) -> Result<String> {
    let mut digits = String::with_capacity(9);
    let trimmed = input.trim();
    let body = trimmed.strip_prefix(['A', 'a']).unwrap_or(trimmed);
    for c in body.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' => {}
            _ => {
                return Err(Error::invalid(
                    field,
                    "must be an A-number: 7 to 9 digits, optionally written with a leading A, spaces or dashes",
                ));
            }
        }
    }
    if !A_NUMBER_DIGITS.contains(&digits.len()) {
        return Err(Error::invalid(
            field,
            format!(
                "must have {} to {} digits (found {})",
                A_NUMBER_DIGITS.start(),
                A_NUMBER_DIGITS.end(),
                digits.len()
            ),
        ));
    }
    Ok(format!("{digits:0>9}"))
}

/// Shows a stored A-number the way forms print it: `A123-456-789`.
pub fn format_a_number(stored: &str) -> String {
    if stored.len() == 9 && stored.bytes().all(|b| b.is_ascii_digit()) {
        format!("A{}-{}-{}", &stored[0..3], &stored[3..6], &stored[6..9])
    } else {
        stored.to_owned()
    }
}

/// A calendar date: ISO `YYYY-MM-DD`, or US `M/D/YYYY` as spreadsheets write it. Impossible
/// dates (2026-02-30) are refused.
pub fn date(field: &str, input: &str) -> Result<Date> {
    let value = input.trim();
    let bad_format = || Error::invalid(field, "must be a date written YYYY-MM-DD (or M/D/YYYY)");
    let (year, month, day) = if let Some((y, rest)) = value.split_once('-') {
        let (m, d) = rest.split_once('-').ok_or_else(bad_format)?;
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad_format());
        }
        (y, m, d)
    } else if let Some((m, rest)) = value.split_once('/') {
        let (d, y) = rest.split_once('/').ok_or_else(bad_format)?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return Err(bad_format());
        }
        (y, m, d)
    } else {
        return Err(bad_format());
    };
    let number = |s: &str| -> Result<i16> {
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad_format());
        }
        s.parse::<i16>().map_err(|_| bad_format())
    };
    let (y, m, d) = (number(year)?, number(month)?, number(day)?);
    if !(1900..=2200).contains(&y) {
        return Err(Error::invalid(field, "must have a year between 1900 and 2200"));
    }
    if !(1..=12).contains(&m) {
        return Err(Error::invalid(field, "has no such month (months are 1 to 12)"));
    }
    Date::new(y, m as i8, d as i8)
        .map_err(|_| Error::invalid(field, "is not a real calendar date (no such day in that month)"))
}

/// A date with an optional time of day: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or
/// `YYYY-MM-DDTHH:MM`. Stored as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
pub fn date_time(field: &str, input: &str) -> Result<String> {
    let value = input.trim();
    let (day_part, time_part) = match value.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (value, None),
    };
    let day = date(field, day_part)?;
    match time_part {
        None => Ok(day.to_string()),
        Some(t) => {
            let bad = || Error::invalid(field, "must have a time written HH:MM (24-hour clock)");
            let (h, m) = t.split_once(':').ok_or_else(bad)?;
            let (h, m): (i8, i8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
            let dt = DateTime::new(day.year(), day.month(), day.day(), h, m, 0, 0).map_err(|_| bad())?;
            Ok(dt.strftime("%Y-%m-%dT%H:%M").to_string())
        }
    }
}

/// Hours as people write them (`1.5`, `0.1`, `2`), at most two decimals, stored as whole
/// minutes; more than 0 and at most 24 hours per entry.
pub fn hours(field: &str, input: &str) -> Result<u32> {
    let value = input.trim();
    let bad =
        || Error::invalid(field, "must be a number of hours such as 1.5 (tenths of an hour, e.g. 0.1 = 6 minutes)");
    let (whole, frac) = match value.split_once('.') {
        Some((w, f)) => (w, f),
        None => (value, ""),
    };
    if (whole.is_empty() && frac.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err(Error::invalid(field, "must have at most two decimal places (hours are entered in tenths)"));
    }
    if whole.len() > 4 {
        return Err(Error::invalid(field, "must be at most 24 hours per entry"));
    }
    let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let hundredths: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    // minutes = hours * 60, rounded half up: (whole*100 + hundredths) * 60 / 100.
    let scaled = (whole * 100 + hundredths) * 60;
    let minutes = (scaled + 50) / 100;
    if scaled == 0 {
        return Err(Error::invalid(field, "must be more than 0"));
    }
    if minutes > MAX_ENTRY_MINUTES || scaled > MAX_ENTRY_MINUTES * 100 {
        return Err(Error::invalid(field, "must be at most 24 hours per entry"));
    }
    Ok(minutes.max(1))
}

/// Minutes as decimal hours for display and reports (`90` -> `1.5`).
pub fn minutes_as_hours(minutes: i64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

/// Yes/no as spreadsheets and people write it.
pub fn yes_no(field: &str, input: &str) -> Result<bool> {
    match input.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "t" | "1" => Ok(true),
        "no" | "n" | "false" | "f" | "0" => Ok(false),
        _ => Err(Error::invalid(field, "must be yes or no (y/n, true/false, 1/0)")),
    }
}

/// An e-mail address: one `@`, something before it, a dotted domain after it. Stored as
/// typed; compared lower-cased.
/// An IANA time zone name such as America/New_York (empty: none).
pub fn time_zone(field: &str, input: &str) -> Result<Option<String>> {
    let name = input.trim();
    if name.is_empty() {
        return Ok(None);
    }
    jiff::tz::db()
        .get(name)
        .map(|_| Some(name.to_owned()))
        .map_err(|_| Error::invalid(field, "must be a time zone such as America/New_York"))
}

pub fn email(field: &str, input: &str) -> Result<Option<String>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if !valid || value.len() > 254 {
        return Err(Error::invalid(field, "must be an e-mail address such as name@example.org"));
    }
    Ok(Some(value.to_owned()))
}

/// A language name (free text: K'iche', Mam and Wolof are not in every list). Trimmed and
/// single-spaced; compared by [`fold_key`].
pub fn language(field: &str, input: &str) -> Result<String> {
    let value = collapse_spaces(input);
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > 60 || value.chars().any(|c| c.is_control() || c == ';') {
        return Err(Error::invalid(field, "must be a language name of at most 60 characters"));
    }
    Ok(value)
}

/// A program's own case number: letters, digits and `-_./#` (no spaces inside).
pub fn case_ref(field: &str, input: &str) -> Result<String> {
    let value = input.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    if value.len() > 64 || !value.chars().all(|c| c.is_alphanumeric() || "-_./#".contains(c)) {
        return Err(Error::invalid(
            field,
            "must be at most 64 letters, digits and - _ . / # (no spaces), e.g. JC-2026-0001",
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbers_accept_the_ways_people_write_them() {
        let cases = [
            ("A123456789", "123456789"),
            ("a123-456-789", "123456789"),
            ("A 123 456 789", "123456789"),
            ("12345678", "012345678"),
            ("1234567", "001234567"),
            ("  A-087-654-321 ", "087654321"),
        ];
        for (input, stored) in cases {
            assert_eq!(a_number("a_number", input).expect(input), stored, "input {input:?}");
        }
    }

    #[test]
    fn a_numbers_reject_wrong_lengths_and_characters_naming_the_field() {
        for input in ["", "A", "123456", "1234567890", "A12345678X", "B12345678", "123.456.789", "A-"] {
            let err = a_number("a_number", input).expect_err(input);
            assert_eq!(err.field(), Some("a_number"), "input {input:?}");
        }
        let msg = a_number("a_number", "A98765").expect_err("short").to_string();
        assert!(!msg.contains("98765"), "the value is not echoed: {msg}");
    }

    #[test]
    fn dates_are_iso_or_us_and_must_exist() {
        let ok = [
            ("2026-02-28", "2026-02-28"),
            ("2024-02-29", "2024-02-29"),
            ("3/1/2026", "2026-03-01"),
            ("12/31/2025", "2025-12-31"),
            (" 2026-01-09 ", "2026-01-09"),
        ];
        for (input, iso) in ok {
            assert_eq!(date("date", input).expect(input).to_string(), iso);
        }
        let bad = [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-5",
            "26-01-05",
            "13/1/2026",
            "2/30/2026",
            "yesterday",
            "",
            "2026/01/05",
            "1/1/26",
            "0999-01-01",
            "2026-01-05x",
        ];
        for input in bad {
            assert_eq!(date("opened", input).expect_err(input).field(), Some("opened"), "input {input:?}");
        }
    }

    #[test]
    fn date_times_take_an_optional_time() {
        assert_eq!(date_time("at", "2026-03-04").expect("date"), "2026-03-04");
        assert_eq!(date_time("at", "2026-03-04 09:30").expect("space"), "2026-03-04T09:30");
        assert_eq!(date_time("at", "2026-03-04T14:05").expect("T"), "2026-03-04T14:05");
        for bad in ["2026-03-04 25:00", "2026-03-04 9", "2026-02-30 10:00", "2026-03-04T10:61"] {
            assert!(date_time("at", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hours_are_tenths_stored_as_minutes_within_a_day() {
        let ok =
            [("1.5", 90), ("0.1", 6), ("2", 120), (".5", 30), ("24", 1440), ("0.25", 15), ("3.50", 210), ("4.2", 252)];
        for (input, minutes) in ok {
            assert_eq!(hours("hours", input).expect(input), minutes, "input {input:?}");
        }
        let bad = ["0", "0.0", "-1", "24.1", "25", "abc", "", "1.234", "1,5", "1.5h", ".", "99999"];
        for input in bad {
            assert_eq!(hours("hours", input).expect_err(input).field(), Some("hours"), "input {input:?}");
        }
    }

    #[test]
    fn yes_no_accepts_spreadsheet_spellings() {
        for yes in ["yes", "Y", "true", "1", " YES "] {
            assert!(yes_no("detained", yes).expect(yes));
        }
        for no in ["no", "N", "false", "0"] {
            assert!(!yes_no("detained", no).expect(no));
        }
        assert_eq!(yes_no("detained", "maybe").expect_err("bad").field(), Some("detained"));
    }

    #[test]
    fn names_are_trimmed_single_spaced_and_required() {
        assert_eq!(name("name", "  Nguyễn   Thị Lan ").expect("ok"), "Nguyễn Thị Lan");
        assert!(name("name", "   ").is_err());
        assert!(name("name", "a\u{0007}b").is_err());
        assert!(name("name", &"x".repeat(201)).is_err());
        assert_eq!(fold_key("  Stewart  Detention center "), "stewart detention center");
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(email("email", " p@example.org ").expect("ok").as_deref(), Some("p@example.org"));
        assert_eq!(email("email", "").expect("empty ok"), None);
        for bad in ["p", "p@", "@example.org", "p@example", "p@@example.org", "p q@example.org"] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn case_refs_are_identifiers() {
        assert_eq!(case_ref("case_ref", " JC-2026-0001 ").expect("ok"), "JC-2026-0001");
        for bad in ["", "JC 2026", "a;b", &"x".repeat(65)] {
            assert!(case_ref("case_ref", bad).is_err(), "{bad}");
        }
    }
}
