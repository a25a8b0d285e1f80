//! The vault: first run, unlock, lock, passphrase, keyring, demo, recovery kit, tasks.

use std::sync::Arc;

use probono_app::desk::Screens;
use probono_app::location;
use probono_app::reports::{self, Exported, Rendered};
use probono_app::session::{self, DEMO_PASSPHRASE};
use probono_core::task::TaskContext;
use probono_core::vault::recovery_kit;
use probono_core::{Error, Vault};
use tauri::State;

use crate::dto::{
    ChangePassphraseRequest, ConfirmedRequest, ConnectTeamRequest, CreateVaultRequest, CreatedVault, KeyringState,
    NewRecoveryKey, RekeyRequest, Rekeyed, SecretText, TeamState, UnlockRequest, VaultState, VaultStatus,
    secret_from_form,
};
use crate::paths;
use crate::state::{AppState, Res, open_in};

/// What the first screen needs to know, from the state of the desk.
pub fn describe(state: &AppState, screens: &Screens, notice: Option<String>) -> VaultState {
    let status = if screens.is_open() {
        VaultStatus::Unlocked
    } else if location::holds_vault(&screens.vault_dir) {
        VaultStatus::Locked
    } else {
        VaultStatus::NoVault
    };
    let availability = state.keyring.availability();
    let last_team_server = state.locations.last_team_server();
    let team_password_remembered =
        last_team_server.as_deref().is_some_and(|s| probono_app::team::password_remembered(s, &state.keyring));
    let remembered =
        Vault::open(&screens.vault_dir).is_ok_and(|v| probono_app::secret::is_remembered(&v, &state.keyring));
    VaultState {
        status,
        vault_dir: screens.vault_dir.display().to_string(),
        default_dir: state.locations.default_vault().display().to_string(),
        demo_dir: state.locations.demo_vault().display().to_string(),
        is_demo: screens.vault_dir == state.locations.demo_vault(),
        keyring: KeyringState { available: availability.is_ok(), reason: availability.err(), remembered },
        auto_lock_minutes: (screens.auto_lock.as_secs() / 60) as u32,
        demo_passphrase: DEMO_PASSPHRASE.into(),
        default_export_dir: state.export_dir.display().to_string(),
        notice,
        team: screens.team.as_ref().map(|t| TeamState {
            server: t.server.clone(),
            login: t.login.clone(),
            role: t.role.as_str().to_owned(),
            outbox_waiting: u32::try_from(t.waiting).unwrap_or(u32::MAX),
        }),
        damaged: screens.session.as_ref().and_then(|s| s.damaged().map(str::to_owned)),
        last_team_server,
        team_password_remembered,
    }
}

/// Connects to a team server as a member instead of opening a vault (docs/team-mode.md). The
/// connection (TLS, the password check) is made outside the screens' lock; Lock (or
/// auto-lock) disconnects.
#[tauri::command]
pub async fn connect_team(state: State<'_, Arc<AppState>>, request: ConnectTeamRequest) -> Res<VaultState> {
    let app = Arc::clone(&state);
    let made = crate::state::blocking(move || {
        let form = probono_app::team::ConnectForm {
            server: &request.server,
            password: request.password.expose(),
            remember: request.remember,
        };
        probono_app::team::connect_from_app(form, &app.keyring, &app.locations)
    })
    .await?;
    state
        .screens(move |s, screens| {
            screens.connect_team(made.connected);
            Ok(describe(s, screens, made.notice))
        })
        .await
}

/// Sends the time entries kept on this computer while the team server could not be reached
/// (connecting again if it had gone); the state says how many still wait.
#[tauri::command]
pub async fn send_outbox(state: State<'_, Arc<AppState>>) -> Res<VaultState> {
    state
        .screens(move |s, screens| {
            let connected = screens
                .team
                .as_mut()
                .ok_or_else(|| Error::invalid("server", "only on a team server: connect to one first"))?;
            let sent = connected.send_outbox(&s.locations)?;
            let mut notice =
                format!("Sent {} kept time {}.", sent.sent, if sent.sent == 1 { "entry" } else { "entries" });
            if !sent.refused.is_empty() {
                notice.push_str(&format!(
                    " The server refused {} (kept): {}",
                    sent.refused.len(),
                    sent.refused.join("; ")
                ));
            }
            Ok(describe(s, screens, Some(notice)))
        })
        .await
}

