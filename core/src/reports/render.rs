//! Reports as files: CSV for spreadsheets, PDF for handing out (the impact and hours reports,
//! service statements). JSON is the structs themselves (serde).

use super::challenge::ChallengeReport;
use super::hours::HoursReport;
use super::impact::ImpactReport;
use super::statement::{ServiceStatement, StatementMatter};
use super::{DEFINITIONS, percent};
use crate::csv_out::CsvOut;
use crate::error::{Error, Result};
use crate::pdf::{Align, Column, ComparisonRow, Document, DocumentSetup, Paper, RenderedPdf};

/// The impact report as `measure,value` rows.
pub fn impact_csv(r: &ImpactReport) -> Result<String> {
    let rate = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_default();
    let rows: Vec<(&str, String)> = vec![
        ("period_from", r.period.from.to_string()),
        ("period_to", r.period.to.to_string()),
        ("volunteers", r.volunteers.to_string()),
        ("detained_cases", r.detained_cases.to_string()),
        ("detention_facilities", r.detention_facilities.to_string()),
        ("non_detained_cases", r.non_detained_cases.to_string()),
        ("states_of_residence", r.states_of_residence.to_string()),
        ("countries_of_origin", r.countries_of_origin.to_string()),
        ("languages", r.languages.to_string()),
        ("clients", r.clients.to_string()),
        ("active_matters", r.active_matters.to_string()),
        ("relief_granted", r.relief_granted.to_string()),
        ("relief_decided", r.relief_decided.to_string()),
        ("relief_rate", rate(r.relief_rate)),
        ("release_granted", r.release_granted.to_string()),
        ("release_decided", r.release_decided.to_string()),
        ("release_rate", rate(r.release_rate)),
        ("total_hours", r.total_hours.to_string()),
        ("national_relief_rate", format!("{:.4}", r.national_relief_rate.value)),
        ("national_release_rate", format!("{:.4}", r.national_release_rate.value)),
    ];
    let mut w = CsvOut::new();
    w.row(["measure", "value"])?;
    for (k, v) in rows {
        w.row([k, v.as_str()])?;
    }
    w.into_string()
}

/// The hour report's volunteer table (one row per volunteer), the part people sort and
/// filter in a spreadsheet.
pub fn hours_csv(r: &HoursReport) -> Result<String> {
    let mut w = CsvOut::new();
    w.row(["name", "email", "organization", "role", "matters", "hours", "reached_aba_6_1_50_hours"])?;
    for v in &r.volunteers {
        w.row([
            v.name.as_str(),
            v.email.as_deref().unwrap_or(""),
            v.organization.as_deref().unwrap_or(""),
            v.role.code(),
            &v.matters.to_string(),
            &format!("{:.2}", v.hours),
            if v.reached_aba_aspiration { "yes" } else { "no" },
        ])?;
    }
    w.into_string()
}

fn setup(program: &str, title: String, paper: Paper) -> DocumentSetup {
    DocumentSetup { paper, program_name: program.to_owned(), title, subject: Some("Confidential".into()) }
}

fn definitions_page(doc: &mut Document) {
    doc.page_break();
    doc.subheading("Definitions");
    doc.paragraph("Every figure in this report follows these definitions.");
    let rows: Vec<(&str, &str)> = DEFINITIONS.iter().map(|d| (d.term, d.meaning)).collect();
    doc.key_values(&rows);
}

