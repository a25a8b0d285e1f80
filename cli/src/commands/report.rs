//! `probono report impact|hours|case`: figures from the core, written as JSON, CSV or PDF.

use std::path::Path;

use probono_core::pdf::RenderedPdf;
use probono_core::reports::{Period, render};
use probono_core::{Error, Result, Store};

use crate::args::{PeriodReportArgs, ReportCommand, ReportFormat};
use crate::session::Session;

pub fn run(session: &Session, command: ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Impact(a) => {
            let (period, mut store) = (period(&a)?, session.unlock()?);
            let report = store.impact_report(period)?;
            let paper = store.settings()?.paper;
            emit(
                &mut store,
                &a,
                "impact report",
                &report,
                || render::impact_csv(&report),
                || render::impact_pdf(&report, paper),
            )
        }
        ReportCommand::Hours(a) => {
            let (period, mut store) = (period(&a)?, session.unlock()?);
            let report = store.hours_report(period)?;
            let paper = store.settings()?.paper;
            emit(
                &mut store,
                &a,
                "hours report",
                &report,
                || render::hours_csv(&report),
                || render::hours_pdf(&report, paper),
            )
        }
        ReportCommand::Case(a) => {
            let mut store = session.unlock()?;
            let pdf = store.case_summary_pdf(&a.reference, !a.no_notes)?;
            write_pdf(&a.out, &pdf)?;
            store.record_export("case summary PDF")?;
            println!("Wrote {} ({} pages). It holds client data: keep it confidential.", a.out.display(), pdf.pages);
            Ok(())
        }
    }
}

fn period(a: &PeriodReportArgs) -> Result<Period> {
    match (&a.from, &a.to, a.year) {
        (Some(from), Some(to), _) => Period::between(from, to),
        (_, _, Some(year)) => Period::year(year),
        _ => Period::year(i32::from(jiff::ZonedDateTime::now().date().year())),
    }
}

fn emit<T: serde::Serialize>(
    store: &mut Store,
    a: &PeriodReportArgs,
    what: &str,
    report: &T,
    csv: impl FnOnce() -> Result<String>,
    pdf: impl FnOnce() -> Result<RenderedPdf>,
) -> Result<()> {
    match a.format {
        ReportFormat::Json => {
            let text = serde_json::to_string_pretty(report).map_err(|e| Error::Internal(e.to_string()))?;
            write_text(a.out.as_deref(), &text)?;
        }
        ReportFormat::Csv => write_text(a.out.as_deref(), &csv()?)?,
        ReportFormat::Pdf => {
            let out = a.out.as_deref().ok_or_else(|| {
                Error::invalid("out", "is required for --format pdf (a file name such as report.pdf)")
            })?;
            let rendered = pdf()?;
            write_pdf(out, &rendered)?;
            println!("Wrote {} ({} pages).", out.display(), rendered.pages);
        }
    }
    store.record_export(what)
}

fn write_text(out: Option<&Path>, text: &str) -> Result<()> {
    match out {
        Some(path) => probono_core::fsutil::write_atomically(path, text.as_bytes())
            .map_err(|e| Error::io(format!("writing {}", path.display()), e)),
        None => {
            print!("{text}");
            if !text.ends_with('\n') {
                println!();
            }
            Ok(())
        }
    }
}

fn write_pdf(path: &Path, pdf: &RenderedPdf) -> Result<()> {
    if !pdf.unrenderable_scripts.is_empty() {
        eprintln!(
            "warning: some characters cannot be shown with the PDF's font (scripts: {}); they appear as '?' and the PDF says so",
            pdf.unrenderable_scripts.join(", ")
        );
    }
    probono_core::fsutil::write_atomically(path, &pdf.bytes)
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))
}
