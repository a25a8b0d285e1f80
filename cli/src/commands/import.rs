//! `probono import matters|hours FILE`: all or nothing, every problem listed by line; and a
//! JSON export back into an empty vault.

use probono_app::safety::{self, Spreadsheets};
use probono_core::import::ImportSummary;
use probono_core::{Error, Result};

use crate::args::ImportCommand;
use crate::output;
use crate::session::{Context, Place};

pub fn run(cx: &Context, command: ImportCommand) -> Result<()> {
    match command {
        ImportCommand::Submission(a) => crate::commands::submission::import(cx, &a),
        ImportCommand::VaultExport { dir } => {
            let mut session = cx.unlock()?;
            let (task, bar) = output::progress_task("import: {msg:>14} [{bar:20}] {pos}/{len} files");
            let counts = safety::import_records(&mut session, &dir, &task);
            bar.finish_and_clear();
            let counts = counts?;
            println!("Imported the export into {}:", cx.vault_dir().display());
            for (file, n) in counts {
                println!("{n:>10}  {file}");
            }
            Ok(())
        }
        spreadsheets => import_spreadsheets(|| cx.unlock().map(Place::Vault), spreadsheets),
    }
}

/// `probono --server URL import matters|hours`: the same import into the team database, in one
/// transaction on the server. Submissions and vault exports are a vault's.
pub fn on_server(server: impl FnOnce() -> Result<Place>, command: ImportCommand) -> Result<()> {
    match command {
        ImportCommand::Submission(_) => Err(Error::invalid(
            "server",
            "importing an hours submission: not available on a team server (a submission is opened with the \
             program key kept in a vault; on a server, volunteers log their time as members)",
        )),
        ImportCommand::VaultExport { .. } => Err(Error::invalid(
            "server",
            "importing a vault export: not available on a team server; restore or import it into a vault, then \
             `probono --server URL team push --vault DIR` into an empty team database",
        )),
        spreadsheets => import_spreadsheets(server, spreadsheets),
    }
}

fn import_spreadsheets(open: impl FnOnce() -> Result<Place>, command: ImportCommand) -> Result<()> {
    let (files, dry_run, json) = match command {
        ImportCommand::Matters(a) => (Spreadsheets { matters: Some(a.file), hours: None }, a.dry_run, a.json),
        ImportCommand::Hours(a) => (Spreadsheets { matters: a.matters, hours: Some(a.file) }, a.dry_run, a.json),
        ImportCommand::Submission(_) | ImportCommand::VaultExport { .. } => {
            return Err(Error::Internal("not a spreadsheet import".into()));
        }
    };
    let mut place = open()?;
    let (task, bar) = output::progress_task("{msg:>8} [{bar:40}] {pos}/{len} rows");
    let summary = safety::import_spreadsheets(place.records_mut(), &files, dry_run, &task);
    bar.finish_and_clear();
    let summary = summary?;

    if json {
        output::json(&summary)?;
    } else {
        print_summary(&summary);
    }
    if summary.errors.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(
            "file",
            format!("{} problem(s) found; nothing was imported. Fix them and import again", summary.errors.len()),
        ))
    }
}

fn print_summary(s: &ImportSummary) {
    for w in &s.warnings {
        eprintln!("warning: {w}");
    }
    for e in &s.errors {
        eprintln!("{e}");
    }
    if !s.errors.is_empty() {
        return;
    }
    let verb = if s.dry_run { "Would create" } else { "Created" };
    let c = &s.created;
    println!(
        "{verb}: {} clients, {} matters, {} volunteers, {} organizations, {} time entries.",
        c.clients, c.matters, c.volunteers, c.organizations, c.time_entries
    );
    let u = &s.updated;
    if u.total() > 0 {
        let verb = if s.dry_run { "Would update" } else { "Updated" };
        println!(
            "{verb}: {} clients, {} matters, {} volunteers, {} time entries.",
            u.clients, u.matters, u.volunteers, u.time_entries
        );
    }
    println!("{} rows read; {} already in the records unchanged.", s.rows, s.unchanged);
    if s.dry_run {
        println!("Dry run: nothing was written.");
    }
}
