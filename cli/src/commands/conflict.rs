//! `probono conflict check`.

use probono_app::conflicts;
use probono_core::Result;
use probono_core::conflict::{Kind, Query};

use crate::args::{ConflictCheckArgs, ConflictCommand};
use crate::output;
use crate::session::Context;

pub fn run(cx: &Context, command: ConflictCommand) -> Result<()> {
    match command {
        ConflictCommand::Check(a) => check(cx, a),
    }
}

fn check(cx: &Context, a: ConflictCheckArgs) -> Result<()> {
    // The input is read and checked before the vault is unlocked.
    let queries = match (&a.name, &a.names_file) {
        (Some(name), _) => {
            vec![Query { name: name.clone(), a_number: a.a_number.clone(), date_of_birth: a.dob.clone() }]
        }
        (None, Some(file)) => conflicts::names_from_file(file)?,
        (None, None) => unreachable!("clap requires --name or --names-file"),
    };
    let session = cx.unlock()?;
    let results = conflicts::check(&session, &queries)?;
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
