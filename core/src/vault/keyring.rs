//! "Remember on this computer": the data key in the OS keyring (keyring-core).
//!
//! This is the only module that talks to a credential store. Where none works (headless
//! Linux without a Secret Service, a locked collection) it says so in plain words and the
//! caller falls back to the passphrase; it never writes a key anywhere else.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

use crate::error::{Error, Result};
use crate::secret::DataKey;

const SERVICE: &str = "Pro Bono Desk";

/// A handle on a credential store, or the reason there is none.
#[derive(Clone)]
pub struct Keyring {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Store(Arc<CredentialStore>),
    Unavailable(String),
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.backend {
            Backend::Store(store) => write!(f, "Keyring({})", store.vendor()),
            Backend::Unavailable(why) => write!(f, "Keyring(unavailable: {why})"),
        }
    }
}

impl Keyring {
    /// The platform's credential store. Opening it is cheap and does not prove it works:
    /// [`Keyring::availability`] does.
    pub fn system() -> Keyring {
        match platform_store() {
            Ok(store) => Keyring { backend: Backend::Store(store) },
            Err(why) => Keyring::unavailable(why),
        }
    }

    /// An in-memory store private to this handle: for tests, and for a "don't remember
    /// anything" run that still exercises the code path.
    pub fn in_memory() -> Result<Keyring> {
        let store = keyring_core::mock::Store::new()
            .map_err(|e| Error::Internal(format!("creating the in-memory keyring: {e}")))?;
        Ok(Keyring { backend: Backend::Store(store) })
    }

    pub fn unavailable(reason: impl Into<String>) -> Keyring {
        Keyring { backend: Backend::Unavailable(reason.into()) }
    }

    /// `Ok` when keys can be remembered; otherwise the plain-words reason. Probes with a
    /// write/read/delete of a dummy entry: on a locked collection a lookup "succeeds" (no
    /// entry) while writes fail.
    pub fn availability(&self) -> std::result::Result<(), String> {
        match &self.backend {
            Backend::Store(_) => self.probe(),
            Backend::Unavailable(why) => Err(why.clone()),
        }
    }

    pub fn remember(&self, vault_id: &str, key: &DataKey) -> Result<()> {
        let entry = self.entry(vault_id)?;
        entry
            .set_secret(key.expose())
            .map_err(|e| unavailable_error(&format!("the keyring refused to store the key ({})", short(&e))))
    }

    /// The remembered key, if any. A keyring that cannot be read counts as "nothing
    /// remembered": the caller then asks for the passphrase.
    pub fn recall(&self, vault_id: &str) -> Result<Option<DataKey>> {
        let Ok(entry) = self.entry(vault_id) else { return Ok(None) };
        match entry.get_secret() {
            Ok(bytes) => {
                let bytes = zeroize::Zeroizing::new(bytes);
                Ok(DataKey::from_slice(&bytes))
            }
            Err(_) => Ok(None),
        }
    }

    /// Removes the remembered key. Forgetting what was never remembered is fine.
    pub fn forget(&self, vault_id: &str) -> Result<()> {
        let entry = self.entry(vault_id)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable_error(&format!("the keyring refused to delete the key ({})", short(&e)))),
        }
    }

    /// Remembers a member's password for a team server (`LOGIN@HOST:PORT/DATABASE`), as the
    /// vault key is remembered: so commands on this computer need not ask for it.
    pub fn remember_password(&self, server: &str, password: &str) -> Result<()> {
        self.named(&format!("team server {server}"))
            .map_err(|why| password_unavailable(&why))?
            .set_password(password)
            .map_err(|e| password_unavailable(&format!("the keyring refused to store the password ({})", short(&e))))
    }

    /// The remembered password for `server`, if any (a keyring that cannot be read counts as
    /// nothing remembered).
    pub fn recall_password(&self, server: &str) -> Option<zeroize::Zeroizing<String>> {
        let entry = self.named(&format!("team server {server}")).ok()?;
        entry.get_password().ok().map(zeroize::Zeroizing::new)
    }

    /// Forgets the password for `server`. Forgetting what was never remembered is fine.
    pub fn forget_password(&self, server: &str) -> Result<()> {
        match self
            .named(&format!("team server {server}"))
            .map_err(|why| password_unavailable(&why))?
            .delete_credential()
        {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(password_unavailable(&format!("the keyring refused to delete the password ({})", short(&e)))),
        }
    }

    fn entry(&self, vault_id: &str) -> Result<Entry> {
        self.named(&format!("vault {vault_id}")).map_err(|why| unavailable_error(&why))
    }

    /// The entry `user` of this program's service, or why there is none.
    fn named(&self, user: &str) -> std::result::Result<Entry, String> {
        match &self.backend {
            Backend::Store(store) => Entry::new_in_store(store, SERVICE, user)
                .map_err(|e| format!("the keyring rejected the entry ({})", short(&e))),
            Backend::Unavailable(why) => Err(why.clone()),
        }
    }

    fn probe(&self) -> std::result::Result<(), String> {
        let Backend::Store(store) = &self.backend else { return Ok(()) };
        let entry = Entry::new_in_store(store, SERVICE, "availability probe")
            .map_err(|e| format!("the system keyring cannot be used ({})", short(&e)))?;
        entry
            .set_password("probe")
            .map_err(|e| format!("the system keyring is locked or refuses writes ({})", short(&e)))?;
        let read = entry.get_password();
        let _ = entry.delete_credential();
        match read {
            Ok(value) if value == "probe" => Ok(()),
            _ => Err("the system keyring did not return what was stored".into()),
        }
    }
}

