//! Spreadsheet import: matters.csv (clients and their matters) and hours.csv (volunteers and
//! their time), documented in docs/import-format.md.
//!
//! All or nothing: every row is checked first and every problem is reported with its line,
//! column and reason; only a clean file is written, in one transaction. Keys make a second
//! import of the same file change nothing: case_ref for matters, e-mail (else name) for
//! volunteers, and volunteer + matter + date + activity for time entries.

mod hours;
mod matters;
mod table;
pub mod target;
mod vault;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::Store;
use crate::task::TaskContext;

/// One problem in an import file. `column` is empty for whole-row problems.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub message: String,
}

impl RowError {
    pub(crate) fn new(line: u64, column: &str, message: impl Into<String>) -> Self {
        RowError { line, column: column.to_owned(), message: message.into() }
    }

    /// A validation error from the record rules, with the field renamed to its CSV column.
    pub(crate) fn from_error(line: u64, err: Error, rename: &[(&str, &str)]) -> Self {
        let field = err.field().unwrap_or("").to_owned();
        let column = rename.iter().find(|(f, _)| *f == field).map_or(field.as_str(), |(_, c)| c);
        RowError::new(line, column, err.message())
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub clients: usize,
    pub matters: usize,
    pub volunteers: usize,
    pub organizations: usize,
    pub time_entries: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.clients + self.matters + self.volunteers + self.organizations + self.time_entries
    }
}

/// What an import did (or, for a dry run or a file with errors, would do / did not do).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportSummary {
    pub dry_run: bool,
    /// Data rows read (matters plus hours).
    pub rows: usize,
    pub created: Counts,
    pub updated: Counts,
    /// Rows that matched a record already in the records (vault or team server) with the same values.
    pub unchanged: usize,
    pub warnings: Vec<String>,
    /// Non-empty means nothing was written.
    pub errors: Vec<RowError>,
}

impl ImportSummary {
    pub fn written(&self) -> bool {
        self.errors.is_empty() && !self.dry_run
    }
}

/// The files of one import. Hours may name case references from the matters file of the
/// same import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportRequest<'a> {
    pub matters: Option<&'a [u8]>,
    pub hours: Option<&'a [u8]>,
    pub dry_run: bool,
}

/// Runs an import against one engine's records, inside the transaction the caller opened:
/// every row is checked first; only when none has a problem is anything written, and then
/// all of it (the summary's `written()`). The caller commits when `written()` is true and
/// rolls back otherwise (a dry run applies everything to learn the exact counts). Progress
/// goes to `task` (stages "matters" and "hours", in rows); a cancelled task returns
/// [`Error::Cancelled`] and the caller rolls back.
pub fn run<T: target::ImportTarget>(
    target: &mut T,
    request: ImportRequest<'_>,
    task: &TaskContext,
) -> Result<ImportSummary> {
    let mut summary = ImportSummary { dry_run: request.dry_run, ..Default::default() };
    let matters = match request.matters {
        Some(bytes) => match matters::plan(bytes, &mut summary) {
            Some(plan) => Some(plan),
            None => return Ok(summary),
        },
        None => None,
    };
    let new_case_refs: Vec<String> = matters.as_ref().map(|m| m.case_refs()).unwrap_or_default();
    let hours = match request.hours {
        Some(bytes) => match hours::plan(target, bytes, &new_case_refs, &mut summary)? {
            Some(plan) => Some(plan),
            None => return Ok(summary),
        },
        None => None,
    };
    if !summary.errors.is_empty() {
        return Ok(summary);
    }
    if let Some(plan) = &matters {
        plan.apply(target, &mut summary, task)?;
    }
    if let Some(plan) = &hours {
        plan.apply(target, &mut summary, task)?;
    }
    if !request.dry_run {
        target.audit(&format!(
            "{} rows: created {} records, updated {}, unchanged {}",
            summary.rows,
            summary.created.total(),
            summary.updated.total(),
            summary.unchanged
        ))?;
    }
    Ok(summary)
}

impl Store {
    /// Imports matters and/or hours ([`run`] in one write transaction of the vault). Returns
    /// the summary; when `errors` is non-empty nothing was written. A cancelled task rolls
    /// everything back and returns [`Error::Cancelled`].
    pub fn import(&mut self, request: ImportRequest<'_>, task: &TaskContext) -> Result<ImportSummary> {
        let everyday = crate::db::begin_bulk(self.conn())?;
        let mut not_written = None;
        let result = self.write(|tx| {
            let summary = run(&mut vault::VaultTarget::new(tx), request, task)?;
            if summary.written() {
                return Ok(summary);
            }
            // A dry run, or a file with problems: undo whatever was applied.
            not_written = Some(summary);
            Err(Error::Internal(NOT_WRITTEN.into()))
        });
        crate::db::end_bulk(self.conn(), everyday)?;
        match result {
            Err(Error::Internal(why)) if why == NOT_WRITTEN => {
                not_written.ok_or_else(|| Error::Internal("an import ended without a summary".into()))
            }
            other => other,
        }
    }
}

const NOT_WRITTEN: &str = "import not written: rolled back";
