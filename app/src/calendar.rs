//! The calendar export: hearings and deadlines as an `.ics` file for the calendars people
//! already use (probono_core::ics writes it). Per volunteer, so each student gets a calendar
//! of their own matters; without client names unless asked, with a warning.

use std::collections::HashMap;
use std::path::Path;

use probono_core::ics::{self, Entry, Options};
use probono_core::records::{HearingQuery, Records};
use probono_core::{Error, Result};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Shown (CLI: on stderr; app: before writing) when client names go into a calendar.
pub const CLIENT_NAMES_WARNING: &str = "This calendar names clients. Calendar files are often synced to phones and \
     cloud services outside the vault's protection: share it only where the program's confidentiality rules allow.";

/// What goes into the calendar: hearings and deadlines from/to dates (inclusive), of the
/// matters one volunteer is assigned to, each optional.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CalendarChoice {
    pub from: Option<String>,
    pub to: Option<String>,
    /// A volunteer's id, e-mail or name.
    pub volunteer: Option<String>,
    pub with_client_names: bool,
}

/// What was written.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct CalendarWritten {
    pub path: String,
    pub events: usize,
    pub with_client_names: bool,
}

/// The calendar text and how many events it holds.
pub fn render(records: &dyn Records, choice: &CalendarChoice) -> Result<(String, usize)> {
    let volunteer = match choice.volunteer.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Some(records.find_volunteer(v).map_err(|e| match e {
            Error::NotFound { .. } => Error::invalid("volunteer", format!("no volunteer matches {v}")),
            other => other,
        })?),
        None => None,
    };
    let volunteer_id = volunteer.as_ref().map(|v| v.id.to_string());
    let hearings = records.list_hearings(HearingQuery {
        matter: None,
        from: choice.from.as_deref(),
        to: choice.to.as_deref(),
        volunteer: volunteer_id.as_deref(),
    })?;
    let mut names: HashMap<Uuid, String> = HashMap::new();
    if choice.with_client_names {
        for h in &hearings {
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(h.matter_id) {
                slot.insert(records.matter(h.matter_id)?.client_name);
            }
        }
    }
    let entries: Vec<Entry<'_>> = hearings
        .iter()
        .map(|h| Entry { hearing: h, client_name: names.get(&h.matter_id).map(String::as_str) })
        .collect();
    let settings = records.settings()?;
    let name = match &volunteer {
        Some(v) => format!("{}: {}", settings.program_name, v.name),
        None => settings.program_name.clone(),
    };
    let text = ics::render(&entries, &Options { name: &name, default_time_zone: &settings.time_zone })?;
    Ok((text, entries.len()))
}

