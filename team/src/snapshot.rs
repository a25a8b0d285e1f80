//! One consistent snapshot of a team database, in the shape of the vault's export files, so
//! that it can become a vault (and so a `.pbbackup`): every table read in a single
//! REPEATABLE READ, READ ONLY transaction, so a backup taken while members work is one moment.
//!
//! What the member may see is what is copied: a director's snapshot is the whole program.

use postgres::Client;
use probono_core::exchange::TABLES;
use probono_core::{Error, Result};
use serde_json::Value;

use crate::error::PgResult;

/// Export file -> the team table it comes from.
const SOURCES: &[(&str, &str)] = &[
    ("organizations", "organization"),
    ("clients", "client"),
    ("matters", "matter"),
    ("parties", "party"),
    ("volunteers", "volunteer"),
    ("assignments", "assignment"),
    ("time_entries", "time_entry"),
    ("hearings", "hearing"),
    ("deadline_decisions", "deadline_decision"),
    ("deleted_time_entries", "deleted_time_entry"),
    ("conflict_checks", "conflict_check"),
    ("notes", "note"),
    ("audit_events", "audit_event"),
];

const UTC_STAMP: &str = r#"'YYYY-MM-DD"T"HH24:MI:SS"Z"'"#;

/// The SQL expression that gives export column `column` of `file` from its team table.
fn expression(file: &str, column: &str) -> String {
    let stamp = |c: &str| format!("to_char({c} AT TIME ZONE 'UTC', {UTC_STAMP})");
    match (file, column) {
        (_, "created_at" | "updated_at") => stamp(column),
        // The team trail's events: their login goes into the detail; ids that are not a
        // record's id (a member's login) too.
        ("audit_events", "at") => stamp("at"),
        // The vault's words for the same actions (a member change is an update of a member).
        ("audit_events", "action") => "CASE action WHEN 'insert' THEN 'create' WHEN 'member' THEN 'update' ELSE action END".into(),
        ("audit_events", "entity_id") => {
            "CASE WHEN entity_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN entity_id END".into()
        }
        ("audit_events", "detail") => "'on the team server, by ' || actor || CASE WHEN entity_id IS NULL OR entity_id ~ '^[0-9a-f]{8}-' THEN '' ELSE ': ' || entity_id END".into(),
        ("audit_events", "hash") => "NULL::text".into(),
        _ => column.to_owned(),
    }
}

/// Every export file's records (file name, one JSON object per record) and the settings.
pub type Snapshot = (Vec<(&'static str, Vec<Value>)>, serde_json::Map<String, Value>);

/// Every export file's records and the settings, as of one moment.
pub fn take(client: &mut Client, mut progress: impl FnMut(&str, usize, usize)) -> Result<Snapshot> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .pg()?;
    let mut files = Vec::new();
    for (done, table) in TABLES.iter().enumerate() {
        progress(table.file, done, TABLES.len());
        let source = SOURCES
            .iter()
            .find(|(f, _)| *f == table.file)
            .map(|(_, t)| *t)
            .ok_or_else(|| Error::Internal(format!("no team table for the export's {}", table.file)))?;
        let columns: Vec<String> =
            table.columns().map(|c| format!("{} AS {}", expression(table.file, c), crate::schema::ident(c))).collect();
        let order = if source == "audit_event" {
            "seq"
        } else if table.columns().any(|c| c == "id") {
            "id"
        } else {
            "1"
        };
        let sql = format!(
            "SELECT row_to_json(t)::text FROM (SELECT {} FROM {source} ORDER BY {order}) t",
            columns.join(", ")
        );
        let rows = tx.query(sql.as_str(), &[]).pg()?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let text: String = r.get(0);
            out.push(serde_json::from_str(&text).map_err(|e| Error::Internal(format!("snapshot of {source}: {e}")))?);
        }
        files.push((table.file, out));
    }
    let mut settings = serde_json::Map::new();
    for r in tx.query("SELECT key, value FROM settings", &[]).pg()? {
        let (key, value): (String, String) = (r.get(0), r.get(1));
        settings.insert(key, serde_json::from_str(&value).unwrap_or(Value::String(value)));
    }
    tx.commit().pg()?;
    progress("done", TABLES.len(), TABLES.len());
    Ok((files, settings))
}
