//! Team mode's outbox: time logged while the team server cannot be reached is kept on this
//! computer and sent when the server is back (docs/team-mode.md, "Working offline").
//!
//! The outbox is a small vault of its own per server and login (encrypted like every vault,
//! sealed with the member's server password), under the platform data folder. Each entry
//! keeps the id it will have on the server; the server stores an id once (`ON CONFLICT DO
//! NOTHING`), so an entry sent again after an answer was lost is not stored twice, and an
//! entry leaves the outbox only after the server has it.

use std::path::PathBuf;

use probono_core::model::TimeEntryDraft;
use probono_core::{Error, Passphrase, Result};
use probono_team::{ServerUrl, Team};
use uuid::Uuid;

use crate::location::{Locations, holds_vault};
use crate::secret::Secret;
use crate::session::{self, Session};

/// Where the outbox of `server` (LOGIN@HOST:PORT/DATABASE) is kept.
pub fn folder(locations: &Locations, server: &str) -> PathBuf {
    locations.team_outbox(server)
}

fn open_or_create(dir: &std::path::Path, password: &str) -> Result<Session> {
    let pass = Passphrase::new(password);
    if holds_vault(dir) {
        return session::open(dir, &Secret::Passphrase(pass)).map_err(|e| match e {
            Error::WrongPassphrase => Error::invalid(
                "password",
                "the outbox on this computer was sealed with your earlier server password; connect once with that password (PROBONO_PASSWORD) to send it",
            ),
            other => other,
        });
    }
    session::create(dir, &pass, None).map(|c| c.session).map_err(|e| match e {
        Error::Invalid { .. } => Error::invalid(
            "password",
            "your server password is too short to seal the outbox on this computer (10 characters or more)",
        ),
        other => other,
    })
}

/// Keeps the entry `id` for later; returns how many are waiting.
pub fn queue(
    locations: &Locations,
    url: &ServerUrl,
    password: &str,
    id: Uuid,
    draft: &TimeEntryDraft,
) -> Result<usize> {
    // What can be checked without the server is checked now, so a bad entry is refused at
    // once instead of at sending.
    probono_team::time::check(draft, session::today())?;
    let dir = folder(locations, url.shown());
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("making the outbox folder", e))?;
    }
    let mut outbox = open_or_create(&dir, password)?;
    let payload = serde_json::to_string(draft).map_err(|e| Error::Internal(format!("outbox: {e}")))?;
    outbox.store_mut().outbox_queue(id, url.shown(), &payload)?;
    let waiting = outbox.store().outbox_pending(url.shown())?.len();
    outbox.lock();
    Ok(waiting)
}

/// After the member's server password changed from `old` to `new`: the outbox on this
/// computer is sealed with the new one too (so what waits in it can still be sent).
pub fn reseal(locations: &Locations, url: &ServerUrl, old: &str, new: &str) -> Result<()> {
    let dir = folder(locations, url.shown());
    if !holds_vault(&dir) {
        return Ok(());
    }
    let mut outbox = open_or_create(&dir, old)?;
    let proof = outbox.confirm(&Secret::Passphrase(Passphrase::new(old)))?;
    outbox.change_passphrase(&proof, &Passphrase::new(new))?;
    outbox.lock();
    Ok(())
}

/// What a send did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    pub sent: usize,
    /// Entries the server refused (e.g. the member is no longer on that matter): kept, with why.
    pub refused: Vec<String>,
    pub waiting: usize,
}

/// Sends what waits in this member's outbox for the server `team` is connected to.
pub fn send(locations: &Locations, team: &mut Team, password: &str) -> Result<Sent> {
    let server = team.url().shown().to_owned();
    let dir = folder(locations, &server);
    if !holds_vault(&dir) {
        return Ok(Sent::default());
    }
    let mut outbox = open_or_create(&dir, password)?;
    let mut result = Sent::default();
    for (id, payload) in outbox.store().outbox_pending(&server)? {
        let draft: TimeEntryDraft =
            serde_json::from_str(&payload).map_err(|_| Error::Internal("an outbox entry cannot be read".into()))?;
        match team.log_time(id, &draft, session::today()) {
            Ok(_) => {
                outbox.store_mut().outbox_remove(id)?;
                result.sent += 1;
            }
            Err(e @ (Error::ServerUnreachable(_) | Error::ServerLogin | Error::ServerSecurity(_))) => {
                outbox.lock();
                return Err(e);
            }
            Err(e) => result
                .refused
                .push(format!("entry {id} ({} hours on {}, {}): {e}", draft.hours, draft.matter, draft.date)),
        }
    }
    result.waiting = outbox.store().outbox_pending(&server)?.len();
    outbox.lock();
    Ok(result)
}

/// How many entries wait for `server` (0 without an outbox).
pub fn waiting(locations: &Locations, url: &ServerUrl, password: &str) -> Result<usize> {
    let dir = folder(locations, url.shown());
    if !holds_vault(&dir) {
        return Ok(0);
    }
    let outbox = open_or_create(&dir, password)?;
    let n = outbox.store().outbox_pending(url.shown())?.len();
    outbox.lock();
    Ok(n)
}
