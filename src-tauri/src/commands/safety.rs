//! Backups, checks, data exit and hour submissions (the Settings screen's "Backups and data").

use std::sync::Arc;

use probono_app::hours::{self, Submitted};
use probono_app::reports::PeriodChoice;
use probono_app::safety::{self, BackupTarget};
use probono_app::session::BackupStatus;
use probono_core::backup::{self, BackupReport, CheckReport};
use probono_core::exchange::ExportSummary;
use probono_core::submission::{SubmissionOptions, SubmissionOutcome};
use probono_core::task::TaskContext;
use tauri::{AppHandle, State};

use crate::commands::vault::describe;
use crate::dto::{
    BackupRequest, ExportRecordsRequest, ImportSubmissionRequest, RestoreRequest, SubmitHoursRequest, VaultState,
    secret_from_form,
};
use crate::paths;
use crate::state::{AppState, Res, blocking, open_in, progress_events};

/// When the last verified backup was made, and whether a reminder is due.
#[tauri::command]
pub async fn backup_status(state: State<'_, Arc<AppState>>) -> Res<BackupStatus> {
    state.screens(|_, s| s.session()?.backup_status()).await
}

/// Writes a verified backup (or one into a rotating folder), with progress and Cancel.
#[tauri::command]
pub async fn backup_now(app: AppHandle, state: State<'_, Arc<AppState>>, request: BackupRequest) -> Res<BackupReport> {
    let task = request.task;
    state
        .task(app, task, move |session, task| {
            let target = match request.keep {
                Some(keep) => BackupTarget::Folder { dir: paths::folder("path", &request.path)?, keep },
                None => BackupTarget::File(paths::output_file("path", &request.path, &[backup::EXTENSION])?),
            };
            safety::backup(session, &target, task)
        })
        .await
}

/// Checks the open vault's encryption and structure (empty lists: sound).
#[tauri::command]
pub async fn check_vault(state: State<'_, Arc<AppState>>) -> Res<CheckReport> {
    state.screens(|_, s| safety::check(s.session()?)).await
}

/// Restores a backup into a new or empty folder; the restored vault becomes the open one.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    request: RestoreRequest,
) -> Res<VaultState> {
    let worker = Arc::clone(&state);
    let task = request.task;
    blocking(move || {
        let restore = |task: &TaskContext| {
            let file = paths::input_file("file", &request.file, &[backup::EXTENSION])?;
            let dir = paths::folder("new_dir", &request.new_dir)?;
            let secret = secret_from_form(request.passphrase.as_ref(), request.recovery_key.as_ref())?;
            let session = safety::restore(&file, &dir, &secret, task)?;
            worker.locations.remember_choice(&dir)?;
            Ok((dir, session))
        };
        worker.desk.run_opening_task(task, progress_events(app, task), restore, open_in)
    })
    .await?;
    state.screens(|s, screens| Ok(describe(s, screens, None))).await
}

/// Writes every record to NOT encrypted JSON or CSV files in a folder.
#[tauri::command]
pub async fn export_records(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    request: ExportRecordsRequest,
) -> Res<ExportSummary> {
    let task = request.task;
    state
        .task(app, task, move |session, task| {
            let dir = paths::folder("dir", &request.dir)?;
            let proof = request.confirm.check(session)?;
            safety::export_records(session, &proof, &dir, request.format, task)
        })
        .await
}

/// The program's public key ("age1…"), made on first use; volunteers encrypt their hours to it.
#[tauri::command]
pub async fn program_key(state: State<'_, Arc<AppState>>) -> Res<String> {
    state.screens(|_, s| hours::program_key(s.session()?)).await
}

/// Imports a volunteer's submission, or says what to answer first (their key's fingerprint,
/// case references to map); nothing is written until then.
#[tauri::command]
pub async fn import_submission(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    request: ImportSubmissionRequest,
) -> Res<SubmissionOutcome> {
    let task = request.task;
    state
        .task(app, task, move |session, task| {
            let path = paths::input_file("path", &request.path, &["pbhours"])?;
            let options = SubmissionOptions {
                accept_fingerprint: request.accept_key,
                map: request.map.into_iter().map(|m| (m.submitted, m.ours)).collect(),
            };
            hours::import_submission(session, &path, &options, task)
        })
        .await
}

/// Writes this vault's volunteer's hours for a period, signed and encrypted to the program key.
#[tauri::command]
pub async fn submit_hours(state: State<'_, Arc<AppState>>, request: SubmitHoursRequest) -> Res<Submitted> {
    state
        .screens(move |_, s| {
            let path = paths::output_file("path", &request.path, &["pbhours"])?;
            let period = PeriodChoice { year: None, from: Some(request.from), to: Some(request.to) }.period()?;
            hours::submit_hours(s.session()?, request.volunteer.as_deref(), period, &request.program_key, &path)
        })
        .await
}
