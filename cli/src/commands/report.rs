//! `probono report impact|hours|case|statement|statements`: figures written as JSON, CSV or
//! PDF.

use std::io::Write;

use probono_app::reports::{self, PeriodChoice, ReportFormat, ReportKind};
use probono_app::statements;
use probono_core::task::TaskContext;
use probono_core::{Error, Result};

use crate::args::{self, PeriodReportArgs, ReportCommand, StatementFormat, StatementPeriodArgs};
use crate::session::{Context, Place};

pub fn run(cx: &Context, command: ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Impact(a) => period_report(cx, ReportKind::Impact, &a),
        ReportCommand::Hours(a) => period_report(cx, ReportKind::Hours, &a),
        ReportCommand::Case(a) => case_summary(cx.unlock()?.records_mut(), &a),
        ReportCommand::Statement(a) => statement(|| cx.unlock().map(Place::Vault), &a),
        ReportCommand::Challenge(a) => challenge(|| cx.unlock().map(Place::Vault), &a),
        ReportCommand::Statements(a) => statements_batch(cx.unlock()?.records_mut(), &a),
    }
}

fn report_format(format: args::ReportFormat) -> ReportFormat {
    match format {
        args::ReportFormat::Json => ReportFormat::Json,
        args::ReportFormat::Csv => ReportFormat::Csv,
        args::ReportFormat::Pdf => ReportFormat::Pdf,
    }
}

fn statement_period(a: &StatementPeriodArgs) -> Result<probono_core::reports::Period> {
    PeriodChoice { year: a.year, from: a.from.clone(), to: a.to.clone() }.period()
}

fn statement_format(format: StatementFormat) -> ReportFormat {
    match format {
        StatementFormat::Json => ReportFormat::Json,
        StatementFormat::Pdf => ReportFormat::Pdf,
    }
}

fn period_report(cx: &Context, kind: ReportKind, a: &PeriodReportArgs) -> Result<()> {
    let (period, format) = period_and_format(a)?;
    let mut session = cx.unlock()?;
    let task = TaskContext::silent();
    emit(reports::render_report(session.records_mut(), kind, period, format, &task)?, a)
}

/// `report case`: a matter's case summary PDF, from a vault or a team server.
fn case_summary(records: &mut dyn probono_core::records::Records, a: &args::CaseReportArgs) -> Result<()> {
    let exported = reports::export_case_summary(records, &a.reference, !a.no_notes, &a.out)?;
    warn_unrenderable(&exported.unrenderable_scripts);
    println!(
        "Wrote {} ({} pages). It holds client data: keep it confidential.",
        exported.path,
        exported.pages.unwrap_or(0)
    );
    Ok(())
}

/// `probono --server URL report impact|hours`: the same report from a team server.
pub fn team_period_report(url: &str, replica: Option<&str>, command: ReportCommand) -> Result<()> {
    let (kind, a) = match command {
        ReportCommand::Impact(a) => (ReportKind::Impact, a),
        ReportCommand::Hours(a) => (ReportKind::Hours, a),
        ReportCommand::Case(a) if replica.is_none() => return case_summary(&mut super::team::connect(url)?, &a),
        ReportCommand::Statement(a) if replica.is_none() => {
            return statement(|| super::team::connect(url).map(Place::Server), &a);
        }
        ReportCommand::Challenge(a) if replica.is_none() => {
            return challenge(|| super::team::connect(url).map(Place::Server), &a);
        }
        ReportCommand::Statements(a) if replica.is_none() => {
            return statements_batch(&mut super::team::connect(url)?, &a);
        }
        _ => {
            return Err(Error::invalid("read_replica", "is for `report impact|hours` only"));
        }
    };
    let (period, format) = period_and_format(&a)?;
    let mut team = super::team::connect(url)?;
    let rendered = match replica {
        Some(replica_url) => {
            let mut replica = super::team::connect_with(replica_url, url)?;
            reports::render_team_report_from(&mut team, &mut replica, kind, period, format)?
        }
        None => reports::render_team_report(&mut team, kind, period, format)?,
    };
    emit(rendered, &a)
}

fn period_and_format(a: &PeriodReportArgs) -> Result<(probono_core::reports::Period, ReportFormat)> {
    let period = PeriodChoice { year: a.year, from: a.from.clone(), to: a.to.clone() }.period()?;
    let format = report_format(a.format);
    if format == ReportFormat::Pdf && a.out.is_none() {
        return Err(Error::invalid("out", "is required for --format pdf (a file name such as report.pdf)"));
    }
    Ok((period, format))
}

