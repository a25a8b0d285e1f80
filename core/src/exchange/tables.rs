//! One entry per kind of record: how it is read out (ids as UUID strings, references by id)
//! and how it is written back.

use rusqlite::{Connection, Transaction, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::store::{NameTable, intern};

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
}

use Kind::*;

pub const TABLES: &[Table] = &[
    Table {
        file: "organizations",
        select: "SELECT id, name, created_at, updated_at FROM organization ORDER BY seq",
        columns: &[("id", Id), ("name", Text), ("created_at", Text), ("updated_at", Text)],
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
    },
    Table {
        file: "matters",
        select: "SELECT m.id, m.case_ref, c.id, m.case_type, m.detained, f.name, m.state_of_residence, m.court, m.opened,
                 m.closed, m.relief_outcome, m.release_requested, m.release_outcome, m.created_at, m.updated_at
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
        ],
    },
    Table {
        file: "parties",
        select: "SELECT p.id, m.id, p.kind, p.name, p.relationship, p.created_at
                 FROM party p JOIN matter m ON m.seq = p.matter_seq ORDER BY p.seq",
        columns: &[
            ("id", Id),
            ("matter_id", Id),
            ("kind", Text),
            ("name", Text),
            ("relationship", OptText),
            ("created_at", Text),
        ],
    },
    Table {
        file: "volunteers",
        select: "SELECT v.id, v.name, v.email, o.id, v.role, v.languages, v.bar_number, v.created_at, v.updated_at
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
        ],
    },
    Table {
        file: "assignments",
        select: "SELECT a.id, v.id, m.id, a.since, a.created_at FROM assignment a
                 JOIN volunteer v ON v.seq = a.volunteer_seq JOIN matter m ON m.seq = a.matter_seq ORDER BY a.seq",
        columns: &[("id", Id), ("volunteer_id", Id), ("matter_id", Id), ("since", Text), ("created_at", Text)],
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
    },
    Table {
        file: "hearings",
        select: "SELECT h.id, m.id, h.at, h.kind, h.place, h.description, h.created_at
                 FROM hearing h JOIN matter m ON m.seq = h.matter_seq ORDER BY h.seq",
        columns: &[
            ("id", Id),
            ("matter_id", Id),
            ("at", Text),
            ("kind", Text),
            ("place", OptText),
            ("description", OptText),
            ("created_at", Text),
        ],
    },
    Table {
        file: "notes",
        select: "SELECT n.id, m.id, n.author, n.body, n.created_at FROM note n JOIN matter m ON m.seq = n.matter_seq
                 ORDER BY n.seq",
        columns: &[("id", Id), ("matter_id", Id), ("author", OptText), ("body", Text), ("created_at", Text)],
    },
    Table {
        file: "audit_events",
        select: "SELECT at, action, entity, entity_id, detail FROM audit_event ORDER BY seq",
        columns: &[("at", Text), ("action", Text), ("entity", Text), ("entity_id", OptId), ("detail", Text)],
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

/// The rows as CSV: one column per field; lists joined with "; ".
pub fn csv_bytes(table: &Table, rows: &[Map<String, Value>]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Internal(format!("writing CSV: {e}"));
    w.write_record(table.columns.iter().map(|(n, _)| *n)).map_err(err)?;
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
        w.write_record(&cells).map_err(err)?;
    }
    w.into_inner().map_err(|e| Error::Internal(format!("writing CSV: {e}")))
}

fn bad(table: &str, index: usize, field: &str) -> Error {
    Error::invalid(table, format!("record {} has a missing or invalid {field}", index + 1))
}

fn text<'a>(table: &str, i: usize, row: &'a Value, field: &str) -> Result<&'a str> {
    row[field].as_str().ok_or_else(|| bad(table, i, field))
}

fn opt_text<'a>(row: &'a Value, field: &str) -> Option<&'a str> {
    row[field].as_str()
}

fn id(table: &str, i: usize, row: &Value, field: &str) -> Result<Uuid> {
    text(table, i, row, field).and_then(|s| Uuid::parse_str(s).map_err(|_| bad(table, i, field)))
}

