//! Hours from other computers: `program-key`, `submit-hours`, `import submission`.

use std::path::Path;

use probono_app::hours;
use probono_app::reports::PeriodChoice;
use probono_core::submission::{SubmissionOptions, SubmissionOutcome};
use probono_core::{Error, Result};

use crate::args::{ImportSubmissionArgs, SubmitHoursArgs};
use crate::session::Context;

pub fn program_key(cx: &Context, out: Option<&Path>) -> Result<()> {
    let mut session = cx.unlock()?;
    let key = hours::program_key(&mut session)?;
    if let Some(path) = out {
        probono_core::fsutil::write_atomically(path, format!("{key}\n").as_bytes())
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    }
    println!("{key}");
    eprintln!("Give this program key to volunteers; only this vault can read what is encrypted to it.");
    Ok(())
}

pub fn submit(cx: &Context, args: &SubmitHoursArgs) -> Result<()> {
    let period = PeriodChoice { year: None, from: Some(args.from.clone()), to: Some(args.to.clone()) }.period()?;
    let mut session = cx.unlock()?;
    let submitted = hours::submit_hours(&mut session, args.volunteer.as_deref(), period, &args.program_key, &args.out)
        .map_err(|e| match e.field() {
            Some("volunteer") => Error::invalid("volunteer", format!("{} (with --volunteer)", e.message())),
            _ => e,
        })?;
    println!("Wrote {} (encrypted to the program key, signed with your key).", submitted.path);
    println!("Your key fingerprint, for the coordinator to confirm the first time: {}", submitted.fingerprint);
    Ok(())
}

pub fn import(cx: &Context, args: &ImportSubmissionArgs) -> Result<()> {
    let mut map = Vec::new();
    for m in &args.map {
        let (from, to) = m
            .split_once('=')
            .ok_or_else(|| Error::invalid("map", "must be SUBMITTED=OURS, e.g. --map OLD-12=JC-2026-0012"))?;
        map.push((from.trim().to_owned(), to.trim().to_owned()));
    }
    let options = SubmissionOptions { accept_fingerprint: args.accept_key.clone(), map };
    let mut session = cx.unlock()?;
    let (task, bar) = crate::output::progress_task("import: {msg} [{bar:20}]");
    let outcome = hours::import_submission(&mut session, &args.file, &options, &task);
    bar.finish_and_clear();
    match outcome? {
        SubmissionOutcome::Imported { summary } => {
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
            if summary.deleted_here > 0 {
                println!(
                    "{} {} deleted in this vault since; not brought back.",
                    summary.deleted_here,
                    if summary.deleted_here == 1 { "entry was" } else { "entries were" }
                );
            }
            Ok(())
        }
        SubmissionOutcome::ConfirmKey { volunteer, fingerprint } => Err(Error::invalid(
            "accept_key",
            format!(
                "first submission from {volunteer}: confirm the key fingerprint {fingerprint} with them by phone or in person, then import again with --accept-key FINGERPRINT; nothing was imported"
            ),
        )),
        SubmissionOutcome::MapCaseRefs { unknown_case_refs, .. } => Err(Error::invalid(
            "case_ref",
            format!(
                "the submission has time on matters this vault does not have: {}. Map each to a matter here with --map SUBMITTED=OURS; nothing was imported",
                unknown_case_refs.join(", ")
            ),
        )),
    }
}