pub fn impact_pdf(r: &ImpactReport, paper: Paper) -> Result<RenderedPdf> {
    let title = format!("Impact report {}", r.period.label());
    let mut doc = Document::new(setup(&r.program_name, title.clone(), paper));
    doc.heading(&title);
    for line in &r.headline {
        doc.statement(line);
    }
    doc.spacer(4.0);
    let rel = &r.national_relief_rate;
    let rls = &r.national_release_rate;
    doc.comparison_bars(
        "Outcomes beside national rates",
        &[
            ComparisonRow {
                label: "Asylum or other relief granted".into(),
                ours: r.relief_rate,
                ours_label: format!(
                    "Our clients: {} ({} of {} decided)",
                    percent(r.relief_rate),
                    r.relief_granted,
                    r.relief_decided
                ),
                reference: Some(rel.value),
                reference_label: format!("National {}: {:.0}%", rel.year, rel.value * 100.0),
            },
            ComparisonRow {
                label: "Release from detention granted".into(),
                ours: r.release_rate,
                ours_label: format!(
                    "Our clients: {} ({} of {} decided)",
                    percent(r.release_rate),
                    r.release_granted,
                    r.release_decided
                ),
                reference: Some(rls.value),
                reference_label: format!("National {}: {:.0}%", rls.year, rls.value * 100.0),
            },
        ],
    );
    doc.subheading("The year in numbers");
    let n = |v: i64| v.to_string();
    doc.table(
        &[Column::new("Measure", 3.0, Align::Left), Column::new("Value", 1.0, Align::Right)],
        &[
            vec!["Volunteers who logged time".into(), n(r.volunteers)],
            vec!["Volunteer hours".into(), format!("{:.1}", r.total_hours)],
            vec!["Clients".into(), n(r.clients)],
            vec!["Active matters".into(), n(r.active_matters)],
            vec!["Cases for detained individuals".into(), n(r.detained_cases)],
            vec!["Detention centers".into(), n(r.detention_facilities)],
            vec!["Cases for non-detained individuals".into(), n(r.non_detained_cases)],
            vec!["States of residence".into(), n(r.states_of_residence)],
            vec!["Countries of origin".into(), n(r.countries_of_origin)],
            vec!["Languages".into(), n(r.languages)],
            vec!["Relief granted / decided".into(), format!("{} / {}", r.relief_granted, r.relief_decided)],
            vec!["Relief pending / withdrawn".into(), format!("{} / {}", r.relief_pending, r.relief_withdrawn)],
            vec!["Release requested".into(), n(r.release_requested)],
            vec!["Release granted / decided".into(), format!("{} / {}", r.release_granted, r.release_decided)],
        ],
    );
    doc.paragraph(&format!(
        "National comparison rates: relief {:.0}% ({}, {}); release {:.0}% ({}, {}).",
        rel.value * 100.0,
        rel.year,
        rel.source,
        rls.value * 100.0,
        rls.year,
        rls.source
    ));
    definitions_page(&mut doc);
    Ok(doc.render()?)
}

pub fn hours_pdf(r: &HoursReport, paper: Paper) -> Result<RenderedPdf> {
    let title = format!("Volunteer hours {}", r.period.label());
    let mut doc = Document::new(setup(&r.program_name, title.clone(), paper));
    doc.heading(&title);
    doc.statement(&format!(
        "{} volunteers gave {:.1} hours. {} reached the ABA Model Rule 6.1 aspiration of {:.0} hours.",
        r.volunteer_count, r.total_hours, r.volunteers_reaching_aba_aspiration, r.aba_aspiration_hours
    ));
    let bars: Vec<(String, f64)> =
        r.months.iter().map(|m| (month_label(&m.month, r.months.len() > 12), m.hours)).collect();
    doc.bar_chart("Hours by month", &bars, &|v| format!("{v:.0}"));

    doc.subheading("By organization");
    doc.table(
        &[
            Column::new("Organization", 4.0, Align::Left),
            Column::new("Volunteers", 1.2, Align::Right),
            Column::new("Hours", 1.2, Align::Right),
        ],
        &r.organizations
            .iter()
            .map(|o| vec![o.name.clone(), o.volunteers.to_string(), format!("{:.1}", o.hours)])
            .collect::<Vec<_>>(),
    );
    doc.subheading("By role");
    doc.table(
        &[
            Column::new("Role", 4.0, Align::Left),
            Column::new("Volunteers", 1.2, Align::Right),
            Column::new("Hours", 1.2, Align::Right),
        ],
        &r.roles
            .iter()
            .map(|x| vec![x.label.to_owned(), x.volunteers.to_string(), format!("{:.1}", x.hours)])
            .collect::<Vec<_>>(),
    );
    doc.subheading("By case type");
    doc.table(
        &[
            Column::new("Case type", 4.0, Align::Left),
            Column::new("Matters", 1.2, Align::Right),
            Column::new("Hours", 1.2, Align::Right),
        ],
        &r.case_types
            .iter()
            .map(|x| vec![x.label.to_owned(), x.matters.to_string(), format!("{:.1}", x.hours)])
            .collect::<Vec<_>>(),
    );
    doc.subheading("Detained and non-detained clients");
    let d = &r.detention;
    doc.table(
        &[
            Column::new("Clients", 4.0, Align::Left),
            Column::new("Matters", 1.2, Align::Right),
            Column::new("Hours", 1.2, Align::Right),
        ],
        &[
            vec!["Detained".into(), d.detained_matters.to_string(), format!("{:.1}", d.detained_hours)],
            vec!["Not detained".into(), d.non_detained_matters.to_string(), format!("{:.1}", d.non_detained_hours)],
        ],
    );
    doc.subheading("Volunteers");
    doc.table(
        &[
            Column::new("Name", 3.0, Align::Left),
            Column::new("Organization", 3.0, Align::Left),
            Column::new("Role", 1.8, Align::Left),
            Column::new("Matters", 1.0, Align::Right),
            Column::new("Hours", 1.0, Align::Right),
            Column::new("50 h", 0.8, Align::Left),
        ],
        &r.volunteers
            .iter()
            .map(|v| {
                vec![
                    v.name.clone(),
                    v.organization.clone().unwrap_or_default(),
                    v.role.label().to_owned(),
                    v.matters.to_string(),
                    format!("{:.1}", v.hours),
                    if v.reached_aba_aspiration { "yes".into() } else { String::new() },
                ]
            })
            .collect::<Vec<_>>(),
    );
    doc.paragraph(
        "\"50 h\": reached the aspiration of ABA Model Rule 6.1 (at least 50 hours of pro bono service a year) within this period.",
    );
    definitions_page(&mut doc);
    Ok(doc.render()?)
}

