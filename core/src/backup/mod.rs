//! Backups that restore: a verified, encrypted, self-contained copy of the vault, written
//! atomically; restore into a new folder only; and the integrity check.
//!
//! A backup is made with SQLite's online backup API (never a copy of a live file part-way
//! through a transaction) into a temporary database keyed like the vault, checked with
//! `cipher_integrity_check` and `integrity_check`, then wrapped with the key file into one
//! file (see [`container`]) and renamed into place.

pub mod container;

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::Connection;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::fsutil;
use crate::store::Store;
use crate::task::TaskContext;
use crate::vault::{DB_FILE, KEY_FILE, KeyFile, Unlock, Vault};

/// The file name extension of backups.
pub const EXTENSION: &str = "pbbackup";

/// What a backup wrote.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupReport {
    pub path: String,
    pub bytes: u64,
    pub pages: u64,
    /// Both integrity checks passed on the copy before it was put in place.
    pub verified: bool,
    pub seconds: f64,
}

/// The result of `cipher_integrity_check` and `integrity_check`, in plain words.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Pages whose encryption or authentication code does not verify.
    pub cipher_problems: Vec<String>,
    /// Structural problems SQLite found.
    pub integrity_problems: Vec<String>,
    /// The audit log's first broken link, when it was altered (the vault check only; a
    /// backup copies the log as it is).
    pub audit_problem: Option<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.cipher_problems.is_empty() && self.integrity_problems.is_empty() && self.audit_problem.is_none()
    }
}

/// Runs both checks on a connection (read-only: nothing is repaired).
pub fn check_connection(conn: &Connection) -> Result<CheckReport> {
    let mut cipher_problems = Vec::new();
    {
        let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            cipher_problems.push(row.get::<_, String>(0).unwrap_or_else(|_| "unreadable page".into()));
        }
    }
    let mut integrity_problems = Vec::new();
    {
        let mut stmt = conn.prepare("PRAGMA integrity_check(100)")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let line: String = row.get(0)?;
            if line != "ok" {
                integrity_problems.push(line);
            }
        }
    }
    Ok(CheckReport { cipher_problems, integrity_problems, audit_problem: None })
}

/// How old a vault's temporary backup copy must be before the next backup removes it: no
/// backup runs this long (a million records take seconds), so one this old was left by a
/// backup that was killed.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(60 * 60);

fn temp_prefix(vault_id: &str) -> String {
    format!(".pro-bono-desk-backup.{vault_id}.")
}

/// The temporary copy of the database, beside the target (same filesystem): named after the
/// vault plus a random part, made with `O_EXCL` and mode 0600 (the `tempfile` crate), removed
/// when dropped. This vault's copies left there by a killed backup more than an hour ago are
/// removed first.
fn temp_beside(target: &Path, vault_id: &str) -> Result<tempfile::NamedTempFile> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::invalid("path", "the folder for the backup does not exist"));
    }
    remove_stale_temps(dir, vault_id);
    tempfile::Builder::new()
        .prefix(&temp_prefix(vault_id))
        .suffix(".db.tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("creating the backup's temporary copy", e))
}

/// Removes this vault's temporary backup copies in `dir` not touched for [`STALE_TEMP`].
/// Best effort: a copy that cannot be removed is left for the next backup.
fn remove_stale_temps(dir: &Path, vault_id: &str) {
    let prefix = temp_prefix(vault_id);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(&prefix) && name.ends_with(".db.tmp")) {
            continue;
        }
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if age.is_some_and(|age| age >= STALE_TEMP) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn open_keyed(path: &Path, keyed: crate::db::Keyed<'_>) -> Result<Connection> {
    let conn = Connection::open(crate::db::sqlite_path(path))?;
    crate::db::apply_key(&conn, keyed)?;
    Ok(conn)
}

