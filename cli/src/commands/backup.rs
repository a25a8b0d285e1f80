//! `probono backup`, `restore` and `check`.

use probono_core::{Error, Passphrase, RecoveryKey, Result, Unlock, backup};

use crate::args::{BackupArgs, DataFormat, ExportArgs, RestoreArgs};
use crate::session::{self, Session};

pub fn backup(session: &Session, args: &BackupArgs) -> Result<()> {
    let mut store = session.unlock()?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("backup [{bar:40}] {pos}/{len} pages")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let mut progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
        true
    };
    let report = match (&args.file, &args.to_folder) {
        (_, Some(folder)) => store.backup_to_folder(folder, args.keep, &mut progress)?,
        (Some(file), None) => store.backup(file, &mut progress)?,
        (None, None) => return Err(Error::invalid("file", "is required (or use --to-folder)")),
    };
    bar.finish_and_clear();
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

pub fn restore(session: &Session, args: &RestoreArgs) -> Result<()> {
    let dir = session.vault_dir();
    let store = if session.use_recovery_key {
        let text = match std::env::var("PROBONO_RECOVERY_KEY") {
            Ok(t) => t,
            Err(_) => rpassword::prompt_password("Recovery key: ")
                .map_err(|_| Error::invalid("recovery_key", "no terminal to ask for it: set PROBONO_RECOVERY_KEY"))?,
        };
        backup::restore(&args.file, dir, Unlock::RecoveryKey(&RecoveryKey::parse(&text)?))?
    } else {
        let pass = match session::passphrase_from_env() {
            Some(p) => p,
            None => rpassword::prompt_password("Passphrase of the backed-up vault: ")
                .map(Passphrase::new)
                .map_err(|_| Error::invalid("passphrase", "no terminal to ask for it: set PROBONO_PASSPHRASE"))?,
        };
        backup::restore(&args.file, dir, Unlock::Passphrase(&pass))?
    };
    let counts = store.counts()?;
    println!("Restored into {} and checked it: the vault opens and passes its integrity checks.", dir.display());
    for (label, n) in counts {
        println!("{n:>10}  {label}");
    }
    Ok(())
}

pub fn check(session: &Session) -> Result<()> {
    let store = session.unlock_read_only()?;
    let report = store.check()?;
    if report.ok() {
        println!("The vault is sound: every page decrypts and authenticates, and the database structure is intact.");
        match store.last_verified_backup()? {
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
    Err(Error::VaultDamaged(format!(
        "{} problem(s) found; nothing was repaired. Restore the last good backup into a new folder with `probono restore FILE --vault NEWDIR`",
        report.cipher_problems.len() + report.integrity_problems.len()
    )))
}

pub fn export(session: &Session, args: &ExportArgs) -> Result<()> {
    let mut store = session.unlock()?;
    let format = match args.format {
        DataFormat::Json => probono_core::exchange::ExportFormat::Json,
        DataFormat::Csv => probono_core::exchange::ExportFormat::Csv,
    };
    let summary = store.export_records(&args.out, format)?;
    eprintln!(
        "warning: these files are NOT encrypted and hold confidential client data; keep them safe and delete them when done"
    );
    println!("Wrote every record to {}:", summary.dir);
    for (file, rows) in summary.files {
        println!("{rows:>10}  {file}");
    }
    Ok(())
}