/// Where the app stands (the first call also carries the start-up notice, once).
#[tauri::command]
pub async fn vault_state(state: State<'_, Arc<AppState>>) -> Res<VaultState> {
    state.screens(|s, screens| Ok(describe(s, screens, s.take_notice()))).await
}

/// Creates a vault in a new or empty folder and opens it; the recovery key is shown once.
#[tauri::command]
pub async fn create_vault(state: State<'_, Arc<AppState>>, request: CreateVaultRequest) -> Res<CreatedVault> {
    state
        .screens(move |s, screens| {
            let dir = paths::folder("dir", &request.dir)?;
            let created =
                session::create(&dir, &request.passphrase.into_passphrase(), request.remember.then_some(&s.keyring))?;
            let display = SecretText::from(created.recovery_key.display());
            s.locations.remember_choice(&dir)?;
            open_in(screens, dir.clone(), created.session)?;
            screens.pending_recovery = Some(created.recovery_key);
            Ok(CreatedVault { vault_dir: dir.display().to_string(), recovery_key: display })
        })
        .await
}

/// Writes the Recovery Kit PDF of the vault just created (the key is still in memory).
#[tauri::command]
pub async fn save_recovery_kit(state: State<'_, Arc<AppState>>, path: String) -> Res<Exported> {
    state
        .screens(move |_, screens| {
            let path = paths::output_file("path", &path, &["pdf"])?;
            let key = screens.pending_recovery.as_ref().ok_or_else(|| {
                Error::invalid("recovery_key", "the recovery key is shown only once, right after the vault is created")
            })?;
            let session = screens.session.as_ref().ok_or(Error::Locked)?;
            let paper = session.records().settings()?.paper;
            let vault = session.vault();
            let pdf = recovery_kit::render(key, vault.id(), &vault.dir().display().to_string(), paper)?;
            reports::write(&path, &Rendered::from(pdf))
        })
        .await
}

/// Forgets the just-created recovery key (the person wrote it down or saved the kit).
#[tauri::command]
pub async fn dismiss_recovery_key(state: State<'_, Arc<AppState>>) -> Res<()> {
    state
        .screens(|_, screens| {
            screens.pending_recovery = None;
            Ok(())
        })
        .await
}

/// Chooses another vault folder (locked until unlocked).
#[tauri::command]
pub async fn open_vault(state: State<'_, Arc<AppState>>, dir: String) -> Res<VaultState> {
    state
        .screens(move |s, screens| {
            let dir = paths::folder("dir", &dir)?;
            Vault::open(&dir)?;
            s.locations.remember_choice(&dir)?;
            screens.open_folder(dir);
            Ok(describe(s, screens, None))
        })
        .await
}

#[tauri::command]
pub async fn unlock(state: State<'_, Arc<AppState>>, request: UnlockRequest) -> Res<VaultState> {
    let secret =
        secret_from_form(request.passphrase.as_ref(), request.recovery_key.as_ref()).map_err(|e| e.to_public())?;
    state
        .open_chosen(
            move |dir| session::open_even_damaged(dir, &secret),
            move |s, screens, dir, mut session| {
                if request.remember {
                    // The secret was typed to unlock: that is the confirmation. The unlock
                    // stands even if the keyring refuses; the state returned shows whether
                    // the key was remembered.
                    if let Some(proof) = session.take_unlock_confirmation() {
                        let _ = session.remember(&proof, &s.keyring);
                    }
                }
                let notice = (session.rotation_on_unlock() == probono_core::vault::Rotation::Completed).then(|| {
                    "A key rotation that was interrupted has been completed. Its new recovery key was never shown: \
                     make a new one now (Settings → New recovery key)."
                        .to_owned()
                });
                open_in(screens, dir, session)?;
                Ok(describe(s, screens, notice))
            },
        )
        .await
}

