//! Settings kept in the vault (program name, paper, national rates, auto-lock).

use std::sync::Arc;
use std::time::Duration;

use probono_core::store::Settings;
use tauri::State;

use crate::state::{AppState, Res};

#[tauri::command]
pub async fn get_settings(state: State<'_, Arc<AppState>>) -> Res<Settings> {
    state.screens(|_, s| s.records()?.settings()).await
}

/// Saves the settings; auto-lock takes the new period at once.
#[tauri::command]
pub async fn save_settings(state: State<'_, Arc<AppState>>, settings: Settings) -> Res<Settings> {
    state
        .screens(move |_, s| {
            s.records()?.save_settings(&settings)?;
            s.auto_lock = Duration::from_secs(u64::from(settings.auto_lock_minutes) * 60);
            s.records()?.settings()
        })
        .await
}
