//! The report definitions at their edges: each case builds a small program whose right answer
//! is known by construction, and checks the figure. The cases take the data layer
//! ([`Records`]), so the same ones run on a vault (`reports.rs`, here) and on a team server
//! (`tests/tests/team/reports.rs`, which includes this file): the figures must be identical.
//! The demo cases expect the demo clinic already in the records.

use probono_core::model::{ClientDraft, MatterDraft, TimeEntryDraft, VolunteerDraft};
use probono_core::records::Records;
use probono_core::reports::{Period, hours::ABA_ASPIRATION_HOURS};

fn client(store: &mut dyn Records, name: &str, country: Option<&str>, languages: &[&str]) {
    store
        .create_client(&ClientDraft {
            name: name.into(),
            country: country.map(Into::into),
            languages: languages.iter().map(|l| (*l).to_owned()).collect(),
            ..Default::default()
        })
        .expect("client");
}

struct M<'a> {
    case_ref: &'a str,
    client: &'a str,
    detained: bool,
    facility: Option<&'a str>,
    state: Option<&'a str>,
    opened: &'a str,
    closed: Option<&'a str>,
    relief: &'a str,
    release: Option<&'a str>,
}

impl Default for M<'_> {
    fn default() -> Self {
        M {
            case_ref: "",
            client: "",
            detained: false,
            facility: None,
            state: None,
            opened: "2026-03-01",
            closed: None,
            relief: "pending",
            release: None,
        }
    }
}

fn matter(store: &mut dyn Records, m: M<'_>) {
    store
        .create_matter(&MatterDraft {
            case_ref: Some(m.case_ref.into()),
            client: m.client.into(),
            case_type: "asylum".into(),
            detained: m.detained,
            detention_facility: m.facility.map(Into::into),
            state_of_residence: m.state.map(Into::into),
            opened: m.opened.into(),
            closed: m.closed.map(Into::into),
            relief_outcome: Some(m.relief.into()),
            release_requested: m.release.is_some(),
            release_outcome: m.release.map(Into::into),
            ..Default::default()
        })
        .expect("matter");
}

fn y2026() -> Period {
    Period::year(2026).expect("year")
}

pub fn a_matter_is_active_if_opened_by_the_last_day_and_not_closed_before_the_first(s: &mut dyn Records) {
    client(s, "A", None, &[]);
    let cases = [
        ("closed-day-before", "2025-01-10", Some("2025-12-31"), false),
        ("closed-first-day", "2025-01-10", Some("2026-01-01"), true),
        ("opened-last-day", "2026-12-31", None, true),
        ("opened-day-after", "2027-01-01", None, false),
        ("open-since-2024", "2024-05-05", None, true),
        ("closed-last-day", "2026-06-01", Some("2026-12-31"), true),
    ];
    for (case_ref, opened, closed, _) in cases {
        matter(s, M { case_ref, client: "A", opened, closed, state: Some("NY"), ..Default::default() });
    }
    let r = s.impact_report(y2026()).expect("report");
    let expected = cases.iter().filter(|c| c.3).count() as i64;
    assert_eq!(r.active_matters, expected, "active matters: {cases:?}");
    assert_eq!(r.non_detained_cases, expected);
}

pub fn rates_leave_out_pending_and_withdrawn_and_release_not_requested(s: &mut dyn Records) {
    client(s, "A", None, &[]);
    let reliefs = ["granted", "granted", "granted", "denied", "pending", "withdrawn", "withdrawn"];
    for (i, relief) in reliefs.iter().enumerate() {
        matter(s, M { case_ref: &format!("R-{i}"), client: "A", relief, ..Default::default() });
    }
    let releases = [Some("granted"), Some("denied"), Some("denied"), Some("pending"), None];
    for (i, release) in releases.iter().enumerate() {
        matter(
            s,
            M { case_ref: &format!("D-{i}"), client: "A", detained: true, release: *release, ..Default::default() },
        );
    }
    let r = s.impact_report(y2026()).expect("report");
    assert_eq!((r.relief_granted, r.relief_decided), (3, 4));
    assert_eq!(r.relief_rate, Some(0.75), "3 granted of 4 decided; pending and withdrawn left out");
    assert_eq!((r.relief_pending, r.relief_withdrawn), (1 + 5, 2), "the detained matters' relief is pending");
    assert_eq!(r.release_requested, 4, "release not requested is not counted");
    assert_eq!((r.release_granted, r.release_decided), (1, 3));
    assert!((r.release_rate.expect("rate") - 1.0 / 3.0).abs() < 1e-12);
}

