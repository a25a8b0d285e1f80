//! The dashboard, the audit trail, counts and deadlines marked done, on a team server.

use jiff::civil::Date;
use postgres::Client;
use probono_core::model::{AuditEvent, Hearing, HearingKind};
use probono_core::records::HearingQuery;
use probono_core::reports::dashboard::{CANNOT_COMPUTE_SHOWN, Dashboard, DueDeadline};
use probono_core::reports::hours::MonthHours;
use probono_core::reports::{Period, hours};
use probono_core::{Error, Result};
use uuid::Uuid;

use super::matters;
use crate::error::PgResult;

/// How far ahead the dashboard looks for deadlines (as the vault's).
const SOON_DAYS: i64 = 14;

/// The dashboard over what this member may see: this year's impact figures and hours by
/// month, deadlines due soon or overdue (confirmed ones not done, and suggestions not yet
/// confirmed), the next 30 days' hearings and the matters changed last.
pub(super) fn dashboard(c: &mut Client, today: Date) -> Result<Dashboard> {
    let year = Period::year(i32::from(today.year()))?;
    let impact = crate::reports::impact(c, year)?;
    let per_month: std::collections::HashMap<String, i64> = c
        .query(
            "SELECT to_char(date, 'YYYY-MM'), sum(minutes)::bigint FROM time_entry
             WHERE date BETWEEN $1::text::date AND $2::text::date GROUP BY 1",
            &[&year.first_day(), &year.last_day()],
        )
        .pg()?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let months = year
        .months()
        .into_iter()
        .map(|m| MonthHours { hours: hours(per_month.get(&m).copied().unwrap_or(0)), month: m })
        .collect();
    let soon = today.checked_add(jiff::Span::new().days(SOON_DAYS)).unwrap_or(today);
    let in_30 = today.checked_add(jiff::Span::new().days(30)).unwrap_or(today);
    let mut deadlines: Vec<DueDeadline> = c
        .query(
            "SELECT h.id, h.matter_id, coalesce(m.case_ref, ''), h.at, h.kind, h.description
             FROM hearing h LEFT JOIN matter m ON m.id = h.matter_id
             WHERE h.kind IN ('filing_deadline', 'other_deadline') AND h.done_at IS NULL AND h.at <= $1",
            &[&format!("{soon}T99")],
        )
        .pg()?
        .iter()
        .map(|r| {
            let at: String = r.get(3);
            let due = at.get(..10).unwrap_or(&at).to_owned();
            let kind = HearingKind::parse("kind", r.get(4))
                .map_err(|_| Error::Database("the team database holds an unknown hearing kind".into()))?;
            Ok(DueDeadline {
                matter_id: r.get(1),
                case_ref: r.get(2),
                title: r
                    .get::<_, Option<String>>(5)
                    .unwrap_or_else(|| probono_core::model::Choice::label(kind).to_owned()),
                overdue: due < today.to_string(),
                due,
                suggested: false,
                hearing_id: Some(r.get(0)),
            })
        })
        .collect::<Result<_>>()?;
    let open = super::deadlines::open_suggestions(c)?;
    for s in open.suggested.into_iter().filter(|s| s.deadline.due <= soon) {
        deadlines.push(DueDeadline {
            matter_id: s.matter_id,
            case_ref: s.case_ref,
            title: s.deadline.title,
            due: s.deadline.due.to_string(),
            overdue: s.deadline.due < today,
            suggested: true,
            hearing_id: None,
        });
    }
    deadlines.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.due.cmp(&b.due)).then(a.case_ref.cmp(&b.case_ref)));
    let (from, to) = (today.to_string(), in_30.to_string());
    Ok(Dashboard {
        impact,
        months,
        deadlines,
        cannot_compute_total: open.cannot_compute.len(),
        cannot_compute: open.cannot_compute.into_iter().take(CANNOT_COMPUTE_SHOWN).collect(),
        upcoming: matters::list_hearings(c, HearingQuery { from: Some(&from), to: Some(&to), ..Default::default() })?,
        recent_matters: matters::recent(c, 8)?,
    })
}

/// Marks a deadline done (or not done).
pub(super) fn mark_deadline_done(c: &mut Client, id: Uuid, done: bool) -> Result<Hearing> {
    let row = c
        .query_opt("SELECT kind FROM hearing WHERE id = $1", &[&id])
        .pg()?
        .ok_or_else(|| Error::not_found(format!("deadline {id}")))?;
    if !matches!(row.get::<_, &str>(0), "filing_deadline" | "other_deadline") {
        return Err(Error::invalid("id", "is a hearing, not a deadline"));
    }
    let n = c
        .execute(
            "UPDATE hearing SET done_at = CASE WHEN $2 THEN to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END
             WHERE id = $1",
            &[&id, &done],
        )
        .pg()?;
    super::changed(n, "deadline")?;
    let row = c.query_one(&format!("{} WHERE h.id = $1", matters::SELECT_HEARING), &[&id]).pg()?;
    matters::hearing_from_row(&row)
}

/// The most recent audit events, newest first; the detail names the login that acted.
pub(super) fn audit_events(c: &mut Client, limit: usize) -> Result<Vec<AuditEvent>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    Ok(c.query(
        &format!(
            "SELECT {}, action, entity, entity_id, actor FROM audit_event ORDER BY seq DESC LIMIT $1",
            super::stamp("at")
        ),
        &[&limit],
    )
    .pg()?
    .iter()
    .map(|r| AuditEvent {
        at: r.get(0),
        action: r.get(1),
        entity: r.get(2),
        entity_id: r.get::<_, Option<&str>>(3).and_then(|s| s.parse().ok()),
        detail: format!("by {}", r.get::<_, &str>(4)),
    })
    .collect())
}

/// Counts of each kind of record this member may see.
pub(super) fn counts(c: &mut Client) -> Result<Vec<(&'static str, i64)>> {
    let mut out = Vec::new();
    for &(label, table) in probono_core::store::COUNTED {
        out.push((label, c.query_one(&format!("SELECT count(*) FROM {table}"), &[]).pg()?.get(0)));
    }
    Ok(out)
}
