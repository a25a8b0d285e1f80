//! Which pages the vault benchmark's bulk insert writes, table by table.
//!
//! `cargo run --release -p probono-core --example append_pages -- DIR`
//!
//! Builds the benchmark's plain database in DIR (first run only, about 5 s), appends 100,000
//! time entries in one transaction with checkpoints off, then reads the page number of every
//! frame in the write-ahead log and names the table or index each page belongs to. SQLCipher's
//! cost in a write is paid per page written (and per page read first), so this is the count
//! the insert's encrypted/plain ratio follows; see docs/performance.md. A plain database is
//! used because its WAL frame headers and `dbstat` can be read directly; the encrypted vault
//! has the same pages.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use probono_core::db::{self, Access};
use probono_core::store::synthetic::{self, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: append_pages DIR")?);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("plain.db");
    if !path.exists() {
        let mut conn = db::open(&path, None, Access::ReadWrite, true)?;
        db::migrate(&mut conn)?;
        synthetic::fill(&mut conn, Scale::BENCH, 42, &mut |_| {})?;
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    }
    let mut conn = db::open(&path, None, Access::ReadWrite, false)?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0;")?;

    let mut owner: HashMap<u32, String> = HashMap::new();
    let mut size: HashMap<String, usize> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT pageno, name FROM dbstat")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let name: String = row.get(1)?;
            *size.entry(name.clone()).or_default() += 1;
            owner.insert(row.get(0)?, name);
        }
    }

    let started = std::time::Instant::now();
    synthetic::append_time_entries(&mut conn, 100_000, 7)?;
    println!("appended 100,000 entries in {:.2} s", started.elapsed().as_secs_f64());

    let wal = std::fs::read(dir.join("plain.db-wal"))?;
    let page_size = u32::from_be_bytes(wal[8..12].try_into()?) as usize;
    let mut written: HashMap<&str, usize> = HashMap::new();
    let mut seen = HashSet::new();
    let mut frames = 0;
    let mut at = 32;
    while at + 24 + page_size <= wal.len() {
        let page = u32::from_be_bytes(wal[at..at + 4].try_into()?);
        frames += 1;
        if seen.insert(page) {
            *written.entry(owner.get(&page).map_or("(new page)", String::as_str)).or_default() += 1;
        }
        at += 24 + page_size;
    }
    println!("{frames} frames, {} distinct pages, {:.0} MB", seen.len(), (seen.len() * page_size) as f64 / 1e6);
    let mut by_table: Vec<_> = written.into_iter().collect();
    by_table.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    for (name, n) in by_table {
        match size.get(name) {
            Some(total) => println!("  {name:<24} {n:>7} of {total:>7} pages"),
            None => println!("  {name:<24} {n:>7}"),
        }
    }
    drop(conn);
    Ok(())
}
