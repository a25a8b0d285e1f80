//! Time entries on a team server. The entry's id is made by the client, so sending the same
//! entry twice (an outbox resent after a lost answer) stores it once.

use postgres::{Client, GenericClient};
use probono_core::model::{TimeEntry, TimeEntryDraft};
use probono_core::{Error, Result, validate};
use uuid::Uuid;

use crate::error::PgResult;

/// Checks the typed parts of a draft the way the vault does; returns (date, minutes, activity).
pub fn check(draft: &TimeEntryDraft, today: jiff::civil::Date) -> Result<(String, i32, String)> {
    let date = validate::date("date", &draft.date)?;
    let tomorrow = today.tomorrow().map_err(|e| Error::Internal(e.to_string()))?;
    if date > tomorrow {
        return Err(Error::invalid("date", "must not be in the future"));
    }
    let minutes = validate::hours("hours", &draft.hours)?;
    let activity = draft.activity.as_deref().map(|a| validate::text("activity", a)).transpose()?.flatten();
    Ok((date.to_string(), i32::try_from(minutes).unwrap_or(i32::MAX), activity.unwrap_or_default()))
}

/// The volunteer a reference names: a member's login, an e-mail, an id or a name; empty: the
/// member logged in.
pub(crate) fn volunteer(client: &mut Client, reference: &str) -> Result<Uuid> {
    if !reference.trim().is_empty() {
        return crate::records::resolve_volunteer(client, reference, "volunteer");
    }
    client
        .query_opt("SELECT my_volunteer() WHERE my_volunteer() IS NOT NULL", &[])
        .pg()?
        .map(|r| r.get(0))
        .ok_or_else(|| Error::invalid("volunteer", "name the volunteer: your login has no volunteer record"))
}

pub(crate) fn matter(client: &mut Client, reference: &str) -> Result<Uuid> {
    let reference = reference.trim();
    let row = match reference.parse::<Uuid>() {
        Ok(id) => client.query_opt("SELECT id FROM matter WHERE id = $1", &[&id]).pg()?,
        Err(_) => client.query_opt("SELECT id FROM matter WHERE case_ref = $1", &[&reference]).pg()?,
    };
    row.map(|r| r.get(0)).ok_or_else(|| {
        Error::invalid("matter", format!("no matter you can see has the case reference or id {reference}"))
    })
}

/// Logs time with the id `id`; logging the same id again returns the entry already stored.
pub fn log(client: &mut Client, id: Uuid, draft: &TimeEntryDraft, today: jiff::civil::Date) -> Result<TimeEntry> {
    let (date, minutes, activity) = check(draft, today)?;
    let volunteer_id = volunteer(client, &draft.volunteer)?;
    let matter_id = matter(client, &draft.matter)?;
    insert(client, id, matter_id, volunteer_id, &date, minutes, &activity)?;
    entry(client, id)
}

/// Adds an entry, checked; an id already stored is left as it is (a resend). The time_entry
/// table's writer, with [`update_minutes`] and the deletion in `records::time`.
pub(crate) fn insert(
    client: &mut impl GenericClient,
    id: Uuid,
    matter: Uuid,
    volunteer: Uuid,
    date: &str,
    minutes: i32,
    activity: &str,
) -> Result<()> {
    client
        .execute(
            "INSERT INTO time_entry (id, matter_id, volunteer_id, date, minutes, activity)
             VALUES ($1, $2, $3, $4::text::date, $5, $6) ON CONFLICT (id) DO NOTHING",
            &[&id, &matter, &volunteer, &date, &minutes, &activity],
        )
        .pg()?;
    Ok(())
}

/// Sets an entry's minutes (an import row that corrects them).
pub(crate) fn update_minutes(client: &mut impl GenericClient, id: Uuid, minutes: i32) -> Result<()> {
    let n =
        client.execute("UPDATE time_entry SET minutes = $2, version = version WHERE id = $1", &[&id, &minutes]).pg()?;
    crate::records::changed(n, "time entry")
}

pub fn entry(client: &mut Client, id: Uuid) -> Result<TimeEntry> {
    let row = client
        .query_opt(
            "SELECT t.id, t.volunteer_id, coalesce(v.name, ''), t.matter_id, coalesce(m.case_ref, ''),
                    to_char(t.date, 'YYYY-MM-DD'), t.minutes, t.activity
             FROM time_entry t LEFT JOIN volunteer v ON v.id = t.volunteer_id LEFT JOIN matter m ON m.id = t.matter_id
             WHERE t.id = $1",
            &[&id],
        )
        .pg()?
        .ok_or_else(|| Error::not_found(format!("time entry {id}")))?;
    Ok(TimeEntry {
        id: row.get(0),
        volunteer_id: row.get(1),
        volunteer_name: row.get(2),
        matter_id: row.get(3),
        case_ref: row.get(4),
        date: row.get(5),
        minutes: i64::from(row.get::<_, i32>(6)),
        activity: row.get(7),
    })
}
