//! Conflict checks: as a form is typed, and recorded on a matter.

use std::sync::Arc;

use probono_app::conflicts;
use probono_core::conflict::{Duplicate, Match, Query};
use probono_core::model::{ConflictCheck, ConflictCheckDraft};
use probono_core::store::MergePlan;
use tauri::State;

use crate::dto::{ConflictQuery, MergeRequest};
use crate::state::{AppState, Res};

/// Likely matches for a name among clients, parties and volunteers (empty while the name is
/// too short to say anything). Typed names are not audited; a recorded check is.
#[tauri::command]
pub async fn conflict_check(state: State<'_, Arc<AppState>>, request: ConflictQuery) -> Res<Vec<Match>> {
    state
        .screens(move |_, screens| {
            if request.name.trim().chars().count() < 3 {
                return Ok(Vec::new());
            }
            let query = Query {
                name: request.name,
                a_number: request.a_number.filter(|a| !a.trim().is_empty()),
                date_of_birth: request.date_of_birth.filter(|d| !d.trim().is_empty()),
            };
            match screens.team.as_ref() {
                Some(connected) => conflicts::check_on(&connected.team, &query),
                None => conflicts::check_as_typed(screens.session()?, &query),
            }
        })
        .await
}

/// Records a conflict check on a matter: who ran it, the names searched, the matches shown
/// and the decision.
#[tauri::command]
pub async fn record_conflict_check(state: State<'_, Arc<AppState>>, draft: ConflictCheckDraft) -> Res<ConflictCheck> {
    state.screens(move |_, screens| conflicts::record(screens.records()?, &draft)).await
}

/// Likely duplicate clients, each pair once, highest score first (the program's threshold).
#[tauri::command]
pub async fn client_duplicates(state: State<'_, Arc<AppState>>) -> Res<Vec<Duplicate>> {
    state.screens(move |_, screens| conflicts::duplicates(screens.records()?)).await
}

/// What merging `drop` into `keep` would do; nothing is written.
#[tauri::command]
pub async fn merge_preview(state: State<'_, Arc<AppState>>, request: MergeRequest) -> Res<MergePlan> {
    state
        .screens(move |_, screens| {
            screens.records()?.merge_preview(&request.keep.to_string(), &request.drop.to_string())
        })
        .await
}

/// Merges the duplicate client `drop` into `keep` (matters, names, languages and empty fields
/// move; refused for different A-numbers; audited).
#[tauri::command]
pub async fn merge_clients(state: State<'_, Arc<AppState>>, request: MergeRequest) -> Res<MergePlan> {
    state
        .screens(move |_, screens| {
            screens.records()?.merge_clients(&request.keep.to_string(), &request.drop.to_string())
        })
        .await
}
