//! Hearings and deadlines as an RFC 5545 calendar (`.ics`), for the calendars people already
//! use. Built with the `icalendar` crate, which folds long lines and escapes text as the RFC
//! says.
//!
//! - Every event's UID is the hearing's id (`<uuid>@pro-bono-desk`), so importing a newer
//!   export updates events instead of adding copies.
//! - A hearing with a time is written in UTC, converted from the court's time zone (the
//!   hearing's own, else the program's): 08:30 in Miami is 13:30Z in winter, and every
//!   calendar shows it at 08:30 in Miami. UTC needs no VTIMEZONE definitions, which a
//!   calendar would otherwise have to carry for every zone it names. A hearing without a time,
//!   and every deadline, is an all-day event.
//! - Deadlines not yet done carry two reminders (VALARM): 7 days and 1 day before.
//! - An event names the kind, the case reference and the place; never the client unless the
//!   caller passes client names (calendars travel to phones and cloud services), and never the
//!   free-text description, which may name the client, unless it does.

use chrono::{NaiveDate, TimeZone as _, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Trigger};
use jiff::civil::{Date, DateTime};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{Hearing, HearingKind};

/// One event: a hearing or deadline, and its client's name when the person asked for names.
pub struct Entry<'a> {
    pub hearing: &'a Hearing,
    pub client_name: Option<&'a str>,
}

/// The calendar's name and the time zone of hearings that name none.
pub struct Options<'a> {
    pub name: &'a str,
    pub default_time_zone: &'a str,
}

/// The UID of a hearing's event: the same on every export.
pub fn uid(id: Uuid) -> String {
    format!("{id}@pro-bono-desk")
}

/// Days before a deadline its reminders go off.
pub const REMINDER_DAYS: [i64; 2] = [7, 1];

/// Hearings given a time last this long in the calendar (the record has no end time).
const HEARING_MINUTES: i64 = 60;

fn is_deadline(kind: HearingKind) -> bool {
    matches!(kind, HearingKind::FilingDeadline | HearingKind::OtherDeadline)
}

fn naive(date: Date) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        date.month().unsigned_abs().into(),
        date.day().unsigned_abs().into(),
    )
    .ok_or_else(|| Error::Internal(format!("date {date} out of range")))
}

/// The calendar text of `entries`.
pub fn render(entries: &[Entry<'_>], options: &Options<'_>) -> Result<String> {
    let mut calendar = Calendar::new();
    calendar.name(options.name);
    for entry in entries {
        calendar.push(event(entry, options)?);
    }
    Ok(calendar.done().to_string())
}

fn event(entry: &Entry<'_>, options: &Options<'_>) -> Result<Event> {
    let h = entry.hearing;
    let deadline = is_deadline(h.kind);
    let done = deadline && h.done_at.is_some();
    let mut summary = format!("{}: {}", h.kind.label(), h.case_ref);
    if let Some(name) = entry.client_name {
        summary.push_str(&format!(" ({name})"));
    }
    if done {
        summary.push_str(" (done)");
    }
    let mut description = Vec::new();
    let mut ev = Event::new();
    ev.uid(&uid(h.id)).summary(&summary);
    match h.at.split_once('T') {
        Some(_) => {
            let zone_name = h.time_zone.as_deref().unwrap_or(options.default_time_zone);
            let zone = jiff::tz::db()
                .get(zone_name)
                .map_err(|_| Error::invalid("time_zone", format!("{zone_name} is not a known time zone")))?;
            let local: DateTime =
                h.at.parse().map_err(|_| Error::VaultDamaged(format!("hearing {} has a bad date", h.id)))?;
            let instant = zone.to_timestamp(local).map_err(|e| Error::invalid("at", format!("{}: {e}", h.at)))?;
            let start = Utc
                .timestamp_opt(instant.as_second(), 0)
                .single()
                .ok_or_else(|| Error::Internal("time out of range".into()))?;
            ev.starts(start).ends(start + chrono::Duration::minutes(HEARING_MINUTES));
            description.push(format!("{} {} ({zone_name})", &h.at[..10], &h.at[11..]));
        }
        None => {
            let day: Date =
                h.at.parse().map_err(|_| Error::VaultDamaged(format!("hearing {} has a bad date", h.id)))?;
            ev.all_day(naive(day)?);
        }
    }
    if let Some(place) = h.place.as_deref() {
        ev.location(place);
    }
    if let (Some(rule), Some(from)) = (h.rule.as_deref(), h.counted_from.as_deref()) {
        description.push(format!("Deadline rule {rule}, counted from {from}."));
    }
    if let Some(done_at) = h.done_at.as_deref().filter(|_| deadline) {
        description.push(format!("Marked done {}.", &done_at[..done_at.len().min(10)]));
    }
    if let (Some(_), Some(text)) = (entry.client_name, h.description.as_deref()) {
        description.push(text.to_owned());
    }
    if !description.is_empty() {
        ev.description(&description.join("\n"));
    }
    if deadline && !done {
        for days in REMINDER_DAYS {
            let text = format!("{summary}: due in {days} day{}", if days == 1 { "" } else { "s" });
            ev.alarm(Alarm::display(&text, Trigger::before_start(chrono::Duration::days(days))));
        }
    }
    Ok(ev.done())
}
