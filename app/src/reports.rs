//! Reports as files: the figures (from the data layer, by the definitions in core), rendered
//! as JSON, CSV or PDF, written, and the export recorded in the audit log.

use std::path::Path;

use probono_core::pdf::RenderedPdf;
use probono_core::reports::{Period, render};
use probono_core::task::TaskContext;
use probono_core::{Error, Result};
use serde::{Deserialize, Serialize};

use probono_core::records::Records;

/// The period a report covers, as a person gives it: a year, or from and to dates; neither
/// means this calendar year.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PeriodChoice {
    pub year: Option<i32>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl PeriodChoice {
    pub fn period(&self) -> Result<Period> {
        let given = |d: &Option<String>| d.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned);
        match (given(&self.from), given(&self.to), self.year) {
            (Some(from), Some(to), _) => Period::between(&from, &to),
            (Some(_), None, None) => Err(Error::invalid("to", "is required with from (or give a year)")),
            (None, Some(_), None) => Err(Error::invalid("from", "is required with to (or give a year)")),
            (_, _, Some(year)) => Period::year(year),
            (None, None, None) => Period::year(i32::from(crate::session::today().year())),
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Impact,
    Hours,
}

impl ReportKind {
    fn audit_label(self) -> &'static str {
        match self {
            ReportKind::Impact => "impact report",
            ReportKind::Hours => "hours report",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Pdf,
    Csv,
    Json,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
        }
    }
}

/// A report or summary in its file format.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: Option<usize>,
    /// Scripts the PDF's font cannot show (the PDF says so too).
    pub unrenderable_scripts: Vec<String>,
    /// CSV: a file of it starts with the UTF-8 byte-order mark (core::csv_out).
    pub csv: bool,
}

impl From<RenderedPdf> for Rendered {
    fn from(pdf: RenderedPdf) -> Self {
        Rendered {
            bytes: pdf.bytes,
            pages: Some(pdf.pages),
            unrenderable_scripts: pdf.unrenderable_scripts,
            csv: false,
        }
    }
}

/// What was written.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    pub path: String,
    pub pages: Option<usize>,
    pub unrenderable_scripts: Vec<String>,
}

/// Figures for `period`, rendered as `format`. The export is audited here: printing a report
/// takes the records out of the vault as much as saving it does.
pub fn render_report(
    records: &mut dyn Records,
    kind: ReportKind,
    period: Period,
    format: ReportFormat,
    task: &TaskContext,
) -> Result<Rendered> {
    task.step("figures", 0, 2)?;
    let paper = records.settings()?.paper;
    let rendered = match kind {
        ReportKind::Impact => {
            let r = records.impact_report(period)?;
            task.step("writing", 1, 2)?;
            file_bytes(format, &r, || render::impact_csv(&r), || render::impact_pdf(&r, paper))?
        }
        ReportKind::Hours => {
            let r = records.hours_report(period)?;
            task.step("writing", 1, 2)?;
            file_bytes(format, &r, || render::hours_csv(&r), || render::hours_pdf(&r, paper))?
        }
    };
    task.check()?;
    records.record_export(kind.audit_label())?;
    task.step("done", 2, 2)?;
    Ok(rendered)
}

/// The same, from a team server: the same definitions and rendering, over what the member
/// may see; recorded in the server's audit trail.
pub fn render_team_report(
    team: &mut probono_team::Team,
    kind: ReportKind,
    period: Period,
    format: ReportFormat,
) -> Result<Rendered> {
    let rendered = figures(team, kind, period, format)?;
    team.record_access("export", "report", kind.audit_label())?;
    Ok(rendered)
}

/// The same, with the figures read from `replica` (a streaming replica of the team server,
/// `--read-replica`) and the audit event written to the server itself (a replica is
/// read-only).
pub fn render_team_report_from(
    server: &mut probono_team::Team,
    replica: &mut probono_team::Team,
    kind: ReportKind,
    period: Period,
    format: ReportFormat,
) -> Result<Rendered> {
    let rendered = figures(replica, kind, period, format)?;
    server.record_access("export", "report", kind.audit_label())?;
    Ok(rendered)
}

