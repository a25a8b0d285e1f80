//! Hearings and deadlines (one calendar), and notes on a matter.

use rusqlite::{Connection, Transaction, params};

use super::{Stamp, Store, audit};
use crate::error::{Error, Result};
use crate::model::{Hearing, HearingDraft, HearingKind, Note};
use crate::validate;

const SELECT_HEARING: &str = "SELECT h.id, m.id, m.case_ref, h.at, h.kind, h.place, h.description,
        h.time_zone, h.rule, h.counted_from, h.done_at
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
        time_zone: r.get(7)?,
        rule: r.get(8)?,
        counted_from: r.get(9)?,
        done_at: r.get(10)?,
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
pub struct ValidHearing {
    pub at: String,
    pub kind: HearingKind,
    pub place: Option<String>,
    pub description: Option<String>,
    pub time_zone: Option<String>,
    /// A deadline confirmed from a suggestion: its rule and the date it was counted from.
    pub rule: Option<String>,
    pub counted_from: Option<String>,
}

pub fn validate_hearing(
    at: &str,
    kind: &str,
    place: Option<&str>,
    description: Option<&str>,
    time_zone: Option<&str>,
) -> Result<ValidHearing> {
    Ok(ValidHearing {
        at: validate::date_time("at", at)?,
        kind: HearingKind::parse("kind", kind)?,
        place: place.map(|p| validate::line("place", p)).transpose()?.flatten(),
        description: description.map(|d| validate::text("description", d)).transpose()?.flatten(),
        time_zone: time_zone.map(|z| validate::time_zone("time_zone", z)).transpose()?.flatten(),
        rule: None,
        counted_from: None,
    })
}

/// Adds a hearing or deadline to a matter (the hearing table's one writer).
/// Returns the new row's integer key.
pub(crate) fn insert_hearing(tx: &Transaction<'_>, matter_seq: i64, h: &ValidHearing, stamp: &Stamp) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO hearing (id, matter_seq, at, kind, place, description, created_at, time_zone, rule, counted_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        stamp.id,
        matter_seq,
        h.at,
        h.kind,
        h.place,
        h.description,
        stamp.created_at,
        h.time_zone,
        h.rule,
        h.counted_from
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Moves a confirmed deadline to a new date, counted from a new date (the date it counts
/// from changed and a person confirmed it again).
pub(crate) fn move_deadline(tx: &Transaction<'_>, seq: i64, at: &str, counted_from: &str) -> Result<()> {
    tx.execute("UPDATE hearing SET at = ?2, counted_from = ?3 WHERE seq = ?1", params![seq, at, counted_from])?;
    Ok(())
}

/// Marks a deadline done at `done_at`, or not done (`None`).
pub(crate) fn mark_done(tx: &Transaction<'_>, seq: i64, done_at: Option<&str>) -> Result<()> {
    tx.execute("UPDATE hearing SET done_at = ?2 WHERE seq = ?1", params![seq, done_at])?;
    Ok(())
}

/// A note that passed validation.
#[derive(Debug, Clone)]
pub struct ValidNote {
    pub author: Option<String>,
    pub body: String,
}

pub fn validate_note(body: &str, author: Option<&str>) -> Result<ValidNote> {
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
        let hearing = validate_hearing(
            &draft.at,
            &draft.kind,
            draft.place.as_deref(),
            draft.description.as_deref(),
            draft.time_zone.as_deref(),
        )?;
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
    pub fn list_hearings(&self, query: crate::records::HearingQuery<'_>) -> Result<Vec<Hearing>> {
        let mut sql = format!("{SELECT_HEARING} WHERE 1=1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(m) = query.matter.filter(|m| !m.trim().is_empty()) {
            args.push(super::matters::resolve(self.conn(), m, "matter")?.0.into());
            sql.push_str(&format!(" AND h.matter_seq = ?{}", args.len()));
        }
        if let Some(from) = query.from.filter(|s| !s.trim().is_empty()) {
            args.push(validate::date("from", from)?.to_string().into());
            sql.push_str(&format!(" AND h.at >= ?{}", args.len()));
        }
        if let Some(to) = query.to.filter(|s| !s.trim().is_empty()) {
            // `at` may carry a time: compare against the end of that day.
            args.push(format!("{}T99", validate::date("to", to)?).into());
            sql.push_str(&format!(" AND h.at <= ?{}", args.len()));
        }
        if let Some(v) = query.volunteer.filter(|v| !v.trim().is_empty()) {
            args.push(super::volunteers::resolve(self.conn(), v, "volunteer")?.0.into());
            sql.push_str(&format!(
                " AND h.matter_seq IN (SELECT matter_seq FROM assignment WHERE volunteer_seq = ?{})",
                args.len()
            ));
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