impl Store {
    /// Writes a verified backup to `path` (replaced atomically), reporting pages copied
    /// (stage "backup"); a cancelled task leaves no file behind.
    pub fn backup(&mut self, path: &Path, task: &TaskContext) -> Result<BackupReport> {
        let started = Instant::now();
        let temp_db = temp_beside(path, self.vault().key_file().vault_id())?;
        crate::trace::mark("backup-begin");
        let result = self.backup_via(path, temp_db.path(), task);
        drop(temp_db);
        let (pages, bytes) = result?;
        let at = serde_json::to_string(&crate::store::now()).map_err(|e| Error::Internal(e.to_string()))?;
        self.write(|tx| {
            crate::store::settings::put(tx, crate::store::settings::LAST_VERIFIED_BACKUP, &at)?;
            crate::store::audit(tx, "export", "backup", None, &format!("verified backup of {pages} pages"))
        })?;
        Ok(BackupReport {
            path: path.display().to_string(),
            bytes,
            pages,
            verified: true,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    fn backup_via(&mut self, path: &Path, temp_db: &Path, task: &TaskContext) -> Result<(u64, u64)> {
        let key = self.data_key().clone();
        let cipher = self.vault().key_file().cipher();
        let mut dest = open_keyed(temp_db, crate::db::Keyed { key: &key, cipher })?;
        // The copy is a temporary file, checked before it is used: no journal, and a cache
        // large enough that the integrity checks decrypt each page once.
        dest.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;")?;
        let pages = {
            let backup = rusqlite::backup::Backup::new(self.conn(), &mut dest)?;
            loop {
                let step = backup.step(2048)?;
                let p = backup.progress();
                let total = p.pagecount.max(0) as u64;
                task.step("backup", total - p.remaining.max(0) as u64, total)?;
                match step {
                    rusqlite::backup::StepResult::Done => break total,
                    rusqlite::backup::StepResult::More => {}
                    rusqlite::backup::StepResult::Busy | rusqlite::backup::StepResult::Locked => {
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    _ => {}
                }
            }
        };
        let report = check_connection(&dest)?;
        if !report.ok() {
            return Err(Error::VaultDamaged(format!(
                "the copy did not pass its integrity check ({} problems); no backup was written. Check the vault",
                report.cipher_problems.len() + report.integrity_problems.len()
            )));
        }
        let schema = crate::db::user_version(&dest)?;
        dest.close().map_err(|(_, e)| Error::from(e))?;
        let db_len = std::fs::metadata(temp_db).map_err(|e| Error::io("reading the backup copy", e))?.len();
        let key_file: serde_json::Value = serde_json::from_slice(&self.vault().key_file().to_bytes()?)
            .map_err(|e| Error::Internal(format!("key file JSON: {e}")))?;
        let header = container::BackupHeader {
            vault_id: self.vault().id().to_owned(),
            schema_version: schema,
            created_at: crate::store::now(),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            db_len,
            key_file,
        };
        let mut db = File::open(temp_db).map_err(|e| Error::io("reading the backup copy", e))?;
        fsutil::write_atomically_with(path, |out| {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 20, &mut *out);
            container::write(&mut buffered, &header, &mut db)?;
            buffered.flush()
        })
        .map_err(|e| Error::io("writing the backup", e))?;
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        Ok((pages, bytes))
    }

    /// Writes a backup named by vault and date and time into `folder`
    /// (`pro-bono-desk-<vault id>-<YYYYMMDD-HHMMSS>.pbbackup`) and keeps the newest `keep` of
    /// this vault's backups there (a rotating set, e.g. on a mounted drive). Backups of other
    /// vaults in the same folder are never touched; this vault's backups named the way
    /// earlier versions named them (`pro-bono-desk-<date>-<time>.pbbackup`) are recognised
    /// by the vault id in their header and rotated with the rest.
    pub fn backup_to_folder(&mut self, folder: &Path, keep: usize, task: &TaskContext) -> Result<BackupReport> {
        if !folder.is_dir() {
            return Err(Error::invalid("folder", "does not exist"));
        }
        let vault_id = self.vault().key_file().vault_id().to_owned();
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let name = format!("pro-bono-desk-{vault_id}-{stamp}.{EXTENSION}");
        let report = self.backup(&folder.join(name), task)?;
        let mut ours: Vec<(String, PathBuf)> = std::fs::read_dir(folder)
            .map_err(|e| Error::io("listing the backup folder", e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter_map(|p| {
                let stamp = rotation_stamp(&p, &vault_id)?;
                Some((stamp, p))
            })
            .collect();
        ours.sort();
        let excess = ours.len().saturating_sub(keep.max(1));
        for (_, old) in &ours[..excess] {
            let _ = std::fs::remove_file(old);
        }
        Ok(report)
    }

    /// When the last verified backup was made (RFC 3339), if ever.
    pub fn last_verified_backup(&self) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        let value: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM setting WHERE key = ?1",
                [crate::store::settings::LAST_VERIFIED_BACKUP],
                |r| r.get(0),
            )
            .optional()?;
        Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
    }

    /// True when the last verified backup is older than the reminder setting (or missing).
    pub fn backup_due(&self) -> Result<bool> {
        let days = self.settings()?.backup_reminder_days;
        let Some(last) = self.last_verified_backup()? else { return Ok(true) };
        let Ok(last) = last.parse::<jiff::Timestamp>() else { return Ok(true) };
        let age = jiff::Timestamp::now().duration_since(last);
        Ok(age.as_secs() > i64::from(days) * 86_400)
    }

    /// `cipher_integrity_check` and `integrity_check` on the open vault.
    /// The vault check: encryption, structure, and the audit log's chain.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = check_connection(self.conn())?;
        if report.cipher_problems.is_empty() && report.integrity_problems.is_empty() {
            let chain = crate::audit::verify(self.conn())?;
            report.audit_problem = (!chain.intact()).then(|| chain.describe());
        }
        Ok(report)
    }

    /// The audit log's chain, checked from the first event.
    pub fn verify_audit(&self) -> Result<crate::audit::AuditChain> {
        crate::audit::verify(self.conn())
    }
}

/// Restores `file` into `new_dir`, which must not hold anything yet: the secret is proven
/// against the backup's key file first, the files are written, and the restored vault is
/// opened and checked. On any failure, or when the task is cancelled, nothing is left in
/// `new_dir`.
/// The date-and-time stamp of `path` when it is one of `vault_id`'s backups in a rotating
/// folder, by its name (or, for the names earlier versions wrote, by its header).
fn rotation_stamp(path: &Path, vault_id: &str) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let rest = name.strip_prefix("pro-bono-desk-")?.strip_suffix(&format!(".{EXTENSION}"))?;
    let is_stamp = |s: &str| {
        s.len() == 15 && s.chars().enumerate().all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() })
    };
    if let Some(stamp) = rest.strip_prefix(vault_id).and_then(|r| r.strip_prefix('-')) {
        return is_stamp(stamp).then(|| stamp.to_owned());
    }
    if !is_stamp(rest) {
        return None;
    }
    let mut file = File::open(path).ok()?;
    let header = container::read_header(&mut file).ok()?;
    (header.vault_id == vault_id).then(|| rest.to_owned())
}