fn figures(team: &mut probono_team::Team, kind: ReportKind, period: Period, format: ReportFormat) -> Result<Rendered> {
    let paper = team.settings()?.paper;
    match kind {
        ReportKind::Impact => {
            let r = team.impact_report(period)?;
            file_bytes(format, &r, || render::impact_csv(&r), || render::impact_pdf(&r, paper))
        }
        ReportKind::Hours => {
            let r = team.hours_report(period)?;
            file_bytes(format, &r, || render::hours_csv(&r), || render::hours_pdf(&r, paper))
        }
    }
}

/// An organization's Pro Bono Institute Challenge figures for `period`, given its billable
/// hours, rendered as `format` (audited, as every report that leaves the vault).
pub fn render_challenge(
    records: &mut dyn Records,
    organization: &str,
    period: Period,
    billable_hours: &str,
    format: ReportFormat,
) -> Result<Rendered> {
    let billable: f64 = billable_hours
        .trim()
        .replace(',', "")
        .parse()
        .ok()
        .filter(|h: &f64| h.is_finite())
        .ok_or_else(|| Error::invalid("billable_hours", "must be a number of hours, such as 125000"))?;
    let paper = records.settings()?.paper;
    let r = records.challenge_report(organization, period, billable)?;
    let rendered = file_bytes(format, &r, || render::challenge_csv(&r), || render::challenge_pdf(&r, paper))?;
    records.record_export("challenge figures")?;
    Ok(rendered)
}

/// Renders a report and writes it to `path` (replaced atomically).
pub fn export_report(
    records: &mut dyn Records,
    kind: ReportKind,
    period: Period,
    format: ReportFormat,
    path: &Path,
    task: &TaskContext,
) -> Result<Exported> {
    let rendered = render_report(records, kind, period, format, task)?;
    write(path, &rendered)
}

/// The one-matter case summary PDF (with the matter's notes when asked), written to `path`;
/// on either engine (on a team server: what the member may see of the matter).
pub fn export_case_summary(
    records: &mut dyn Records,
    matter: &str,
    include_notes: bool,
    path: &Path,
) -> Result<Exported> {
    let detail = records.matter_detail(matter)?;
    let settings = records.settings()?;
    let options = probono_core::reports::case_summary::CaseSummaryOptions { include_notes, paper: settings.paper };
    let pdf = probono_core::reports::case_summary::render(&detail, &settings.program_name, options)?;
    let exported = write(path, &Rendered::from(pdf))?;
    records.record_export("case summary PDF")?;
    Ok(exported)
}

/// Writes a rendered file atomically (a CSV file with its byte-order mark).
pub fn write(path: &Path, rendered: &Rendered) -> Result<Exported> {
    let with_bom;
    let bytes = if rendered.csv {
        with_bom = probono_core::csv_out::file_bytes(&rendered.bytes);
        &with_bom
    } else {
        &rendered.bytes
    };
    probono_core::fsutil::write_atomically(path, bytes)
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    Ok(Exported {
        path: path.display().to_string(),
        pages: rendered.pages,
        unrenderable_scripts: rendered.unrenderable_scripts.clone(),
    })
}

fn file_bytes<T: Serialize>(
    format: ReportFormat,
    report: &T,
    csv: impl FnOnce() -> Result<String>,
    pdf: impl FnOnce() -> Result<RenderedPdf>,
) -> Result<Rendered> {
    Ok(match format {
        ReportFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(report).map_err(|e| Error::Internal(e.to_string()))?;
            bytes.push(b'\n');
            Rendered { bytes, pages: None, unrenderable_scripts: vec![], csv: false }
        }
        ReportFormat::Csv => {
            Rendered { bytes: csv()?.into_bytes(), pages: None, unrenderable_scripts: vec![], csv: true }
        }
        ReportFormat::Pdf => Rendered::from(pdf()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_a_year_or_two_dates_and_defaults_to_this_year() {
        let this_year = i32::from(crate::session::today().year());
        assert_eq!(PeriodChoice::default().period().expect("default"), Period::year(this_year).expect("year"));
        let two = PeriodChoice { from: Some("2026-01-01".into()), to: Some("2026-06-30".into()), year: Some(2020) };
        assert_eq!(two.period().expect("dates win").label(), "2026-01-01 to 2026-06-30");
        let blank = PeriodChoice { from: Some(" ".into()), to: Some(String::new()), year: Some(2025) };
        assert_eq!(blank.period().expect("blank dates are no dates").label(), "2025");
        let half = PeriodChoice { from: Some("2026-01-01".into()), ..Default::default() };
        assert_eq!(half.period().expect_err("to missing").field(), Some("to"));
    }
}
