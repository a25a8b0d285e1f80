//! Keeping records safe and letting them move: backups, restore, the integrity check, every
//! record out as JSON or CSV and back in, and spreadsheet import.

use std::path::{Path, PathBuf};

use probono_core::backup::{self, BackupReport, CheckReport};
use probono_core::exchange::{ExportFormat, ExportSummary};
use probono_core::import::{ImportRequest, ImportSummary};
use probono_core::task::TaskContext;
use probono_core::{Error, Result};

use crate::secret::Secret;
use crate::session::Session;

/// Where a backup goes.
#[derive(Debug, Clone)]
pub enum BackupTarget {
    /// One `.pbbackup` file, replaced atomically.
    File(PathBuf),
    /// A folder holding a rotating set of this vault's backups, the newest `keep` kept.
    Folder { dir: PathBuf, keep: usize },
}

/// Writes a verified backup.
pub fn backup(session: &mut Session, target: &BackupTarget, task: &TaskContext) -> Result<BackupReport> {
    match target {
        BackupTarget::File(path) => session.store_mut().backup(path, task),
        BackupTarget::Folder { dir, keep } => session.store_mut().backup_to_folder(dir, *keep, task),
    }
}

/// Restores `file` into the new or empty folder `new_dir` and opens it.
pub fn restore(file: &Path, new_dir: &Path, secret: &Secret, task: &TaskContext) -> Result<Session> {
    backup::restore(file, new_dir, secret.as_unlock(), task).map(Session::from)
}

/// The audit log's hash chain, checked from the first event.
pub fn verify_audit(session: &Session) -> Result<probono_core::audit::AuditChain> {
    session.store().verify_audit()
}

/// Both integrity checks on the open vault (nothing is repaired).
pub fn check(session: &Session) -> Result<CheckReport> {
    session.store().check()
}

/// Writes every record, unencrypted, into `dir`. A sensitive action: the passphrase or
/// recovery key was typed again ([`Session::confirm`]).
pub fn export_records(
    session: &mut Session,
    proof: &crate::session::Confirmed,
    dir: &Path,
    format: ExportFormat,
    task: &TaskContext,
) -> Result<ExportSummary> {
    session.check_confirmed(proof)?;
    session.store_mut().export_records(dir, format, task)
}

/// Imports a JSON export into this vault, which must hold no records yet.
pub fn import_records(session: &mut Session, dir: &Path, task: &TaskContext) -> Result<Vec<(String, usize)>> {
    session.store_mut().import_export(dir, task)
}

/// The spreadsheet files of one import (either or both).
#[derive(Debug, Clone, Default)]
pub struct Spreadsheets {
    pub matters: Option<PathBuf>,
    pub hours: Option<PathBuf>,
}

/// Import files larger than this are refused before they are read.
pub const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;

/// Reads a file a person chose to import, refusing anything that is not a file of a sane size.
pub fn read_input(field: &str, path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|_| Error::invalid(field, "the file does not exist"))?;
    if !meta.is_file() {
        return Err(Error::invalid(field, "is not a file"));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(Error::invalid(field, "is larger than 200 MB"));
    }
    std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))
}

/// Imports matters and/or hours from spreadsheets: all rows or none; `dry_run` reports what
/// would happen and writes nothing.
pub fn import_spreadsheets(
    records: &mut dyn probono_core::records::Records,
    files: &Spreadsheets,
    dry_run: bool,
    task: &TaskContext,
) -> Result<ImportSummary> {
    if files.matters.is_none() && files.hours.is_none() {
        return Err(Error::invalid("path", "name a matters file, an hours file, or both"));
    }
    let matters = files.matters.as_deref().map(|p| read_input("matters", p)).transpose()?;
    let hours = files.hours.as_deref().map(|p| read_input("hours", p)).transpose()?;
    records.import(ImportRequest { matters: matters.as_deref(), hours: hours.as_deref(), dry_run }, task)
}