/// A volunteer's service statement: who, which matters (by case reference and case type, with
/// the client only when asked), the supervising attorney of each, every entry, the total,
/// a certification block for the supervisor, and how it counts.
pub fn statement_pdf(s: &ServiceStatement, paper: Paper) -> Result<RenderedPdf> {
    let title = format!("Pro bono service statement {}", s.period.label());
    let mut doc = Document::new(DocumentSetup {
        paper,
        program_name: s.program_name.clone(),
        title: format!("{title}: {}", s.volunteer.name),
        subject: Some("Confidential".into()),
    });
    doc.heading(&title);
    let v = &s.volunteer;
    let matters = match s.matters.len() {
        1 => "1 matter".to_owned(),
        n => format!("{n} matters"),
    };
    doc.statement(&format!(
        "{} gave {:.1} hours of pro bono service to {} from {} to {}, on {matters}.",
        v.name, s.total_hours, s.program_name, s.period.from, s.period.to
    ));
    let period = format!("{} to {}", s.period.from, s.period.to);
    let mut who: Vec<(&str, &str)> = vec![("Volunteer", v.name.as_str())];
    if let Some(email) = &v.email {
        who.push(("E-mail", email));
    }
    who.push(("Organization", v.organization.as_deref().unwrap_or("—")));
    who.push(("Role", v.role_label));
    if let Some(bar) = &v.bar_number {
        who.push(("Bar number", bar));
    }
    let admissions = v.bar_admissions.join("; ");
    if !admissions.is_empty() {
        who.push(("Bar admissions", &admissions));
    }
    if let Some(start) = &v.law_school_start {
        who.push(("Law school since", start));
    }
    who.push(("Program", &s.program_name));
    who.push(("Period", &period));
    if let Some(project) = &s.project {
        who.push(("Project", project));
    }
    doc.key_values(&who);

    doc.subheading("Hours by matter");
    let supervisor =
        |m: &StatementMatter| m.supervisor.as_ref().map_or_else(|| "none recorded".to_owned(), |x| x.name.clone());
    let mut columns = vec![Column::new("Case reference", 1.6, Align::Left), Column::new("Case type", 2.0, Align::Left)];
    if s.client_names_included {
        columns.push(Column::new("Client", 2.2, Align::Left));
    }
    columns.push(Column::new("Supervising attorney", 2.4, Align::Left));
    columns.push(Column::new("Hours", 0.9, Align::Right));
    let mut rows: Vec<Vec<String>> = s
        .matters
        .iter()
        .map(|m| {
            let mut row = vec![m.case_ref.clone(), m.case_type_label.to_owned()];
            if s.client_names_included {
                row.push(m.client_name.clone().unwrap_or_default());
            }
            row.push(supervisor(m));
            row.push(format!("{:.1}", m.hours));
            row
        })
        .collect();
    let mut total = vec!["Total".to_owned(), String::new()];
    if s.client_names_included {
        total.push(String::new());
    }
    total.push(String::new());
    total.push(format!("{:.1}", s.total_hours));
    rows.push(total);
    doc.table(&columns, &rows);
    if s.matters.is_empty() {
        doc.paragraph("No time was recorded for this volunteer in the period.");
    }

    for m in &s.matters {
        doc.subheading(&format!("{} · {}", m.case_ref, m.case_type_label));
        let mut about = format!("Supervising attorney: {}", supervisor(m));
        if let Some(bar) = m.supervisor.as_ref().and_then(|x| x.bar_number.as_deref()) {
            about.push_str(&format!(" (bar number {bar})"));
        }
        if let Some(client) = &m.client_name {
            about.push_str(&format!(". Client: {client}"));
        }
        let entries = match m.entries.len() {
            1 => "1 entry".to_owned(),
            n => format!("{n} entries"),
        };
        let qualifying = m.qualifying_hours.map(|q| format!("; {q:.1} qualifying toward the 50")).unwrap_or_default();
        doc.paragraph(&format!("{about}. {:.1} hours in {entries}{qualifying}.", m.hours));
        doc.table(
            &[
                Column::new("Date", 1.3, Align::Left),
                Column::new("Activity", 5.0, Align::Left),
                Column::new("Hours", 0.9, Align::Right),
            ],
            &m.entries
                .iter()
                .map(|e| vec![e.date.clone(), e.activity.clone(), format!("{:.1}", e.hours)])
                .collect::<Vec<_>>(),
        );
    }

    if let Some(q) = &s.qualifying {
        doc.subheading("Toward the New York bar's 50 hours");
        doc.paragraph(&format!(
            "Qualifying hours in this period: {:.1} of {:.0} ({:.1} to go). Qualifying: supervised, law-related pro bono work done after starting law school (Rule 520.16 of the Rules of the New York Court of Appeals). Each project's affidavit is certified by its supervising attorney; this statement gives what it asks for.",
            q.hours, q.goal_hours, q.remaining_hours
        ));
        for note in &q.notes {
            doc.paragraph(note);
        }
        if q.left_out.is_empty() {
            doc.paragraph("No entry of the period was left out.");
        } else {
            doc.paragraph(&format!("{} entries were left out:", q.left_out.len()));
            doc.table(
                &[
                    Column::new("Date", 1.3, Align::Left),
                    Column::new("Case reference", 1.6, Align::Left),
                    Column::new("Why", 4.0, Align::Left),
                    Column::new("Hours", 0.9, Align::Right),
                ],
                &q.left_out
                    .iter()
                    .map(|l| vec![l.date.clone(), l.case_ref.clone(), l.reason.clone(), format!("{:.1}", l.hours)])
                    .collect::<Vec<_>>(),
            );
        }
    }

    doc.subheading("Certification by the supervising attorney");
    doc.paragraph(&format!(
        "I certify that {} performed the pro bono work listed in this statement, {:.1} hours from {} to {}, under my supervision.",
        v.name, s.total_hours, s.period.from, s.period.to
    ));
    let line = "______________________________________";
    doc.key_values(&[
        ("Name", line),
        ("Bar admission (state, year, number)", line),
        ("Date", line),
        ("Signature", line),
    ]);

    doc.page_break();
    doc.subheading("How this statement counts");
    let rows: Vec<(&str, &str)> = s.definitions.iter().map(|d| (d.term, d.meaning)).collect();
    doc.key_values(&rows);
    Ok(doc.render()?)
}

