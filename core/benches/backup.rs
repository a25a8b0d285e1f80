//! Backup and verified restore of the generated 1,000,000-entry vault, beside a plain file
//! copy of the same database (the floor any backup pays).
//!
//! `cargo bench -p probono-core --bench backup`; PROBONO_BENCH_ENTRIES runs smaller.

use std::time::Instant;

use probono_core::store::synthetic::Scale;
use probono_core::vault::KdfParams;
use probono_core::{Passphrase, Unlock, Vault, backup};

mod common;
use common::{fmt, machine, mid, peak_rss_mb, reset_peak_rss};

fn main() {
    if let Err(e) = run() {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

fn run() -> probono_core::Result<()> {
    let mut scale = Scale::BENCH;
    if let Some(n) = std::env::var("PROBONO_BENCH_ENTRIES").ok().and_then(|v| v.parse().ok()) {
        scale.time_entries = n;
    }
    let work = tempfile::tempdir().map_err(|e| probono_core::Error::io("bench temp dir", e))?;
    println!("Pro Bono Desk backup benchmark");
    println!("machine: {}", machine());
    println!("scale: {} time entries\n", scale.time_entries);
    let pass = Passphrase::new("benchmark passphrase");
    let kdf = KdfParams { memory_kib: 8 * 1024, iterations: 1, parallelism: 1 };
    let vault_dir = work.path().join("vault");
    let mut store = Vault::create(&vault_dir, &pass, kdf)?.store;
    store.fill_synthetic(scale, 42, &mut |_| {})?;
    drop(store);
    let db = vault_dir.join("vault.db");
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);

    let (mut copies, mut backups, mut restores) = (Vec::new(), Vec::new(), Vec::new());
    let mut restore_memory = (0.0_f64, 0.0_f64);
    for round in 0..3 {
        let t = Instant::now();
        std::fs::copy(&db, work.path().join(format!("copy-{round}.db")))
            .map_err(|e| probono_core::Error::io("copy", e))?;
        copies.push(t.elapsed());

        let mut store = Vault::open(&vault_dir)?.unlock(Unlock::Passphrase(&pass))?;
        let file = work.path().join(format!("b-{round}.pbbackup"));
        let t = Instant::now();
        store.backup(&file, &probono_core::task::TaskContext::silent())?;
        backups.push(t.elapsed());
        drop(store);

        let before = reset_peak_rss();
        let t = Instant::now();
        let restored = backup::restore(
            &file,
            &work.path().join(format!("restored-{round}")),
            Unlock::Passphrase(&pass),
            &probono_core::task::TaskContext::silent(),
        )?;
        restores.push(t.elapsed());
        if let (Some(before), Some(peak)) = (before, peak_rss_mb()) {
            restore_memory = (before, restore_memory.1.max(peak));
        }
        drop(restored);
    }
    let (copy, backup_t, restore) = (mid(copies), mid(backups), mid(restores));
    println!("database: {:.0} MB", size as f64 / 1e6);
    println!("{:<44} {:>10}", "plain file copy of vault.db", fmt(copy));
    println!(
        "{:<44} {:>10}   ({:.1}× the copy)",
        "backup + verify (backup API, both checks)",
        fmt(backup_t),
        backup_t.as_secs_f64() / copy.as_secs_f64().max(1e-9)
    );
    println!(
        "{:<44} {:>10}   ({:.1}× the copy)",
        "verified restore (checksum, unwrap, checks)",
        fmt(restore),
        restore.as_secs_f64() / copy.as_secs_f64().max(1e-9)
    );
    println!(
        "{:<44} {:>7.0} MB   (the process held {:.0} MB before it)",
        "peak RSS during a restore", restore_memory.1, restore_memory.0
    );
    Ok(())
}
