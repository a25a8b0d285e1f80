//! The case summary: one matter on paper, for a supervising attorney, a court file or a
//! hand-over. Notes can be left out, since they may be privileged.

use crate::error::Result;
use crate::geo;
use crate::model::MatterDetail;
use crate::pdf::{Align, Column, Document, DocumentSetup, Paper, RenderedPdf};
use crate::store::Store;
use crate::validate::format_a_number;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseSummaryOptions {
    pub include_notes: bool,
    pub paper: Paper,
}

pub fn render(d: &MatterDetail, program_name: &str, options: CaseSummaryOptions) -> Result<RenderedPdf> {
    let m = &d.matter;
    let c = &d.client;
    let title = format!("Case summary {}", m.case_ref);
    let mut doc = Document::new(DocumentSetup {
        paper: options.paper,
        program_name: program_name.to_owned(),
        title: title.clone(),
        subject: Some("Confidential".into()),
    });
    doc.heading(&title);
    doc.paragraph("Confidential: attorney-client privileged and attorney work product.");

    doc.subheading("Client");
    let languages = c.languages.join(", ");
    let country = c.country.as_deref().map(geo::country_name).unwrap_or_default();
    let a_number = c.a_number.as_deref().map(format_a_number).unwrap_or_default();
    let detention = if m.detained {
        format!("Detained{}", m.facility.as_deref().map(|f| format!(" at {f}")).unwrap_or_default())
    } else {
        "Not detained".to_owned()
    };
    let other_names = c.other_names.join("; ");
    let interpreter = if c.interpreter_needed { "Needed" } else { "Not needed" };
    let mut client_rows: Vec<(&str, &str)> = vec![("Name", c.name.as_str())];
    for (k, v) in [
        ("Other names", other_names.as_str()),
        ("A-number", a_number.as_str()),
        ("Date of birth", c.date_of_birth.as_deref().unwrap_or("")),
        ("Country of origin", country.as_str()),
        ("Languages", languages.as_str()),
        ("Interpreter", interpreter),
        ("Detention", detention.as_str()),
        ("Entry to the US", c.entry_date.as_deref().unwrap_or("")),
    ] {
        if !v.is_empty() {
            client_rows.push((k, v));
        }
    }
    doc.key_values(&client_rows);

    doc.subheading("Matter");
    let state = m.state_of_residence.as_deref().map(geo::state_name).unwrap_or("");
    let status = match &m.closed {
        Some(closed) => format!("Closed {closed}"),
        None => "Open".to_owned(),
    };
    let release = match (m.release_requested, m.release_outcome) {
        (true, Some(o)) => format!("Requested; {}", o.label().to_lowercase()),
        (true, None) => "Requested".to_owned(),
        (false, _) => "Not requested".to_owned(),
    };
    let hours = format!("{:.1}", super::hours(d.total_minutes));
    let mut matter_rows: Vec<(&str, &str)> =
        vec![("Case reference", m.case_ref.as_str()), ("Case type", m.case_type.label())];
    for (k, v) in [
        ("Court or venue", m.court.as_deref().unwrap_or("")),
        ("State of residence", state),
        ("Opened", m.opened.as_str()),
        ("Status", status.as_str()),
        ("Relief outcome", m.relief_outcome.label()),
        ("Release from detention", release.as_str()),
        ("Volunteer hours", hours.as_str()),
    ] {
        if !v.is_empty() {
            matter_rows.push((k, v));
        }
    }
    doc.key_values(&matter_rows);

    if !d.parties.is_empty() {
        doc.subheading("Parties");
        doc.table(
            &[
                Column::new("Kind", 1.5, Align::Left),
                Column::new("Name", 3.0, Align::Left),
                Column::new("Relationship", 2.0, Align::Left),
            ],
            &d.parties
                .iter()
                .map(|p| vec![p.role.label().to_owned(), p.name.clone(), p.relationship.clone().unwrap_or_default()])
                .collect::<Vec<_>>(),
        );
    }

    doc.subheading("Volunteers");
    if d.volunteers.is_empty() {
        doc.paragraph("No volunteers are assigned.");
    } else {
        doc.table(
            &[
                Column::new("Name", 3.0, Align::Left),
                Column::new("Role", 1.8, Align::Left),
                Column::new("Organization", 3.0, Align::Left),
                Column::new("Hours", 1.0, Align::Right),
            ],
            &d.volunteers
                .iter()
                .map(|v| {
                    vec![
                        v.volunteer_name.clone(),
                        v.role.label().to_owned(),
                        v.organization.clone().unwrap_or_default(),
                        format!("{:.1}", super::hours(v.minutes)),
                    ]
                })
                .collect::<Vec<_>>(),
        );
    }

    doc.subheading("Hearings and deadlines");
    if d.hearings.is_empty() {
        doc.paragraph("None recorded.");
    } else {
        doc.table(
            &[
                Column::new("When", 1.6, Align::Left),
                Column::new("Kind", 2.2, Align::Left),
                Column::new("Place", 3.0, Align::Left),
            ],
            &d.hearings
                .iter()
                .map(|h| vec![h.at.replace('T', " "), h.kind.label().to_owned(), h.place.clone().unwrap_or_default()])
                .collect::<Vec<_>>(),
        );
    }

    doc.subheading("Time entries");
    if d.time_entries.is_empty() {
        doc.paragraph("None recorded.");
    } else {
        doc.table(
            &[
                Column::new("Date", 1.2, Align::Left),
                Column::new("Volunteer", 2.2, Align::Left),
                Column::new("Hours", 0.8, Align::Right),
                Column::new("Activity", 4.0, Align::Left),
            ],
            &d.time_entries
                .iter()
                .map(|t| {
                    vec![
                        t.date.clone(),
                        t.volunteer_name.clone(),
                        format!("{:.1}", super::hours(t.minutes)),
                        t.activity.clone(),
                    ]
                })
                .collect::<Vec<_>>(),
        );
    }

    if options.include_notes {
        doc.subheading("Notes");
        if d.notes.is_empty() {
            doc.paragraph("None.");
        }
        for n in &d.notes {
            let who = n.author.as_deref().map(|a| format!(" — {a}")).unwrap_or_default();
            doc.paragraph(&format!("{}{who}\n{}", n.created_at.get(0..10).unwrap_or(&n.created_at), n.body));
            doc.spacer(2.0);
        }
    } else {
        doc.paragraph("Notes are left out of this summary.");
    }
    Ok(doc.render()?)
}

impl Store {
    /// The case summary PDF of a matter (case reference or id).
    pub fn case_summary_pdf(&self, reference: &str, include_notes: bool) -> Result<RenderedPdf> {
        let detail = self.matter_detail(reference)?;
        let settings = self.settings()?;
        render(&detail, &settings.program_name, CaseSummaryOptions { include_notes, paper: settings.paper })
    }
}
