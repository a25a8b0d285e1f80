//! Backups, checks, data exit and hour submissions (the Settings screen's "Backups and data").

use std::sync::Arc;

use probono_core::backup::{self, BackupReport, CheckReport};
use probono_core::exchange::ExportSummary;
use probono_core::reports::Period;
use probono_core::submission::{SubmissionOptions, SubmissionSummary};
use probono_core::{Error, Passphrase, PublicError, RecoveryKey, Unlock};
use tauri::{AppHandle, Emitter, State};

use crate::dto::{
    BackupRequest, BackupStatus, ExportRecordsRequest, ImportSubmissionRequest, ProgressEvent, RestoreRequest,
    SubmitHoursRequest, SubmitHoursResult, VaultState,
};
use crate::paths;
use crate::state::AppState;

type Res<T> = Result<T, PublicError>;

#[tauri::command]
pub async fn backup_status(state: State<'_, Arc<AppState>>) -> Res<BackupStatus> {
    state
        .run(|inner| {
            let store = inner.store()?;
            Ok(BackupStatus {
                last_verified_backup: store.last_verified_backup()?,
                due: store.backup_due()?,
                reminder_days: store.settings()?.backup_reminder_days,
            })
        })
        .await
}

/// Writes a verified backup (or one into a rotating folder), with progress and Cancel.
#[tauri::command]
pub async fn backup_now(app: AppHandle, state: State<'_, Arc<AppState>>, request: BackupRequest) -> Res<BackupReport> {
    let cancel = state.task_flag(request.task);
    let s = Arc::clone(&state);
    let task = request.task;
    let result = state
        .run(move |inner| {
            let mut progress = |done: u64, total: u64| {
                let _ = app.emit(
                    "progress",
                    ProgressEvent { task, stage: "backup".into(), done: done as usize, total: total as usize },
                );
                !cancel.as_ref().is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed))
            };
            let store = inner.store()?;
            match request.keep {
                Some(keep) => {
                    let folder = paths::folder("path", &request.path)?;
                    store.backup_to_folder(&folder, keep, &mut progress)
                }
                None => {
                    let file = paths::output_file("path", &request.path, &[backup::EXTENSION])?;
                    store.backup(&file, &mut progress)
                }
            }
        })
        .await;
    s.finish_task(task);
    result
}

#[tauri::command]
pub async fn check_vault(state: State<'_, Arc<AppState>>) -> Res<CheckReport> {
    state.run(|inner| inner.store()?.check()).await
}

/// Restores a backup into a new folder and opens it (unlocked).
#[tauri::command]
pub async fn restore_backup(state: State<'_, Arc<AppState>>, request: RestoreRequest) -> Res<VaultState> {
    let s = Arc::clone(&state);
    state
        .run(move |inner| {
            let file = paths::input_file("file", &request.file, &[backup::EXTENSION])?;
            let dir = paths::folder("new_dir", &request.new_dir)?;
            let store = match (&request.recovery_key, &request.passphrase) {
                (Some(rk), _) if !rk.trim().is_empty() => {
                    backup::restore(&file, &dir, Unlock::RecoveryKey(&RecoveryKey::parse(rk)?))?
                }
                (_, Some(p)) => backup::restore(&file, &dir, Unlock::Passphrase(&Passphrase::new(p.clone())))?,
                _ => return Err(Error::invalid("passphrase", "is required")),
            };
            inner.lock();
            inner.vault_dir = dir.clone();
            s.remember_vault_dir(&dir);
            inner.open_store(store)?;
            crate::commands::vault::describe_now(&s, inner)
        })
        .await
}

#[tauri::command]
pub async fn export_records(state: State<'_, Arc<AppState>>, request: ExportRecordsRequest) -> Res<ExportSummary> {
    state
        .run(move |inner| {
            let dir = paths::folder("dir", &request.dir)?;
            inner.store()?.export_records(&dir, request.format)
        })
        .await
}

#[tauri::command]
pub async fn program_key(state: State<'_, Arc<AppState>>) -> Res<String> {
    state.run(|inner| inner.store()?.program_key()).await
}

#[tauri::command]
pub async fn import_submission(
    state: State<'_, Arc<AppState>>,
    request: ImportSubmissionRequest,
) -> Res<SubmissionSummary> {
    state
        .run(move |inner| {
            let path = paths::input_file("path", &request.path, &["pbhours"])?;
            let bytes = std::fs::read(&path).map_err(|e| Error::io("reading the submission", e))?;
            let options = SubmissionOptions {
                accept_fingerprint: request.accept_key,
                map: request.map.into_iter().map(|m| (m.submitted, m.ours)).collect(),
            };
            inner.store()?.import_submission(&bytes, &options)
        })
        .await
}

#[tauri::command]
pub async fn submit_hours(state: State<'_, Arc<AppState>>, request: SubmitHoursRequest) -> Res<SubmitHoursResult> {
    state
        .run(move |inner| {
            let path = paths::output_file("path", &request.path, &["pbhours"])?;
            let period = Period::between(&request.from, &request.to)?;
            let store = inner.store()?;
            let me = match request.volunteer.filter(|v| !v.trim().is_empty()) {
                Some(v) => v,
                None => match store.list_volunteers(None)?.as_slice() {
                    [one] => one.id.to_string(),
                    _ => return Err(Error::invalid("volunteer", "say which volunteer you are")),
                },
            };
            let bytes = store.submit_hours(&me, period, &request.program_key)?;
            probono_core::fsutil::write_atomically(&path, &bytes)
                .map_err(|e| Error::io("writing the submission", e))?;
            Ok(SubmitHoursResult { path: path.display().to_string(), fingerprint: store.signing_fingerprint()? })
        })
        .await
}
