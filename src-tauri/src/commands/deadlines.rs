//! Deadlines from the rules and the calendar export.

use std::sync::Arc;

use probono_app::calendar::{self, CalendarWritten};
use probono_app::deadlines;
use probono_core::deadlines::{Computed, Rule};
use probono_core::model::Hearing;
use probono_core::store::OpenSuggestions;
use tauri::State;

use crate::dto::{
    ComputeDeadlineRequest, DeadlineDoneRequest, DeadlineRequest, DismissDeadlineRequest, ExportCalendarRequest,
};
use crate::paths;
use crate::state::{AppState, Res};

/// The rules in force (built in, and the program's own), with their citations.
#[tauri::command]
pub async fn deadline_rules(state: State<'_, Arc<AppState>>) -> Res<Vec<Rule>> {
    state.screens(move |_, s| s.records()?.deadline_rules()).await
}

/// The calculator: a rule counted from a date.
#[tauri::command]
pub async fn compute_deadline(state: State<'_, Arc<AppState>>, request: ComputeDeadlineRequest) -> Res<Computed> {
    state.screens(move |_, s| deadlines::compute(s.records()?, &request.rule, &request.from)).await
}

/// Suggestions waiting on the open matters, and the deadlines that cannot be computed.
#[tauri::command]
pub async fn suggested_deadlines(state: State<'_, Arc<AppState>>) -> Res<OpenSuggestions> {
    state.screens(move |_, s| s.records()?.suggested_deadlines()).await
}

/// Confirms a suggested deadline: it goes on the matter's calendar with its rule.
#[tauri::command]
pub async fn confirm_deadline(state: State<'_, Arc<AppState>>, request: DeadlineRequest) -> Res<Hearing> {
    state
        .screens(move |_, s| {
            s.records()?.confirm_deadline(&request.matter_id.to_string(), &request.rule, request.source.as_deref())
        })
        .await
}

/// Dismisses a suggested deadline with the reason.
#[tauri::command]
pub async fn dismiss_deadline(state: State<'_, Arc<AppState>>, request: DismissDeadlineRequest) -> Res<()> {
    state
        .screens(move |_, s| {
            s.records()?.dismiss_deadline(
                &request.matter_id.to_string(),
                &request.rule,
                request.source.as_deref(),
                &request.reason,
            )
        })
        .await
}

/// Marks a deadline done (filed), or not done again.
#[tauri::command]
pub async fn mark_deadline_done(state: State<'_, Arc<AppState>>, request: DeadlineDoneRequest) -> Res<Hearing> {
    state.screens(move |_, s| s.records()?.mark_deadline_done(request.id, request.done)).await
}

/// Writes hearings and deadlines as an .ics calendar file.
#[tauri::command]
pub async fn export_calendar(state: State<'_, Arc<AppState>>, request: ExportCalendarRequest) -> Res<CalendarWritten> {
    state
        .screens(move |_, s| {
            let path = paths::output_file("path", &request.path, &["ics"])?;
            calendar::export(s.records()?, &request.choice, &path)
        })
        .await
}