/// Unlocks with the key this computer remembers, if any. Returns whether it did.
#[tauri::command]
pub async fn unlock_remembered(state: State<'_, Arc<AppState>>) -> Res<bool> {
    state
        .screens(|s, screens| {
            let dir = screens.vault_dir.clone();
            match session::open_remembered_even_damaged(&dir, &s.keyring)? {
                Some(session) => {
                    open_in(screens, dir, session)?;
                    Ok(true)
                }
                None => Ok(false),
            }
        })
        .await
}

/// Locks at once: closes the vault, wipes the key and cancels running tasks.
#[tauri::command]
pub async fn lock(state: State<'_, Arc<AppState>>) -> Res<()> {
    let state = Arc::clone(&state);
    crate::state::blocking(move || state.desk.lock()).await
}

/// The person is active (typing, clicking): postpones auto-lock.
#[tauri::command]
pub async fn touch(state: State<'_, Arc<AppState>>) -> Res<()> {
    state.desk.touch();
    Ok(())
}

/// Creates the demo clinic in its own folder (once) and opens it.
#[tauri::command]
pub async fn open_demo(state: State<'_, Arc<AppState>>) -> Res<VaultState> {
    state
        .screens(|s, screens| {
            let dir = s.locations.demo_vault();
            let session = session::open_demo(&dir, &TaskContext::silent())?;
            open_in(screens, dir, session)?;
            Ok(describe(s, screens, None))
        })
        .await
}

/// Sets a new passphrase; the current one (or the recovery key) is typed again first.
#[tauri::command]
pub async fn change_passphrase(state: State<'_, Arc<AppState>>, request: ChangePassphraseRequest) -> Res<()> {
    state
        .screens(move |_, screens| {
            let session = screens.session()?;
            let proof = request.confirm.check(session)?;
            session.change_passphrase(&proof, &request.new_passphrase.into_passphrase())
        })
        .await
}

/// Remembers the vault key on this computer; the passphrase is typed again first.
#[tauri::command]
pub async fn remember_key(state: State<'_, Arc<AppState>>, request: ConfirmedRequest) -> Res<VaultState> {
    state
        .screens(move |s, screens| {
            let session = screens.session()?;
            let proof = request.confirm.check(session)?;
            session.remember(&proof, &s.keyring)?;
            Ok(describe(s, screens, None))
        })
        .await
}

/// Replaces the vault's data key (the records are re-encrypted); the passphrase is typed
/// again and stays the same; the new recovery key is returned, to be shown once.
#[tauri::command]
pub async fn rekey(state: State<'_, Arc<AppState>>, request: RekeyRequest) -> Res<Rekeyed> {
    let state = Arc::clone(&state);
    crate::state::blocking(move || {
        let done = state.desk.rekey(&request.current_passphrase.into_passphrase(), &state.keyring)?;
        Ok(Rekeyed {
            recovery_key: SecretText::from(done.recovery_key.display()),
            remembered: done.remembered,
            keyring_problem: done.keyring_problem,
        })
    })
    .await
}

/// Replaces a lost recovery key; the passphrase is typed again first. The new key is
/// returned, to be shown once.
#[tauri::command]
pub async fn new_recovery_key(state: State<'_, Arc<AppState>>, request: ConfirmedRequest) -> Res<NewRecoveryKey> {
    state
        .screens(move |_, screens| {
            let session = screens.session()?;
            let proof = request.confirm.check(session)?;
            let key = session.new_recovery_key(&proof)?;
            Ok(NewRecoveryKey { recovery_key: SecretText::from(key.display()) })
        })
        .await
}

#[tauri::command]
pub async fn forget_key(state: State<'_, Arc<AppState>>) -> Res<VaultState> {
    state
        .screens(|s, screens| {
            screens.session()?.forget(&s.keyring)?;
            Ok(describe(s, screens, None))
        })
        .await
}

/// A task id for a cancellable export or import; it tags the task's progress events.
#[tauri::command]
pub async fn new_task(state: State<'_, Arc<AppState>>) -> Res<u64> {
    Ok(state.desk.new_task())
}

#[tauri::command]
pub async fn cancel_task(state: State<'_, Arc<AppState>>, task: u64) -> Res<bool> {
    Ok(state.desk.cancel_task(task))
}
