//! Clients, volunteers and organizations.

use probono_core::model::{ClientDraft, VolunteerDraft};
use probono_core::validate::format_a_number;
use probono_core::{Result, geo};

use crate::args::{ClientCommand, OrgCommand, VolunteerCommand};
use crate::output::{self, opt};
use crate::session::{Context, Place};

pub fn client(place: &mut Place, command: ClientCommand) -> Result<()> {
    let store = place.records_mut();
    match command {
        ClientCommand::Add(a) => {
            let client = store.create_client(&ClientDraft {
                name: a.name,
                other_names: a.other_names,
                a_number: a.a_number,
                date_of_birth: a.date_of_birth,
                country: a.country,
                languages: a.languages,
                interpreter_needed: a.interpreter_needed,
                contact: a.contact,
                entry_date: a.entry_date,
                notes: a.notes,
            })?;
            if a.json {
                return output::json(&client);
            }
            println!("Added client {}", client.id);
        }
        ClientCommand::List(a) => {
            let clients = store.list_clients(a.search.as_deref())?;
            if a.json {
                return output::json(&clients);
            }
            output::table(
                &["id", "name", "A-number", "country", "languages"],
                clients
                    .into_iter()
                    .map(|c| {
                        vec![
                            c.id.to_string(),
                            c.name,
                            c.a_number.as_deref().map(format_a_number).unwrap_or_default(),
                            c.country.as_deref().map(geo::country_name).unwrap_or_default(),
                            c.languages.join(", "),
                        ]
                    })
                    .collect(),
            );
        }
        ClientCommand::Show(a) => {
            let id = store.find_client(&a.reference)?.id;
            // Opening a client's record is audited, in the app and here alike.
            let probono_app::session::ClientPage { client, matters } =
                probono_app::session::client_page(place.records_mut(), id)?;
            if a.json {
                return output::json(&serde_json::json!({ "client": client, "matters": matters }));
            }
            output::fields(&[
                ("name", Some(client.name.clone())),
                ("other names", Some(client.other_names.join("; "))),
                ("A-number", client.a_number.as_deref().map(format_a_number)),
                ("date of birth", client.date_of_birth.clone()),
                ("country", client.country.as_deref().map(geo::country_name)),
                ("languages", Some(client.languages.join(", "))),
                ("interpreter", Some(if client.interpreter_needed { "needed" } else { "not needed" }.into())),
                ("contact", client.contact.clone()),
                ("entry date", client.entry_date.clone()),
                ("notes", client.notes.clone()),
                ("id", Some(client.id.to_string())),
            ]);
            println!();
            output::table(
                &["case", "type", "opened", "closed", "relief"],
                matters
                    .into_iter()
                    .map(|m| {
                        vec![
                            m.case_ref,
                            m.case_type.label().into(),
                            m.opened,
                            opt(&m.closed),
                            m.relief_outcome.label().into(),
                        ]
                    })
                    .collect(),
            );
        }
        ClientCommand::Duplicates(flag) => {
            let pairs = probono_app::conflicts::duplicates(place.records())?;
            if flag.json {
                return output::json(&serde_json::json!({ "duplicates": pairs }));
            }
            if pairs.is_empty() {
                println!("No likely duplicate clients.");
                return Ok(());
            }
            output::table(
                &["score", "first recorded", "matters", "second", "matters", "why"],
                pairs
                    .into_iter()
                    .map(|d| {
                        vec![
                            format!("{:.2}", d.score),
                            d.first.name,
                            d.first.matters.join(", "),
                            d.second.name,
                            d.second.matters.join(", "),
                            d.reasons.join("; "),
                        ]
                    })
                    .collect(),
            );
        }
        ClientCommand::Merge(a) => {
            let plan = if a.dry_run {
                place.records().merge_preview(&a.keep, &a.drop)?
            } else {
                place.records_mut().merge_clients(&a.keep, &a.drop)?
            };
            if a.json {
                return output::json(&plan);
            }
            let verb = if a.dry_run { "Would merge" } else { "Merged" };
            println!("{verb} {} into {}.", plan.dropped.name, plan.kept.name);
            output::fields(&[
                ("matters moved", Some(plan.matters_moved.join(", ")).filter(|s| !s.is_empty())),
                ("fields filled", Some(plan.fields_filled.join(", ")).filter(|s| !s.is_empty())),
                ("names added", Some(plan.names_added.join("; ")).filter(|s| !s.is_empty())),
                ("languages added", Some(plan.languages_added.join(", ")).filter(|s| !s.is_empty())),
                ("notes", plan.notes_appended.then(|| "the other's notes are appended".to_owned())),
            ]);
        }
    }
    Ok(())
}

