//! Reports on screen and as files, with progress events for the UI's bar.

use std::sync::Arc;

use probono_core::reports::hours::HoursReport;
use probono_core::reports::impact::ImpactReport;
use probono_core::reports::{Period, render};
use probono_core::{Error, PublicError};
use tauri::{AppHandle, Emitter, State};

use crate::dto::{
    ExportCaseRequest, ExportFormat, ExportReportRequest, ExportResult, PeriodRequest, ProgressEvent, ReportKind,
};
use crate::paths;
use crate::state::AppState;

type Res<T> = Result<T, PublicError>;

fn period(p: &PeriodRequest) -> probono_core::Result<Period> {
    match (&p.from, &p.to, p.year) {
        (Some(from), Some(to), _) if !from.is_empty() && !to.is_empty() => Period::between(from, to),
        (_, _, Some(year)) => Period::year(year),
        _ => Period::year(i32::from(jiff::ZonedDateTime::now().date().year())),
    }
}

#[tauri::command]
pub async fn impact_report(state: State<'_, Arc<AppState>>, period: PeriodRequest) -> Res<ImpactReport> {
    state.run(move |inner| inner.store()?.impact_report(self::period(&period)?)).await
}

#[tauri::command]
pub async fn hours_report(state: State<'_, Arc<AppState>>, period: PeriodRequest) -> Res<HoursReport> {
    state.run(move |inner| inner.store()?.hours_report(self::period(&period)?)).await
}

fn emit(app: &AppHandle, task: u64, stage: &str, done: usize, total: usize) {
    let _ = app.emit("progress", ProgressEvent { task, stage: stage.into(), done, total });
}

#[tauri::command]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    request: ExportReportRequest,
    task: u64,
) -> Res<ExportResult> {
    let cancel = state.task_flag(task);
    let s = Arc::clone(&state);
    let result = state
        .run(move |inner| {
            let cancelled = || cancel.as_ref().is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
            let ext = match request.format {
                ExportFormat::Pdf => "pdf",
                ExportFormat::Csv => "csv",
                ExportFormat::Json => "json",
            };
            let path = paths::output_file("path", &request.path, &[ext])?;
            let period = period(&request.period)?;
            let store = inner.store()?;
            let paper = store.settings()?.paper;
            emit(&app, task, "figures", 0, 2);
            let (bytes, pages, scripts) = match request.kind {
                ReportKind::Impact => {
                    let r = store.impact_report(period)?;
                    if cancelled() {
                        return Err(Error::Cancelled);
                    }
                    emit(&app, task, "writing", 1, 2);
                    file_bytes(request.format, &r, || render::impact_csv(&r), || render::impact_pdf(&r, paper))?
                }
                ReportKind::Hours => {
                    let r = store.hours_report(period)?;
                    if cancelled() {
                        return Err(Error::Cancelled);
                    }
                    emit(&app, task, "writing", 1, 2);
                    file_bytes(request.format, &r, || render::hours_csv(&r), || render::hours_pdf(&r, paper))?
                }
            };
            if cancelled() {
                return Err(Error::Cancelled);
            }
            probono_core::fsutil::write_atomically(&path, &bytes).map_err(|e| Error::io("writing the report", e))?;
            store.record_export(match request.kind {
                ReportKind::Impact => "impact report",
                ReportKind::Hours => "hours report",
            })?;
            emit(&app, task, "done", 2, 2);
            Ok(ExportResult { path: path.display().to_string(), pages, unrenderable_scripts: scripts })
        })
        .await;
    s.finish_task(task);
    result
}

type Rendered = (Vec<u8>, Option<usize>, Vec<String>);

fn file_bytes<T: serde::Serialize>(
    format: ExportFormat,
    report: &T,
    csv: impl FnOnce() -> probono_core::Result<String>,
    pdf: impl FnOnce() -> probono_core::Result<probono_core::pdf::RenderedPdf>,
) -> probono_core::Result<Rendered> {
    Ok(match format {
        ExportFormat::Json => {
            (serde_json::to_vec_pretty(report).map_err(|e| Error::Internal(e.to_string()))?, None, vec![])
        }
        ExportFormat::Csv => (csv()?.into_bytes(), None, vec![]),
        ExportFormat::Pdf => {
            let r = pdf()?;
            (r.bytes, Some(r.pages), r.unrenderable_scripts)
        }
    })
}

#[tauri::command]
pub async fn export_case_summary(state: State<'_, Arc<AppState>>, request: ExportCaseRequest) -> Res<ExportResult> {
    state
        .run(move |inner| {
            let path = paths::output_file("path", &request.path, &["pdf"])?;
            let store = inner.store()?;
            let pdf = store.case_summary_pdf(&request.matter, request.include_notes)?;
            probono_core::fsutil::write_atomically(&path, &pdf.bytes)
                .map_err(|e| Error::io("writing the case summary", e))?;
            store.record_export("case summary PDF")?;
            Ok(ExportResult {
                path: path.display().to_string(),
                pages: Some(pdf.pages),
                unrenderable_scripts: pdf.unrenderable_scripts,
            })
        })
        .await
}
