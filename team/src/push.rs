//! `team push`: a vault's records copied into an empty team database, ids kept, in one
//! transaction (all or nothing).
//!
//! The rows come as the vault's export reads them (`Store::records_out`: ids as UUID strings,
//! references by id) and go in through PostgreSQL's `json_populate_recordset`, so each value
//! is converted by the server's own types and checked by the table's constraints, triggers
//! and policies — the push runs as the director, under the same rules as everyone.
//!
//! Two things are not copied as they are: the vault's audit trail (the team database's trail
//! is written by its own triggers; the push shows there as the director's inserts), and a
//! vault volunteer whose e-mail is a member's: that person is already here, so their vault
//! record is merged into the member's (their time and assignments point to it).

use std::collections::HashMap;

use postgres::Client;
use probono_core::{Error, Result};
use serde_json::Value;

use crate::error::PgResult;

use probono_core::exchange::Rows;

/// Export file -> team table and the columns copied (each present in both).
const COPIED: &[(&str, &str, &[&str])] = &[
    ("organizations", "organization", &["id", "name", "created_at"]),
    (
        "volunteers",
        "volunteer",
        &[
            "id",
            "name",
            "email",
            "organization_id",
            "role",
            "languages",
            "bar_number",
            "law_school_start",
            "bar_admissions",
            "created_at",
        ],
    ),
    (
        "clients",
        "client",
        &[
            "id",
            "name",
            "other_names",
            "a_number",
            "date_of_birth",
            "country",
            "languages",
            "interpreter_needed",
            "contact",
            "entry_date",
            "notes",
            "created_at",
        ],
    ),
    (
        "matters",
        "matter",
        &[
            "id",
            "case_ref",
            "client_id",
            "case_type",
            "detained",
            "detention_facility",
            "state_of_residence",
            "court",
            "opened",
            "closed",
            "relief_outcome",
            "release_requested",
            "release_outcome",
            "decided_on",
            "created_at",
        ],
    ),
    ("parties", "party", &["id", "matter_id", "kind", "role", "name", "relationship", "created_at"]),
    ("assignments", "assignment", &["id", "volunteer_id", "matter_id", "supervisor_id", "since", "created_at"]),
    ("time_entries", "time_entry", &["id", "matter_id", "volunteer_id", "date", "minutes", "activity"]),
    (
        "hearings",
        "hearing",
        &[
            "id",
            "matter_id",
            "at",
            "kind",
            "place",
            "description",
            "time_zone",
            "rule",
            "counted_from",
            "done_at",
            "created_at",
        ],
    ),
    (
        "deadline_decisions",
        "deadline_decision",
        &["matter_id", "rule", "source", "counted_from", "decision", "reason", "hearing_id", "decided_at"],
    ),
    ("deleted_time_entries", "deleted_time_entry", &["id", "deleted_at"]),
    (
        "conflict_checks",
        "conflict_check",
        &["id", "matter_id", "checked_at", "checked_by", "searched", "matches", "decision", "note"],
    ),
    ("notes", "note", &["id", "matter_id", "author", "body", "created_at"]),
];

/// Export files deliberately not copied.
const NOT_COPIED: &[&str] = &["audit_events"];

/// Rows sent per statement: big enough to be quick, small enough to show progress.
const CHUNK: usize = 5_000;

/// What a push copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushReport {
    /// (team table, rows copied), in the order copied.
    pub tables: Vec<(String, usize)>,
    pub settings: usize,
    /// Vault volunteers merged into an existing member's record (by e-mail): (name, login).
    pub merged: Vec<(String, String)>,
}

