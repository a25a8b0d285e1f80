//! `probono import matters|hours FILE`: all or nothing, every problem listed by line.

use std::path::Path;

use probono_core::import::{ImportRequest, ImportSummary};
use probono_core::{Error, Result};

use crate::args::ImportCommand;
use crate::output;
use crate::session::Session;

pub fn run(session: &Session, command: ImportCommand) -> Result<()> {
    let (matters_path, hours_path, dry_run, json) = match &command {
        ImportCommand::Matters(a) => (Some(a.file.as_path()), None, a.dry_run, a.json),
        ImportCommand::Hours(a) => (a.matters.as_deref(), Some(a.file.as_path()), a.dry_run, a.json),
        ImportCommand::Submission(a) => return crate::commands::submission::import(session, a),
        ImportCommand::VaultExport { dir } => {
            let mut store = session.unlock()?;
            let counts = store.import_export(dir)?;
            println!("Imported the export into {}:", session.vault_dir().display());
            for (file, n) in counts {
                println!("{n:>10}  {file}");
            }
            return Ok(());
        }
    };
    let matters = matters_path.map(read).transpose()?;
    let hours = hours_path.map(read).transpose()?;
    let mut store = session.unlock()?;

    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:>8} [{bar:40}] {pos}/{len} rows")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let summary = store.import(
        ImportRequest { matters: matters.as_deref(), hours: hours.as_deref(), dry_run, cancel: None },
        &mut |stage, done, total| {
            bar.set_message(stage.to_owned());
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            true
        },
    )?;
    bar.finish_and_clear();

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

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))
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
    println!("{} rows read; {} already in the vault unchanged.", s.rows, s.unchanged);
    if s.dry_run {
        println!("Dry run: nothing was written.");
    }
}
