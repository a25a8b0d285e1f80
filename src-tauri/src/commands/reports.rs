//! Reports on screen and as files, with progress events for the UI's bar.

use std::sync::Arc;

use probono_app::reports::{self, Exported, PeriodChoice};
use probono_core::reports::hours::HoursReport;
use probono_core::reports::impact::ImpactReport;
use probono_core::reports::statement::ServiceStatement;
use tauri::{AppHandle, State};

use crate::dto::{
    ExportCaseRequest, ExportReportRequest, ExportStatementRequest, ExportStatementsRequest, StatementRequest,
};
use crate::paths;
use crate::state::{AppState, Res};

/// The impact report's figures for a period (this year when none is given).
#[tauri::command]
pub async fn impact_report(state: State<'_, Arc<AppState>>, period: PeriodChoice) -> Res<ImpactReport> {
    state.screens(move |_, s| s.records()?.impact_report(period.period()?)).await
}

/// The volunteer-hour report's figures for a period (this year when none is given).
#[tauri::command]
pub async fn hours_report(state: State<'_, Arc<AppState>>, period: PeriodChoice) -> Res<HoursReport> {
    state.screens(move |_, s| s.records()?.hours_report(period.period()?)).await
}

/// Writes a report file (PDF, CSV or JSON); its progress events carry `request.task`.
#[tauri::command]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    request: ExportReportRequest,
) -> Res<Exported> {
    let task = request.task;
    // On a team server there is no second vault connection to run it on: the figures are the
    // server's work, so it runs as screen work.
    if state.screens(|_, s| Ok(s.team.is_some())).await? {
        return state
            .screens(move |_, s| {
                let path = paths::output_file("path", &request.path, &[request.format.extension()])?;
                let period = request.period.period()?;
                let silent = probono_core::task::TaskContext::silent();
                reports::export_report(s.records()?, request.kind, period, request.format, &path, &silent)
            })
            .await;
    }
    state
        .task(app, task, move |session, task| {
            let path = paths::output_file("path", &request.path, &[request.format.extension()])?;
            reports::export_report(
                session.records_mut(),
                request.kind,
                request.period.period()?,
                request.format,
                &path,
                task,
            )
        })
        .await
}

/// Writes the case summary PDF of a matter.
#[tauri::command]
pub async fn export_case_summary(state: State<'_, Arc<AppState>>, request: ExportCaseRequest) -> Res<Exported> {
    state
        .screens(move |_, s| {
            let path = paths::output_file("path", &request.path, &["pdf"])?;
            reports::export_case_summary(s.records()?, &request.matter_id.to_string(), request.include_notes, &path)
        })
        .await
}

/// A volunteer's service statement for a period, without client names: the volunteer page's
/// hours by matter and, for a law student, the hours toward the New York bar's 50.
#[tauri::command]
pub async fn service_statement(state: State<'_, Arc<AppState>>, request: StatementRequest) -> Res<ServiceStatement> {
    state
        .screens(move |_, s| {
            s.records()?.service_statement(&request.volunteer_id.to_string(), request.period.period()?, false, None)
        })
        .await
}

/// Writes a volunteer's service statement PDF (audited).
#[tauri::command]
pub async fn export_statement(state: State<'_, Arc<AppState>>, request: ExportStatementRequest) -> Res<Exported> {
    state
        .screens(move |_, s| {
            let path = paths::output_file("path", &request.path, &["pdf"])?;
            probono_app::statements::export_statement(
                s.records()?,
                &request.volunteer_id.to_string(),
                request.period.period()?,
                probono_app::statements::Scope { with_client_names: request.with_client_names, project: None },
                reports::ReportFormat::Pdf,
                &path,
            )
        })
        .await
}

/// Writes a service statement (PDF) for every volunteer with time in the period into a
/// folder, with progress events; a volunteer whose statement could not be written is listed
/// and the others are still written.
#[tauri::command]
pub async fn export_statements(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    request: ExportStatementsRequest,
) -> Res<probono_app::statements::StatementBatch> {
    let task = request.task;
    if state.screens(|_, s| Ok(s.team.is_some())).await? {
        // On a team server: screen work (no second vault connection to run it on).
        return state
            .screens(move |_, s| {
                let folder = paths::folder("folder", &request.folder)?;
                let silent = probono_core::task::TaskContext::silent();
                let period = request.period.period()?;
                let pdf = reports::ReportFormat::Pdf;
                probono_app::statements::export_statements(
                    s.records()?,
                    period,
                    request.with_client_names,
                    pdf,
                    &folder,
                    &silent,
                )
            })
            .await;
    }
    state
        .task(app, task, move |session, task| {
            let folder = paths::folder("folder", &request.folder)?;
            probono_app::statements::export_statements(
                session.records_mut(),
                request.period.period()?,
                request.with_client_names,
                reports::ReportFormat::Pdf,
                &folder,
                task,
            )
        })
        .await
}