pub fn push(
    client: &mut Client,
    records: Vec<(&'static str, Rows)>,
    settings: &[(String, String)],
    mut progress: impl FnMut(&str, usize, usize),
) -> Result<PushReport> {
    for (file, _) in &records {
        if !COPIED.iter().any(|(f, _, _)| f == file) && !NOT_COPIED.contains(file) {
            return Err(Error::Internal(format!("team push does not know the vault's {file}")));
        }
    }
    let mut tx = client.transaction().pg()?;
    // One push at a time: a second waits here and then finds the records of the first.
    tx.execute("SELECT pg_advisory_xact_lock(hashtext('probono push'))", &[]).pg()?;
    let held: i64 = tx
        .query_one(
            "SELECT (SELECT count(*) FROM client) + (SELECT count(*) FROM matter) + (SELECT count(*) FROM time_entry)
                  + (SELECT count(*) FROM volunteer WHERE id NOT IN (SELECT volunteer_id FROM member))",
            &[],
        )
        .pg()?
        .get(0);
    if held > 0 {
        return Err(Error::Conflict(
            "the team database already holds records: team push copies a vault into an empty one, and nothing was copied"
                .into(),
        ));
    }
    // Members already here, by e-mail: the same person in the vault becomes them.
    let members: HashMap<String, (String, String)> = tx
        .query(
            "SELECT lower(v.email), v.id::text, m.login::text FROM member m JOIN volunteer v ON v.id = m.volunteer_id
             WHERE v.email IS NOT NULL",
            &[],
        )
        .pg()?
        .iter()
        .map(|r| (r.get::<_, String>(0), (r.get::<_, String>(1), r.get::<_, String>(2))))
        .collect();
    let mut records: HashMap<&str, Rows> = records.into_iter().collect();
    let mut remap: HashMap<String, String> = HashMap::new();
    let mut merged = Vec::new();
    let mut merged_rows: Vec<(String, serde_json::Map<String, Value>)> = Vec::new();
    if let Some(volunteers) = records.get_mut("volunteers") {
        volunteers.retain(|v| {
            let email = v.get("email").and_then(Value::as_str).map(str::to_lowercase);
            match email.and_then(|e| members.get(&e)) {
                Some((id, login)) => {
                    if let Some(old) = v.get("id").and_then(Value::as_str) {
                        remap.insert(old.to_owned(), id.clone());
                    }
                    merged_rows.push((id.clone(), v.clone()));
                    merged.push((v.get("name").and_then(Value::as_str).unwrap_or_default().to_owned(), login.clone()));
                    false
                }
                None => true,
            }
        });
    }
    let mut report = PushReport { tables: Vec::new(), settings: 0, merged };
    for (file, table, columns) in COPIED {
        let mut rows = records.remove(file).unwrap_or_default();
        if !remap.is_empty() {
            for row in &mut rows {
                for key in ["volunteer_id", "supervisor_id"] {
                    if let Some(Value::String(id)) = row.get_mut(key)
                        && let Some(new) = remap.get(id.as_str())
                    {
                        *id = new.clone();
                    }
                }
            }
        }
        let cols = columns.join(", ");
        let sql = format!(
            "INSERT INTO {table} ({cols}) SELECT {cols} FROM json_populate_recordset(NULL::{table}, $1::text::json)"
        );
        let total = rows.len();
        for (i, chunk) in rows.chunks(CHUNK).enumerate() {
            progress(table, i * CHUNK, total);
            let json = serde_json::to_string(chunk).map_err(|e| Error::Internal(format!("push: {e}")))?;
            tx.execute(sql.as_str(), &[&json]).map_err(|e| match crate::error::from_pg(&e) {
                Error::Invalid { field, message } => {
                    Error::invalid(field, format!("the vault's {file} cannot go into the team database: {message}"))
                }
                other => other,
            })?;
        }
        progress(table, total, total);
        report.tables.push(((*table).to_owned(), total));
    }
    // A merged volunteer keeps what the vault knew of them (organization, role, languages,
    // bar details), so their hours count where they counted in the vault.
    for (id, row) in &merged_rows {
        let json = serde_json::to_string(row).map_err(|e| Error::Internal(format!("push: {e}")))?;
        tx.execute(
            "UPDATE volunteer v SET organization_id = j.organization_id, role = j.role, languages = j.languages,
                    bar_number = coalesce(j.bar_number, v.bar_number),
                    law_school_start = coalesce(j.law_school_start, v.law_school_start),
                    bar_admissions = j.bar_admissions, version = v.version
             FROM json_populate_record(NULL::volunteer, $2::text::json) j WHERE v.id = $1::text::uuid",
            &[id, &json],
        )
        .pg()?;
    }
    for (key, value) in settings {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            &[key, value],
        )
        .pg()?;
        report.settings += 1;
    }
    tx.commit().pg()?;
    // A whole program arrived at once: give the planner its statistics now rather than when
    // autovacuum next looks (until then it guesses, and a matter page can take a scan). Only
    // the database's owner may; for anyone else PostgreSQL skips with a warning, not an error.
    client.batch_execute("ANALYZE").pg()?;
    Ok(report)
}