/// A rendered report to its file (`--out`) or standard output.
fn emit(rendered: reports::Rendered, a: &PeriodReportArgs) -> Result<()> {
    match &a.out {
        Some(path) => {
            let exported = reports::write(path, &rendered)?;
            warn_unrenderable(&exported.unrenderable_scripts);
            if let Some(pages) = exported.pages {
                println!("Wrote {} ({pages} pages).", exported.path);
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&rendered.bytes).map_err(|e| Error::io("writing to standard output", e))?;
            if !rendered.bytes.ends_with(b"\n") {
                writeln!(out).map_err(|e| Error::io("writing to standard output", e))?;
            }
        }
    }
    Ok(())
}

fn warn_unrenderable(scripts: &[String]) {
    if !scripts.is_empty() {
        eprintln!(
            "warning: some characters cannot be shown with the PDF's font (scripts: {}); they appear as '?' and the PDF says so",
            scripts.join(", ")
        );
    }
}

/// `report statement`: one volunteer's service statement, from a vault or a team server
/// (`open`, after the input is checked).
fn statement(open: impl FnOnce() -> Result<Place>, a: &args::StatementArgs) -> Result<()> {
    let period = statement_period(&a.period)?;
    let format = statement_format(a.format);
    if format == ReportFormat::Pdf && a.out.is_none() {
        return Err(Error::invalid("out", "is required for --format pdf (a file name such as statement.pdf)"));
    }
    let mut place = open()?;
    let records = place.records_mut();
    let scope = statements::Scope { with_client_names: a.period.client_names, project: a.matter.as_deref() };
    match &a.out {
        Some(path) => {
            let exported = statements::export_statement(records, &a.volunteer, period, scope, format, path)?;
            warn_unrenderable(&exported.unrenderable_scripts);
            match exported.pages {
                Some(pages) => println!("Wrote {} ({pages} pages).", exported.path),
                None => println!("Wrote {}.", exported.path),
            }
        }
        None => {
            let rendered = statements::statement(records, &a.volunteer, period, scope, format)?;
            std::io::stdout()
                .lock()
                .write_all(&rendered.bytes)
                .map_err(|e| Error::io("writing to standard output", e))?;
        }
    }
    Ok(())
}

/// `report statements`: a statement per volunteer with time in the period, into a folder.
fn statements_batch(records: &mut dyn probono_core::records::Records, a: &args::StatementsArgs) -> Result<()> {
    let period = statement_period(&a.period)?;
    let (task, bar) = crate::output::progress_task("{msg:12} [{bar:40}] {pos}/{len} volunteers");
    let batch = statements::export_statements(
        records,
        period,
        a.period.client_names,
        statement_format(a.format),
        &a.out_dir,
        &task,
    );
    bar.finish_and_clear();
    let batch = batch?;
    println!("Wrote {} statements into {}.", batch.written.len(), batch.folder);
    for f in &batch.failed {
        eprintln!("error: the statement for {} was not written: {}", f.volunteer, f.message);
    }
    if batch.failed.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(
            "volunteer",
            format!("{} statements could not be written (listed above)", batch.failed.len()),
        ))
    }
}

/// `report challenge`: an organization's Pro Bono Institute Challenge figures, from a vault or
/// a team server (`open`, after the input is checked).
fn challenge(open: impl FnOnce() -> Result<Place>, a: &args::ChallengeArgs) -> Result<()> {
    let period = PeriodChoice { year: a.report.year, from: a.report.from.clone(), to: a.report.to.clone() }.period()?;
    let format = report_format(a.report.format);
    if format == ReportFormat::Pdf && a.report.out.is_none() {
        return Err(Error::invalid("out", "is required for --format pdf (a file name such as challenge.pdf)"));
    }
    let rendered = reports::render_challenge(open()?.records_mut(), &a.org, period, &a.billable_hours, format)?;
    match &a.report.out {
        Some(path) => {
            let exported = reports::write(path, &rendered)?;
            match exported.pages {
                Some(pages) => println!("Wrote {} ({pages} pages).", exported.path),
                None => println!("Wrote {}.", exported.path),
            }
        }
        None => std::io::stdout()
            .lock()
            .write_all(&rendered.bytes)
            .map_err(|e| Error::io("writing to standard output", e))?,
    }
    Ok(())
}
