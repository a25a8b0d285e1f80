//! Time entries: who worked on which matter, when, for how long (whole minutes).

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Stamp, Store, audit, new_id, now};
use crate::error::{Error, Result};
use crate::model::{TimeEntry, TimeEntryDraft};
use crate::validate;

/// A time entry to insert, by integer keys.
pub(crate) struct NewEntry<'a> {
    pub volunteer_seq: i64,
    pub matter_seq: i64,
    pub date: &'a str,
    pub minutes: u32,
    pub activity: &'a str,
}

/// Writes time entries within one transaction (the time_entry table's one writer, with
/// [`update_minutes`] and [`delete`]): numbers each within its matter, stamps them all with
/// one time, and puts each volunteer on the matter once.
pub(crate) struct TimeWriter<'c> {
    conn: &'c Connection,
    at: String,
    next_seq: HashMap<i64, i64>,
    assigned: HashSet<(i64, i64)>,
}

impl<'c> TimeWriter<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        TimeWriter { conn, at: now(), next_seq: HashMap::new(), assigned: HashSet::new() }
    }

    pub fn stamp(&self) -> &str {
        &self.at
    }

    /// Tells the writer the last number already used in a matter (saves it a query).
    pub fn start_matter(&mut self, matter_seq: i64, last_seq: i64) {
        self.next_seq.insert(matter_seq, last_seq);
    }

    /// Adds an entry, stamped with the writer's time.
    pub fn insert(&mut self, id: Uuid, e: &NewEntry<'_>) -> Result<()> {
        let at = self.at.clone();
        self.insert_stamped(id, e, &at)
    }

    /// Adds an entry last changed at `updated_at` (entries from another computer or an export
    /// keep theirs).
    pub fn insert_stamped(&mut self, id: Uuid, e: &NewEntry<'_>, updated_at: &str) -> Result<()> {
        let seq = match self.next_seq.get_mut(&e.matter_seq) {
            Some(next) => next,
            None => {
                let last: i64 = self
                    .conn
                    .prepare_cached("SELECT coalesce(max(seq), 0) FROM time_entry WHERE matter_seq = ?1")?
                    .query_row([e.matter_seq], |r| r.get(0))?;
                self.next_seq.entry(e.matter_seq).or_insert(last)
            }
        };
        *seq += 1;
        self.conn
            .prepare_cached(
                "INSERT INTO time_entry (matter_seq, seq, id, volunteer_seq, date, minutes, activity, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![e.matter_seq, *seq, id, e.volunteer_seq, e.date, e.minutes, e.activity, updated_at])?;
        if self.assigned.insert((e.volunteer_seq, e.matter_seq)) {
            let stamp = Stamp { created_at: self.at.clone(), updated_at: self.at.clone(), ..Stamp::new() };
            super::volunteers::assign(self.conn, e.volunteer_seq, e.matter_seq, e.date, &stamp)?;
        }
        Ok(())
    }
}

/// Changes the minutes of an entry (a re-imported spreadsheet row with other hours).
pub(crate) fn update_minutes(conn: &Connection, id: Uuid, minutes: u32, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE time_entry SET minutes = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, minutes, at])?;
    Ok(())
}

/// Deletes an entry a person removed, and keeps its id as deleted (so no hour submission
/// brings it back); false when there was none with this id.
pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    if !remove_for_update(conn, id)? {
        return Ok(false);
    }
    insert_deleted(conn, id, &now())?;
    Ok(true)
}

/// Removes an entry about to be written again in a newer version (same id); not a deletion.
pub(crate) fn remove_for_update(conn: &Connection, id: Uuid) -> Result<bool> {
    Ok(conn.prepare_cached("DELETE FROM time_entry WHERE id = ?1")?.execute([id])? > 0)
}

/// Records that the entry `id` was deleted here at `at` (the deleted_time_entry table's one
/// writer, also for a JSON export brought back).
pub(crate) fn insert_deleted(conn: &Connection, id: Uuid, at: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO deleted_time_entry (id, deleted_at) VALUES (?1, ?2)")?
        .execute(params![id, at])?;
    Ok(())
}

/// Whether the entry `id` was deleted here.
pub(crate) fn was_deleted(conn: &Connection, id: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM deleted_time_entry WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))?)
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
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE t.matter_seq = ?1 ORDER BY t.date, t.seq"))?;
    let rows = stmt.query_map([matter_seq], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which entries to list; every field narrows the list.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", ts(optional_fields))]
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
            let id = new_id();
            let date = date.to_string();
            let entry = NewEntry {
                volunteer_seq: vseq,
                matter_seq: mseq,
                date: &date,
                minutes,
                activity: activity.as_deref().unwrap_or(""),
            };
            TimeWriter::new(tx).insert(id, &entry)?;
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
            if !delete(tx, id)? {
                return Err(Error::not_found(format!("time entry {id}")));
            }
            audit(tx, "delete", "time_entry", Some(id), "")
        })
    }

    /// Entries, newest first.
    pub fn list_time(&self, filter: &TimeFilter) -> Result<Vec<TimeEntry>> {
        list(self.conn(), filter)
    }
}

/// Entries, newest first (what `Store::list_time` returns), over any connection.
pub fn list(conn: &Connection, filter: &TimeFilter) -> Result<Vec<TimeEntry>> {
    let mut sql = format!("{SELECT} WHERE 1=1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(v) = filter.volunteer.as_deref().filter(|s| !s.trim().is_empty()) {
        args.push(super::volunteers::resolve(conn, v, "volunteer")?.0.into());
        sql.push_str(&format!(" AND t.volunteer_seq = ?{}", args.len()));
    }
    if let Some(m) = filter.matter.as_deref().filter(|s| !s.trim().is_empty()) {
        args.push(super::matters::resolve(conn, m, "matter")?.0.into());
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
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Problems with the typed parts of a time entry (date, hours, activity), for the quick entry
/// form; the volunteer and matter are checked on save.
pub fn check(draft: &TimeEntryDraft) -> Vec<crate::PublicError> {
    let mut problems = Vec::new();
    if let Err(e) = validate::date("date", &draft.date) {
        problems.push(e.to_public());
    }
    if let Err(e) = validate::hours("hours", &draft.hours) {
        problems.push(e.to_public());
    }
    if let Some(Err(e)) = draft.activity.as_deref().map(|a| validate::text("activity", a)) {
        problems.push(e.to_public());
    }
    problems
}