pub fn no_decided_matters_means_no_rate_not_zero_percent(s: &mut dyn Records) {
    client(s, "A", None, &[]);
    matter(s, M { case_ref: "P-1", client: "A", ..Default::default() });
    let r = s.impact_report(y2026()).expect("report");
    assert_eq!(r.relief_rate, None);
    assert_eq!(r.release_rate, None);
    let json = serde_json::to_value(&r).expect("json");
    assert!(json["relief_rate"].is_null());
}

pub fn distinct_counts_ignore_case_spacing_and_codes_versus_names(s: &mut dyn Records) {
    client(s, "A", Some("VN"), &["Vietnamese", "english"]);
    client(s, "B", Some("Vietnam"), &["  vietnamese ", "English"]);
    client(s, "C", Some("sv"), &["Spanish"]);
    client(s, "D", Some("El Salvador"), &["SPANISH"]);
    matter(
        s,
        M {
            case_ref: "1",
            client: "A",
            detained: true,
            facility: Some("Stewart Detention Center"),
            ..Default::default()
        },
    );
    matter(
        s,
        M {
            case_ref: "2",
            client: "B",
            detained: true,
            facility: Some(" stewart  detention center "),
            ..Default::default()
        },
    );
    matter(s, M { case_ref: "3", client: "C", state: Some("NY"), ..Default::default() });
    matter(s, M { case_ref: "4", client: "D", state: Some("New York"), ..Default::default() });
    // A closed-before-the-period matter elsewhere does not count.
    client(s, "E", Some("Haiti"), &["Haitian Creole"]);
    matter(
        s,
        M {
            case_ref: "5",
            client: "E",
            detained: true,
            facility: Some("Krome"),
            opened: "2024-01-01",
            closed: Some("2025-12-31"),
            ..Default::default()
        },
    );
    let r = s.impact_report(y2026()).expect("report");
    assert_eq!(r.detained_cases, 2);
    assert_eq!(r.detention_facilities, 1, "facility names compare case- and space-insensitively");
    assert_eq!(r.non_detained_cases, 2);
    assert_eq!(r.states_of_residence, 1, "NY and New York are one state");
    assert_eq!(r.countries_of_origin, 2, "VN/Vietnam and sv/El Salvador");
    assert_eq!(r.languages, 3, "Vietnamese, English, Spanish");
    assert_eq!(r.clients, 4);
}

pub fn volunteers_and_hours_count_only_time_dated_in_the_period(s: &mut dyn Records) {
    client(s, "A", None, &[]);
    matter(s, M { case_ref: "M-1", client: "A", opened: "2025-06-01", ..Default::default() });
    for (name, org) in [("In Period", "Firm One"), ("Only Before", "Firm One"), ("Both", "firm  one")] {
        s.create_volunteer(&VolunteerDraft {
            name: name.into(),
            role: "attorney".into(),
            organization: Some(org.into()),
            ..Default::default()
        })
        .expect("volunteer");
    }
    let log = |s: &mut dyn Records, who: &str, date: &str, hours: &str| {
        s.log_time(&TimeEntryDraft {
            volunteer: who.into(),
            matter: "M-1".into(),
            date: date.into(),
            hours: hours.into(),
            activity: None,
        })
        .expect("time");
    };
    log(s, "In Period", "2026-01-01", "2");
    log(s, "Only Before", "2025-12-31", "5");
    log(s, "Both", "2025-12-31", "1");
    log(s, "Both", "2026-11-20", "1.5");
    let r = s.impact_report(y2026()).expect("report");
    assert_eq!(r.volunteers, 2, "a volunteer with time only outside the period is not counted");
    assert_eq!(r.total_hours, 3.5);

    let h = s.hours_report(y2026()).expect("hours report");
    assert_eq!(h.total_hours, 3.5);
    assert_eq!(h.volunteer_count, 2);
    assert_eq!(h.organizations.len(), 1, "\"Firm One\" and \"firm  one\" are one organization");
    assert_eq!(h.organizations[0].name, "Firm One", "the first spelling is kept");
    assert_eq!(h.months.len(), 12);
    assert_eq!(h.months[0].hours, 2.0);
    assert_eq!(h.months[10].hours, 1.5);
    assert_eq!(h.volunteers[0].name, "In Period", "most hours first");
    assert!(!h.volunteers[0].reached_aba_aspiration);
}