/// The Challenge figures as `measure,value` rows, then one `attorney_hours` row per attorney
/// (`attorney_hours,NAME,HOURS`).
pub fn challenge_csv(r: &ChallengeReport) -> Result<String> {
    let opt = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_default();
    let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let rows: Vec<(&str, String)> = vec![
        ("organization", r.organization.clone()),
        ("period_from", r.period.from.to_string()),
        ("period_to", r.period.to.to_string()),
        ("billable_hours", format!("{}", r.billable_hours)),
        ("attorney_pro_bono_hours", format!("{:.2}", r.attorney_pro_bono_hours)),
        ("all_volunteer_hours", format!("{:.2}", r.all_volunteer_hours)),
        ("share_of_billable", format!("{:.4}", r.share_of_billable)),
        ("meets_3_percent", yes(r.meets_3_percent)),
        ("meets_5_percent", yes(r.meets_5_percent)),
        ("attorneys", r.attorneys.to_string()),
        ("participating_attorneys", r.participating_attorneys.to_string()),
        ("participation_rate", opt(r.participation_rate)),
        ("hours_per_attorney", r.hours_per_attorney.map(|h| format!("{h:.2}")).unwrap_or_default()),
        ("meets_60_hours_per_attorney", yes(r.meets_60_hours_per_attorney)),
        ("meets_100_hours_per_attorney", yes(r.meets_100_hours_per_attorney)),
    ];
    let mut w = CsvOut::new();
    w.row(["measure", "value", "hours"])?;
    for (k, v) in rows {
        w.row([k, v.as_str(), ""])?;
    }
    for a in &r.attorney_hours {
        w.row(["attorney_hours", a.name.as_str(), &format!("{:.2}", a.hours)])?;
    }
    w.into_string()
}

