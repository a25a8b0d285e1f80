//! Hours from other computers: `program-key`, `submit-hours`, `import submission`.

use std::path::Path;

use probono_core::reports::Period;
use probono_core::submission::SubmissionOptions;
use probono_core::{Error, Result};

use crate::args::{ImportSubmissionArgs, SubmitHoursArgs};
use crate::session::Session;

pub fn program_key(session: &Session, out: Option<&Path>) -> Result<()> {
    let mut store = session.unlock()?;
    let key = store.program_key()?;
    if let Some(path) = out {
        probono_core::fsutil::write_atomically(path, format!("{key}\n").as_bytes())
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    }
    println!("{key}");
    eprintln!("Give this program key to volunteers; only this vault can read what is encrypted to it.");
    Ok(())
}

pub fn submit(session: &Session, args: &SubmitHoursArgs) -> Result<()> {
    let mut store = session.unlock()?;
    let period = Period::between(&args.from, &args.to)?;
    let key = if Path::new(&args.program_key).is_file() {
        std::fs::read_to_string(&args.program_key).map_err(|e| Error::io("reading the program key file", e))?
    } else {
        args.program_key.clone()
    };
    let me = match &args.volunteer {
        Some(v) => v.clone(),
        None => {
            let all = store.list_volunteers(None)?;
            match all.as_slice() {
                [one] => one.id.to_string(),
                [] => {
                    return Err(Error::invalid(
                        "volunteer",
                        "this vault has no volunteer: add yourself with `probono volunteer add`",
                    ));
                }
                _ => {
                    return Err(Error::invalid(
                        "volunteer",
                        "this vault has several volunteers: say which one you are with --volunteer",
                    ));
                }
            }
        }
    };
    let bytes = store.submit_hours(&me, period, &key)?;
    probono_core::fsutil::write_atomically(&args.out, &bytes)
        .map_err(|e| Error::io(format!("writing {}", args.out.display()), e))?;
    println!("Wrote {} (encrypted to the program key, signed with your key).", args.out.display());
    println!("Your key fingerprint, for the coordinator to confirm the first time: {}", store.signing_fingerprint()?);
    Ok(())
}

pub fn import(session: &Session, args: &ImportSubmissionArgs) -> Result<()> {
    let mut store = session.unlock()?;
    let mut map = Vec::new();
    for m in &args.map {
        let (from, to) = m
            .split_once('=')
            .ok_or_else(|| Error::invalid("map", "must be SUBMITTED=OURS, e.g. --map OLD-12=JC-2026-0012"))?;
        map.push((from.trim().to_owned(), to.trim().to_owned()));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| Error::io(format!("reading {}", args.file.display()), e))?;
    let summary = store
        .import_submission(&bytes, &SubmissionOptions { accept_fingerprint: args.accept_key.clone(), map })
        .map_err(|e| match e.field() {
            Some("accept_key") => {
                Error::invalid("accept_key", format!("{} (with --accept-key FINGERPRINT)", e.message()))
            }
            Some("program_key") => Error::invalid("program_key", format!("{} (probono program-key)", e.message())),
            _ => e,
        })?;
    if !summary.imported() {
        return Err(Error::invalid(
            "case_ref",
            format!(
                "the submission has time on matters this vault does not have: {}. Map each to a matter here with --map SUBMITTED=OURS; nothing was imported",
                summary.unknown_case_refs.join(", ")
            ),
        ));
    }
    if summary.key_accepted {
        println!("Accepted the signing key {} for {}.", summary.fingerprint, summary.volunteer);
    }
    if summary.volunteer_created {
        println!("Added {} as a new volunteer.", summary.volunteer);
    }
    println!(
        "Hours from {}: {} created, {} updated, {} unchanged.",
        summary.volunteer, summary.created, summary.updated, summary.unchanged
    );
    Ok(())
}
