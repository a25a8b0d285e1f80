//! Service statements: one volunteer's pro bono time over a period as a PDF (or JSON), and
//! a batch that writes one per volunteer into a folder. A failure on one volunteer is
//! reported with their name and does not stop the others. Every statement written is
//! audited, as other exports are.

use std::path::{Path, PathBuf};

use probono_core::reports::statement::ServiceStatement;
use probono_core::reports::{Period, render};
use probono_core::task::TaskContext;
use probono_core::{Error, Result};
use serde::Serialize;

use crate::reports::{Exported, Rendered, ReportFormat, write};
use probono_core::records::Records;

/// A statement in its file format (PDF or JSON; a statement has no CSV form).
pub fn render_statement(records: &dyn Records, statement: &ServiceStatement, format: ReportFormat) -> Result<Rendered> {
    match format {
        ReportFormat::Pdf => {
            let paper = records.settings()?.paper;
            Ok(Rendered::from(render::statement_pdf(statement, paper)?))
        }
        ReportFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(statement).map_err(|e| Error::Internal(e.to_string()))?;
            bytes.push(b'\n');
            Ok(Rendered { bytes, pages: None, unrenderable_scripts: vec![], csv: false })
        }
        ReportFormat::Csv => Err(Error::invalid("format", "a statement is a PDF or JSON")),
    }
}

/// What one statement covers besides the volunteer and the period.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    /// Name each matter's client (left out by default).
    pub with_client_names: bool,
    /// One project (matter) only, for a per-project affidavit.
    pub project: Option<&'a str>,
}

/// One volunteer's statement, rendered (audited: it takes records out of the vault).
pub fn statement(
    records: &mut dyn Records,
    volunteer: &str,
    period: Period,
    scope: Scope<'_>,
    format: ReportFormat,
) -> Result<Rendered> {
    let with_client_names = scope.with_client_names;
    let s = records.service_statement(volunteer, period, with_client_names, scope.project)?;
    let rendered = render_statement(records, &s, format)?;
    records.record_export(audit_label(with_client_names))?;
    Ok(rendered)
}

/// One volunteer's statement, written to `path` (replaced atomically).
pub fn export_statement(
    records: &mut dyn Records,
    volunteer: &str,
    period: Period,
    scope: Scope<'_>,
    format: ReportFormat,
    path: &Path,
) -> Result<Exported> {
    let rendered = statement(records, volunteer, period, scope, format)?;
    write(path, &rendered)
}

/// A statement the batch could not write.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct StatementFailure {
    pub volunteer: String,
    pub message: String,
}

/// What a batch wrote and what it could not.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct StatementBatch {
    pub folder: String,
    pub written: Vec<Exported>,
    pub failed: Vec<StatementFailure>,
}

/// One statement per volunteer with time in `period`, written into `folder` (made when
/// missing) as `statement-<name>-<period>.<ext>`; progress goes to `task`, and a cancel
/// stops before the next volunteer.
pub fn export_statements(
    records: &mut dyn Records,
    period: Period,
    with_client_names: bool,
    format: ReportFormat,
    folder: &Path,
    task: &TaskContext,
) -> Result<StatementBatch> {
    if format == ReportFormat::Csv {
        return Err(Error::invalid("format", "a statement is a PDF or JSON"));
    }
    std::fs::create_dir_all(folder).map_err(|e| Error::io(format!("making the folder {}", folder.display()), e))?;
    let volunteers = records.volunteers_with_time(period)?;
    let total = volunteers.len() as u64;
    let mut batch = StatementBatch { folder: folder.display().to_string(), written: vec![], failed: vec![] };
    let mut taken = std::collections::HashSet::new();
    let mut cancelled = None;
    for (i, (id, name)) in volunteers.iter().enumerate() {
        if let Err(e) = task.step("statements", i as u64, total) {
            cancelled = Some(e);
            break;
        }
        let mut one = || -> Result<Exported> {
            let s = records.service_statement(&id.to_string(), period, with_client_names, None)?;
            let rendered = render_statement(records, &s, format)?;
            let path = free_name(folder, &s.file_stem(), format.extension(), &mut taken);
            write(&path, &rendered)
        };
        match one() {
            Ok(exported) => batch.written.push(exported),
            Err(e) => batch.failed.push(StatementFailure { volunteer: name.clone(), message: e.to_string() }),
        }
    }
    // What was written is audited, even when the batch was cancelled part way.
    if !batch.written.is_empty() {
        let what = format!("{} ({})", audit_label(with_client_names), batch.written.len());
        records.record_export(&what)?;
    }
    if let Some(e) = cancelled {
        return Err(e);
    }
    task.step("done", total, total)?;
    Ok(batch)
}

fn audit_label(with_client_names: bool) -> &'static str {
    if with_client_names { "service statement with client names" } else { "service statement" }
}

/// `folder/stem.ext`, or `stem-2.ext`… when two volunteers share a name.
fn free_name(folder: &Path, stem: &str, ext: &str, taken: &mut std::collections::HashSet<String>) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 { format!("{stem}.{ext}") } else { format!("{stem}-{n}.{ext}") };
        if taken.insert(name.clone()) {
            return folder.join(name);
        }
        n += 1;
    }
}
