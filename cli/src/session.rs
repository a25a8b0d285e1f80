//! Which vault, and the secret that opens it, as a command line gets them: `--vault` or
//! `PROBONO_VAULT` (else the folder the app uses too), then the recovery key when asked for
//! (`--recovery-key`), else `PROBONO_PASSPHRASE`, else the key this computer remembers, else a
//! hidden prompt. What is done with them is the application layer's (probono-app).

use std::path::{Path, PathBuf};

use probono_app::session::{self, Session};
use probono_app::{Locations, Secret, keyring_from_env};
use probono_core::{Error, Keyring, Passphrase, RecoveryKey, Result};

pub struct Context {
    vault_dir: PathBuf,
    pub use_recovery_key: bool,
}

impl Context {
    pub fn new(vault: Option<PathBuf>, use_recovery_key: bool) -> Result<Context> {
        let vault_dir = match vault {
            Some(dir) => dir,
            None => {
                let chosen = Locations::for_this_user()?.chosen_vault();
                if let Some(notice) = chosen.notice {
                    eprintln!("note: {notice}");
                }
                chosen.dir
            }
        };
        Ok(Context { vault_dir, use_recovery_key })
    }

    pub fn vault_dir(&self) -> &Path {
        &self.vault_dir
    }

    pub fn keyring(&self) -> Keyring {
        keyring_from_env()
    }

    pub fn unlock(&self) -> Result<Session> {
        self.open(false)
    }

    /// Read-only: for checking a vault that may be damaged (nothing is written).
    pub fn unlock_read_only(&self) -> Result<Session> {
        self.open(true)
    }

    fn open(&self, read_only: bool) -> Result<Session> {
        let dir = &self.vault_dir;
        let with = |secret: Secret| {
            if read_only { session::open_read_only(dir, &secret) } else { session::open(dir, &secret) }
        };
        if self.use_recovery_key {
            return with(Secret::RecoveryKey(read_recovery_key()?));
        }
        if let Some(pass) = passphrase_from_env() {
            return with(Secret::Passphrase(pass));
        }
        let keyring = self.keyring();
        let remembered = if read_only {
            session::open_remembered_read_only(dir, &keyring)?
        } else {
            session::open_remembered(dir, &keyring)?
        };
        match remembered {
            Some(session) => Ok(session),
            None => with(Secret::Passphrase(prompt_secret("Passphrase: ")?)),
        }
    }

    /// The secret of a backup being restored: the recovery key with `--recovery-key`, else
    /// `PROBONO_PASSPHRASE`, else a prompt.
    pub fn backup_secret(&self) -> Result<Secret> {
        if self.use_recovery_key {
            return Ok(Secret::RecoveryKey(read_recovery_key()?));
        }
        match passphrase_from_env() {
            Some(pass) => Ok(Secret::Passphrase(pass)),
            None => Ok(Secret::Passphrase(prompt_secret("Passphrase of the backed-up vault: ")?)),
        }
    }
}

fn passphrase_from_env() -> Option<Passphrase> {
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
