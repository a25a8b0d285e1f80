//! The impact and hours reports on a team server: the same definitions as the vault's
//! (docs/report-definitions.md), counted with PostgreSQL's SQL and finished by the core's
//! own code ([`ImpactReport::from_counts`], [`HoursTally`]), so rates, hours, sorting and
//! words are computed once for both engines. Names are folded in Rust (the vault's
//! `fold_key`), not by the server's `lower()`, whose result depends on its locale.
//!
//! What a member can see is decided by the server: a student's report covers their matters.

use std::collections::{HashMap, HashSet};

use postgres::Client;
use probono_core::model::{CaseType, Role};
use probono_core::reports::Period;
use probono_core::reports::hours::{HoursReport, HoursTally, VolunteerInfo};
use probono_core::reports::impact::{ImpactCounts, ImpactReport};
use probono_core::store::Settings;
use probono_core::validate::fold_key;
use probono_core::{Error, Result};
use uuid::Uuid;

use crate::error::PgResult;

pub fn settings(client: &mut impl postgres::GenericClient) -> Result<Settings> {
    let pairs = client
        .query("SELECT key, value FROM settings", &[])
        .pg()?
        .iter()
        .map(|r| (r.get::<_, String>(0), r.get::<_, String>(1)))
        .collect::<Vec<_>>();
    Settings::from_pairs(pairs)
}

/// One consistent, read-only view of the records for the whole report.
fn snapshot(client: &mut Client) -> Result<postgres::Transaction<'_>> {
    client.build_transaction().read_only(true).isolation_level(postgres::IsolationLevel::RepeatableRead).start().pg()
}

/// Matters active in the period: opened on or before its last day, not closed before its first.
const ACTIVE: &str =
    "SELECT * FROM matter WHERE opened <= $2::text::date AND (closed IS NULL OR closed >= $1::text::date)";

pub fn impact(client: &mut Client, period: Period) -> Result<ImpactReport> {
    let (from, to) = (period.first_day(), period.last_day());
    let mut tx = snapshot(client)?;
    let time = tx
        .query_one(
            "SELECT count(DISTINCT volunteer_id), coalesce(sum(minutes), 0)::bigint FROM time_entry
             WHERE date BETWEEN $1::text::date AND $2::text::date",
            &[&from, &to],
        )
        .pg()?;
    let row = tx
        .query_one(
            &format!(
                "WITH active AS ({ACTIVE})
                 SELECT count(*) FILTER (WHERE detained),
                        count(*) FILTER (WHERE NOT detained),
                        count(DISTINCT state_of_residence) FILTER (WHERE NOT detained),
                        (SELECT count(DISTINCT c.country) FROM client c WHERE c.id IN (SELECT client_id FROM active)),
                        count(DISTINCT client_id),
                        count(*),
                        count(*) FILTER (WHERE relief_outcome = 'granted'),
                        count(*) FILTER (WHERE relief_outcome = 'denied'),
                        count(*) FILTER (WHERE relief_outcome = 'pending'),
                        count(*) FILTER (WHERE relief_outcome = 'withdrawn'),
                        count(*) FILTER (WHERE release_requested),
                        count(*) FILTER (WHERE release_requested AND release_outcome = 'granted'),
                        count(*) FILTER (WHERE release_requested AND release_outcome = 'denied')
                 FROM active"
            ),
            &[&from, &to],
        )
        .pg()?;
    // The two counts by name, folded as the vault folds them.
    let folded = |rows: Vec<postgres::Row>| -> i64 {
        rows.iter().filter_map(|r| r.get::<_, Option<String>>(0)).map(|n| fold_key(&n)).collect::<HashSet<_>>().len()
            as i64
    };
    let facilities = folded(
        tx.query(
            &format!("WITH active AS ({ACTIVE}) SELECT DISTINCT detention_facility FROM active WHERE detained"),
            &[&from, &to],
        )
        .pg()?,
    );
    let languages = folded(
        tx.query(
            &format!(
                "WITH active AS ({ACTIVE})
                 SELECT DISTINCT l FROM client c, unnest(c.languages) AS l WHERE c.id IN (SELECT client_id FROM active)"
            ),
            &[&from, &to],
        )
        .pg()?,
    );
    let settings = settings(&mut tx)?;
    tx.commit().pg()?;
    let n = |i: usize| -> i64 { row.get(i) };
    let counts = ImpactCounts {
        volunteers: time.get(0),
        minutes: time.get(1),
        detained_cases: n(0),
        detention_facilities: facilities,
        non_detained_cases: n(1),
        states_of_residence: n(2),
        countries_of_origin: n(3),
        languages,
        clients: n(4),
        active_matters: n(5),
        relief_granted: n(6),
        relief_denied: n(7),
        relief_pending: n(8),
        relief_withdrawn: n(9),
        release_requested: n(10),
        release_granted: n(11),
        release_denied: n(12),
    };
    Ok(ImpactReport::from_counts(period, &settings, &counts))
}

pub fn hours(client: &mut Client, period: Period) -> Result<HoursReport> {
    let (from, to) = (period.first_day(), period.last_day());
    let mut tx = snapshot(client)?;
    let settings = settings(&mut tx)?;
    let mut tally = HoursTally::new(period);
    let params: [&(dyn postgres::types::ToSql + Sync); 2] = [&from, &to];
    let mut rows = tx
        .query_raw(
            "SELECT volunteer_id, matter_id, to_char(date, 'YYYY-MM-DD'), minutes FROM time_entry
             WHERE date BETWEEN $1::text::date AND $2::text::date",
            params,
        )
        .pg()?;
    use postgres::fallible_iterator::FallibleIterator;
    while let Some(r) = rows.next().pg()? {
        let date: String = r.get(2);
        tally.add(r.get::<_, Uuid>(0), r.get::<_, Uuid>(1), &date, i64::from(r.get::<_, i32>(3)));
    }
    drop(rows);
    let volunteers: HashMap<Uuid, (String, Option<String>, Option<String>, String)> = tx
        .query(
            "SELECT v.id, v.name, v.email, o.name, v.role FROM volunteer v LEFT JOIN organization o ON o.id = v.organization_id",
            &[],
        )
        .pg()?
        .iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3), r.get(4))))
        .collect();
    let matters: HashMap<Uuid, (String, bool)> = tx
        .query("SELECT id, case_type, detained FROM matter", &[])
        .pg()?
        .iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
        .collect();
    tx.commit().pg()?;
    tally.finish(
        &settings,
        |id| -> Result<VolunteerInfo> {
            let (name, email, org, role) =
                volunteers.get(id).ok_or_else(|| Error::Internal("a time entry's volunteer is not visible".into()))?;
            Ok((name.clone(), email.clone(), org.clone(), Role::from_code(role)?))
        },
        |id| {
            let (case_type, detained) =
                matters.get(id).ok_or_else(|| Error::Internal("a time entry's matter is not visible".into()))?;
            Ok((CaseType::from_code(case_type)?, *detained))
        },
    )
}
