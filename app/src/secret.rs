//! The secret that opens a vault, and whether this computer's keyring may be used.
//!
//! A person unlocks with the passphrase or, when it is forgotten, the recovery key; a key
//! remembered in the OS keyring opens the vault without either. Both faces build a
//! [`Secret`] from what the person gave (a form, a prompt, the environment) and hand it here.

use probono_core::{DataKey, Error, Keyring, Passphrase, RecoveryKey, Result, Store, Unlock, Vault};

/// What the person gave to open a vault.
pub enum Secret {
    Passphrase(Passphrase),
    RecoveryKey(RecoveryKey),
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Secret::Passphrase(_) => "Secret::Passphrase(..)",
            Secret::RecoveryKey(_) => "Secret::RecoveryKey(..)",
        })
    }
}

impl Secret {
    /// From a form with a passphrase field and a recovery-key field: the recovery key when
    /// one was typed, else the passphrase.
    pub fn from_form(passphrase: Option<&str>, recovery_key: Option<&str>) -> Result<Secret> {
        match (recovery_key.filter(|k| !k.trim().is_empty()), passphrase) {
            (Some(key), _) => Ok(Secret::RecoveryKey(RecoveryKey::parse(key)?)),
            (None, Some(p)) if !p.is_empty() => Ok(Secret::Passphrase(Passphrase::new(p))),
            _ => Err(Error::invalid("passphrase", "is required")),
        }
    }

    pub(crate) fn as_unlock(&self) -> Unlock<'_> {
        match self {
            Secret::Passphrase(p) => Unlock::Passphrase(p),
            Secret::RecoveryKey(k) => Unlock::RecoveryKey(k),
        }
    }
}

/// The OS keyring, unless `PROBONO_KEYRING` turns it off (`off`, `0`, `no` or `false`, in any
/// case), for scripts and servers that must never touch a desktop keyring; `memory` keeps
/// what is remembered for this run only. Both faces read the variable through this one
/// function.
pub fn keyring_from_env() -> Keyring {
    keyring_for(std::env::var("PROBONO_KEYRING").ok().as_deref())
}

fn keyring_for(setting: Option<&str>) -> Keyring {
    match setting.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("off" | "0" | "no" | "false") => Keyring::unavailable("the keyring is turned off (PROBONO_KEYRING=off)"),
        // Remembered for this run of the program only (forgotten when it exits).
        Some("memory") => Keyring::in_memory().unwrap_or_else(|e| Keyring::unavailable(e.message())),
        _ => Keyring::system(),
    }
}

/// The key this computer remembers for `vault`, if there is one and it fits.
pub fn remembered_key(vault: &Vault, keyring: &Keyring) -> Result<Option<DataKey>> {
    Ok(keyring.recall(vault.id())?.filter(|key| vault.key_file().matches(key)))
}

/// Whether this computer remembers a key that opens `vault` (errors read as "no").
pub fn is_remembered(vault: &Vault, keyring: &Keyring) -> bool {
    remembered_key(vault, keyring).ok().flatten().is_some()
}

/// Unlocks with the remembered key when there is one; `None` when there is not.
pub fn unlock_remembered(vault: Vault, keyring: &Keyring) -> Result<Option<Store>> {
    match remembered_key(&vault, keyring)? {
        Some(key) => vault.unlock(Unlock::Key(key)).map(Some),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_of_turning_the_keyring_off_turns_it_off_in_both_faces() {
        for off in ["off", "OFF", "0", "no", "No", "false", " off "] {
            assert!(keyring_for(Some(off)).availability().is_err(), "{off:?} turns the keyring off");
        }
    }

    #[test]
    fn a_form_with_a_recovery_key_uses_it_and_an_empty_form_names_the_passphrase() {
        let key = RecoveryKey::generate().expect("key");
        let typed = key.display().as_str().to_owned();
        assert!(matches!(Secret::from_form(Some("ignored"), Some(&typed)), Ok(Secret::RecoveryKey(_))));
        assert!(matches!(Secret::from_form(Some("a passphrase"), Some("  ")), Ok(Secret::Passphrase(_))));
        let err = Secret::from_form(None, None).expect_err("nothing typed");
        assert_eq!(err.field(), Some("passphrase"));
        assert_eq!(format!("{:?}", Secret::Passphrase(Passphrase::new("hidden"))), "Secret::Passphrase(..)");
    }
}
