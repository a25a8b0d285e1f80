//! The vault benchmark: the same workload on an encrypted vault and on a plain SQLite
//! database, in one run, reporting medians and the encrypted/plain ratio.
//!
//! `cargo bench -p probono-core --bench vault` (or `make bench`). Scale defaults to the
//! specified 20,000 clients / 40,000 matters / 1,000 volunteers / 1,000,000 time entries;
//! set PROBONO_BENCH_ENTRIES to run smaller. Figures go in docs/performance.md.

use std::time::{Duration, Instant};

use probono_core::db::{self, Access};
use probono_core::store::synthetic::{self, Scale};
use probono_core::store::{MatterFilter, list_matters, matter_detail};
use probono_core::vault::KdfParams;
use probono_core::{DataKey, Passphrase, Unlock, Vault};
use rusqlite::Connection;

mod common;
use common::{fmt, machine, median, mid};

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
    let work =
        tempfile::tempdir_in(std::env::var_os("PROBONO_BENCH_DIR").unwrap_or_else(|| std::env::temp_dir().into()))
            .map_err(|e| probono_core::Error::io("bench temp dir", e))?;
    println!("Pro Bono Desk vault benchmark");
    println!("machine: {}", machine());
    println!(
        "scale: {} clients, {} matters, {} volunteers, {} time entries\n",
        scale.clients, scale.matters, scale.volunteers, scale.time_entries
    );

    let pass = Passphrase::new("benchmark passphrase");
    let vault_dir = work.path().join("vault");
    let t = Instant::now();
    let created = Vault::create(&vault_dir, &pass, KdfParams::DEFAULT)?;
    let mut store = created.store;
    let filled = store.fill_synthetic(scale, 42, &mut |_| {})?;
    let key: DataKey = store.data_key().clone();
    let cipher = store.vault().key_file().cipher();
    drop(store);
    let enc_fill = t.elapsed();

    let plain_path = work.path().join("plain.db");
    let t = Instant::now();
    let mut plain = db::open(&plain_path, None, Access::ReadWrite, true)?;
    db::migrate(&mut plain)?;
    synthetic::fill(&mut plain, scale, 42, &mut |_| {})?;
    drop(plain);
    let plain_fill = t.elapsed();
    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "generate: encrypted {:.1} s ({:.0} MB), plain {:.1} s ({:.0} MB); big matter {} has {} entries\n",
        enc_fill.as_secs_f64(),
        size(&vault_dir.join("vault.db")),
        plain_fill.as_secs_f64(),
        size(&plain_path),
        filled.big_matter,
        filled.big_matter_entries
    );

    let enc_path = vault_dir.join("vault.db");
    let mut rows = Vec::new();

    // 1. Open with the raw key (the keyring path) and run the first query.
    rows.push(compare(
        "open + raw key + first query",
        15,
        || {
            let c = db::open(&enc_path, Some(db::Keyed { key: &key, cipher }), Access::ReadWrite, false)?;
            let _: i64 = c.query_row("SELECT count(*) FROM matter WHERE seq < 10", [], |r| r.get(0))?;
            Ok(())
        },
        || {
            let c = db::open(&plain_path, None, Access::ReadWrite, false)?;
            let _: i64 = c.query_row("SELECT count(*) FROM matter WHERE seq < 10", [], |r| r.get(0))?;
            Ok(())
        },
    )?);

    // 2. List the matters of one volunteer; 3. fetch one matter with its entries: on
    // long-lived connections, as the app and CLI use them.
    let enc = db::open(&enc_path, Some(db::Keyed { key: &key, cipher }), Access::ReadWrite, false)?;
    let plain = db::open(&plain_path, None, Access::ReadWrite, false)?;
    let filter = MatterFilter { volunteer: Some(filled.busy_volunteer.clone()), ..Default::default() };
    rows.push(compare(
        "list matters of one volunteer",
        50,
        || list_matters(&enc, &filter).map(drop),
        || list_matters(&plain, &filter).map(drop),
    )?);
    let volunteer_time = probono_core::store::TimeFilter {
        volunteer: Some(filled.busy_volunteer.clone()),
        limit: Some(50),
        ..Default::default()
    };
    rows.push(compare(
        "latest 50 time entries of one volunteer",
        50,
        || probono_core::store::list_time(&enc, &volunteer_time).map(drop),
        || probono_core::store::list_time(&plain, &volunteer_time).map(drop),
    )?);
    let refs = filled.sample_case_refs.clone();
    let mut i = 0;
    let mut j = 0;
    rows.push(compare(
        "fetch one matter with its entries",
        200,
        || {
            i += 1;
            matter_detail(&enc, &refs[i % refs.len()]).map(drop)
        },
        || {
            j += 1;
            matter_detail(&plain, &refs[j % refs.len()]).map(drop)
        },
    )?);
    drop(enc);
    drop(plain);

    // 4. Insert 100,000 time entries in one transaction; each run appends new entries.
    let open_both = || -> probono_core::Result<(Connection, Connection)> {
        Ok((
            db::open(&enc_path, Some(db::Keyed { key: &key, cipher }), Access::ReadWrite, false)?,
            db::open(&plain_path, None, Access::ReadWrite, false)?,
        ))
    };
    let mut seeds = 1..;
    let (mut enc, mut plain) = open_both()?;
    rows.push(compare_inserts("insert 100,000 time entries (one transaction)", &mut enc, &mut plain, &mut seeds)?);
    drop((enc, plain));

    // The same insert through SQLCipher's stock OpenSSL provider, which sets OpenSSL up
    // afresh for every page: what core/page-crypto saves, measured in this run.
    #[cfg(target_os = "linux")]
    if probono_page_crypto::switch_provider(false) {
        let (mut stock, mut plain) = open_both()?;
        rows.push(compare_inserts("  the same, SQLCipher's stock provider", &mut stock, &mut plain, &mut seeds)?);
        drop((stock, plain));
        probono_page_crypto::switch_provider(true);
    }

    println!("{:<48} {:>12} {:>12} {:>10}", "operation (median)", "encrypted", "plain", "enc/plain");
    for r in &rows {
        println!("{:<48} {:>12} {:>12} {:>9.2}×", r.name, fmt(r.enc), fmt(r.plain), r.ratio());
    }

    // SQLCipher's memory security (wiping every allocation it frees, locking its memory):
    // off by default since SQLCipher 4.5. The same reads and inserts, off then on, in this
    // run. It is process-wide and cannot be turned off again, so it comes last.
    let mut memsec = Vec::new();
    {
        let probe = db::open(&enc_path, Some(db::Keyed { key: &key, cipher }), Access::ReadWrite, false)?;
        let before: String = probe.query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))?;
        println!("\ncipher_memory_security is {before} by default");
    }
    let mut measure_enc = |label: &'static str, memsec: &mut Vec<(&'static str, Duration, Duration)>| {
        let conn = db::open(&enc_path, Some(db::Keyed { key: &key, cipher }), Access::ReadWrite, false)?;
        let mut k = 0;
        let fetch = median(200, || {
            k += 1;
            matter_detail(&conn, &refs[k % refs.len()]).map(drop)
        })?;
        drop(conn);
        let mut conn = db::open(&enc_path, Some(db::Keyed { key: &key, cipher }), Access::ReadWrite, false)?;
        let seed = seeds.next().unwrap_or_default();
        let t = Instant::now();
        synthetic::append_time_entries(&mut conn, 100_000, seed)?;
        let insert = t.elapsed();
        memsec.push((label, fetch, insert));
        Ok::<(), probono_core::Error>(())
    };
    measure_enc("memory security off", &mut memsec)?;
    {
        let conn = db::open(&enc_path, Some(db::Keyed { key: &key, cipher }), Access::ReadWrite, false)?;
        conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
        let now: String = conn.query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))?;
        println!("cipher_memory_security set: {now}");
    }
    measure_enc("memory security on", &mut memsec)?;
    println!("{:<48} {:>12} {:>12}", "encrypted vault (median / one run)", "fetch matter", "insert 100k");
    for (label, fetch, insert) in &memsec {
        println!("{label:<48} {:>12} {:>12}", fmt(*fetch), fmt(*insert));
    }
    if let [(_, f0, i0), (_, f1, i1)] = memsec[..] {
        println!(
            "{:<48} {:>11.2}× {:>11.2}×",
            "on / off",
            f1.as_secs_f64() / f0.as_secs_f64().max(1e-9),
            i1.as_secs_f64() / i0.as_secs_f64().max(1e-9)
        );
    }

    // Unlock paths of the real vault (no plain equivalent: absolute figures).
    let by_key = median(10, || {
        let store = Vault::open(&vault_dir)?.unlock(Unlock::Key(key.clone()))?;
        drop(store);
        Ok(())
    })?;
    let by_pass = median(5, || {
        let store = Vault::open(&vault_dir)?.unlock(Unlock::Passphrase(&pass))?;
        drop(store);
        Ok(())
    })?;
    println!("\n{:<48} {:>12}", "vault unlock, remembered key (keyring path)", fmt(by_key));
    println!("{:<48} {:>12}", "vault unlock, passphrase (Argon2id 256 MiB t=4 p=4)", fmt(by_pass));
    Ok(())
}

