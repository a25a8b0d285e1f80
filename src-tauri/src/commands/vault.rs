//! The vault: first run, unlock, lock, passphrase, keyring, demo, recovery kit.

use std::sync::Arc;

use probono_core::vault::{KdfParams, recovery_kit};
use probono_core::{Error, Passphrase, PublicError, RecoveryKey, Unlock, Vault};
use tauri::State;

use crate::dto::{
    ChangePassphraseRequest, CreateVaultRequest, CreatedVault, ExportResult, KeyringState, UnlockRequest, VaultState,
    VaultStatus,
};
use crate::paths;
use crate::state::{AppState, Inner};

type Res<T> = Result<T, PublicError>;

/// The demo clinic's data is fictional, so its passphrase is no secret.
pub const DEMO_PASSPHRASE: &str = "explore the demo clinic";

fn describe(state: &AppState, inner: &Inner) -> VaultState {
    let status = if inner.store.is_some() {
        VaultStatus::Unlocked
    } else if inner.vault_dir.join(probono_core::vault::KEY_FILE).exists() {
        VaultStatus::Locked
    } else {
        VaultStatus::NoVault
    };
    let availability = inner.keyring.availability();
    let remembered = Vault::open(&inner.vault_dir)
        .ok()
        .and_then(|v| inner.keyring.recall(v.id()).ok().flatten().map(|k| v.key_file().matches(&k)))
        .unwrap_or(false);
    VaultState {
        status,
        vault_dir: inner.vault_dir.display().to_string(),
        default_dir: state.data_dir().join("vault").display().to_string(),
        demo_dir: state.demo_dir().display().to_string(),
        is_demo: inner.vault_dir == state.demo_dir(),
        keyring: KeyringState { available: availability.is_ok(), reason: availability.err(), remembered },
        auto_lock_minutes: (inner.auto_lock.as_secs() / 60) as u32,
        demo_passphrase: DEMO_PASSPHRASE.into(),
        default_export_dir: state.export_dir().display().to_string(),
    }
}

/// The state after a command that opened a vault elsewhere (restore).
pub fn describe_now(state: &AppState, inner: &mut Inner) -> probono_core::Result<VaultState> {
    after_unlock(inner)?;
    Ok(describe(state, inner))
}

/// Reads the auto-lock setting of the vault just unlocked.
fn after_unlock(inner: &mut Inner) -> probono_core::Result<()> {
    let minutes = inner.store()?.settings()?.auto_lock_minutes;
    inner.auto_lock = std::time::Duration::from_secs(u64::from(minutes) * 60);
    Ok(())
}

#[tauri::command]
pub async fn vault_state(state: State<'_, Arc<AppState>>) -> Res<VaultState> {
    let s = Arc::clone(&state);
    state.run(move |inner| Ok(describe(&s, inner))).await
}

#[tauri::command]
pub async fn create_vault(state: State<'_, Arc<AppState>>, request: CreateVaultRequest) -> Res<CreatedVault> {
    let s = Arc::clone(&state);
    state
        .run(move |inner| {
            let dir = paths::folder("dir", &request.dir)?;
            inner.lock();
            let created = Vault::create(&dir, &Passphrase::new(request.passphrase), KdfParams::DEFAULT)?;
            let display = created.recovery_key.display().to_string();
            inner.vault_dir = dir.clone();
            s.remember_vault_dir(&dir);
            let mut store = created.store;
            if request.remember {
                // Not fatal: the vault exists; the keyring state is shown on the unlock screen.
                let _ = store.remember(&inner.keyring);
            }
            inner.open_store(store)?;
            inner.pending_recovery = Some(created.recovery_key);
            after_unlock(inner)?;
            Ok(CreatedVault { vault_dir: dir.display().to_string(), recovery_key: display })
        })
        .await
}

/// Writes the Recovery Kit PDF of the vault just created (the key is still in memory).
#[tauri::command]
pub async fn save_recovery_kit(state: State<'_, Arc<AppState>>, path: String) -> Res<ExportResult> {
    state
        .run(move |inner| {
            let path = paths::output_file("path", &path, &["pdf"])?;
            let key = inner.pending_recovery.as_ref().ok_or_else(|| {
                Error::invalid("recovery_key", "the recovery key is shown only once, right after the vault is created")
            })?;
            let store = inner.store.as_ref().ok_or(Error::Locked)?;
            let paper = store.settings()?.paper;
            let pdf = recovery_kit::render(key, store.vault().id(), &store.vault().dir().display().to_string(), paper)?;
            probono_core::fsutil::write_atomically(&path, &pdf.bytes)
                .map_err(|e| Error::io("writing the Recovery Kit", e))?;
            Ok(ExportResult { path: path.display().to_string(), pages: Some(pdf.pages), unrenderable_scripts: vec![] })
        })
        .await
}

/// Forgets the just-created recovery key (the user has written it down or saved the kit).
#[tauri::command]
pub async fn dismiss_recovery_key(state: State<'_, Arc<AppState>>) -> Res<()> {
    state
        .run(|inner| {
            inner.pending_recovery = None;
            Ok(())
        })
        .await
}

