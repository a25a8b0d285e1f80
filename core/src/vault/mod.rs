//! A vault is a folder: the SQLCipher database (`vault.db`) and its key file (`vault.key`).
//!
//! The database is encrypted with a random data key; the key file holds that key wrapped by
//! the passphrase and by the recovery key. Unlocking proves the secret against the key file
//! first, so a wrong passphrase never reaches the database and changes nothing on disk.

pub mod keyfile;
pub mod keyring;
pub mod recovery_kit;

use std::path::{Path, PathBuf};

use crate::db::{self, Access};
use crate::error::{Error, Result};
use crate::secret::{DataKey, Passphrase, RecoveryKey};
use crate::store::Store;

pub use keyfile::{KdfParams, KeyFile};
pub use keyring::Keyring;

pub const DB_FILE: &str = "vault.db";
pub const KEY_FILE: &str = "vault.key";
/// The key file of a key rotation in progress (see [`Store::rekey`]): present only between
/// its start and the moment it is settled, by the rotation itself or by the next unlock.
pub const NEXT_KEY_FILE: &str = "vault.key.next";

/// How a vault is being unlocked.
pub enum Unlock<'a> {
    Passphrase(&'a Passphrase),
    RecoveryKey(&'a RecoveryKey),
    /// A data key recalled from the OS keyring (checked against the key file first).
    Key(DataKey),
}

/// A vault located on disk, still locked.
#[derive(Debug, Clone)]
pub struct Vault {
    dir: PathBuf,
    key_file: KeyFile,
    /// The key file of an interrupted key rotation, when one was left beside the vault.
    pending: Option<KeyFile>,
}

/// What unlocking found of an interrupted key rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    /// None was pending.
    None,
    /// It stopped before the database was re-encrypted: the old key stays, the leftover
    /// key file was removed.
    RolledBack,
    /// It stopped after the database was re-encrypted and before its key file was put in
    /// place: that is done now. Its new recovery key was never shown.
    Completed,
}

/// What [`Vault::create`] hands back: the open store and the recovery key, which is shown
/// once and never stored in the clear.
pub struct Created {
    pub store: Store,
    pub recovery_key: RecoveryKey,
}

impl Vault {
    /// Creates a vault in `dir` (made if missing; must not already hold a vault).
    pub fn create(dir: &Path, passphrase: &Passphrase, kdf: KdfParams) -> Result<Created> {
        passphrase.check_new()?;
        if dir.join(KEY_FILE).exists() || dir.join(DB_FILE).exists() {
            return Err(Error::VaultExists(dir.display().to_string()));
        }
        crate::fsutil::create_private_dir(dir).map_err(|e| Error::io("creating the vault folder", e))?;

        let data_key = DataKey::generate()?;
        let recovery_key = RecoveryKey::generate()?;
        let key_file = KeyFile::new(uuid::Uuid::now_v7(), &data_key, passphrase, &recovery_key, kdf)?;

        let db_path = dir.join(DB_FILE);
        let built = (|| {
            let keyed = db::Keyed { key: &data_key, cipher: key_file.cipher() };
            let mut conn = db::open(&db_path, Some(keyed), Access::ReadWrite, true)?;
            db::migrate(&mut conn)?;
            key_file.write(&dir.join(KEY_FILE))?;
            Ok(conn)
        })();
        let conn = match built {
            Ok(conn) => conn,
            Err(e) => {
                // Leave no half-made vault behind: a database without its key file is useless.
                for name in [DB_FILE, "vault.db-wal", "vault.db-shm", KEY_FILE] {
                    let _ = std::fs::remove_file(dir.join(name));
                }
                return Err(e);
            }
        };
        let vault = Vault { dir: dir.to_path_buf(), key_file, pending: None };
        let mut store = Store::from_parts(conn, vault, data_key);
        store.record_event("create", "vault", None, "vault created")?;
        Ok(Created { store, recovery_key })
    }

    /// Finds the vault in `dir` and reads its key file. Nothing is decrypted yet.
    pub fn open(dir: &Path) -> Result<Vault> {
        let key_path = dir.join(KEY_FILE);
        if !key_path.exists() {
            return Err(Error::VaultMissing(dir.display().to_string()));
        }
        if !dir.join(DB_FILE).exists() {
            return Err(Error::VaultDamaged("the database file vault.db is missing from the vault folder".into()));
        }
        let key_file = KeyFile::read(&key_path)?;
        // A rotation's key file is written atomically, so a damaged one was damaged later;
        // it is then ignored, and the vault opens with its own key file or not at all.
        let pending = KeyFile::read(&dir.join(NEXT_KEY_FILE))
            .ok()
            .filter(|next| next.is_pending() && next.vault_id() == key_file.vault_id());
        Ok(Vault { dir: dir.to_path_buf(), key_file, pending })
    }

