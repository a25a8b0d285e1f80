//! Time entries read and deleted on a team server (logging them is `crate::time`: the
//! entry's id is made by the client so the outbox can resend it).

use postgres::{Client, Row};
use probono_core::model::TimeEntry;
use probono_core::store::TimeFilter;
use probono_core::validate;
use probono_core::{Error, Result};
use uuid::Uuid;

use super::Args;
use crate::error::PgResult;

const SELECT: &str = "SELECT t.id, t.volunteer_id, coalesce(v.name, ''), t.matter_id, coalesce(m.case_ref, ''),
        to_char(t.date, 'YYYY-MM-DD'), t.minutes, t.activity
    FROM time_entry t LEFT JOIN volunteer v ON v.id = t.volunteer_id LEFT JOIN matter m ON m.id = t.matter_id";

fn from_row(r: &Row) -> TimeEntry {
    TimeEntry {
        id: r.get(0),
        volunteer_id: r.get(1),
        volunteer_name: r.get(2),
        matter_id: r.get(3),
        case_ref: r.get(4),
        date: r.get(5),
        minutes: i64::from(r.get::<_, i32>(6)),
        activity: r.get(7),
    }
}

pub(super) fn list_of_matter(c: &mut Client, matter: Uuid) -> Result<Vec<TimeEntry>> {
    Ok(c.query(&format!("{SELECT} WHERE t.matter_id = $1 ORDER BY t.date DESC, t.id DESC"), &[&matter])
        .pg()?
        .iter()
        .map(from_row)
        .collect())
}

/// Entries, newest first.
pub(super) fn list(c: &mut Client, filter: &TimeFilter) -> Result<Vec<TimeEntry>> {
    let mut sql = format!("{SELECT} WHERE true");
    let mut args = Args::default();
    if let Some(v) = filter.volunteer.as_deref().filter(|s| !s.trim().is_empty()) {
        let id = super::people::resolve(c, v, "volunteer")?;
        sql.push_str(&format!(" AND t.volunteer_id = {}", args.push(id)));
    }
    if let Some(m) = filter.matter.as_deref().filter(|s| !s.trim().is_empty()) {
        let id = super::matters::resolve(c, m, "matter")?;
        sql.push_str(&format!(" AND t.matter_id = {}", args.push(id)));
    }
    if let Some(from) = filter.from.as_deref().filter(|s| !s.trim().is_empty()) {
        sql.push_str(&format!(" AND t.date >= {}::text::date", args.push(validate::date("from", from)?.to_string())));
    }
    if let Some(to) = filter.to.as_deref().filter(|s| !s.trim().is_empty()) {
        sql.push_str(&format!(" AND t.date <= {}::text::date", args.push(validate::date("to", to)?.to_string())));
    }
    sql.push_str(" ORDER BY t.date DESC, t.id DESC");
    if let Some(limit) = filter.limit {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    Ok(c.query(&sql, &args.refs()).pg()?.iter().map(from_row).collect())
}

/// Deletes an entry this member may delete (their own; staff: any). Staff also keep its id, so
/// an hour submission imported again does not bring it back.
pub(super) fn delete(c: &mut Client, id: Uuid) -> Result<()> {
    let mut tx = c.transaction().pg()?;
    if tx.execute("DELETE FROM time_entry WHERE id = $1", &[&id]).pg()? == 0 {
        return Err(Error::not_found(format!("time entry {id}")));
    }
    if tx.query_one("SELECT is_staff()", &[]).pg()?.get::<_, bool>(0) {
        tx.execute(
            "INSERT INTO deleted_time_entry (id, deleted_at)
             VALUES ($1, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) ON CONFLICT DO NOTHING",
            &[&id],
        )
        .pg()?;
    }
    tx.commit().pg()
}
