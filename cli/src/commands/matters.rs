//! Matters: add, list, show, close, notes and parties.

use probono_core::model::{MatterDraft, MatterStatus};
use probono_core::records::NewParty;
use probono_core::store::MatterFilter;
use probono_core::validate::format_a_number;
use probono_core::{Result, geo};

use crate::args::{MatterCommand, StatusArg};
use crate::output::{self, opt};
use crate::session::Place;

pub fn run(place: &mut Place, command: MatterCommand) -> Result<()> {
    let store = place.records_mut();
    match command {
        MatterCommand::Assign(a) => super::people::assign(store, &a.volunteer, &a.matter, a.supervisor.as_deref())?,
        MatterCommand::Add(a) => {
            let draft = MatterDraft {
                case_ref: a.case_ref,
                client: a.client,
                case_type: a.case_type,
                detained: a.detained,
                detention_facility: a.detention_facility,
                state_of_residence: a.state_of_residence,
                court: a.court,
                opened: a.opened.unwrap_or_else(|| probono_app::session::today().to_string()),
                closed: a.closed,
                relief_outcome: a.relief_outcome,
                release_requested: a.release_requested,
                release_outcome: a.release_outcome,
                decided_on: a.decided_on,
            };
            let m = store.open_matter(&draft, &a.adverse_parties)?;
            if a.json {
                return output::json(&m);
            }
            println!("Opened matter {} ({})", m.case_ref, m.id);
            if !a.adverse_parties.is_empty() {
                println!(
                    "with {} adverse part{}",
                    a.adverse_parties.len(),
                    if a.adverse_parties.len() == 1 { "y" } else { "ies" }
                );
            }
        }
        MatterCommand::List(a) => {
            let filter = MatterFilter {
                status: a.status.map(|s| match s {
                    StatusArg::Open => MatterStatus::Open,
                    StatusArg::Closed => MatterStatus::Closed,
                }),
                case_type: a
                    .case_type
                    .as_deref()
                    .map(|t| probono_core::model::CaseType::parse("case_type", t))
                    .transpose()?,
                detained: if a.detained {
                    Some(true)
                } else if a.not_detained {
                    Some(false)
                } else {
                    None
                },
                volunteer: a.volunteer,
                client: a.client,
                search: a.search,
            };
            let matters = store.list_matters(&filter)?;
            if a.json {
                return output::json(&matters);
            }
            output::table(
                &["case", "client", "type", "detained", "opened", "closed", "relief"],
                matters
                    .into_iter()
                    .map(|m| {
                        vec![
                            m.case_ref,
                            m.client_name,
                            m.case_type.label().into(),
                            if m.detained { "yes" } else { "no" }.into(),
                            m.opened,
                            opt(&m.closed),
                            m.relief_outcome.label().into(),
                        ]
                    })
                    .collect(),
            );
        }
        MatterCommand::Show(a) => {
            let d = store.matter_detail(&a.reference)?;
            if a.json {
                return output::json(&d);
            }
            let m = &d.matter;
            output::fields(&[
                ("case", Some(m.case_ref.clone())),
                ("client", Some(d.client.name.clone())),
                ("A-number", d.client.a_number.as_deref().map(format_a_number)),
                ("country", d.client.country.as_deref().map(geo::country_name)),
                ("languages", Some(d.client.languages.join(", "))),
                ("type", Some(m.case_type.label().into())),
                ("detained", Some(if m.detained { "yes".into() } else { "no".into() })),
                ("facility", m.facility.clone()),
                ("state", m.state_of_residence.as_deref().map(|s| geo::state_name(s).to_owned())),
                ("court", m.court.clone()),
                ("opened", Some(m.opened.clone())),
                ("closed", m.closed.clone()),
                ("relief", Some(m.relief_outcome.label().into())),
                ("release", m.release_outcome.map(|o| format!("requested, {}", o.label().to_lowercase()))),
                ("hours", Some(output::hours(d.total_minutes))),
                ("id", Some(m.id.to_string())),
            ]);
            if !d.parties.is_empty() {
                println!("\nParties");
                output::table(
                    &["role", "name", "relationship"],
                    d.parties
                        .iter()
                        .map(|p| vec![p.role.label().into(), p.name.clone(), opt(&p.relationship)])
                        .collect(),
                );
            }
            println!("\nVolunteers");
            output::table(
                &["name", "role", "organization", "hours:"],
                d.volunteers
                    .iter()
                    .map(|v| {
                        vec![
                            v.volunteer_name.clone(),
                            v.role.label().into(),
                            opt(&v.organization),
                            output::hours(v.minutes),
                        ]
                    })
                    .collect(),
            );
            println!("\nHearings and deadlines");
            output::table(
                &["when", "kind", "place"],
                d.hearings.iter().map(|h| vec![h.at.clone(), h.kind.label().into(), opt(&h.place)]).collect(),
            );
            println!("\nTime");
            output::table(
                &["date", "volunteer", "hours:", "activity"],
                d.time_entries
                    .iter()
                    .map(|t| {
                        vec![t.date.clone(), t.volunteer_name.clone(), output::hours(t.minutes), t.activity.clone()]
                    })
                    .collect(),
            );
            if !d.notes.is_empty() {
                println!("\nNotes");
                for n in &d.notes {
                    println!("{} {}\n{}\n", n.created_at, opt(&n.author), n.body);
                }
            }
        }
        MatterCommand::Close(a) => {
            let m = store.close_matter(&a.reference, a.date.as_deref(), a.outcome.as_deref())?;
            println!(
                "Closed matter {} on {} (relief: {}).",
                m.case_ref,
                opt(&m.closed),
                m.relief_outcome.label().to_lowercase()
            );
        }
        MatterCommand::Note(a) => {
            store.add_note(&a.reference, &a.text, a.author.as_deref())?;
            println!("Note added to {}.", a.reference);
        }
        MatterCommand::Party(a) => {
            store.add_party(NewParty {
                matter: &a.reference,
                role: &a.role,
                name: &a.name,
                relationship: a.relationship.as_deref(),
            })?;
            println!("Party added to {}.", a.reference);
        }
    }
    Ok(())
}
