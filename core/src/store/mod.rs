//! The unlocked vault: records in, records out.
//!
//! A `Store` owns the one connection and the data key; dropping it (or calling `lock`) closes
//! the database and wipes the key. Writes go through [`Store::write`], which commits only when
//! the closure returns `Ok`, so a failed validation half-way leaves nothing behind.

pub(crate) mod calendar;
pub(crate) mod clients;
pub(crate) mod conflicts;
pub(crate) mod deadlines;
pub(crate) mod matters;
pub(crate) mod names;
mod outbox;
mod records;
pub(crate) mod settings;
#[cfg(feature = "synthetic")]
pub mod synthetic;
pub(crate) mod time;
pub(crate) mod volunteers;

use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::secret::{DataKey, Passphrase, RecoveryKey};
use crate::vault::{KdfParams, Keyring, Rotation, Vault};

pub(crate) use matters::resolve as resolve_matter;
pub(crate) use names::{NameTable, intern};
pub(crate) use volunteers::resolve as resolve_volunteer;

pub use clients::{MergePlan, plan_merge};
pub use deadlines::{CannotCompute, MatterSuggestion, OpenSuggestions, open_suggestions, pick_suggestion};
pub use matters::{MAX_PARTIES_ON_OPEN, MatterFilter, detail as matter_detail, list as list_matters};
pub use settings::{ComparisonRate, Settings, StateGoal};
pub use time::{TimeFilter, list as list_time};
pub use volunteers::VolunteerSummary;

/// Drafts checked by the vault's own rules, for a second engine (team mode) to save the
/// same values the vault would: one set of rules, whatever engine keeps the records.
pub mod valid {
    pub use super::calendar::{
        ValidHearing as Hearing, ValidNote as Note, validate_hearing as hearing, validate_note as note,
    };
    pub use super::clients::{ValidClient as Client, validate as client};
    pub use super::conflicts::{ValidCheck as ConflictCheck, validate_draft as conflict_check};
    pub use super::matters::{
        ValidMatter as Matter, ValidParty as Party, validate as matter, validate_adverse_parties as adverse_parties,
        validate_party as party,
    };
    pub use super::volunteers::{ValidVolunteer as Volunteer, bar_admissions, law_school_start, validate as volunteer};
}

/// What `status` counts, as (what people read, the table): the same tables on either engine.
pub const COUNTED: &[(&str, &str)] = &[
    ("clients", "client"),
    ("matters", "matter"),
    ("volunteers", "volunteer"),
    ("organizations", "organization"),
    ("time entries", "time_entry"),
    ("hearings and deadlines", "hearing"),
    ("notes", "note"),
];

/// Checks for forms that validate as the user types, with the same rules as saving.
pub mod checks {
    pub use super::clients::check as client;
    pub use super::matters::check as matter;
    pub use super::time::check as time_entry;
    pub use super::volunteers::check as volunteer;
}

pub struct Store {
    conn: Connection,
    vault: Vault,
    key: DataKey,
    /// What unlocking found of an interrupted key rotation.
    rotation: Rotation,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("vault", &self.vault.dir()).finish_non_exhaustive()
    }
}

impl Store {
    pub(crate) fn from_parts(conn: Connection, vault: Vault, key: DataKey) -> Store {
        Store { conn, vault, key, rotation: Rotation::None }
    }

    pub(crate) fn set_rotation(&mut self, rotation: Rotation) {
        self.rotation = rotation;
    }

