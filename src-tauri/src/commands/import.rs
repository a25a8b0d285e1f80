//! Spreadsheet import with progress events and a Cancel button.

use std::sync::Arc;

use probono_core::import::{ImportRequest, ImportSummary};
use probono_core::{Error, PublicError};
use tauri::{AppHandle, Emitter, State};

use crate::dto::{ImportFileRequest, ImportKind, ProgressEvent};
use crate::paths;
use crate::state::AppState;

/// A dry run (`dry_run: true`) shows what would be created and every problem by line; the
/// real run writes all rows or none.
#[tauri::command]
pub async fn import_file(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    request: ImportFileRequest,
) -> Result<ImportSummary, PublicError> {
    let cancel = state.task_flag(request.task);
    let s = Arc::clone(&state);
    let task = request.task;
    let result = state
        .run(move |inner| {
            let path = paths::input_file("path", &request.path, &["csv", "txt"])?;
            let bytes = std::fs::read(&path).map_err(|e| Error::io("reading the file", e))?;
            let (matters, hours) = match request.kind {
                ImportKind::Matters => (Some(bytes.as_slice()), None),
                ImportKind::Hours => (None, Some(bytes.as_slice())),
            };
            let flag = cancel.as_deref();
            inner.store()?.import(
                ImportRequest { matters, hours, dry_run: request.dry_run, cancel: flag },
                &mut |stage, done, total| {
                    let _ = app.emit("progress", ProgressEvent { task, stage: stage.into(), done, total });
                    true
                },
            )
        })
        .await;
    s.finish_task(task);
    result
}