pub fn restore(file: &Path, new_dir: &Path, unlock: Unlock<'_>, task: &TaskContext) -> Result<Store> {
    task.step("checking the backup", 0, 3)?;
    if new_dir.exists() {
        let occupied =
            std::fs::read_dir(new_dir).map_err(|e| Error::io("reading the target folder", e))?.next().is_some();
        if occupied {
            return Err(Error::invalid("new_dir", "must be a new or empty folder: restore never overwrites anything"));
        }
    }
    let mut backup =
        std::io::BufReader::with_capacity(64 * 1024, File::open(file).map_err(|e| Error::io("reading the backup", e))?);
    let checked = container::check(&mut backup)?;
    let key_bytes = serde_json::to_vec(&checked.header.key_file)
        .map_err(|_| Error::BackupDamaged("holds a key file that cannot be read".into()))?;
    let key_file = KeyFile::from_bytes(&key_bytes)?;
    if key_file.vault_id() != checked.header.vault_id {
        return Err(Error::BackupDamaged("holds the key file of another vault".into()));
    }
    let probe = Vault::from_key_file(new_dir, key_file.clone());
    let key = probe.data_key(unlock)?;

    let created_dir = !new_dir.exists();
    let cleanup = || {
        for name in [DB_FILE, "vault.db-wal", "vault.db-shm", KEY_FILE] {
            let _ = std::fs::remove_file(new_dir.join(name));
        }
        if created_dir {
            let _ = std::fs::remove_dir(new_dir);
        }
    };
    let result = (|| {
        task.step("restoring", 1, 3)?;
        fsutil::create_private_dir(new_dir).map_err(|e| Error::io("creating the vault folder", e))?;
        // The bytes are hashed again on their way in: a backup file changed since the check
        // above fails here, and the cleanup below removes what was written.
        let mut copy_error = None;
        let written = fsutil::write_atomically_with(&new_dir.join(DB_FILE), |out| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
            if let Err(e) = checked.copy_db(&mut backup, &mut out) {
                copy_error = Some(e);
                return Err(std::io::Error::other("the backup could not be copied"));
            }
            out.flush()
        });
        if let Some(e) = copy_error {
            return Err(e);
        }
        written.map_err(|e| Error::io("writing the vault", e))?;
        key_file.write(&new_dir.join(KEY_FILE))?;
        task.step("checking the restored vault", 2, 3)?;
        let store = Vault::open(new_dir)?.unlock(Unlock::Key(key))?;
        let report = store.check()?;
        if !report.ok() {
            return Err(Error::BackupDamaged("did not pass its integrity check once restored".into()));
        }
        task.step("done", 3, 3)?;
        Ok(store)
    })();
    if result.is_err() {
        cleanup();
    }
    result
}
