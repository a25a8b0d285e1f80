//! Finding the vault and unlocking it: the recovery key when asked for, else
//! PROBONO_PASSPHRASE, else the key remembered on this computer, else a hidden prompt.

use std::path::{Path, PathBuf};

use probono_core::{Error, Keyring, Passphrase, RecoveryKey, Result, Store, Unlock, Vault};

pub struct Session {
    pub vault_dir: PathBuf,
    pub use_recovery_key: bool,
}

impl Session {
    pub fn new(vault: Option<PathBuf>, use_recovery_key: bool) -> Result<Session> {
        let vault_dir = match vault {
            Some(dir) => dir,
            None => default_vault_dir()?,
        };
        Ok(Session { vault_dir, use_recovery_key })
    }

    pub fn unlock(&self) -> Result<Store> {
        self.unlock_as(false)
    }

    /// Read-only: for checking a vault that may be damaged (nothing is written).
    pub fn unlock_read_only(&self) -> Result<Store> {
        self.unlock_as(true)
    }

    fn unlock_as(&self, read_only: bool) -> Result<Store> {
        let vault = Vault::open(&self.vault_dir)?;
        let open = |vault: Vault, unlock: Unlock<'_>| {
            if read_only { vault.unlock_read_only(unlock) } else { vault.unlock(unlock) }
        };
        if self.use_recovery_key {
            let key = read_recovery_key()?;
            return open(vault, Unlock::RecoveryKey(&key));
        }
        if let Some(pass) = passphrase_from_env() {
            return open(vault, Unlock::Passphrase(&pass));
        }
        if let Some(keyring) = keyring()
            && let Some(key) = keyring.recall(vault.id())?
            && vault.key_file().matches(&key)
        {
            return open(vault, Unlock::Key(key));
        }
        let pass = prompt_secret("Passphrase: ")?;
        open(vault, Unlock::Passphrase(&pass))
    }

    pub fn vault_dir(&self) -> &Path {
        &self.vault_dir
    }
}

/// The OS keyring, unless PROBONO_KEYRING=off (scripts and servers that must never touch a
/// desktop keyring).
pub fn keyring() -> Option<Keyring> {
    match std::env::var("PROBONO_KEYRING").as_deref() {
        Ok("off") | Ok("0") | Ok("no") => None,
        _ => Some(Keyring::system()),
    }
}

pub fn keyring_or_unavailable() -> Keyring {
    keyring().unwrap_or_else(|| Keyring::unavailable("the keyring is turned off (PROBONO_KEYRING=off)"))
}

fn default_vault_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("pro-bono-desk").join("vault"))
        .ok_or_else(|| Error::invalid("vault", "no data folder is known for this user; pass --vault DIR"))
}

pub fn passphrase_from_env() -> Option<Passphrase> {
    std::env::var("PROBONO_PASSPHRASE").ok().map(Passphrase::new)
}

/// A new passphrase: from `env_var` when set, else typed twice.
pub fn new_passphrase(env_var: &str) -> Result<Passphrase> {
    if let Ok(p) = std::env::var(env_var) {
        let pass = Passphrase::new(p);
        pass.check_new()?;
        return Ok(pass);
    }
    let first = prompt_secret("New passphrase: ")?;
    first.check_new()?;
    let second = prompt_secret("Type it again: ")?;
    if first.expose() != second.expose() {
        return Err(Error::invalid("passphrase", "the two entries differ; nothing was changed"));
    }
    Ok(first)
}

fn read_recovery_key() -> Result<RecoveryKey> {
    if let Ok(text) = std::env::var("PROBONO_RECOVERY_KEY") {
        return RecoveryKey::parse(&text);
    }
    let typed = prompt_secret("Recovery key: ")?;
    RecoveryKey::parse(typed.expose())
}

fn prompt_secret(prompt: &str) -> Result<Passphrase> {
    rpassword::prompt_password(prompt).map(Passphrase::new).map_err(|_| {
        Error::invalid(
            "passphrase",
            "no terminal to ask for it: set PROBONO_PASSPHRASE (or PROBONO_RECOVERY_KEY with --recovery-key)",
        )
    })
}
