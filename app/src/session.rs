//! An open vault, and the use cases that create, open and look after one.
//!
//! Plain reads and writes of records (list, get, create, update) are the data layer's
//! [`Records`] operations, reached through [`Session::records`]; this crate adds what combines
//! several of them or touches keys, files and the keyring.

use std::path::Path;

use probono_core::demo::DemoSummary;
use probono_core::model::{Client, Matter, TimeEntry};
use probono_core::records::Records;
use probono_core::store::{MatterFilter, PageEncryption, TimeFilter, VolunteerSummary};
use probono_core::task::TaskContext;
use probono_core::vault::KdfParams;
use probono_core::{Error, Keyring, Passphrase, RecoveryKey, Result, Store, Unlock, Vault};
use serde::Serialize;
use uuid::Uuid;

use crate::secret::{self, Secret};

/// An unlocked vault. Dropping it (or [`Session::lock`]) closes the database and wipes the key.
pub struct Session {
    store: Store,
    /// Why the vault is open read-only: it is damaged (found on opening it, or by a read that
    /// reached a damaged page). Nothing more is written to it; restore a backup.
    damaged: Option<String>,
    /// Opened with a passphrase or recovery key just given, which confirms one sensitive
    /// action that follows at once ([`Session::take_unlock_confirmation`]).
    opened_with_secret: bool,
    /// The conflict check's index of people, with the change stamp it was built at
    /// ([`crate::conflicts::check_as_typed`]).
    pub(crate) conflict_index: Option<((i64, u64), probono_core::conflict::Index)>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("vault", &self.store.vault().dir()).finish_non_exhaustive()
    }
}

/// A vault just made: its session and the recovery key, to be shown once.
pub struct Created {
    pub session: Session,
    pub recovery_key: RecoveryKey,
    /// Why the key could not be remembered on this computer, when that was asked for and
    /// failed (the vault exists either way).
    pub not_remembered: Option<String>,
}

/// Creates a vault in `dir` with the default key-derivation cost; remembers its key in
/// `remember` when given.
pub fn create(dir: &Path, passphrase: &Passphrase, remember: Option<&Keyring>) -> Result<Created> {
    let created = Vault::create(dir, passphrase, KdfParams::DEFAULT)?;
    let mut session = Session::from(created.store);
    // The passphrase was typed a moment ago to make the vault: that is the confirmation.
    let not_remembered = match remember {
        Some(keyring) => session.remember_unconfirmed(keyring).err().map(|e| e.message()),
        None => None,
    };
    Ok(Created { session, recovery_key: created.recovery_key, not_remembered })
}

/// The demo clinic's data is fictional, so its passphrase is no secret: the app opens it
/// without asking.
pub const DEMO_PASSPHRASE: &str = "explore the demo clinic";

/// Creates a vault in `dir` holding the fictional demo clinic.
pub fn create_demo(dir: &Path, passphrase: &Passphrase, task: &TaskContext) -> Result<(Created, DemoSummary)> {
    let mut created = create(dir, passphrase, None)?;
    let summary = created.session.store.fill_demo(task)?;
    Ok((created, summary))
}

/// Opens the demo clinic in `dir` with [`DEMO_PASSPHRASE`], creating it the first time.
pub fn open_demo(dir: &Path, task: &TaskContext) -> Result<Session> {
    let pass = Passphrase::new(DEMO_PASSPHRASE);
    if crate::location::holds_vault(dir) {
        return open(dir, &Secret::Passphrase(pass));
    }
    Ok(create_demo(dir, &pass, task)?.0.session)
}

/// Unlocks the vault in `dir` with what the person gave.
pub fn open(dir: &Path, secret: &Secret) -> Result<Session> {
    let mut session = Vault::open(dir)?.unlock(secret.as_unlock()).map(Session::from)?;
    session.opened_with_secret = true;
    Ok(session)
}

/// As [`open`], but a vault found damaged while unlocking is opened read-only instead, with
/// the reason kept ([`Session::damaged`]), so its records can still be read while a backup is
/// restored. For the desktop, which keeps a vault open; the CLI refuses and exits.
pub fn open_even_damaged(dir: &Path, secret: &Secret) -> Result<Session> {
    match open(dir, secret) {
        Err(Error::VaultDamaged(why)) => {
            let mut session = open_read_only(dir, secret)?;
            session.damaged = Some(why);
            Ok(session)
        }
        other => other,
    }
}