    /// What unlocking found of an interrupted key rotation: [`Rotation::Completed`] means its
    /// new recovery key was never shown, so a new one should be made.
    pub fn rotation_on_unlock(&self) -> Rotation {
        self.rotation
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// A second connection to this open vault, with the same key: long work runs on it so
    /// the first stays free (SQLite in WAL mode reads on one while the other writes). No
    /// migration and no unlock event: the vault is open already.
    pub fn another_connection(&self) -> Result<Store> {
        let keyed = crate::db::Keyed { key: &self.key, cipher: self.vault.key_file().cipher() };
        let conn = crate::db::open(&self.vault.db_path(), Some(keyed), crate::db::Access::ReadWrite, false)?;
        Ok(Store::from_parts(conn, self.vault.clone(), self.key.clone()))
    }

    /// A read-only connection to the same vault (what a damaged vault is kept open with).
    pub fn read_only_connection(&self) -> Result<Store> {
        let keyed = crate::db::Keyed { key: &self.key, cipher: self.vault.key_file().cipher() };
        let conn = crate::db::open(&self.vault.db_path(), Some(keyed), crate::db::Access::ReadOnly, false)?;
        Ok(Store::from_parts(conn, self.vault.clone(), self.key.clone()))
    }

    /// Whether this connection can write.
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        crate::db::user_version(&self.conn)
    }

    /// Sets this connection's everyday page cache (see [`crate::db::set_cache_kib`]).
    pub fn set_page_cache_kib(&self, kib: u32) -> Result<()> {
        crate::db::set_cache_kib(&self.conn, kib)
    }

    /// This connection's everyday page cache, in KiB.
    pub fn page_cache_kib(&self) -> Result<u32> {
        let size: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        // Negative sizes are KiB; positive ones pages of 4 KiB.
        Ok(u32::try_from(if size < 0 { -size } else { size * 4 }).unwrap_or(u32::MAX))
    }

    /// Closes the database and wipes the key from memory.
    pub fn lock(self) {
        drop(self);
    }

