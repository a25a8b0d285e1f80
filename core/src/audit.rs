//! The audit log as a hash chain: each event carries a SHA-256 over the previous event's
//! hash and its own fields, so an event changed, removed or slipped in afterwards breaks
//! every link after it, and [`verify`] names the first broken one.
//!
//! This makes the log tamper-evident, not tamper-proof: anyone holding the vault's key can
//! rewrite the whole chain from the altered event on. What it does stop is the quiet edit of
//! one row (an `UPDATE` in a SQLite shell, a restored export with a doctored line), and the
//! store itself cannot update or delete an event (triggers in migration 0006 refuse it).

use rusqlite::{Connection, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::Result;

/// The hash before the first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// An event's link: SHA-256 over a fixed label, the previous link and each field
/// length-prefixed (so no two different events hash alike by moving text between fields).
pub fn link(prev: &[u8], at: &str, action: &str, entity: &str, entity_id: Option<Uuid>, detail: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"pro-bono-desk audit v1\0");
    h.update(prev);
    let id = entity_id.map(|u| u.as_bytes().to_vec()).unwrap_or_default();
    for field in [at.as_bytes(), action.as_bytes(), entity.as_bytes(), &id, detail.as_bytes()] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field);
    }
    h.finalize().into()
}

/// The newest event's link (the genesis value when the log is empty).
pub(crate) fn last_link(conn: &Connection) -> Result<Vec<u8>> {
    use rusqlite::OptionalExtension;
    let last: Option<Option<Vec<u8>>> = conn
        .prepare_cached("SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(last.flatten().unwrap_or_else(|| GENESIS.to_vec()))
}

/// An event as stored: seq, hash, at, action, entity, entity id, detail.
type StoredEvent = (i64, Option<Vec<u8>>, String, String, String, Option<Uuid>, String);

/// Links the events that have no hash yet, in order (the events of a vault made before the
/// chain existed, once, when it is upgraded).
pub(crate) fn chain_unlinked(tx: &Transaction<'_>) -> Result<usize> {
    let rows: Vec<StoredEvent> = {
        let mut stmt =
            tx.prepare("SELECT seq, hash, at, action, entity, entity_id, detail FROM audit_event ORDER BY seq")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut prev = GENESIS.to_vec();
    let mut linked = 0;
    for (seq, hash, at, action, entity, entity_id, detail) in rows {
        let next = match hash {
            Some(h) => h,
            None => {
                let h = link(&prev, &at, &action, &entity, entity_id, &detail).to_vec();
                tx.execute("UPDATE audit_event SET hash = ?2 WHERE seq = ?1", rusqlite::params![seq, h])?;
                linked += 1;
                h
            }
        };
        prev = next;
    }
    Ok(linked)
}

/// What [`verify`] found.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditChain {
    /// Events in the log.
    pub events: usize,
    /// The first event whose link does not follow from the events before it, if any.
    pub first_broken: Option<BrokenLink>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokenLink {
    /// 1 for the oldest event.
    pub position: usize,
    /// When the event says it happened.
    pub at: String,
    pub action: String,
    pub entity: String,
}

impl AuditChain {
    pub fn intact(&self) -> bool {
        self.first_broken.is_none()
    }

    /// One line for a person (no record contents: actions, kinds and times only).
    pub fn describe(&self) -> String {
        match &self.first_broken {
            None if self.events == 1 => "the audit log's one event is intact".to_owned(),
            None => format!("the audit log's {} events are intact", self.events),
            Some(b) => format!(
                "the audit log was altered: event {} of {} ({} {} at {}) does not follow from the events before it",
                b.position, self.events, b.action, b.entity, b.at
            ),
        }
    }
}

/// Walks the whole log from the oldest event, recomputing each link.
pub fn verify(conn: &Connection) -> Result<AuditChain> {
    let mut stmt = conn.prepare("SELECT hash, at, action, entity, entity_id, detail FROM audit_event ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_vec();
    let mut events = 0;
    let mut first_broken = None;
    while let Some(r) = rows.next()? {
        events += 1;
        let hash: Option<Vec<u8>> = r.get(0)?;
        let (at, action, entity): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        let expected = link(&prev, &at, &action, &entity, r.get(4)?, &r.get::<_, String>(5)?).to_vec();
        if first_broken.is_none() && hash.as_deref() != Some(expected.as_slice()) {
            first_broken = Some(BrokenLink { position: events, at, action, entity });
        }
        // Go on from what is stored, so only the first break is reported, not every event after.
        prev = hash.unwrap_or(expected);
    }
    Ok(AuditChain { events, first_broken })
}