/// Opens the vault in `dir` read-only (nothing written, not even an audit event), for
/// checking a vault that may be damaged.
pub fn open_read_only(dir: &Path, secret: &Secret) -> Result<Session> {
    Vault::open(dir)?.unlock_read_only(secret.as_unlock()).map(Session::from)
}

/// Unlocks with the key this computer remembers; `None` when it remembers none that fits.
pub fn open_remembered(dir: &Path, keyring: &Keyring) -> Result<Option<Session>> {
    Ok(secret::unlock_remembered(Vault::open(dir)?, keyring)?.map(Session::from))
}

/// As [`open_remembered`], keeping a damaged vault open read-only (see [`open_even_damaged`]).
pub fn open_remembered_even_damaged(dir: &Path, keyring: &Keyring) -> Result<Option<Session>> {
    match open_remembered(dir, keyring) {
        Err(Error::VaultDamaged(why)) => Ok(open_remembered_read_only(dir, keyring)?.map(|mut session| {
            session.damaged = Some(why);
            session
        })),
        other => other,
    }
}

/// As [`open_read_only`], with the remembered key.
pub fn open_remembered_read_only(dir: &Path, keyring: &Keyring) -> Result<Option<Session>> {
    let vault = Vault::open(dir)?;
    match secret::remembered_key(&vault, keyring)? {
        Some(key) => vault.unlock_read_only(Unlock::Key(key)).map(|s| Some(Session::from(s))),
        None => Ok(None),
    }
}

/// Proof that the person at the keyboard just typed this vault's passphrase or recovery key
/// again ([`Session::confirm`]). The actions that could hand the vault to whoever sits at an
/// unlocked desk take one: changing the passphrase, a new recovery key, remembering the key
/// on this computer, exporting every record as plain files, and forgetting a volunteer's
/// signing key. (A key rotation takes the passphrase itself: [`Session::rekey`].)
#[derive(Debug)]
pub struct Confirmed {
    vault_id: String,
}

/// What a key rotation hands back: the new recovery key, shown once.
pub struct Rekeyed {
    pub recovery_key: RecoveryKey,
    /// The key was remembered on this computer and the new one is remembered in its place;
    /// `Some(why)` when replacing it failed (the old one was removed).
    pub keyring_problem: Option<String>,
    pub remembered: bool,
}

impl From<Store> for Session {
    fn from(store: Store) -> Self {
        Session { store, damaged: None, opened_with_secret: false, conflict_index: None }
    }
}

/// What `status` shows of a vault.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub vault: String,
    pub vault_id: String,
    pub schema_version: i64,
    /// The schema version this program writes.
    pub program_schema_version: i64,
    pub kdf: Option<KdfParams>,
    pub keyring: String,
    pub page_encryption: PageEncryption,
    /// Why SQLCipher's stock page-crypto provider is in use, when ours is not.
    pub stock_provider_reason: Option<String>,
    pub counts: Vec<(String, i64)>,
}

/// The records of a client's page.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct ClientPage {
    pub client: Client,
    pub matters: Vec<Matter>,
}

/// A volunteer with this year's hours, their matters and recent time.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct VolunteerPage {
    pub summary: VolunteerSummary,
    pub matters: Vec<Matter>,
    pub recent_time: Vec<TimeEntry>,
}

/// A client with their matters, on either engine; opening a client's record is audited.
pub fn client_page(records: &mut dyn Records, id: Uuid) -> Result<ClientPage> {
    let client = records.client(id)?;
    records.record_view("client", id)?;
    Ok(ClientPage { matters: matters_of_client(records, id)?, client })
}

/// A volunteer with their hours in `year`, their matters and their 50 latest entries, on
/// either engine.
pub fn volunteer_page(records: &dyn Records, id: Uuid, year: i16) -> Result<VolunteerPage> {
    let volunteer = records.volunteer(id)?;
    let summary = records
        .volunteer_summaries(None, year)?
        .into_iter()
        .find(|s| s.volunteer.id == volunteer.id)
        .ok_or_else(|| Error::not_found(format!("volunteer {id}")))?;
    let matters = records.matters_of_volunteer(&id.to_string())?;
    let recent_time =
        records.list_time(&TimeFilter { volunteer: Some(id.to_string()), limit: Some(50), ..Default::default() })?;
    Ok(VolunteerPage { summary, matters, recent_time })
}