pub fn the_hours_report_marks_the_aba_aspiration_and_splits_by_detention_and_case_type(s: &mut dyn Records) {
    client(s, "A", None, &[]);
    matter(s, M { case_ref: "D", client: "A", detained: true, opened: "2026-01-01", ..Default::default() });
    matter(s, M { case_ref: "N", client: "A", opened: "2026-01-01", ..Default::default() });
    s.create_volunteer(&VolunteerDraft { name: "V".into(), role: "law student".into(), ..Default::default() })
        .expect("volunteer");
    // 49.9 hours, then the entry that crosses 50.
    for day in 1..=7 {
        s.log_time(&TimeEntryDraft {
            volunteer: "V".into(),
            matter: if day % 2 == 0 { "D".into() } else { "N".into() },
            date: format!("2026-02-{day:02}"),
            hours: if day == 7 { "7.9".into() } else { "7".into() },
            activity: None,
        })
        .expect("time");
    }
    let h = s.hours_report(y2026()).expect("report");
    assert_eq!(h.total_hours, 49.9);
    assert!(!h.volunteers[0].reached_aba_aspiration, "49.9 < {ABA_ASPIRATION_HOURS}");
    s.log_time(&TimeEntryDraft {
        volunteer: "V".into(),
        matter: "N".into(),
        date: "2026-03-01".into(),
        hours: "0.1".into(),
        activity: None,
    })
    .expect("time");
    let h = s.hours_report(y2026()).expect("report");
    assert!(h.volunteers[0].reached_aba_aspiration, "50.0 reaches the aspiration");
    assert_eq!(h.volunteers_reaching_aba_aspiration, 1);
    assert_eq!(h.volunteers[0].matters, 2);
    assert_eq!(h.detention.detained_hours, 21.0);
    assert_eq!(h.detention.non_detained_hours, 29.0);
    assert_eq!(h.case_types.len(), 1);
    assert_eq!(h.case_types[0].matters, 2);
    assert_eq!(h.roles[0].label, "Law student");
}

pub fn the_demo_clinic_reads_the_inspiring_programs_figures(s: &mut dyn Records) {
    let r = s.impact_report(y2026()).expect("report");
    assert_eq!(r.volunteers, 212);
    assert_eq!((r.detained_cases, r.detention_facilities), (221, 14));
    assert_eq!((r.non_detained_cases, r.states_of_residence), (335, 32));
    assert_eq!((r.countries_of_origin, r.languages), (30, 19));
    assert_eq!(r.relief_rate, Some(0.71));
    assert_eq!(r.release_rate, Some(0.85));
    let headline = r.headline().join(" ");
    assert!(
        headline.contains("212 volunteers worked on 221 cases for detained individuals in 14 detention centers and 335 cases for non-detained individuals across 32 states of residence"),
        "{headline}"
    );
    assert!(headline.contains("Clients came from 30 countries and spoke 19 languages"));
    assert!(headline.contains("71% of clients won asylum or other relief and 85% of those asking for release won it, against national rates of 40% and 32%"));
}

pub fn the_dashboard_shows_the_same_figures_as_the_impact_report(s: &mut dyn Records) {
    let today = jiff::civil::date(2026, 11, 27);
    let dash = s.dashboard(today).expect("dashboard");
    let report = s.impact_report(y2026()).expect("report");
    assert_eq!(dash.impact, report, "one definition, two screens");
    let chart_total: f64 = dash.months.iter().map(|m| m.hours).sum();
    assert!((chart_total - report.total_hours).abs() < 0.1, "{chart_total} vs {}", report.total_hours);
    assert_eq!(dash.months.len(), 12);
    assert!(dash.upcoming.iter().all(|h| h.at.as_str() >= "2026-11-27" && h.at.as_str() <= "2026-12-27T99"));
    assert!(!dash.recent_matters.is_empty());
}

pub fn a_volunteer_named_like_a_formula_reaches_the_hours_csv_as_text(s: &mut dyn Records) {
    client(s, "A", None, &[]);
    matter(s, M { case_ref: "N", client: "A", opened: "2026-01-01", ..Default::default() });
    s.create_volunteer(&VolunteerDraft {
        name: "=SUM(1+1)*cmd".into(),
        organization: Some("+Hale \u{202E}LLP".into()),
        role: "attorney".into(),
        ..Default::default()
    })
    .expect("volunteer");
    s.log_time(&TimeEntryDraft {
        volunteer: "=SUM(1+1)*cmd".into(),
        matter: "N".into(),
        date: "2026-02-01".into(),
        hours: "1".into(),
        activity: None,
    })
    .expect("time");
    let csv = probono_core::reports::render::hours_csv(&s.hours_report(y2026()).expect("report")).expect("csv");
    let row = csv.lines().nth(1).expect("one volunteer row");
    assert!(row.starts_with("'=SUM(1+1)*cmd,,'+Hale LLP,attorney,"), "{row}");
}
