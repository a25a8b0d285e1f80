//! `probono backup`, `restore`, `check` and `export`.

use probono_app::safety::{self, BackupTarget};
use probono_core::{Error, Result};

use crate::args::{BackupArgs, DataFormat, ExportArgs, RestoreArgs};
use crate::output;
use crate::session::Context;

pub fn backup(cx: &Context, args: &BackupArgs) -> Result<()> {
    let target = match (&args.file, &args.to_folder) {
        (_, Some(folder)) => BackupTarget::Folder { dir: folder.clone(), keep: args.keep },
        (Some(file), None) => BackupTarget::File(file.clone()),
        (None, None) => return Err(Error::invalid("file", "is required (or use --to-folder)")),
    };
    let mut session = cx.unlock()?;
    let (task, bar) = output::progress_task("backup [{bar:40}] {pos}/{len} pages");
    let report = safety::backup(&mut session, &target, &task);
    bar.finish_and_clear();
    let report = report?;
    println!(
        "Wrote and verified {} ({:.1} MB, {} pages, {:.1} s).",
        report.path,
        report.bytes as f64 / 1e6,
        report.pages,
        report.seconds
    );
    println!(
        "It is encrypted: restore it with the vault's passphrase or recovery key (`probono restore FILE --vault NEWDIR`)."
    );
    Ok(())
}

pub fn restore(cx: &Context, args: &RestoreArgs) -> Result<()> {
    let dir = cx.vault_dir();
    let secret = cx.backup_secret()?;
    let (task, bar) = output::progress_task("restore: {msg} [{bar:20}]");
    let session = safety::restore(&args.file, dir, &secret, &task);
    bar.finish_and_clear();
    let session = session?;
    let counts = session.records().counts()?;
    println!("Restored into {} and checked it: the vault opens and passes its integrity checks.", dir.display());
    for (label, n) in counts {
        println!("{n:>10}  {label}");
    }
    Ok(())
}

pub fn check(cx: &Context) -> Result<()> {
    let session = cx.unlock_read_only()?;
    let report = safety::check(&session)?;
    if report.ok() {
        println!(
            "The vault is sound: every page decrypts and authenticates, the database structure is intact, and the audit log's chain holds."
        );
        match session.backup_status()?.last_verified_backup {
            Some(at) => println!("Last verified backup: {at}."),
            None => println!("No verified backup has been made yet: run `probono backup FILE`."),
        }
        return Ok(());
    }
    for p in &report.cipher_problems {
        eprintln!("encryption check: {p}");
    }
    for p in &report.integrity_problems {
        eprintln!("structure check: {p}");
    }
    if let Some(p) = &report.audit_problem {
        eprintln!("audit log check: {p}");
    }
    Err(Error::VaultDamaged(format!(
        "{} problem(s) found; nothing was repaired",
        report.cipher_problems.len() + report.integrity_problems.len() + usize::from(report.audit_problem.is_some())
    )))
}

pub fn export(cx: &Context, args: &ExportArgs) -> Result<()> {
    let format = match args.format {
        DataFormat::Json => probono_core::exchange::ExportFormat::Json,
        DataFormat::Csv => probono_core::exchange::ExportFormat::Csv,
    };
    let mut session = cx.unlock()?;
    let proof = cx.confirm(&session, "export every record unencrypted")?;
    let (task, bar) = output::progress_task("export: {msg:>14} [{bar:20}] {pos}/{len} files");
    let summary = safety::export_records(&mut session, &proof, &args.out, format, &task);
    bar.finish_and_clear();
    let summary = summary?;
    eprintln!(
        "warning: these files are NOT encrypted and hold confidential client data; keep them safe and delete them when done"
    );
    println!("Wrote every record to {}:", summary.dir);
    for (file, rows) in summary.files {
        println!("{rows:>10}  {file}");
    }
    Ok(())
}