    /// A vault for `dir` described by `key_file` (used by restore before the files exist).
    pub(crate) fn from_key_file(dir: &Path, key_file: KeyFile) -> Vault {
        Vault { dir: dir.to_path_buf(), key_file, pending: None }
    }

    pub(crate) fn next_key_path(&self) -> PathBuf {
        self.dir.join(NEXT_KEY_FILE)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.join(DB_FILE)
    }

    pub fn key_path(&self) -> PathBuf {
        self.dir.join(KEY_FILE)
    }

    pub fn id(&self) -> &str {
        self.key_file.vault_id()
    }

    pub fn key_file(&self) -> &KeyFile {
        &self.key_file
    }

    /// Recovers the data key without opening the database. While a key rotation is pending,
    /// a secret of its key file is accepted too (what the database is keyed with is decided
    /// on opening: [`Vault::unlock`]).
    pub fn data_key(&self, unlock: Unlock<'_>) -> Result<DataKey> {
        let Some(pending) = &self.pending else { return self.own_data_key(unlock) };
        let retry = match &unlock {
            Unlock::Passphrase(p) => Unlock::Passphrase(p),
            Unlock::RecoveryKey(r) => Unlock::RecoveryKey(r),
            Unlock::Key(k) => Unlock::Key(k.clone()),
        };
        match self.own_data_key(unlock) {
            Ok(key) => Ok(key),
            Err(refused) => {
                let from_pending = match retry {
                    Unlock::Passphrase(p) => pending.unwrap_with_passphrase(p).ok(),
                    Unlock::RecoveryKey(r) => pending.unwrap_with_recovery(r).ok(),
                    Unlock::Key(k) => pending.matches(&k).then_some(k),
                };
                from_pending.ok_or(refused)
            }
        }
    }

    fn own_data_key(&self, unlock: Unlock<'_>) -> Result<DataKey> {
        match unlock {
            Unlock::Passphrase(p) => self.key_file.unwrap_with_passphrase(p),
            Unlock::RecoveryKey(r) => self.key_file.unwrap_with_recovery(r),
            Unlock::Key(k) if self.key_file.matches(&k) => Ok(k),
            Unlock::Key(_) => Err(Error::KeyringUnavailable(
                "the key remembered on this computer does not fit this vault; unlock with the passphrase".into(),
            )),
        }
    }

    /// Unlocks: proves the secret against the key file, then opens, checks and (if this
    /// binary is newer) migrates the database.
    pub fn unlock(mut self, unlock: Unlock<'_>) -> Result<Store> {
        let key = self.data_key(unlock)?;
        let (key, rotation) = self.settle_rotation(key)?;
        let mut conn = self.open_checked(&key)?;
        db::probe(&conn)?;
        db::migrate(&mut conn)?;
        let mut store = Store::from_parts(conn, self, key);
        store.record_event("unlock", "vault", None, "")?;
        if rotation == Rotation::Completed {
            store.record_event(
                "update",
                "vault",
                None,
                "data key replaced (key rotation): an interrupted rotation was completed on unlocking",
            )?;
        }
        store.set_rotation(rotation);
        Ok(store)
    }

    /// Which key the database is encrypted with, when a key rotation was interrupted: the
    /// old one (the rotation had not reached the database) or the new one.
    fn key_of_interrupted_rotation(&self, key: DataKey) -> Result<(DataKey, Rotation)> {
        let Some(pending) = &self.pending else { return Ok((key, Rotation::None)) };
        let (old, new) = if self.key_file.matches(&key) {
            let new = pending.unwrap_previous(&key);
            (Some(key), new)
        } else {
            (None, Some(key))
        };
        if let Some(old) = old.filter(|k| self.database_opens_with(k)) {
            return Ok((old, Rotation::RolledBack));
        }
        if let Some(new) = new.filter(|k| self.database_opens_with(k)) {
            return Ok((new, Rotation::Completed));
        }
        Err(Error::VaultDamaged(
            "the database opens with neither the old nor the new key of an interrupted key rotation".into(),
        ))
    }

    fn database_opens_with(&self, key: &DataKey) -> bool {
        let keyed = db::Keyed { key, cipher: self.key_file.cipher() };
        db::open(&self.db_path(), Some(keyed), Access::ReadOnly, false).is_ok()
    }

    /// Finishes or undoes an interrupted key rotation on disk (see [`Store::rekey`]).
    fn settle_rotation(&mut self, key: DataKey) -> Result<(DataKey, Rotation)> {
        let (key, rotation) = self.key_of_interrupted_rotation(key)?;
        match rotation {
            Rotation::None => {}
            Rotation::RolledBack => {
                crate::fsutil::remove_durably(&self.next_key_path())
                    .map_err(|e| Error::io("removing an interrupted key rotation's file", e))?;
            }
            Rotation::Completed => {
                let settled = self
                    .pending
                    .as_ref()
                    .map(KeyFile::settled)
                    .ok_or_else(|| Error::Internal("a completed rotation without its key file".into()))?;
                settled.write(&self.key_path())?;
                crate::fsutil::remove_durably(&self.next_key_path())
                    .map_err(|e| Error::io("removing a key rotation's file", e))?;
                self.key_file = settled;
            }
        }
        self.pending = None;
        Ok((key, rotation))
    }