fn matters_of_client(records: &dyn Records, id: Uuid) -> Result<Vec<Matter>> {
    records.list_matters(&MatterFilter { client: Some(id.to_string()), ..Default::default() })
}

impl Session {
    /// The records, through the data layer.
    pub fn records(&self) -> &dyn Records {
        &self.store
    }

    pub fn records_mut(&mut self) -> &mut dyn Records {
        &mut self.store
    }

    pub fn vault(&self) -> &Vault {
        self.store.vault()
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// A second connection to this vault for long work (backup, import, export), so that the
    /// first stays free for the screens: SQLite lets one read beside the other.
    pub fn for_task(&self) -> Result<Session> {
        self.store.another_connection().map(Session::from)
    }

    /// Changes whenever the vault is written: SQLite's data version (another connection's
    /// commits) and this connection's count of changed rows.
    pub(crate) fn change_stamp(&self) -> Result<(i64, u64)> {
        let conn = self.store.conn();
        let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((version, conn.total_changes()))
    }

    /// Why the vault is open read-only, when it was found damaged.
    pub fn damaged(&self) -> Option<&str> {
        self.damaged.as_deref()
    }

    /// After a read or write reached a damaged page: from now on the vault is open read-only
    /// (the write connection is closed), and says why. Does nothing when already so.
    pub fn fall_back_to_read_only(&mut self, why: &str) -> Result<()> {
        if self.damaged.is_some() {
            return Ok(());
        }
        let read_only = self.store.read_only_connection()?;
        let old = std::mem::replace(&mut self.store, read_only);
        old.lock();
        self.damaged = Some(why.to_owned());
        Ok(())
    }

    /// Sets this connection's page cache (the desktop app keeps a smaller one).
    pub fn set_page_cache_kib(&self, kib: u32) -> Result<()> {
        self.store.set_page_cache_kib(kib)
    }

    /// This connection's page cache, in KiB.
    pub fn page_cache_kib(&self) -> Result<u32> {
        self.store.page_cache_kib()
    }

    /// Closes the database and wipes the key from memory.
    pub fn lock(self) {
        self.store.lock();
    }

    pub fn status(&self, keyring: &Keyring) -> Result<Status> {
        let vault = self.store.vault();
        let keyring_state = match keyring.availability() {
            Ok(()) if secret::is_remembered(vault, keyring) => "remembered on this computer".to_string(),
            Ok(()) => "available, key not remembered".to_string(),
            Err(why) => format!("unavailable: {why}"),
        };
        Ok(Status {
            vault: vault.dir().display().to_string(),
            vault_id: vault.id().to_string(),
            schema_version: self.store.schema_version()?,
            program_schema_version: probono_core::db::SCHEMA_VERSION,
            kdf: vault.key_file().passphrase_kdf(),
            keyring: keyring_state,
            page_encryption: self.store.page_encryption()?,
            stock_provider_reason: probono_page_crypto_reason(),
            counts: self.store.counts()?.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        })
    }

    /// Checks the passphrase or recovery key typed again for a sensitive action. A wrong one
    /// is an error on the field `current_passphrase` (or `current_recovery_key`), and nothing
    /// is done.
    pub fn confirm(&self, secret: &Secret) -> Result<Confirmed> {
        let proven = match secret {
            Secret::Passphrase(p) => self.store.prove_passphrase(p).map_err(|e| match e {
                Error::WrongPassphrase => Error::invalid(
                    "current_passphrase",
                    "is not this vault's passphrase; type the passphrase that opens the vault to confirm",
                ),
                other => other,
            }),
            Secret::RecoveryKey(k) => self.store.prove_recovery_key(k).map_err(|e| match e {
                Error::WrongRecoveryKey => Error::invalid("current_recovery_key", "is not this vault's recovery key"),
                other => other,
            }),
        };
        proven?;
        Ok(Confirmed { vault_id: self.vault().id().to_owned() })
    }

    /// The confirmation the secret that just opened this session gives, once: for "unlock and
    /// remember on this computer" in one form. `None` when it was opened with a remembered
    /// key, or the confirmation was taken already.
    pub fn take_unlock_confirmation(&mut self) -> Option<Confirmed> {
        std::mem::take(&mut self.opened_with_secret).then(|| Confirmed { vault_id: self.vault().id().to_owned() })
    }

    pub(crate) fn check_confirmed(&self, proof: &Confirmed) -> Result<()> {
        if proof.vault_id == self.vault().id() {
            Ok(())
        } else {
            Err(Error::invalid("current_passphrase", "was confirmed for another vault"))
        }
    }

    /// Sets a new passphrase (the key-derivation cost never drops below today's default).
    pub fn change_passphrase(&mut self, proof: &Confirmed, new: &Passphrase) -> Result<()> {
        self.check_confirmed(proof)?;
        self.store.change_passphrase(new)
    }

    /// Replaces the recovery key (when the printed kit is lost); the old one stops working.
    /// Returns the new key, to be shown once.
    pub fn new_recovery_key(&mut self, proof: &Confirmed) -> Result<RecoveryKey> {
        self.check_confirmed(proof)?;
        self.store.new_recovery_key()
    }

    /// Replaces the vault's data key (see `Store::rekey`): `current` must be this vault's
    /// passphrase, and stays the passphrase. When this computer remembered the old key, it
    /// remembers the new one instead. No other connection to the vault may be open (the
    /// desktop runs no task meanwhile).
    pub fn rekey(&mut self, current: &Passphrase, keyring: &Keyring) -> Result<Rekeyed> {
        if self.damaged.is_some() {
            return Err(Error::VaultDamaged("the vault is open read-only; restore a backup first".into()));
        }
        let was_remembered = secret::is_remembered(self.store.vault(), keyring);
        let recovery_key = self.store.rekey(current).map_err(|e| match e {
            Error::WrongPassphrase => Error::invalid(
                "current_passphrase",
                "is not this vault's passphrase; type the passphrase that opens the vault to confirm",
            ),
            other => other,
        })?;
        let mut keyring_problem = None;
        if was_remembered && let Err(e) = keyring.remember(self.store.vault().id(), self.store.data_key()) {
            let _ = keyring.forget(self.store.vault().id());
            keyring_problem = Some(e.message());
        }
        Ok(Rekeyed { recovery_key, remembered: was_remembered && keyring_problem.is_none(), keyring_problem })
    }

    /// What unlocking found of an interrupted key rotation (the CLI and the app say so when
    /// one was completed: its recovery key was never shown).
    pub fn rotation_on_unlock(&self) -> probono_core::vault::Rotation {
        self.store.rotation_on_unlock()
    }

    /// Keeps the vault key in this computer's keyring, or says plainly why it cannot.
    pub fn remember(&mut self, proof: &Confirmed, keyring: &Keyring) -> Result<()> {
        self.check_confirmed(proof)?;
        self.remember_unconfirmed(keyring)
    }

    fn remember_unconfirmed(&mut self, keyring: &Keyring) -> Result<()> {
        keyring
            .availability()
            .map_err(|why| Error::KeyringUnavailable(format!("{why}. This computer cannot remember the vault key")))?;
        self.store.remember(keyring)
    }

    /// Removes the vault key from this computer's keyring (audited, as every key change).
    pub fn forget(&mut self, keyring: &Keyring) -> Result<()> {
        self.store.forget(keyring)
    }

    /// A client with their matters. Opening a client's record is audited ("view"), except in
    /// a damaged vault, which is open read-only: its records stay readable.
    pub fn client_page(&mut self, id: Uuid) -> Result<ClientPage> {
        if self.damaged.is_some() {
            let client = self.records().client(id)?;
            return Ok(ClientPage { matters: matters_of_client(self.records(), id)?, client });
        }
        client_page(self.records_mut(), id)
    }

    /// A volunteer with their hours in `year`, their matters and their 50 latest entries.
    pub fn volunteer_page(&self, id: Uuid, year: i16) -> Result<VolunteerPage> {
        volunteer_page(self.records(), id, year)
    }

    /// When the last verified backup was made, and whether the reminder is due.
    pub fn backup_status(&self) -> Result<BackupStatus> {
        Ok(BackupStatus {
            last_verified_backup: self.store.last_verified_backup()?,
            due: self.store.backup_due()?,
            reminder_days: self.records().settings()?.backup_reminder_days,
        })
    }
}

/// When the vault was last backed up, and whether a reminder is due.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct BackupStatus {
    pub last_verified_backup: Option<String>,
    pub due: bool,
    pub reminder_days: u32,
}

fn probono_page_crypto_reason() -> Option<String> {
    probono_core::db::page_crypto().stock_reason()
}

/// Today in this computer's time zone (report periods and "this year" default to it).
pub fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}