struct Row {
    name: &'static str,
    enc: Duration,
    plain: Duration,
}

impl Row {
    fn ratio(&self) -> f64 {
        self.enc.as_secs_f64() / self.plain.as_secs_f64().max(1e-9)
    }
}

/// Appends 100,000 time entries to each side, three times; every batch has its own seed.
fn compare_inserts(
    name: &'static str,
    enc: &mut Connection,
    plain: &mut Connection,
    seeds: &mut std::ops::RangeFrom<u64>,
) -> probono_core::Result<Row> {
    let batches: Vec<u64> = seeds.take(3).collect();
    let (mut e, mut p) = (batches.clone().into_iter(), batches.into_iter());
    compare(
        name,
        3,
        || synthetic::append_time_entries(enc, 100_000, e.next().unwrap_or_default()),
        || synthetic::append_time_entries(plain, 100_000, p.next().unwrap_or_default()),
    )
}

/// Runs both sides `n` times, interleaved so machine noise hits both alike, and taking turns
/// at going first (so neither always runs after the other's writes are flushed); medians.
fn compare(
    name: &'static str,
    n: usize,
    mut enc: impl FnMut() -> probono_core::Result<()>,
    mut plain: impl FnMut() -> probono_core::Result<()>,
) -> probono_core::Result<Row> {
    let mut e = Vec::with_capacity(n);
    let mut p = Vec::with_capacity(n);
    let timed = |f: &mut dyn FnMut() -> probono_core::Result<()>, into: &mut Vec<Duration>| {
        let t = Instant::now();
        f()?;
        into.push(t.elapsed());
        Ok::<_, probono_core::Error>(())
    };
    for i in 0..n {
        if i % 2 == 0 {
            timed(&mut enc, &mut e)?;
            timed(&mut plain, &mut p)?;
        } else {
            timed(&mut plain, &mut p)?;
            timed(&mut enc, &mut e)?;
        }
    }
    Ok(Row { name, enc: mid(e), plain: mid(p) })
}
