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
    /// Rows that matched a record already in the vault with the same values.
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

impl Store {
    /// Imports matters and/or hours. Returns the summary; when `errors` is non-empty nothing
    /// was written. Progress goes to `task` (stages "matters" and "hours", in rows); a
    /// cancelled task rolls everything back and returns [`Error::Cancelled`].
    pub fn import(&mut self, request: ImportRequest<'_>, task: &TaskContext) -> Result<ImportSummary> {
        let mut summary = ImportSummary { dry_run: request.dry_run, ..Default::default() };
        let matters = match request.matters {
            Some(bytes) => match matters::plan(self.conn(), bytes, &mut summary) {
                Some(plan) => Some(plan),
                None => return Ok(summary),
            },
            None => None,
        };
        let new_case_refs: Vec<String> = matters.as_ref().map(|m| m.case_refs()).unwrap_or_default();
        let hours = match request.hours {
            Some(bytes) => match hours::plan(self.conn(), bytes, &new_case_refs, &mut summary) {
                Some(plan) => Some(plan),
                None => return Ok(summary),
            },
            None => None,
        };
        if !summary.errors.is_empty() {
            return Ok(summary);
        }

        let everyday = crate::db::begin_bulk(self.conn())?;
        let result = self.write(|tx| {
            if let Some(plan) = &matters {
                plan.apply(tx, &mut summary, task)?;
            }
            if let Some(plan) = &hours {
                plan.apply(tx, &mut summary, task)?;
            }
            if request.dry_run {
                // Everything was applied to learn the exact counts; undo it.
                return Err(Error::Internal(DRY_RUN_ROLLBACK.into()));
            }
            crate::store::audit(
                tx,
                "import",
                "import",
                None,
                &format!(
                    "{} rows: created {} records, updated {}, unchanged {}",
                    summary.rows,
                    summary.created.total(),
                    summary.updated.total(),
                    summary.unchanged
                ),
            )
        });
        crate::db::end_bulk(self.conn(), everyday)?;
        match result {
            Ok(()) => Ok(summary),
            Err(Error::Internal(why)) if why == DRY_RUN_ROLLBACK => Ok(summary),
            Err(e) => Err(e),
        }
    }
}

const DRY_RUN_ROLLBACK: &str = "dry run: rolled back";