/// The Challenge figures of one organization: the share of billable hours, hours per attorney
/// and participation against the goals, each attorney against ABA Model Rule 6.1's 50 hours
/// (and the state goal when one is set), and how it counts.
pub fn challenge_pdf(r: &ChallengeReport, paper: Paper) -> Result<RenderedPdf> {
    let title = format!("Pro bono figures {} {}", r.organization, r.period.label());
    let mut doc = Document::new(setup(&r.program_name, title.clone(), paper));
    doc.heading(&title);
    let share = r.share_of_billable * 100.0;
    doc.statement(&format!(
        "{} attorneys of {} gave {:.1} pro bono hours, {share:.2}% of {} billable hours; {} of {} attorneys took part.",
        r.participating_attorneys,
        r.organization,
        r.attorney_pro_bono_hours,
        group(r.billable_hours),
        r.participating_attorneys,
        r.attorneys
    ));
    let met = |b: bool| if b { "met" } else { "not met" };
    let per = r.hours_per_attorney.map_or_else(|| "—".to_owned(), |h| format!("{h:.1}"));
    doc.table(
        &[
            Column::new("Measure", 3.0, Align::Left),
            Column::new("Value", 1.4, Align::Right),
            Column::new("Pro Bono Institute Challenge goals", 3.0, Align::Left),
        ],
        &[
            vec!["Attorneys' pro bono hours".into(), format!("{:.1}", r.attorney_pro_bono_hours), String::new()],
            vec!["Billable hours (entered)".into(), group(r.billable_hours), String::new()],
            vec![
                "Share of billable hours".into(),
                format!("{share:.2}%"),
                format!("3%: {}; 5%: {}", met(r.meets_3_percent), met(r.meets_5_percent)),
            ],
            vec!["Attorneys on record".into(), r.attorneys.to_string(), String::new()],
            vec![
                "Hours per attorney".into(),
                per,
                format!("60: {}; 100: {}", met(r.meets_60_hours_per_attorney), met(r.meets_100_hours_per_attorney)),
            ],
            vec![
                "Participation rate".into(),
                percent(r.participation_rate),
                format!("{} of {} attorneys", r.participating_attorneys, r.attorneys),
            ],
            vec![
                "All volunteers' hours (for reference)".into(),
                format!("{:.1}", r.all_volunteer_hours),
                String::new(),
            ],
        ],
    );
    doc.subheading("Attorneys");
    let mut columns = vec![
        Column::new("Name", 3.0, Align::Left),
        Column::new("Hours", 1.0, Align::Right),
        Column::new("ABA 6.1 (50 h)", 1.4, Align::Left),
    ];
    if let Some(goal) = &r.state_goal {
        columns.push(Column::new(format!("State goal ({:.0} h)", goal.hours), 1.6, Align::Left));
    }
    doc.table(
        &columns,
        &r.attorney_hours
            .iter()
            .map(|a| {
                let mut row = vec![
                    a.name.clone(),
                    format!("{:.1}", a.hours),
                    if a.reached_aba_aspiration { "reached".into() } else { String::new() },
                ];
                if let Some(reached) = a.reached_state_goal {
                    row.push(if reached { "reached".into() } else { String::new() });
                }
                row
            })
            .collect::<Vec<_>>(),
    );
    if let Some(goal) = &r.state_goal {
        doc.paragraph(&format!(
            "State goal: {:.0} hours a year ({}, {}); reporting {}.",
            goal.hours,
            goal.source,
            goal.year,
            if goal.reporting_required { "required" } else { "voluntary" }
        ));
    }
    doc.page_break();
    doc.subheading("How these figures count");
    let rows: Vec<(&str, &str)> = r.definitions.iter().map(|d| (d.term, d.meaning)).collect();
    doc.key_values(&rows);
    Ok(doc.render()?)
}

/// 123456.5 -> "123,456.5"; whole numbers without decimals.
fn group(value: f64) -> String {
    let whole = value.trunc() as i64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    let frac = value - value.trunc();
    if frac.abs() > 1e-9 { format!("{out}{}", &format!("{frac:.1}")[1..]) } else { out }
}

/// "2026-03" -> "Mar" (or "Mar 26" when the period spans years).
fn month_label(ym: &str, with_year: bool) -> String {
    const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month: usize = ym.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let name = NAMES.get(month.saturating_sub(1)).copied().unwrap_or("?");
    if with_year { format!("{name} {}", ym.get(2..4).unwrap_or("")) } else { name.to_owned() }
}

impl From<crate::pdf::PdfError> for Error {
    fn from(e: crate::pdf::PdfError) -> Self {
        Error::Internal(format!("rendering the PDF: {e}"))
    }
}