    /// Runs `f` in an immediate transaction: committed on `Ok`, rolled back on `Err`.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        // `write-wait` before asking for the write lock (SQLite's busy handler waits up to
        // the busy timeout while another program holds it), `write-begin` once it is held.
        crate::trace::mark("write-wait");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::trace::mark("write-begin");
        let value = f(&tx)?;
        tx.commit()?;
        crate::trace::mark("write-commit");
        Ok(value)
    }

    /// Read access for queries (reports, lists).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn record_event(&mut self, action: &str, entity: &str, id: Option<Uuid>, detail: &str) -> Result<()> {
        self.write(|tx| audit(tx, action, entity, id, detail))
    }

    /// Records that the user exported something (a PDF, a CSV) out of the vault.
    /// Records that a person opened a record (a client's page).
    pub fn record_view(&mut self, entity: &str, id: Uuid) -> Result<()> {
        self.record_event("view", entity, Some(id), "")
    }

    pub fn record_export(&mut self, what: &str) -> Result<()> {
        self.record_event("export", "report", None, what)
    }

    /// Rewraps the data key under a new passphrase. The database is not touched; the key
    /// file is replaced atomically, so a crash leaves the old or the new passphrase working.
    /// The key-derivation cost is today's default or the vault's own, whichever is higher in
    /// each parameter: a change never makes the passphrase cheaper to guess.
    pub fn change_passphrase(&mut self, new: &Passphrase) -> Result<()> {
        let current = self.vault.key_file().passphrase_kdf().unwrap_or(KdfParams::DEFAULT);
        self.change_passphrase_with(new, current.at_least(KdfParams::DEFAULT))
    }

    /// [`Store::change_passphrase`] with the cost given (tests keep it cheap).
    pub(crate) fn change_passphrase_with(&mut self, new: &Passphrase, kdf: KdfParams) -> Result<()> {
        new.check_new()?;
        let next = self.vault.key_file().with_new_passphrase(&self.key, new, kdf)?;
        next.write(&self.vault.key_path())?;
        self.vault = Vault::open(self.vault.dir())?;
        self.record_event("passphrase_change", "vault", None, "")
    }

    /// Replaces the data key: the database is re-encrypted under a new random key (SQLCipher's
    /// `PRAGMA rekey`, one transaction), and the key file is replaced by one that wraps the
    /// new key under `passphrase` (which must be this vault's) and a new recovery key,
    /// returned to be shown once. Backups made before still open with the old secrets.
    ///
    /// Crash-safe in three steps, each atomic: (1) the new key file is written beside the old
    /// one as `vault.key.next`, carrying the new key wrapped under the old one as well;
    /// (2) the database is re-encrypted; (3) `vault.key` is replaced by the new key file
    /// without that extra wrap, and `vault.key.next` removed. An unlock that finds
    /// `vault.key.next` decides by which key opens the database whether step 2 happened, and
    /// finishes or undoes the rotation: every old secret opens the vault until step 3 is done.
    /// No other connection to the vault may be open.
    pub fn rekey(&mut self, passphrase: &Passphrase) -> Result<RecoveryKey> {
        let current = self.vault.key_file().passphrase_kdf().unwrap_or(KdfParams::DEFAULT);
        self.rekey_with(passphrase, current.at_least(KdfParams::DEFAULT))
    }

    /// [`Store::rekey`] with the cost given (tests keep it cheap).
    pub(crate) fn rekey_with(&mut self, passphrase: &Passphrase, kdf: KdfParams) -> Result<RecoveryKey> {
        self.prove_passphrase(passphrase)?;
        let new_key = DataKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let next = self.vault.key_file().rotated(&self.key, &new_key, passphrase, &recovery, kdf)?;
        let next_path = self.vault.next_key_path();
        next.write(&next_path)?;
        crate::trace::mark("rekey-begin");
        let statement =
            zeroize::Zeroizing::new(format!("PRAGMA rekey = \"{}\";", new_key.sqlcipher_literal().as_str()));
        if let Err(e) = self.conn.execute_batch(&statement) {
            // SQLCipher rolled the transaction back; start again from a fresh connection with
            // the old key rather than trust this one's codec state.
            let fresh = self.another_connection();
            let _ = crate::fsutil::remove_durably(&next_path);
            if let Ok(fresh) = fresh {
                self.conn = fresh.into_connection();
            }
            return Err(e.into());
        }
        crate::trace::mark("rekey-committed");
        // Fold the re-encrypted pages into the database file now (best effort: the next
        // checkpoint does it otherwise).
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        next.settled().write(&self.vault.key_path())?;
        crate::fsutil::remove_durably(&next_path).map_err(|e| Error::io("removing the key rotation's file", e))?;
        self.key = new_key;
        self.vault = Vault::open(self.vault.dir())?;
        // The rotation is done; its recovery key must reach the person even if the log cannot
        // be written now (a full disk), so this one event is best effort.
        let _ = self.record_event("update", "vault", None, "data key replaced (key rotation)");
        Ok(recovery)
    }

    /// Checks that `passphrase` is this vault's (an Argon2 derivation: about half a second).
    pub fn prove_passphrase(&self, passphrase: &Passphrase) -> Result<()> {
        let key = self.vault.key_file().unwrap_with_passphrase(passphrase)?;
        if self.vault.key_file().matches(&key) && key.expose() == self.key.expose() {
            Ok(())
        } else {
            Err(Error::WrongPassphrase)
        }
    }

    /// Checks that `recovery` is this vault's recovery key.
    pub fn prove_recovery_key(&self, recovery: &RecoveryKey) -> Result<()> {
        let key = self.vault.key_file().unwrap_with_recovery(recovery)?;
        if key.expose() == self.key.expose() { Ok(()) } else { Err(Error::WrongRecoveryKey) }
    }

    fn into_connection(self) -> Connection {
        let Store { conn, .. } = self;
        conn
    }

    /// Replaces the recovery key (when the printed kit is lost). Returns the new key, to be
    /// shown once.
    pub fn new_recovery_key(&mut self) -> Result<RecoveryKey> {
        let recovery = RecoveryKey::generate()?;
        let next = self.vault.key_file().with_new_recovery(&self.key, &recovery)?;
        next.write(&self.vault.key_path())?;
        self.vault = Vault::open(self.vault.dir())?;
        self.record_event("update", "vault", None, "recovery key replaced")?;
        Ok(recovery)
    }

    /// Keeps the data key in the OS keyring so this computer unlocks without the passphrase.
    pub fn remember(&mut self, keyring: &Keyring) -> Result<()> {
        keyring.remember(self.vault.id(), &self.key)?;
        self.record_event("remember", "vault", None, "")
    }

    pub fn forget(&mut self, keyring: &Keyring) -> Result<()> {
        keyring.forget(self.vault.id())?;
        self.record_event("forget", "vault", None, "")
    }

    pub fn data_key(&self) -> &DataKey {
        &self.key
    }

    /// The most recent audit events, newest first.
    pub fn audit_events(&self, limit: usize) -> Result<Vec<crate::model::AuditEvent>> {
        let mut stmt = self
            .conn
            .prepare("SELECT at, action, entity, entity_id, detail FROM audit_event ORDER BY seq DESC LIMIT ?1")?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(crate::model::AuditEvent {
                at: r.get(0)?,
                action: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
                detail: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How this vault's pages are encrypted, as SQLCipher reports it, for `status`.
    pub fn page_encryption(&self) -> Result<PageEncryption> {
        let pragma = |name: &str| -> Result<String> {
            Ok(self.conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, String>(0))?)
        };
        Ok(PageEncryption {
            cipher: pragma("cipher")?,
            hmac: pragma("cipher_hmac_algorithm")?,
            provider: pragma("cipher_provider")?,
            provider_version: pragma("cipher_provider_version")?,
        })
    }

    /// Counts of each kind of record, for `status`.
    pub fn counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let mut out = Vec::new();
        for &(label, table) in COUNTED {
            let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            out.push((label, n));
        }
        Ok(out)
    }
}

