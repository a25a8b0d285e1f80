//! Hearings and deadlines (one calendar), and notes on a matter.

use rusqlite::{Connection, Transaction, params};

use super::{Stamp, Store, audit};
use crate::error::{Error, Result};
use crate::model::{Hearing, HearingDraft, HearingKind, Note};
use crate::validate;

const SELECT_HEARING: &str = "SELECT h.id, m.id, m.case_ref, h.at, h.kind, h.place, h.description
    FROM hearing h JOIN matter m ON m.seq = h.matter_seq";

fn hearing_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Hearing> {
    Ok(Hearing {
        id: r.get(0)?,
        matter_id: r.get(1)?,
        case_ref: r.get(2)?,
        at: r.get(3)?,
        kind: r.get(4)?,
        place: r.get(5)?,
        description: r.get(6)?,
    })
}

pub(crate) fn hearings_of_matter(conn: &Connection, matter_seq: i64) -> Result<Vec<Hearing>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_HEARING} WHERE h.matter_seq = ?1 ORDER BY h.at"))?;
    let rows = stmt.query_map([matter_seq], hearing_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn notes_of_matter(conn: &Connection, matter_seq: i64) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, m.id, n.author, n.body, n.created_at FROM note n JOIN matter m ON m.seq = n.matter_seq
         WHERE n.matter_seq = ?1 ORDER BY n.created_at, n.seq",
    )?;
    let rows = stmt.query_map([matter_seq], |r| {
        Ok(Note { id: r.get(0)?, matter_id: r.get(1)?, author: r.get(2)?, body: r.get(3)?, created_at: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A hearing or deadline that passed validation.
#[derive(Debug, Clone)]
pub(crate) struct ValidHearing {
    pub at: String,
    pub kind: HearingKind,
    pub place: Option<String>,
    pub description: Option<String>,
}

pub(crate) fn validate_hearing(
    at: &str,
    kind: &str,
    place: Option<&str>,
    description: Option<&str>,
) -> Result<ValidHearing> {
    Ok(ValidHearing {
        at: validate::date_time("at", at)?,
        kind: HearingKind::parse("kind", kind)?,
        place: place.map(|p| validate::line("place", p)).transpose()?.flatten(),
        description: description.map(|d| validate::text("description", d)).transpose()?.flatten(),
    })
}

/// Adds a hearing or deadline to a matter (the hearing table's one writer).
pub(crate) fn insert_hearing(tx: &Transaction<'_>, matter_seq: i64, h: &ValidHearing, stamp: &Stamp) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO hearing (id, matter_seq, at, kind, place, description, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![stamp.id, matter_seq, h.at, h.kind, h.place, h.description, stamp.created_at])?;
    Ok(())
}

/// A note that passed validation.
#[derive(Debug, Clone)]
pub(crate) struct ValidNote {
    pub author: Option<String>,
    pub body: String,
}

pub(crate) fn validate_note(body: &str, author: Option<&str>) -> Result<ValidNote> {
    Ok(ValidNote {
        body: validate::text("body", body)?.ok_or_else(|| Error::invalid("body", "is required"))?,
        author: author.map(|a| validate::line("author", a)).transpose()?.flatten(),
    })
}

/// Adds a note to a matter (the note table's one writer).
pub(crate) fn insert_note(tx: &Transaction<'_>, matter_seq: i64, n: &ValidNote, stamp: &Stamp) -> Result<()> {
    tx.prepare_cached("INSERT INTO note (id, matter_seq, author, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![stamp.id, matter_seq, n.author, n.body, stamp.created_at])?;
    Ok(())
}

impl Store {
    pub fn add_hearing(&mut self, draft: &HearingDraft) -> Result<Hearing> {
        let hearing = validate_hearing(&draft.at, &draft.kind, draft.place.as_deref(), draft.description.as_deref())?;
        let stamp = Stamp::new();
        let mseq = self.write(|tx| {
            let (mseq, _) = super::matters::resolve(tx, &draft.matter, "matter")?;
            insert_hearing(tx, mseq, &hearing, &stamp)?;
            audit(tx, "create", "hearing", Some(stamp.id), "")?;
            Ok(mseq)
        })?;
        let hearings = hearings_of_matter(self.conn(), mseq)?;
        hearings
            .into_iter()
            .find(|h| h.id == stamp.id)
            .ok_or_else(|| Error::Internal("the new hearing was not found".into()))
    }

    /// Hearings and deadlines from `from` (inclusive) to `to` (inclusive), soonest first;
    /// all when both are `None`.
    pub fn list_hearings(&self, matter: Option<&str>, from: Option<&str>, to: Option<&str>) -> Result<Vec<Hearing>> {
        let mut sql = format!("{SELECT_HEARING} WHERE 1=1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(m) = matter.filter(|m| !m.trim().is_empty()) {
            args.push(super::matters::resolve(self.conn(), m, "matter")?.0.into());
            sql.push_str(&format!(" AND h.matter_seq = ?{}", args.len()));
        }
        if let Some(from) = from.filter(|s| !s.trim().is_empty()) {
            args.push(validate::date("from", from)?.to_string().into());
            sql.push_str(&format!(" AND h.at >= ?{}", args.len()));
        }
        if let Some(to) = to.filter(|s| !s.trim().is_empty()) {
            // `at` may carry a time: compare against the end of that day.
            args.push(format!("{}T99", validate::date("to", to)?).into());
            sql.push_str(&format!(" AND h.at <= ?{}", args.len()));
        }
        sql.push_str(" ORDER BY h.at, h.seq");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), hearing_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_note(&mut self, matter: &str, body: &str, author: Option<&str>) -> Result<Note> {
        let note = validate_note(body, author)?;
        let stamp = Stamp::new();
        let matter_id = self.write(|tx| {
            let (mseq, mid) = super::matters::resolve(tx, matter, "matter")?;
            insert_note(tx, mseq, &note, &stamp)?;
            audit(tx, "create", "note", Some(stamp.id), "")?;
            Ok(mid)
        })?;
        Ok(Note { id: stamp.id, matter_id, author: note.author, body: note.body, created_at: stamp.created_at })
    }
}
