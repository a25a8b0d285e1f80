//! Data exit: every record out of the vault in documented, stable formats (JSON or CSV, one
//! file per kind of record; docs/export-format.md), and a JSON export back into an empty
//! vault with the same ids. Exports are unencrypted by nature: the CLI and app say so.

mod restore;
mod tables;

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::fsutil;
use crate::store::Store;
use crate::task::TaskContext;

pub use tables::{TABLES, Table};

pub const FORMAT: &str = "pro-bono-desk-export";

/// The records of one export file, as the export writes them.
pub type Rows = Vec<Map<String, Value>>;
/// Every export file's records, and the settings (key, JSON text).
pub type RecordsOut = (Vec<(&'static str, Rows)>, Vec<(String, String)>);
pub const VERSION: u32 = 1;

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "RecordsFormat"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Json,
    Csv,
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            _ => Err(Error::invalid("format", "must be json or csv")),
        }
    }
}

/// What an export wrote: a file per kind of record, with its row count.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportSummary {
    pub dir: String,
    pub format: ExportFormat,
    pub files: Vec<(String, usize)>,
}

impl Store {
    /// Writes every record into `dir` (created if missing), one file per table plus
    /// `settings.json` and `manifest.json`. Files are replaced atomically; when the task is
    /// cancelled or a write fails, the files this export wrote are removed again.
    pub fn export_records(&mut self, dir: &Path, format: ExportFormat, task: &TaskContext) -> Result<ExportSummary> {
        fsutil::create_private_dir(dir).map_err(|e| Error::io("creating the export folder", e))?;
        let mut written = Vec::new();
        let result = self.export_into(dir, format, task, &mut written);
        if result.is_err() {
            for name in &written {
                let _ = std::fs::remove_file(dir.join(name));
            }
        }
        result
    }

    fn export_into(
        &mut self,
        dir: &Path,
        format: ExportFormat,
        task: &TaskContext,
        written: &mut Vec<String>,
    ) -> Result<ExportSummary> {
        let mut write = |name: &str, bytes: &[u8]| -> Result<()> {
            fsutil::write_atomically(&dir.join(name), bytes).map_err(|e| Error::io(format!("writing {name}"), e))?;
            written.push(name.to_owned());
            Ok(())
        };
        let mut files = Vec::new();
        let mut counts = Map::new();
        for (done, table) in TABLES.iter().enumerate() {
            task.step(table.file, done as u64, TABLES.len() as u64)?;
            let rows = tables::read(self.conn(), table)?;
            let name = format!("{}.{}", table.file, if format == ExportFormat::Json { "json" } else { "csv" });
            let bytes = match format {
                ExportFormat::Json => json_bytes(&rows)?,
                ExportFormat::Csv => tables::csv_bytes(table, &rows)?,
            };
            write(&name, &bytes)?;
            counts.insert(table.file.to_owned(), rows.len().into());
            files.push((name, rows.len()));
        }
        let settings: Map<String, Value> = {
            let mut stmt = self.conn().prepare("SELECT key, value FROM setting ORDER BY key")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            let mut m = Map::new();
            for row in rows {
                let (k, v) = row?;
                m.insert(k, serde_json::from_str(&v).unwrap_or(Value::String(v)));
            }
            m
        };
        write("settings.json", &json_bytes(&Value::Object(settings))?)?;
        let manifest = serde_json::json!({
            "format": FORMAT,
            "version": VERSION,
            "format_of_files": format,
            "exported_at": crate::store::now(),
            "vault_id": self.vault().id(),
            "schema_version": crate::db::user_version(self.conn())?,
            "counts": counts,
            "warning": "These files are NOT encrypted and hold confidential client data. Keep them as carefully as the vault, and delete them when done.",
        });
        task.check()?;
        write("manifest.json", &json_bytes(&manifest)?)?;
        self.record_event("export", "vault", None, &format!("{} files", files.len() + 2))?;
        Ok(ExportSummary { dir: dir.display().to_string(), format, files })
    }

