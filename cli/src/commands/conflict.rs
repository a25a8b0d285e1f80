//! `probono conflict check`.

use probono_app::conflicts;
use probono_core::Result;
use probono_core::conflict::{Kind, Query};

use crate::args::{ConflictCheckArgs, ConflictCommand, ConflictRecordArgs};
use crate::output;
use crate::session::Place;

/// `open`: the vault or team server, opened once the input has been read and checked.
pub fn run(open: impl FnOnce() -> Result<Place>, command: ConflictCommand) -> Result<()> {
    match command {
        ConflictCommand::Check(a) => check(open, a),
        ConflictCommand::Record(a) => record(open, a),
    }
}

fn record(open: impl FnOnce() -> Result<Place>, a: ConflictRecordArgs) -> Result<()> {
    let mut place = open()?;
    let queries: Vec<Query> = a.names.iter().map(|n| Query { name: n.clone(), ..Default::default() }).collect();
    let results = conflicts::check(place.records(), &queries)?;
    let shown = results
        .iter()
        .flat_map(|r| &r.matches)
        .map(|m| probono_core::model::ShownMatch {
            kind: m.kind,
            id: m.id.clone(),
            name: m.name.clone(),
            score: m.score,
        })
        .collect();
    let recorded = conflicts::record(
        place.records_mut(),
        &probono_core::model::ConflictCheckDraft {
            matter: a.matter.clone(),
            checked_by: a.checked_by,
            searched: a.names,
            matches: shown,
            decision: a.decision,
            note: a.note,
        },
    )?;
    if a.json {
        return output::json(&serde_json::json!({ "check": recorded, "results": results }));
    }
    println!(
        "Recorded on {}: {} ({} searched, {} matches shown).",
        a.matter,
        recorded.decision.as_str(),
        recorded.searched.len(),
        recorded.matches.len()
    );
    Ok(())
}

fn check(open: impl FnOnce() -> Result<Place>, a: ConflictCheckArgs) -> Result<()> {
    // The input is read and checked before the vault is unlocked.
    let queries = match (&a.name, &a.names_file) {
        (Some(name), _) => {
            vec![Query { name: name.clone(), a_number: a.a_number.clone(), date_of_birth: a.dob.clone() }]
        }
        (None, Some(file)) => conflicts::names_from_file(file)?,
        (None, None) => unreachable!("clap requires --name or --names-file"),
    };
    let place = open()?;
    let results = conflicts::check(place.records(), &queries)?;
    if a.json {
        return output::json(&serde_json::json!({ "results": results }));
    }
    for (i, result) in results.iter().enumerate() {
        if results.len() > 1 {
            if i > 0 {
                println!();
            }
            println!("{}", result.query);
        }
        if result.matches.is_empty() {
            println!("No likely match among clients, parties and volunteers.");
            continue;
        }
        output::table(
            &["score", "who", "name", "matters", "why"],
            result
                .matches
                .iter()
                .map(|m| {
                    vec![
                        format!("{:.2}", m.score),
                        match m.kind {
                            Kind::Client => "client",
                            Kind::Party => "party",
                            Kind::Volunteer => "volunteer",
                        }
                        .to_owned(),
                        m.name.clone(),
                        m.matters.join(", "),
                        m.reasons.join("; "),
                    ]
                })
                .collect(),
        );
    }
    Ok(())
}
