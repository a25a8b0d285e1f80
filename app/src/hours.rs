//! Hours from other computers: the program's key, a volunteer's signed and encrypted
//! submission of their time, and the coordinator's import of it.

use std::path::Path;

use probono_core::reports::Period;
use probono_core::submission::{SubmissionOptions, SubmissionOutcome};
use probono_core::task::TaskContext;
use probono_core::{Error, Result};
use serde::Serialize;

use crate::session::Session;

/// The program's public key (`age1…`), made on first use.
pub fn program_key(session: &mut Session) -> Result<String> {
    session.store_mut().program_key()
}

/// What a submission wrote.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Submitted {
    pub path: String,
    /// This computer's signing-key fingerprint, for the coordinator to confirm.
    pub fingerprint: String,
}

/// The volunteer submitting: the one named, else the only volunteer in this vault.
pub fn submitting_volunteer(session: &Session, named: Option<&str>) -> Result<String> {
    if let Some(v) = named.map(str::trim).filter(|v| !v.is_empty()) {
        return Ok(v.to_owned());
    }
    match session.records().list_volunteers(None)?.as_slice() {
        [one] => Ok(one.id.to_string()),
        [] => Err(Error::invalid("volunteer", "this vault has no volunteer yet: add yourself as one first")),
        _ => Err(Error::invalid("volunteer", "this vault has several volunteers: say which one you are")),
    }
}

/// A program key given as the key itself or as a file holding it.
pub fn program_key_text(given: &str) -> Result<String> {
    let path = Path::new(given.trim());
    if given.trim().starts_with("age1") || !path.is_file() {
        return Ok(given.trim().to_owned());
    }
    std::fs::read_to_string(path).map(|t| t.trim().to_owned()).map_err(|e| Error::io("reading the program key file", e))
}

/// Writes the volunteer's hours in `period`, signed and encrypted to `program_key`, to `out`.
pub fn submit_hours(
    session: &mut Session,
    volunteer: Option<&str>,
    period: Period,
    program_key: &str,
    out: &Path,
) -> Result<Submitted> {
    let me = submitting_volunteer(session, volunteer)?;
    let key = program_key_text(program_key)?;
    let bytes = session.store_mut().submit_hours(&me, period, &key)?;
    probono_core::fsutil::write_atomically(out, &bytes)
        .map_err(|e| Error::io(format!("writing {}", out.display()), e))?;
    Ok(Submitted { path: out.display().to_string(), fingerprint: session.store_mut().signing_fingerprint()? })
}

/// Imports a submission file: the entries, or what the coordinator must answer first (the
/// volunteer's key fingerprint, unknown case references). Nothing is written until then.
pub fn import_submission(
    session: &mut Session,
    file: &Path,
    options: &SubmissionOptions,
    task: &TaskContext,
) -> Result<SubmissionOutcome> {
    let bytes = crate::safety::read_input("path", file)?;
    session.store_mut().import_submission(&bytes, options, task)
}

/// Forgets the signing key accepted for a volunteer: their next submission asks for its
/// fingerprint again. Returns whether a key was on record. A sensitive action (whoever can
/// do it can have a key of their own accepted as the volunteer's): it takes a confirmation.
pub fn reset_volunteer_key(session: &mut Session, proof: &crate::session::Confirmed, volunteer: &str) -> Result<bool> {
    session.check_confirmed(proof)?;
    session.store_mut().reset_volunteer_key(volunteer)
}

/// This vault's own signing-key fingerprint.
pub fn signing_fingerprint(session: &mut Session) -> Result<String> {
    session.store_mut().signing_fingerprint()
}
