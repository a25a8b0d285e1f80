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
        let vault = Vault { dir: dir.to_path_buf(), key_file };
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
        Ok(Vault { dir: dir.to_path_buf(), key_file })
    }

    /// A vault for `dir` described by `key_file` (used by restore before the files exist).
    pub(crate) fn from_key_file(dir: &Path, key_file: KeyFile) -> Vault {
        Vault { dir: dir.to_path_buf(), key_file }
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

    /// Recovers the data key without opening the database.
    pub fn data_key(&self, unlock: Unlock<'_>) -> Result<DataKey> {
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
    pub fn unlock(self, unlock: Unlock<'_>) -> Result<Store> {
        let key = self.data_key(unlock)?;
        let mut conn = self.open_checked(&key)?;
        db::probe(&conn)?;
        db::migrate(&mut conn)?;
        let mut store = Store::from_parts(conn, self, key);
        store.record_event("unlock", "vault", None, "")?;
        Ok(store)
    }

    /// Opens the vault read-only, for checking a vault that may be damaged: no migration, no
    /// audit event, nothing written.
    pub fn unlock_read_only(self, unlock: Unlock<'_>) -> Result<Store> {
        let key = self.data_key(unlock)?;
        let keyed = db::Keyed { key: &key, cipher: self.key_file.cipher() };
        let conn = db::open(&self.db_path(), Some(keyed), Access::ReadOnly, false)?;
        db::check_not_newer(&conn)?;
        Ok(Store::from_parts(conn, self, key))
    }

    /// Unlocks with the key remembered in `keyring`, if there is one that fits.
    pub fn unlock_with_keyring(self, keyring: &Keyring) -> Result<Option<Store>> {
        match keyring.recall(self.id())? {
            Some(key) if self.key_file.matches(&key) => self.unlock(Unlock::Key(key)).map(Some),
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