    /// Every record as the export writes it (one list per file of [`TABLES`], ids as UUID
    /// strings, references by id), and the settings, in memory: for copying a vault into a
    /// team database (`team push`).
    pub fn records_out(&self) -> Result<RecordsOut> {
        let mut out = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            out.push((table.file, tables::read(self.conn(), table)?));
        }
        let mut stmt = self.conn().prepare("SELECT key, value FROM setting ORDER BY key")?;
        let settings = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((out, settings))
    }

    /// Imports a JSON export into this vault, which must hold no records yet: all records,
    /// ids included, each checked as the forms check it, in one transaction; the first
    /// problem is reported with its file, record and field, and nothing is written.
    pub fn import_export(&mut self, dir: &Path, task: &TaskContext) -> Result<Vec<(String, usize)>> {
        let manifest: Value = read_json(&dir.join("manifest.json"))?;
        if manifest["format"] != FORMAT {
            return Err(Error::invalid("dir", "is not a Pro Bono Desk export (manifest.json is missing or different)"));
        }
        if manifest["version"].as_u64() != Some(u64::from(VERSION)) || manifest["format_of_files"] != "json" {
            return Err(Error::invalid("dir", "must be a JSON export of format version 1"));
        }
        let mut data = Vec::new();
        for table in TABLES {
            let path = dir.join(format!("{}.json", table.file));
            if table.added_later && !path.exists() {
                data.push((table.file, Vec::new()));
                continue;
            }
            let value = read_json(&path)?;
            let rows = value.as_array().cloned().ok_or_else(|| Error::invalid(table.file, "must be a JSON array"))?;
            data.push((table.file, rows));
        }
        let settings = match read_json(&dir.join("settings.json"))? {
            Value::Object(map) => map,
            _ => return Err(Error::invalid("settings.json", "must be a JSON object")),
        };
        self.import_records(data, &settings, task)
    }

    /// Imports records given as an export's files would hold them (file name as in
    /// [`TABLES`], one JSON object per record; a file not given counts as empty) into this
    /// vault, which must hold no records yet: checked and written as [`Store::import_export`]
    /// does, in one transaction. A team server's snapshot comes in this way (`backup`).
    pub fn import_records(
        &mut self,
        mut files: Vec<(&str, Vec<Value>)>,
        settings: &Map<String, Value>,
        task: &TaskContext,
    ) -> Result<Vec<(String, usize)>> {
        let existing: i64 = self.conn().query_row(
            "SELECT (SELECT count(*) FROM client) + (SELECT count(*) FROM matter) + (SELECT count(*) FROM volunteer)",
            [],
            |r| r.get(0),
        )?;
        if existing > 0 {
            return Err(Error::Conflict(
                "the vault already holds records: import an export only into an empty vault".into(),
            ));
        }
        if let Some((file, _)) = files.iter().find(|(f, _)| !TABLES.iter().any(|t| t.file == *f)) {
            return Err(Error::Internal(format!("no such export file: {file}")));
        }
        let data: Vec<(&Table, Vec<Value>)> = TABLES
            .iter()
            .map(|t| {
                let rows = files.iter_mut().find(|(f, _)| *f == t.file).map(|(_, rows)| std::mem::take(rows));
                (t, rows.unwrap_or_default())
            })
            .collect();
        let total = data.len() as u64 + 1;
        self.write(|tx| {
            let mut counts = Vec::new();
            for (done, (table, rows)) in data.iter().enumerate() {
                task.step(table.file, done as u64, total)?;
                restore::insert(tx, table.file, rows)?;
                counts.push((table.file.to_owned(), rows.len()));
            }
            task.step("settings", total - 1, total)?;
            restore::insert_settings(tx, settings)?;
            crate::store::audit(tx, "import", "vault", None, "records imported from an export")?;
            Ok(counts)
        })
    }
}

fn json_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(value).map_err(|e| Error::Internal(format!("writing JSON: {e}")))?;
    out.write_all(b"\n").map_err(|e| Error::io("writing JSON", e))?;
    Ok(out)
}

fn read_json(path: &Path) -> Result<Value> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file").to_owned();
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("reading {name}"), e))?;
    serde_json::from_slice(&bytes).map_err(|e| Error::invalid(name, format!("is not valid JSON (line {})", e.line())))
}