    /// Opens the vault read-only, for checking a vault that may be damaged: no migration, no
    /// audit event, nothing written (an interrupted key rotation is left for a normal unlock
    /// to settle).
    pub fn unlock_read_only(self, unlock: Unlock<'_>) -> Result<Store> {
        let key = self.data_key(unlock)?;
        let (key, _) = self.key_of_interrupted_rotation(key)?;
        let keyed = db::Keyed { key: &key, cipher: self.key_file.cipher() };
        let conn = db::open(&self.db_path(), Some(keyed), Access::ReadOnly, false)?;
        db::check_not_newer(&conn)?;
        Ok(Store::from_parts(conn, self, key))
    }

    /// Unlocks with the key remembered in `keyring`, if there is one that fits.
    pub fn unlock_with_keyring(self, keyring: &Keyring) -> Result<Option<Store>> {
        match keyring.recall(self.id())? {
            Some(key) if self.key_file.matches(&key) || self.pending.as_ref().is_some_and(|p| p.matches(&key)) => {
                self.unlock(Unlock::Key(key)).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// A database cut short (copied incompletely, disk trouble) is refused before anything
    /// is written to it: the file must hold whole pages and, with no write-ahead log pending,
    /// exactly as many as its (encrypted) header says.
    fn open_checked(&self, key: &DataKey) -> Result<rusqlite::Connection> {
        let db_path = self.db_path();
        let len = std::fs::metadata(&db_path).map_err(|e| Error::io("reading the vault database", e))?.len();
        let wal_len = std::fs::metadata(self.dir.join("vault.db-wal")).map(|m| m.len()).unwrap_or(0);
        let truncated = || Error::VaultDamaged("the database file is truncated".into());
        if len == 0 || len % PAGE_SIZE != 0 {
            return Err(truncated());
        }
        let keyed = db::Keyed { key, cipher: self.key_file.cipher() };
        let conn = db::open(&db_path, Some(keyed), Access::ReadWrite, false)?;
        if wal_len == 0 {
            let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            if u64::try_from(pages).ok().map(|p| p * PAGE_SIZE) != Some(len) {
                return Err(truncated());
            }
        }
        Ok(conn)
    }
}

/// SQLCipher 4's default page size.
const PAGE_SIZE: u64 = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    /// A vault written before the page cipher was recorded in the key file (SQLCipher 4's
    /// default HMAC-SHA512) still unlocks, backs up and restores.
    #[test]
    fn a_vault_from_before_the_cipher_was_recorded_still_opens_backs_up_and_restores() {
        let dir = tempfile::tempdir().expect("tempdir");
        let vault_dir = dir.path().join("old");
        std::fs::create_dir(&vault_dir).expect("mkdir");
        let passphrase = Passphrase::new("an old vault's passphrase");
        let key = DataKey::generate().expect("key");
        let recovery = RecoveryKey::generate().expect("recovery");
        let key_file = KeyFile::new(uuid::Uuid::now_v7(), &key, &passphrase, &recovery, KdfParams::TEST_ONLY_WEAK)
            .expect("key file")
            .without_recorded_cipher();
        assert_eq!(key_file.cipher(), db::Cipher::HmacSha512);
        let keyed = db::Keyed { key: &key, cipher: db::Cipher::HmacSha512 };
        let mut conn = db::open(&vault_dir.join(DB_FILE), Some(keyed), Access::ReadWrite, true).expect("db");
        db::migrate(&mut conn).expect("migrate");
        drop(conn);
        key_file.write(&vault_dir.join(KEY_FILE)).expect("write key file");

        let mut store = Vault::open(&vault_dir).expect("open").unlock(Unlock::Passphrase(&passphrase)).expect("unlock");
        let algorithm: String =
            store.conn().query_row("PRAGMA cipher_hmac_algorithm", [], |r| r.get(0)).expect("pragma");
        assert_eq!(algorithm, "HMAC_SHA512");
        assert!(store.check().expect("check").ok());

        let backup = dir.path().join("old.pbbackup");
        store.backup(&backup, &crate::task::TaskContext::silent()).expect("backup");
        drop(store);
        let restored = crate::backup::restore(
            &backup,
            &dir.path().join("restored"),
            Unlock::RecoveryKey(&recovery),
            &crate::task::TaskContext::silent(),
        )
        .expect("restore");
        assert_eq!(restored.vault().key_file().cipher(), db::Cipher::HmacSha512);
        assert!(restored.check().expect("check").ok());
    }
}
