//! One entry per kind of record: how it is read out (ids as UUID strings, references by id).
//! Reading back in is restore.rs, through each table's own writer.

use rusqlite::Connection;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Id,
    OptId,
    Text,
    OptText,
    Int,
    Bool,
    /// A JSON array of strings stored as text.
    List,
}

pub struct Table {
    pub file: &'static str,
    select: &'static str,
    columns: &'static [(&'static str, Kind)],
    /// A file added after format version 1 was first written: an export from before has none,
    /// and imports as if it were empty.
    pub added_later: bool,
}

impl Table {
    /// The fields of a record of this file.
    pub fn columns(&self) -> impl Iterator<Item = &'static str> {
        self.columns.iter().map(|(name, _)| *name)
    }
}

use Kind::*;

pub const TABLES: &[Table] = &[
    Table {
        file: "organizations",
        select: "SELECT id, name, created_at, updated_at FROM organization ORDER BY seq",
        columns: &[("id", Id), ("name", Text), ("created_at", Text), ("updated_at", Text)],
        added_later: false,
    },
    Table {
        file: "clients",
        select: "SELECT c.id, c.name, c.other_names, c.a_number, c.date_of_birth, c.country,
                 (SELECT json_group_array(name) FROM (SELECT l.name FROM client_language cl JOIN language l ON l.seq = cl.language_seq
                   WHERE cl.client_seq = c.seq ORDER BY cl.position)),
                 c.interpreter_needed, c.contact, c.entry_date, c.notes, c.created_at, c.updated_at
                 FROM client c ORDER BY c.seq",
        columns: &[
            ("id", Id),
            ("name", Text),
            ("other_names", List),
            ("a_number", OptText),
            ("date_of_birth", OptText),
            ("country", OptText),
            ("languages", List),
            ("interpreter_needed", Bool),
            ("contact", OptText),
            ("entry_date", OptText),
            ("notes", OptText),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        added_later: false,
    },
    Table {
        file: "matters",
        select: "SELECT m.id, m.case_ref, c.id, m.case_type, m.detained, f.name, m.state_of_residence, m.court, m.opened,
                 m.closed, m.relief_outcome, m.release_requested, m.release_outcome, m.created_at, m.updated_at, m.decided_on
                 FROM matter m JOIN client c ON c.seq = m.client_seq LEFT JOIN facility f ON f.seq = m.facility_seq
                 ORDER BY m.seq",
        columns: &[
            ("id", Id),
            ("case_ref", Text),
            ("client_id", Id),
            ("case_type", Text),
            ("detained", Bool),
            ("detention_facility", OptText),
            ("state_of_residence", OptText),
            ("court", OptText),
            ("opened", Text),
            ("closed", OptText),
            ("relief_outcome", Text),
            ("release_requested", Bool),
            ("release_outcome", OptText),
            ("created_at", Text),
            ("updated_at", Text),
            ("decided_on", OptText),
        ],
        added_later: false,
    },
    Table {
        file: "parties",
        // `kind` is what exports before schema 8 had (the format only adds fields): adverse
        // for an adverse party or opposing counsel, related for every other role.
        select: "SELECT p.id, m.id,
                 CASE WHEN p.role IN ('adverse_party', 'opposing_counsel') THEN 'adverse' ELSE 'related' END,
                 p.name, p.relationship, p.created_at, p.role
                 FROM party p JOIN matter m ON m.seq = p.matter_seq ORDER BY p.seq",
        columns: &[
            ("id", Id),
            ("matter_id", Id),
            ("kind", Text),
            ("name", Text),
            ("relationship", OptText),
            ("created_at", Text),
            ("role", Text),
        ],
        added_later: false,
    },
    Table {
        file: "volunteers",
        select: "SELECT v.id, v.name, v.email, o.id, v.role, v.languages, v.bar_number, v.created_at, v.updated_at,
                 v.law_school_start, v.bar_admissions
                 FROM volunteer v LEFT JOIN organization o ON o.seq = v.organization_seq ORDER BY v.seq",
        columns: &[
            ("id", Id),
            ("name", Text),
            ("email", OptText),
            ("organization_id", OptId),
            ("role", Text),
            ("languages", List),
            ("bar_number", OptText),
            ("created_at", Text),
            ("updated_at", Text),
            ("law_school_start", OptText),
            ("bar_admissions", List),
        ],
        added_later: false,
    },
    Table {
        file: "assignments",
        select: "SELECT a.id, v.id, m.id, a.since, a.created_at, s.id FROM assignment a
                 JOIN volunteer v ON v.seq = a.volunteer_seq JOIN matter m ON m.seq = a.matter_seq
                 LEFT JOIN volunteer s ON s.seq = a.supervisor_seq ORDER BY a.seq",
        columns: &[
            ("id", Id),
            ("volunteer_id", Id),
            ("matter_id", Id),
            ("since", Text),
            ("created_at", Text),
            ("supervisor_id", OptId),
        ],
        added_later: false,
    },
    Table {
        file: "time_entries",
        select: "SELECT t.id, v.id, m.id, t.date, t.minutes, t.activity, t.updated_at FROM time_entry t
                 JOIN volunteer v ON v.seq = t.volunteer_seq JOIN matter m ON m.seq = t.matter_seq
                 ORDER BY t.matter_seq, t.seq",
        columns: &[
            ("id", Id),
            ("volunteer_id", Id),
            ("matter_id", Id),
            ("date", Text),
            ("minutes", Int),
            ("activity", Text),
            ("updated_at", Text),
        ],
        added_later: false,
    },
    Table {
        file: "hearings",
        select: "SELECT h.id, m.id, h.at, h.kind, h.place, h.description, h.created_at, h.time_zone, h.rule,
                 h.counted_from, h.done_at
                 FROM hearing h JOIN matter m ON m.seq = h.matter_seq ORDER BY h.seq",
        columns: &[
            ("id", Id),
            ("matter_id", Id),
            ("at", Text),
            ("kind", Text),
            ("place", OptText),
            ("description", OptText),
            ("created_at", Text),
            ("time_zone", OptText),
            ("rule", OptText),
            ("counted_from", OptText),
            ("done_at", OptText),
        ],
        added_later: false,
    },
    Table {
        file: "deadline_decisions",
        select: "SELECT m.id, d.rule, d.source, d.counted_from, d.decision, d.reason, h.id, d.decided_at
                 FROM deadline_decision d JOIN matter m ON m.seq = d.matter_seq
                 LEFT JOIN hearing h ON h.seq = d.hearing_seq ORDER BY d.matter_seq, d.rule, d.source",
        columns: &[
            ("matter_id", Id),
            ("rule", Text),
            ("source", Text),
            ("counted_from", Text),
            ("decision", Text),
            ("reason", OptText),
            ("hearing_id", OptId),
            ("decided_at", Text),
        ],
        added_later: true,
    },
    Table {
        file: "deleted_time_entries",
        select: "SELECT id, deleted_at FROM deleted_time_entry ORDER BY deleted_at, id",
        columns: &[("id", Id), ("deleted_at", Text)],
        added_later: true,
    },
    Table {
        file: "conflict_checks",
        select: "SELECT c.id, m.id, c.checked_at, c.checked_by, c.searched, c.matches, c.decision, c.note
                 FROM conflict_check c JOIN matter m ON m.seq = c.matter_seq ORDER BY c.seq",
        columns: &[
            ("id", Id),
            ("matter_id", Id),
            ("checked_at", Text),
            ("checked_by", Text),
            ("searched", Text),
            ("matches", Text),
            ("decision", Text),
            ("note", OptText),
        ],
        added_later: true,
    },
    Table {
        file: "notes",
        select: "SELECT n.id, m.id, n.author, n.body, n.created_at FROM note n JOIN matter m ON m.seq = n.matter_seq
                 ORDER BY n.seq",
        columns: &[("id", Id), ("matter_id", Id), ("author", OptText), ("body", Text), ("created_at", Text)],
        added_later: false,
    },
    Table {
        file: "audit_events",
        select: "SELECT at, action, entity, entity_id, detail,
                        CASE WHEN hash IS NULL THEN NULL ELSE lower(hex(hash)) END
                 FROM audit_event ORDER BY seq",
        columns: &[
            ("at", Text),
            ("action", Text),
            ("entity", Text),
            ("entity_id", OptId),
            ("detail", Text),
            ("hash", OptText),
        ],
        added_later: false,
    },
];

/// Every row of `table` as a JSON object.
pub fn read(conn: &Connection, table: &Table) -> Result<Vec<Map<String, Value>>> {
    let mut stmt = conn.prepare(table.select)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut obj = Map::new();
        for (i, (name, kind)) in table.columns.iter().enumerate() {
            let value = match kind {
                Id => Value::String(row.get::<_, Uuid>(i)?.to_string()),
                OptId => row.get::<_, Option<Uuid>>(i)?.map_or(Value::Null, |u| Value::String(u.to_string())),
                Text => Value::String(row.get(i)?),
                OptText => row.get::<_, Option<String>>(i)?.map_or(Value::Null, Value::String),
                Int => Value::from(row.get::<_, i64>(i)?),
                Bool => Value::Bool(row.get(i)?),
                List => serde_json::from_str(&row.get::<_, String>(i)?).unwrap_or(Value::Array(vec![])),
            };
            obj.insert((*name).to_owned(), value);
        }
        out.push(obj);
    }
    Ok(out)
}

/// The rows as CSV: one column per field; lists joined with "; "; cells neutralised
/// against spreadsheet formulas (crate::csv_out).
pub fn csv_bytes(table: &Table, rows: &[Map<String, Value>]) -> Result<Vec<u8>> {
    let mut w = crate::csv_out::CsvOut::new();
    w.row(table.columns.iter().map(|(n, _)| *n))?;
    for row in rows {
        let cells: Vec<String> = table
            .columns
            .iter()
            .map(|(name, _)| match &row[*name] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("; "),
                other => other.to_string(),
            })
            .collect();
        w.row(&cells)?;
    }
    w.into_file_bytes()
}