fn seq_of(tx: &Transaction<'_>, sql_table: &str, id: Uuid, table: &str, i: usize, field: &str) -> Result<i64> {
    tx.query_row(&format!("SELECT seq FROM {sql_table} WHERE id = ?1"), [id], |r| r.get(0))
        .map_err(|_| bad(table, i, field))
}

fn list(row: &Value, field: &str) -> Vec<String> {
    row[field].as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

/// Inserts the rows of one exported table, resolving references by id.
pub fn insert(tx: &Transaction<'_>, table: &Table, rows: &[Value]) -> Result<()> {
    let t = table.file;
    let mut writer = crate::store::time::TimeWriter::new(tx);
    for (i, row) in rows.iter().enumerate() {
        match t {
            "organizations" => {
                let name = text(t, i, row, "name")?;
                tx.execute(
                    "INSERT INTO organization (id, name, name_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id(t, i, row, "id")?,
                        name,
                        crate::validate::fold_key(name),
                        text(t, i, row, "created_at")?,
                        text(t, i, row, "updated_at")?
                    ],
                )?;
            }
            "clients" => {
                let other = serde_json::to_string(&list(row, "other_names")).unwrap_or_else(|_| "[]".into());
                tx.execute(
                    "INSERT INTO client (id, name, other_names, a_number, date_of_birth, country, interpreter_needed, contact,
                                         entry_date, notes, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    params![
                        id(t, i, row, "id")?,
                        text(t, i, row, "name")?,
                        other,
                        opt_text(row, "a_number"),
                        opt_text(row, "date_of_birth"),
                        opt_text(row, "country"),
                        row["interpreter_needed"].as_bool().unwrap_or(false),
                        opt_text(row, "contact"),
                        opt_text(row, "entry_date"),
                        opt_text(row, "notes"),
                        text(t, i, row, "created_at")?,
                        text(t, i, row, "updated_at")?
                    ],
                )?;
                let seq = tx.last_insert_rowid();
                for (position, lang) in list(row, "languages").iter().enumerate() {
                    let lang_seq = intern(tx, NameTable::Language, lang)?;
                    tx.execute(
                        "INSERT INTO client_language (client_seq, position, language_seq) VALUES (?1, ?2, ?3)",
                        params![seq, position as i64, lang_seq],
                    )?;
                }
            }
            "matters" => {
                let client = seq_of(tx, "client", id(t, i, row, "client_id")?, t, i, "client_id")?;
                let facility =
                    opt_text(row, "detention_facility").map(|f| intern(tx, NameTable::Facility, f)).transpose()?;
                crate::model::CaseType::from_code(text(t, i, row, "case_type")?).map_err(|_| bad(t, i, "case_type"))?;
                tx.execute(
                    "INSERT INTO matter (id, case_ref, client_seq, case_type, detained, facility_seq, state_of_residence, court,
                                         opened, closed, relief_outcome, release_requested, release_outcome, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                    params![
                        id(t, i, row, "id")?,
                        text(t, i, row, "case_ref")?,
                        client,
                        text(t, i, row, "case_type")?,
                        row["detained"].as_bool().unwrap_or(false),
                        facility,
                        opt_text(row, "state_of_residence"),
                        opt_text(row, "court"),
                        text(t, i, row, "opened")?,
                        opt_text(row, "closed"),
                        text(t, i, row, "relief_outcome")?,
                        row["release_requested"].as_bool().unwrap_or(false),
                        opt_text(row, "release_outcome"),
                        text(t, i, row, "created_at")?,
                        text(t, i, row, "updated_at")?
                    ],
                )?;
            }
            "parties" => {
                let matter = seq_of(tx, "matter", id(t, i, row, "matter_id")?, t, i, "matter_id")?;
                tx.execute(
                    "INSERT INTO party (id, matter_seq, kind, name, relationship, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id(t, i, row, "id")?, matter, text(t, i, row, "kind")?, text(t, i, row, "name")?, opt_text(row, "relationship"), text(t, i, row, "created_at")?],
                )?;
            }
            "volunteers" => {
                let org = match row["organization_id"].as_str() {
                    Some(o) => Some(seq_of(
                        tx,
                        "organization",
                        Uuid::parse_str(o).map_err(|_| bad(t, i, "organization_id"))?,
                        t,
                        i,
                        "organization_id",
                    )?),
                    None => None,
                };
                let name = text(t, i, row, "name")?;
                let email = opt_text(row, "email");
                tx.execute(
                    "INSERT INTO volunteer (id, name, name_key, email, email_key, organization_seq, role, languages, bar_number,
                                            created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![
                        id(t, i, row, "id")?,
                        name,
                        crate::validate::fold_key(name),
                        email,
                        email.map(str::to_lowercase),
                        org,
                        text(t, i, row, "role")?,
                        serde_json::to_string(&list(row, "languages")).unwrap_or_else(|_| "[]".into()),
                        opt_text(row, "bar_number"),
                        text(t, i, row, "created_at")?,
                        text(t, i, row, "updated_at")?
                    ],
                )?;
            }
            "assignments" => {
                let v = seq_of(tx, "volunteer", id(t, i, row, "volunteer_id")?, t, i, "volunteer_id")?;
                let m = seq_of(tx, "matter", id(t, i, row, "matter_id")?, t, i, "matter_id")?;
                tx.execute(
                    "INSERT OR IGNORE INTO assignment (id, volunteer_seq, matter_seq, since, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id(t, i, row, "id")?, v, m, text(t, i, row, "since")?, text(t, i, row, "created_at")?],
                )?;
            }
            "time_entries" => {
                let v = seq_of(tx, "volunteer", id(t, i, row, "volunteer_id")?, t, i, "volunteer_id")?;
                let m = seq_of(tx, "matter", id(t, i, row, "matter_id")?, t, i, "matter_id")?;
                let minutes =
                    row["minutes"].as_u64().filter(|m| (1..=1440).contains(m)).ok_or_else(|| bad(t, i, "minutes"))?;
                let date = text(t, i, row, "date")?;
                let entry = crate::store::time::NewEntry {
                    volunteer_seq: v,
                    matter_seq: m,
                    date,
                    minutes: minutes as u32,
                    activity: text(t, i, row, "activity")?,
                };
                writer.insert(id(t, i, row, "id")?, &entry)?;
                tx.execute(
                    "UPDATE time_entry SET updated_at = ?2 WHERE id = ?1",
                    params![id(t, i, row, "id")?, text(t, i, row, "updated_at")?],
                )?;
            }
            "hearings" => {
                let m = seq_of(tx, "matter", id(t, i, row, "matter_id")?, t, i, "matter_id")?;
                tx.execute(
                    "INSERT INTO hearing (id, matter_seq, at, kind, place, description, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![id(t, i, row, "id")?, m, text(t, i, row, "at")?, text(t, i, row, "kind")?, opt_text(row, "place"), opt_text(row, "description"), text(t, i, row, "created_at")?],
                )?;
            }
            "notes" => {
                let m = seq_of(tx, "matter", id(t, i, row, "matter_id")?, t, i, "matter_id")?;
                tx.execute(
                    "INSERT INTO note (id, matter_seq, author, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id(t, i, row, "id")?,
                        m,
                        opt_text(row, "author"),
                        text(t, i, row, "body")?,
                        text(t, i, row, "created_at")?
                    ],
                )?;
            }
            "audit_events" => {
                let entity_id = match row["entity_id"].as_str() {
                    Some(s) => Some(Uuid::parse_str(s).map_err(|_| bad(t, i, "entity_id"))?),
                    None => None,
                };
                tx.execute(
                    "INSERT INTO audit_event (at, action, entity, entity_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        text(t, i, row, "at")?,
                        text(t, i, row, "action")?,
                        text(t, i, row, "entity")?,
                        entity_id,
                        text(t, i, row, "detail")?
                    ],
                )?;
            }
            other => return Err(Error::Internal(format!("no importer for {other}"))),
        }
    }
    Ok(())
}