/// `cx`: the vault's command context (on a team server: none).
pub fn volunteer(place: &mut Place, cx: Option<&Context>, command: VolunteerCommand) -> Result<()> {
    let store = place.records_mut();
    match command {
        VolunteerCommand::Add(a) => {
            let v = store.create_volunteer(&VolunteerDraft {
                name: a.name,
                email: a.email,
                organization: a.organization,
                role: a.role,
                languages: a.languages,
                bar_number: a.bar_number,
                law_school_start: a.law_school_start,
                bar_admissions: a.bar_admissions,
            })?;
            if a.json {
                return output::json(&v);
            }
            println!("Added volunteer {}", v.id);
        }
        VolunteerCommand::List(a) => {
            let list = store.list_volunteers(a.search.as_deref())?;
            if a.json {
                return output::json(&list);
            }
            output::table(
                &["id", "name", "e-mail", "organization", "role"],
                list.into_iter()
                    .map(|v| vec![v.id.to_string(), v.name, opt(&v.email), opt(&v.organization), v.role.label().into()])
                    .collect(),
            );
        }
        VolunteerCommand::Show(a) => {
            let v = store.find_volunteer(&a.reference)?;
            let matters = store.matters_of_volunteer(&v.id.to_string())?;
            if a.json {
                return output::json(&serde_json::json!({ "volunteer": v, "matters": matters }));
            }
            output::fields(&[
                ("name", Some(v.name.clone())),
                ("e-mail", v.email.clone()),
                ("organization", v.organization.clone()),
                ("role", Some(v.role.label().into())),
                ("languages", Some(v.languages.join(", "))),
                ("bar number", v.bar_number.clone()),
                ("bar admissions", Some(v.bar_admissions.join("; "))),
                ("law school since", v.law_school_start.clone()),
                ("id", Some(v.id.to_string())),
            ]);
            println!();
            output::table(
                &["case", "client", "type", "opened"],
                matters
                    .into_iter()
                    .map(|m| vec![m.case_ref, m.client_name, m.case_type.label().into(), m.opened])
                    .collect(),
            );
        }
        VolunteerCommand::Assign(a) => assign(store, &a.volunteer, &a.matter, a.supervisor.as_deref())?,
        VolunteerCommand::Set(a) => {
            if a.law_school_start.is_none() && a.bar_admissions.is_none() {
                return Err(probono_core::Error::invalid(
                    "volunteer",
                    "say what to set: --law-school-start or --bar-admission",
                ));
            }
            let v = store.update_volunteer_service(
                &a.volunteer,
                a.law_school_start.as_deref(),
                a.bar_admissions.as_deref(),
            )?;
            if a.json {
                return output::json(&v);
            }
            println!("Saved {}.", v.name);
        }
        VolunteerCommand::ResetKey { volunteer } => {
            let what = "forgetting a volunteer's signing key";
            let session = place.vault(what)?;
            let cx = cx.ok_or_else(|| probono_core::Error::Internal(format!("{what} needs the vault's context")))?;
            let proof = cx.confirm(session, "forget a volunteer's signing key")?;
            if probono_app::hours::reset_volunteer_key(session, &proof, &volunteer)? {
                println!("Forgot the signing key; their next submission asks for its fingerprint to be confirmed.");
            } else {
                println!("No signing key was accepted for this volunteer yet.");
            }
        }
    }
    Ok(())
}

pub fn org(place: &Place, command: OrgCommand) -> Result<()> {
    let store = place.records();
    match command {
        OrgCommand::List(flag) => {
            let orgs = store.list_organizations()?;
            if flag.json {
                return output::json(&orgs);
            }
            output::table(
                &["organization", "volunteers:", "hours:"],
                orgs.into_iter().map(|o| vec![o.name, o.volunteers.to_string(), output::hours(o.minutes)]).collect(),
            );
        }
    }
    Ok(())
}

/// `volunteer assign` and `matter assign`: puts a volunteer on a matter, with the attorney who
/// supervises them there when one is named.
pub fn assign(
    store: &mut dyn probono_core::records::Records,
    volunteer: &str,
    matter: &str,
    supervisor: Option<&str>,
) -> Result<()> {
    match supervisor {
        Some(supervisor) => {
            store.set_supervisor(volunteer, matter, Some(supervisor))?;
            println!("Assigned, supervised by {}.", store.find_volunteer(supervisor)?.name);
        }
        None => {
            store.assign(volunteer, matter)?;
            println!("Assigned.");
        }
    }
    Ok(())
}
