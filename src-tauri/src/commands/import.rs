//! Spreadsheet import with progress events and a Cancel button.

use std::sync::Arc;

use probono_app::safety::{self, Spreadsheets};
use probono_core::import::ImportSummary;
use tauri::{AppHandle, State};

use crate::dto::{ImportFileRequest, ImportKind};
use crate::paths;
use crate::state::{AppState, Res};

/// A dry run (`dry_run: true`) shows what would be created and every problem by line; the
/// real run writes all rows or none.
#[tauri::command]
pub async fn import_file(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    request: ImportFileRequest,
) -> Res<ImportSummary> {
    let task = request.task;
    state
        .records_task(app, task, move |records, task| {
            let path = paths::input_file("path", &request.path, &["csv", "txt"])?;
            let files = match request.kind {
                ImportKind::Matters => Spreadsheets { matters: Some(path), hours: None },
                ImportKind::Hours => Spreadsheets { matters: None, hours: Some(path) },
            };
            safety::import_spreadsheets(records, &files, request.dry_run, task)
        })
        .await
}