fn unavailable_error(why: &str) -> Error {
    Error::KeyringUnavailable(format!(
        "{why}. This computer cannot remember the vault key; unlock with the passphrase instead"
    ))
}

fn password_unavailable(why: &str) -> Error {
    Error::KeyringUnavailable(format!("{why}. This computer cannot remember the password; it is asked for instead"))
}

/// keyring errors can be long (D-Bus dumps); the first line is enough for a person.
fn short(err: &keyring_core::Error) -> String {
    err.to_string().lines().next().unwrap_or_default().chars().take(160).collect()
}

#[cfg(target_os = "linux")]
fn platform_store() -> std::result::Result<Arc<CredentialStore>, String> {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() && std::env::var_os("XDG_RUNTIME_DIR").is_none() {
        return Err("no desktop session (D-Bus) is running, so there is no system keyring".into());
    }
    zbus_secret_service_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| format!("no Secret Service keyring is running ({})", short(&e)))
}

#[cfg(target_os = "macos")]
fn platform_store() -> std::result::Result<Arc<CredentialStore>, String> {
    apple_native_keyring_store::keychain::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| format!("the macOS keychain cannot be used ({})", short(&e)))
}

#[cfg(target_os = "windows")]
fn platform_store() -> std::result::Result<Arc<CredentialStore>, String> {
    windows_native_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| format!("the Windows credential manager cannot be used ({})", short(&e)))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> std::result::Result<Arc<CredentialStore>, String> {
    Err("this operating system has no supported keyring".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_recalls_and_forgets_a_key_per_vault() {
        let keyring = Keyring::in_memory().expect("mock store");
        let key = DataKey::generate().expect("random");
        assert!(keyring.recall("v1").expect("recall").is_none());
        keyring.remember("v1", &key).expect("remember");
        let back = keyring.recall("v1").expect("recall").expect("present");
        assert_eq!(back.expose(), key.expose());
        assert!(keyring.recall("v2").expect("recall").is_none(), "keys are per vault");
        keyring.forget("v1").expect("forget");
        keyring.forget("v1").expect("forgetting twice is fine");
        assert!(keyring.recall("v1").expect("recall").is_none());
    }

    #[test]
    fn remembers_a_team_password_per_server_apart_from_vault_keys() {
        let keyring = Keyring::in_memory().expect("mock store");
        let (a, b) = ("dana@db.clinic.example:5432/probono", "sam@db.clinic.example:5432/probono");
        assert!(keyring.recall_password(a).is_none());
        keyring.remember_password(a, "director password 1").expect("remember");
        assert_eq!(keyring.recall_password(a).as_deref().map(String::as_str), Some("director password 1"));
        assert!(keyring.recall_password(b).is_none(), "passwords are per server and login");
        assert!(keyring.recall(a).expect("recall").is_none(), "not a vault key");
        keyring.forget_password(a).expect("forget");
        keyring.forget_password(a).expect("forgetting twice is fine");
        assert!(keyring.recall_password(a).is_none());
        let off = Keyring::unavailable("no desktop session");
        assert!(off.recall_password(a).is_none());
        let err = off.remember_password(a, "x").expect_err("cannot remember");
        assert!(matches!(err, Error::KeyringUnavailable(_)) && err.to_string().contains("password"), "{err}");
    }

    #[test]
    fn an_unavailable_keyring_says_why_and_recalls_nothing() {
        let keyring = Keyring::unavailable("no desktop session");
        assert_eq!(keyring.availability(), Err("no desktop session".to_string()));
        assert!(keyring.recall("v1").expect("recall").is_none());
        let err = keyring.remember("v1", &DataKey::generate().expect("random")).expect_err("cannot remember");
        assert!(matches!(err, Error::KeyringUnavailable(_)));
        assert!(err.to_string().contains("passphrase"), "{err}");
    }
}
