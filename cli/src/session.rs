//! Which vault, and the secret that opens it, as a command line gets them: `--vault` or
//! `PROBONO_VAULT` (else the folder the app uses too), then the recovery key when asked for
//! (`--recovery-key`), else `PROBONO_PASSPHRASE`, else the key this computer remembers, else a
//! hidden prompt. What is done with them is the application layer's (probono-app).
//!
//! Sensitive actions (a new passphrase, a key rotation, remembering the key, a new recovery
//! key, exporting every record, forgetting a volunteer's signing key) need the passphrase (or
//! with `--recovery-key` the recovery key) typed for this command: at the prompt that unlocked
//! the vault, or asked again — from the terminal, or when standard input is not a terminal
//! from its first line. `PROBONO_PASSPHRASE` and a remembered key never count for these.

use std::cell::RefCell;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use probono_app::session::{self, Confirmed, Session};
use probono_app::{Locations, Secret, keyring_from_env};
use probono_core::{Error, Keyring, Passphrase, RecoveryKey, Result};

pub struct Context {
    vault_dir: PathBuf,
    pub use_recovery_key: bool,
    /// The secret typed at this command's prompt to unlock, if one was: it confirms a
    /// sensitive action without asking twice.
    typed: RefCell<Option<Secret>>,
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
        Ok(Context { vault_dir, use_recovery_key, typed: RefCell::new(None) })
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
        let with_ref = |secret: &Secret| {
            if read_only { session::open_read_only(dir, secret) } else { session::open(dir, secret) }
        };
        let with = |secret: Secret| with_ref(&secret);
        if self.use_recovery_key {
            let (key, typed) = read_recovery_key()?;
            let secret = Secret::RecoveryKey(key);
            let opened = with_ref(&secret)?;
            if typed {
                *self.typed.borrow_mut() = Some(secret);
            }
            return self.said_about_rotation(opened);
        }
        if let Some(pass) = passphrase_from_env() {
            return with(Secret::Passphrase(pass)).and_then(|s| self.said_about_rotation(s));
        }
        let keyring = self.keyring();
        let remembered = if read_only {
            session::open_remembered_read_only(dir, &keyring)?
        } else {
            session::open_remembered(dir, &keyring)?
        };
        match remembered {
            Some(session) => self.said_about_rotation(session),
            None => {
                let secret = Secret::Passphrase(prompt_secret("Passphrase: ")?);
                let opened = with_ref(&secret)?;
                *self.typed.borrow_mut() = Some(secret);
                self.said_about_rotation(opened)
            }
        }
    }

    /// Says so when unlocking completed a key rotation that had been interrupted.
    fn said_about_rotation(&self, session: Session) -> Result<Session> {
        if session.rotation_on_unlock() == probono_core::vault::Rotation::Completed {
            eprintln!(
                "note: a key rotation that was interrupted has been completed. Its new recovery key was never shown: \
                 make a new one now with `probono recovery-key new` and keep it safe."
            );
        }
        Ok(session)
    }

    /// The confirmation a sensitive action needs (see the module's comment): the secret typed
    /// at this command's unlock prompt, else typed again now. `action` completes "To …, type".
    pub fn confirm(&self, session: &Session, action: &str) -> Result<Confirmed> {
        if let Some(secret) = self.typed.borrow().as_ref() {
            return session.confirm(secret);
        }
        session.confirm(&self.typed_again(action)?)
    }

    /// The current passphrase, typed for this command (a key rotation keeps it, so it needs
    /// the passphrase itself; with only the recovery key, set a passphrase first).
    pub fn current_passphrase(&self, action: &str) -> Result<Passphrase> {
        if self.use_recovery_key {
            return Err(Error::invalid(
                "current_passphrase",
                "is needed for this, not the recovery key: set a new passphrase first with `probono --recovery-key passwd`",
            ));
        }
        if let Some(Secret::Passphrase(p)) = self.typed.borrow().as_ref() {
            return Ok(Passphrase::new(p.expose()));
        }
        match self.typed_again(action)? {
            Secret::Passphrase(p) => Ok(p),
            Secret::RecoveryKey(_) => Err(Error::Internal("a recovery key where a passphrase was asked for".into())),
        }
    }

    fn typed_again(&self, action: &str) -> Result<Secret> {
        let (what, field) = if self.use_recovery_key {
            ("recovery key", "current_recovery_key")
        } else {
            ("passphrase", "current_passphrase")
        };
        let text = if std::io::stdin().is_terminal() {
            prompt_secret(&format!("To {action}, type the vault's {what} again: "))?
        } else {
            // Read straight into the buffer the Passphrase keeps (wiped when dropped): no copy.
            let mut line = String::new();
            let read = std::io::stdin().lock().read_line(&mut line);
            let end = line.trim_end_matches(['\n', '\r']).len();
            line.truncate(end);
            let typed = Passphrase::new(line);
            read.map_err(|e| Error::io("reading the confirmation from standard input", e))?;
            typed
        };
        if text.expose().is_empty() {
            return Err(Error::invalid(
                field,
                format!(
                    "is needed to {action}: type it at the prompt, or give it on the first line of standard input \
                     (PROBONO_PASSPHRASE or a remembered key is not enough for this)"
                ),
            ));
        }
        Ok(if self.use_recovery_key {
            Secret::RecoveryKey(RecoveryKey::parse(text.expose())?)
        } else {
            Secret::Passphrase(text)
        })
    }

    /// The secret of a backup being restored: the recovery key with `--recovery-key`, else
    /// `PROBONO_PASSPHRASE`, else a prompt.
    pub fn backup_secret(&self) -> Result<Secret> {
        if self.use_recovery_key {
            return Ok(Secret::RecoveryKey(read_recovery_key()?.0));
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

/// The recovery key, and whether it was typed at the prompt (not from the environment).
fn read_recovery_key() -> Result<(RecoveryKey, bool)> {
    if let Ok(text) = std::env::var("PROBONO_RECOVERY_KEY") {
        return Ok((RecoveryKey::parse(&text)?, false));
    }
    let typed = prompt_secret("Recovery key: ")?;
    Ok((RecoveryKey::parse(typed.expose())?, true))
}

fn prompt_secret(prompt: &str) -> Result<Passphrase> {
    rpassword::prompt_password(prompt).map(Passphrase::new).map_err(|_| {
        Error::invalid(
            "passphrase",
            "no terminal to ask for it: set PROBONO_PASSPHRASE (or PROBONO_RECOVERY_KEY with --recovery-key)",
        )
    })
}

/// Where a command's records are: an unlocked vault, or a team server (`--server`). The
/// record commands work through the data layer ([`Records`]) and so on either; what only a
/// vault does asks for it by name ([`Place::vault`]).
// One per command, made once: the size of either variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Place {
    Vault(Session),
    Server(probono_app::team::Team),
}

impl Place {
    pub fn records(&self) -> &dyn probono_core::records::Records {
        match self {
            Place::Vault(s) => s.records(),
            Place::Server(t) => t,
        }
    }

    pub fn records_mut(&mut self) -> &mut dyn probono_core::records::Records {
        match self {
            Place::Vault(s) => s.records_mut(),
            Place::Server(t) => t,
        }
    }

    /// The vault, for `what` only a vault does; on a server, a plain refusal naming it.
    pub fn vault(&mut self, what: &str) -> Result<&mut Session> {
        match self {
            Place::Vault(s) => Ok(s),
            Place::Server(_) => {
                Err(Error::invalid("server", format!("{what}: not available on a team server yet (only in a vault)")))
            }
        }
    }
}
