//! Time entries: who worked on which matter, when, for how long (whole minutes).

use rusqlite::{Connection, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Store, audit, new_id, now};
use crate::error::{Error, Result};
use crate::model::{TimeEntry, TimeEntryDraft};
use crate::validate;

/// Inserts one entry and puts the volunteer on the matter if they were not yet.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    volunteer_seq: i64,
    matter_seq: i64,
    date: &str,
    minutes: u32,
    activity: &str,
) -> Result<Uuid> {
    let id = new_id();
    insert_with_id(tx, id, volunteer_seq, matter_seq, date, minutes, activity)?;
    Ok(id)
}

pub(crate) fn insert_with_id(
    tx: &Transaction<'_>,
    id: Uuid,
    volunteer_seq: i64,
    matter_seq: i64,
    date: &str,
    minutes: u32,
    activity: &str,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO time_entry (id, volunteer_seq, matter_seq, date, minutes, activity, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    stmt.execute(params![id, volunteer_seq, matter_seq, date, minutes, activity, now()])?;
    let mut assign = tx.prepare_cached(
        "INSERT OR IGNORE INTO assignment (id, volunteer_seq, matter_seq, since, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    assign.execute(params![new_id(), volunteer_seq, matter_seq, date, now()])?;
    Ok(())
}

const SELECT: &str = "SELECT t.id, v.id, v.name, m.id, m.case_ref, t.date, t.minutes, t.activity
    FROM time_entry t JOIN volunteer v ON v.seq = t.volunteer_seq JOIN matter m ON m.seq = t.matter_seq";

fn from_row(r: &Row<'_>) -> rusqlite::Result<TimeEntry> {
    Ok(TimeEntry {
        id: r.get(0)?,
        volunteer_id: r.get(1)?,
        volunteer_name: r.get(2)?,
        matter_id: r.get(3)?,
        case_ref: r.get(4)?,
        date: r.get(5)?,
        minutes: r.get(6)?,
        activity: r.get(7)?,
    })
}

pub(crate) fn entries_of_matter(conn: &Connection, matter_seq: i64) -> Result<Vec<TimeEntry>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE t.matter_seq = ?1 ORDER BY t.date, t.id"))?;
    let rows = stmt.query_map([matter_seq], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which entries to list; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeFilter {
    pub volunteer: Option<String>,
    pub matter: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Newest first, at most this many (all when `None`).
    pub limit: Option<usize>,
}

impl Store {
    /// Logs time: the volunteer (id, e-mail or name) worked `hours` on the matter (case
    /// reference or id) on `date`.
    pub fn log_time(&mut self, draft: &TimeEntryDraft) -> Result<TimeEntry> {
        let date = validate::date("date", &draft.date)?;
        let tomorrow = super::today().tomorrow().map_err(|e| Error::Internal(e.to_string()))?;
        if date > tomorrow {
            return Err(Error::invalid("date", "must not be in the future"));
        }
        let minutes = validate::hours("hours", &draft.hours)?;
        let activity = draft.activity.as_deref().map(|a| validate::text("activity", a)).transpose()?.flatten();
        let id = self.write(|tx| {
            let (vseq, _) = super::volunteers::resolve(tx, &draft.volunteer, "volunteer")?;
            let (mseq, _) = super::matters::resolve(tx, &draft.matter, "matter")?;
            let id = insert(tx, vseq, mseq, &date.to_string(), minutes, activity.as_deref().unwrap_or(""))?;
            audit(tx, "create", "time_entry", Some(id), "")?;
            Ok(id)
        })?;
        self.time_entry(id)
    }

    pub fn time_entry(&self, id: Uuid) -> Result<TimeEntry> {
        use rusqlite::OptionalExtension;
        self.conn()
            .query_row(&format!("{SELECT} WHERE t.id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(format!("time entry {id}")))
    }

    pub fn delete_time_entry(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx| {
            if tx.execute("DELETE FROM time_entry WHERE id = ?1", [id])? == 0 {
                return Err(Error::not_found(format!("time entry {id}")));
            }
            audit(tx, "delete", "time_entry", Some(id), "")
        })
    }

    /// Entries, newest first.
    pub fn list_time(&self, filter: &TimeFilter) -> Result<Vec<TimeEntry>> {
        let mut sql = format!("{SELECT} WHERE 1=1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(v) = filter.volunteer.as_deref().filter(|s| !s.trim().is_empty()) {
            args.push(super::volunteers::resolve(self.conn(), v, "volunteer")?.0.into());
            sql.push_str(&format!(" AND t.volunteer_seq = ?{}", args.len()));
        }
        if let Some(m) = filter.matter.as_deref().filter(|s| !s.trim().is_empty()) {
            args.push(super::matters::resolve(self.conn(), m, "matter")?.0.into());
            sql.push_str(&format!(" AND t.matter_seq = ?{}", args.len()));
        }
        if let Some(from) = filter.from.as_deref().filter(|s| !s.trim().is_empty()) {
            args.push(validate::date("from", from)?.to_string().into());
            sql.push_str(&format!(" AND t.date >= ?{}", args.len()));
        }
        if let Some(to) = filter.to.as_deref().filter(|s| !s.trim().is_empty()) {
            args.push(validate::date("to", to)?.to_string().into());
            sql.push_str(&format!(" AND t.date <= ?{}", args.len()));
        }
        sql.push_str(" ORDER BY t.date DESC, t.id DESC");
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