/// Writes the calendar to `path` (replaced atomically) and records the export in the audit log.
pub fn export(records: &mut dyn Records, choice: &CalendarChoice, path: &Path) -> Result<CalendarWritten> {
    let (text, events) = render(records, choice)?;
    probono_core::fsutil::write_atomically(path, text.as_bytes())
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    records.record_export(if choice.with_client_names { "calendar with client names" } else { "calendar" })?;
    Ok(CalendarWritten { path: path.display().to_string(), events, with_client_names: choice.with_client_names })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;
    use probono_core::model::{ClientDraft, HearingDraft, MatterDraft, VolunteerDraft};

    /// One property as parsed: its name, value and parameters.
    type Prop = (String, Option<String>, Vec<(String, Vec<String>)>);

    /// The events of a calendar as an independent parser (the `ical` crate) reads them: each
    /// event's properties by name, with the parameters of DTSTART.
    fn parse(text: &str) -> Vec<Vec<Prop>> {
        let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let calendar = parser.next().expect("one calendar").expect("parses");
        assert!(parser.next().is_none(), "exactly one calendar");
        calendar
            .events
            .into_iter()
            .map(|e| {
                let mut props: Vec<_> =
                    e.properties.into_iter().map(|p| (p.name, p.value, p.params.unwrap_or_default())).collect();
                for alarm in e.alarms {
                    for p in alarm.properties {
                        props.push((format!("VALARM.{}", p.name), p.value, p.params.unwrap_or_default()));
                    }
                }
                props
            })
            .collect()
    }

    fn prop<'a>(event: &'a [Prop], name: &str) -> Option<&'a str> {
        event.iter().find(|(n, _, _)| n == name).and_then(|(_, v, _)| v.as_deref())
    }

    fn all<'a>(event: &'a [Prop], name: &str) -> Vec<&'a str> {
        event.iter().filter(|(n, _, _)| n == name).filter_map(|(_, v, _)| v.as_deref()).collect()
    }

    /// Days before the start an RFC 5545 trigger duration such as `-P7D`, `-P1W` or
    /// `-PT604800S` means (panics on anything else, or on a trigger after the start).
    fn days_before_start(trigger: &str) -> i64 {
        let d = trigger.strip_prefix("-P").unwrap_or_else(|| panic!("not before the start: {trigger}"));
        let number = |s: &str, unit: char| s.strip_suffix(unit).and_then(|n| n.parse::<i64>().ok());
        if let Some(t) = d.strip_prefix('T') {
            if let Some(s) = number(t, 'S') {
                assert_eq!(s % 86_400, 0, "{trigger}");
                return s / 86_400;
            }
            return number(t, 'H').map(|h| h / 24).unwrap_or_else(|| panic!("{trigger}"));
        }
        number(d, 'D').or_else(|| number(d, 'W').map(|w| w * 7)).unwrap_or_else(|| panic!("{trigger}"))
    }

    fn program(dir: &Path) -> (Session, [Uuid; 3]) {
        let mut s = crate::deadlines::tests::session(dir);
        let r = s.records_mut();
        for name in ["Fictional Rosa Example", "Fictional Omar Example"] {
            r.create_client(&ClientDraft { name: name.into(), ..Default::default() }).expect("client");
        }
        for (case_ref, client) in
            [("PB-2026-0101", "Fictional Rosa Example"), ("PB-2026-0102", "Fictional Omar Example")]
        {
            r.create_matter(&MatterDraft {
                case_ref: Some(case_ref.into()),
                client: client.into(),
                case_type: "asylum".into(),
                opened: "2026-01-05".into(),
                ..Default::default()
            })
            .expect("matter");
        }
        r.create_volunteer(&VolunteerDraft {
            name: "Student One".into(),
            email: Some("student.one@example.org".into()),
            role: "law_student".into(),
            ..Default::default()
        })
        .expect("volunteer");
        r.assign("student.one@example.org", "PB-2026-0101").expect("assign");
        let mut hearing = |matter: &str, at: &str, kind: &str, place: Option<&str>, tz: Option<&str>| {
            r.add_hearing(&HearingDraft {
                matter: matter.into(),
                at: at.into(),
                kind: kind.into(),
                place: place.map(Into::into),
                description: Some("Bring Rosa's passport".into()),
                time_zone: tz.map(Into::into),
            })
            .expect("hearing")
            .id
        };
        let miami = hearing("PB-2026-0101", "2026-12-10T08:30", "individual", Some("Immigration Court, Miami"), None);
        let chicago = hearing(
            "PB-2026-0102",
            "2026-12-11T09:00",
            "master_calendar",
            Some("Chicago Immigration Court"),
            Some("America/Chicago"),
        );
        let deadline = hearing("PB-2026-0101", "2026-12-20", "filing_deadline", None, None);
        (s, [miami, chicago, deadline])
    }

    #[test]
    fn the_calendar_parses_with_utc_times_reminders_and_no_client_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (s, [miami, chicago, deadline]) = program(dir.path());
        let (text, count) = render(s.records(), &CalendarChoice::default()).expect("render");
        assert_eq!(count, 3);
        let events = parse(&text);
        assert_eq!(events.len(), 3);
        let by_uid = |id: Uuid| {
            events.iter().find(|e| prop(e, "UID") == Some(ics::uid(id).as_str())).expect("event with the hearing's UID")
        };

        // 08:30 in Miami (the program's zone, America/New_York, EST in December) is 13:30 UTC.
        let m = by_uid(miami);
        assert_eq!(prop(m, "DTSTART"), Some("20261210T133000Z"));
        assert_eq!(prop(m, "DTEND"), Some("20261210T143000Z"));
        assert_eq!(prop(m, "SUMMARY"), Some("Individual (merits) hearing: PB-2026-0101"));
        assert_eq!(prop(m, "LOCATION"), Some("Immigration Court\\, Miami"), "the comma escaped as RFC 5545 says");
        assert!(all(m, "VALARM.TRIGGER").is_empty(), "hearings carry no reminders of ours");
        // 09:00 in Chicago (CST, UTC-6) is 15:00 UTC.
        assert_eq!(prop(by_uid(chicago), "DTSTART"), Some("20261211T150000Z"));

        // A deadline: all day, two reminders, 7 days and 1 day before.
        let d = by_uid(deadline);
        assert_eq!(prop(d, "DTSTART"), Some("20261220"));
        let start_params = &d.iter().find(|(n, _, _)| n == "DTSTART").expect("DTSTART").2;
        assert!(start_params.iter().any(|(k, v)| k == "VALUE" && v == &vec!["DATE".to_owned()]), "{start_params:?}");
        let triggers = all(d, "VALARM.TRIGGER");
        assert_eq!(triggers.len(), 2, "{triggers:?}");
        let mut days_before: Vec<i64> = triggers.iter().map(|t| days_before_start(t)).collect();
        days_before.sort_unstable();
        assert_eq!(days_before, vec![1, 7], "{triggers:?}");

        for name in ["Rosa", "Omar", "passport"] {
            assert!(!text.contains(name), "{name} must not be in a calendar made without client names");
        }
    }

    #[test]
    fn client_names_only_when_asked_and_a_reexport_keeps_the_uids() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut s, ids) = program(dir.path());
        let uids = |text: &str| {
            let mut u: Vec<String> = parse(text).iter().filter_map(|e| prop(e, "UID").map(str::to_owned)).collect();
            u.sort();
            u
        };
        let (first, _) = render(s.records(), &CalendarChoice::default()).expect("render");
        let named = CalendarChoice { with_client_names: true, ..Default::default() };
        let out = dir.path().join("named.ics");
        let written = export(s.records_mut(), &named, &out).expect("export");
        assert!(written.with_client_names);
        let text = std::fs::read_to_string(&out).expect("read");
        let summaries: Vec<String> =
            parse(&text).iter().filter_map(|e| prop(e, "SUMMARY").map(str::to_owned)).collect();
        assert!(summaries.iter().any(|s| s.contains("(Fictional Rosa Example)")), "{summaries:?}");
        assert!(text.contains("passport"), "the description comes with the names");
        let audit = s.records().audit_events(3).expect("audit");
        assert!(
            audit.iter().any(|e| e.action == "export" && e.detail.contains("calendar with client names")),
            "{audit:?}"
        );

        // Exported again after a change: the same UIDs (calendars update the events).
        s.records_mut().mark_deadline_done(ids[2], true).expect("done");
        let (again, _) = render(s.records(), &CalendarChoice::default()).expect("render again");
        assert_eq!(uids(&first), uids(&again));
        let mut expected: Vec<String> = ids.iter().map(|id| ics::uid(*id)).collect();
        expected.sort();
        assert_eq!(uids(&again), expected);
        let done =
            parse(&again).into_iter().find(|e| prop(e, "UID") == Some(ics::uid(ids[2]).as_str())).expect("deadline");
        assert!(prop(&done, "SUMMARY").is_some_and(|s| s.ends_with("(done)")));
        assert!(all(&done, "VALARM.TRIGGER").is_empty(), "a deadline done no longer reminds");
    }

    #[test]
    fn a_volunteers_calendar_holds_only_their_matters_and_dates_filter() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (s, [miami, _, deadline]) = program(dir.path());
        let mine = CalendarChoice { volunteer: Some("student.one@example.org".into()), ..Default::default() };
        let (text, count) = render(s.records(), &mine).expect("render");
        assert_eq!(count, 2);
        let mut uids: Vec<String> = parse(&text).iter().filter_map(|e| prop(e, "UID").map(str::to_owned)).collect();
        uids.sort();
        let mut expected = vec![ics::uid(miami), ics::uid(deadline)];
        expected.sort();
        assert_eq!(uids, expected);
        assert!(text.contains("Student One"), "the calendar is named for its volunteer");

        let range =
            CalendarChoice { from: Some("2026-12-11".into()), to: Some("2026-12-19".into()), ..Default::default() };
        assert_eq!(render(s.records(), &range).expect("range").1, 1);

        let nobody = CalendarChoice { volunteer: Some("nobody@example.org".into()), ..Default::default() };
        assert_eq!(render(s.records(), &nobody).expect_err("unknown").field(), Some("volunteer"));
        let bad = CalendarChoice { from: Some("12/40/2026".into()), ..Default::default() };
        assert_eq!(render(s.records(), &bad).expect_err("bad date").field(), Some("from"));
    }
}
