//! Settings kept in the vault (program name, paper, national rates, auto-lock).

use std::sync::Arc;
use std::time::Duration;

use probono_core::PublicError;
use probono_core::store::Settings;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn get_settings(state: State<'_, Arc<AppState>>) -> Result<Settings, PublicError> {
    state.run(|inner| inner.store()?.settings()).await
}

#[tauri::command]
pub async fn save_settings(state: State<'_, Arc<AppState>>, settings: Settings) -> Result<Settings, PublicError> {
    state
        .run(move |inner| {
            inner.store()?.save_settings(&settings)?;
            inner.auto_lock = Duration::from_secs(u64::from(settings.auto_lock_minutes) * 60);
            inner.store()?.settings()
        })
        .await
}