/// The page cipher of an open vault: SQLCipher's `PRAGMA cipher`, `cipher_hmac_algorithm`,
/// `cipher_provider` and `cipher_provider_version`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageEncryption {
    pub cipher: String,
    pub hmac: String,
    /// `openssl-probono` when our provider (core/page-crypto) is in use.
    pub provider: String,
    pub provider_version: String,
}

/// Now as an RFC 3339 UTC timestamp to the second.
pub(crate) fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub(crate) fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

pub(crate) fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The id and timestamps a record is written with: new ones for a new record, the exported
/// ones for a record brought back from a JSON export (ids stay the same across vaults).
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    pub id: Uuid,
    pub created_at: String,
    pub updated_at: String,
}

impl Stamp {
    pub fn new() -> Stamp {
        let at = now();
        Stamp { id: new_id(), created_at: at.clone(), updated_at: at }
    }
}

/// Appends an audit event stamped now (the audit log's one writer, with [`audit_at`]).
pub(crate) fn audit(tx: &Transaction<'_>, action: &str, entity: &str, id: Option<Uuid>, detail: &str) -> Result<()> {
    audit_at(tx, &now(), action, entity, id, detail)
}

/// Appends an audit event with the time it happened (events brought back from an export).
pub(crate) fn audit_at(
    tx: &Transaction<'_>,
    at: &str,
    action: &str,
    entity: &str,
    id: Option<Uuid>,
    detail: &str,
) -> Result<()> {
    let prev = crate::audit::last_link(tx)?;
    let hash = crate::audit::link(&prev, at, action, entity, id, detail);
    tx.prepare_cached(
        "INSERT INTO audit_event (at, action, entity, entity_id, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![at, action, entity, id, detail, &hash[..]])?;
    Ok(())
}

/// Parses an id given as text, if it looks like one.
pub(crate) fn parse_id(reference: &str) -> Option<Uuid> {
    Uuid::parse_str(reference.trim()).ok()
}

pub(crate) fn json_list(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn from_json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// A reference matched more than one record.
pub(crate) fn ambiguous(what: &str, field: &str) -> Error {
    Error::invalid(field, format!("matches more than one {what}; use its id instead"))
}