/// Chooses another vault folder (locked).
#[tauri::command]
pub async fn open_vault(state: State<'_, Arc<AppState>>, dir: String) -> Res<VaultState> {
    let s = Arc::clone(&state);
    state
        .run(move |inner| {
            let dir = paths::folder("dir", &dir)?;
            Vault::open(&dir)?;
            inner.lock();
            inner.vault_dir = dir.clone();
            s.remember_vault_dir(&dir);
            Ok(describe(&s, inner))
        })
        .await
}

#[tauri::command]
pub async fn unlock(state: State<'_, Arc<AppState>>, request: UnlockRequest) -> Res<VaultState> {
    let s = Arc::clone(&state);
    state
        .run(move |inner| {
            let vault = Vault::open(&inner.vault_dir)?;
            let mut store = match (&request.recovery_key, &request.passphrase) {
                (Some(rk), _) if !rk.trim().is_empty() => {
                    vault.unlock(Unlock::RecoveryKey(&RecoveryKey::parse(rk)?))?
                }
                (_, Some(p)) => vault.unlock(Unlock::Passphrase(&Passphrase::new(p.clone())))?,
                _ => return Err(Error::invalid("passphrase", "is required")),
            };
            if request.remember {
                // As at creation: the unlock stands even if the keyring refuses; the state
                // returned shows whether the key was remembered.
                let _ = store.remember(&inner.keyring);
            }
            inner.open_store(store)?;
            after_unlock(inner)?;
            Ok(describe(&s, inner))
        })
        .await
}

/// Unlocks with the key this computer remembers, if any. Returns whether it did.
#[tauri::command]
pub async fn unlock_remembered(state: State<'_, Arc<AppState>>) -> Res<bool> {
    state
        .run(|inner| {
            let vault = Vault::open(&inner.vault_dir)?;
            match vault.unlock_with_keyring(&inner.keyring)? {
                Some(store) => {
                    inner.open_store(store)?;
                    after_unlock(inner)?;
                    Ok(true)
                }
                None => Ok(false),
            }
        })
        .await
}

#[tauri::command]
pub async fn lock(state: State<'_, Arc<AppState>>) -> Res<()> {
    state
        .run(|inner| {
            inner.lock();
            Ok(())
        })
        .await
}

/// The user is active (typing, clicking): postpones auto-lock.
#[tauri::command]
pub async fn touch(state: State<'_, Arc<AppState>>) -> Res<()> {
    state.run(|_| Ok(())).await
}

/// Creates the demo clinic in its own folder (once) and opens it.
#[tauri::command]
pub async fn open_demo(state: State<'_, Arc<AppState>>) -> Res<VaultState> {
    let s = Arc::clone(&state);
    state
        .run(move |inner| {
            inner.lock();
            let dir = s.demo_dir();
            let pass = Passphrase::new(DEMO_PASSPHRASE);
            let store = if dir.join(probono_core::vault::KEY_FILE).exists() {
                Vault::open(&dir)?.unlock(Unlock::Passphrase(&pass))?
            } else {
                let mut store = Vault::create(&dir, &pass, KdfParams::DEFAULT)?.store;
                store.fill_demo(&mut |_| {})?;
                store
            };
            inner.vault_dir = dir;
            inner.open_store(store)?;
            after_unlock(inner)?;
            Ok(describe(&s, inner))
        })
        .await
}

#[tauri::command]
pub async fn change_passphrase(state: State<'_, Arc<AppState>>, request: ChangePassphraseRequest) -> Res<()> {
    state
        .run(move |inner| {
            inner.store()?.change_passphrase(&Passphrase::new(request.new_passphrase), KdfParams::DEFAULT)
        })
        .await
}

#[tauri::command]
pub async fn remember_key(state: State<'_, Arc<AppState>>) -> Res<VaultState> {
    let s = Arc::clone(&state);
    state
        .run(move |inner| {
            let keyring = inner.keyring.clone();
            keyring.availability().map_err(|why| {
                Error::KeyringUnavailable(format!("{why}. This computer cannot remember the vault key"))
            })?;
            inner.store()?.remember(&keyring)?;
            Ok(describe(&s, inner))
        })
        .await
}

#[tauri::command]
pub async fn forget_key(state: State<'_, Arc<AppState>>) -> Res<VaultState> {
    let s = Arc::clone(&state);
    state
        .run(move |inner| {
            let keyring = inner.keyring.clone();
            inner.store()?.forget(&keyring)?;
            Ok(describe(&s, inner))
        })
        .await
}

/// Starts a cancellable task; its id tags progress events and goes to `cancel_task`.
#[tauri::command]
pub async fn new_task(state: State<'_, Arc<AppState>>) -> Res<u64> {
    Ok(state.new_task().0)
}

#[tauri::command]
pub async fn cancel_task(state: State<'_, Arc<AppState>>, task: u64) -> Res<bool> {
    Ok(state.cancel_task(task))
}
