//! Synthetic programs of any size, for benchmarks and load tests (not the demo clinic: these
//! names are placeholders and the figures mean nothing).
//!
//! Deterministic for a given seed, written with the same insert code the app uses, so an
//! encrypted and a plain database filled alike can be compared page for page.

use rusqlite::{Connection, params};

use super::{NameTable, intern, new_id, now, time};
use crate::error::Result;
use crate::model::{CaseType, Role};

#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub clients: usize,
    pub matters: usize,
    pub volunteers: usize,
    pub time_entries: usize,
}

impl Scale {
    /// The size the benchmarks are specified at.
    pub const BENCH: Scale = Scale { clients: 20_000, matters: 40_000, volunteers: 1_000, time_entries: 1_000_000 };
}

/// A small, fast, deterministic generator (xorshift64*); quality is irrelevant here.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// How many matters each synthetic volunteer works on.
pub const MATTERS_PER_VOLUNTEER: usize = 40;

/// The `k`-th matter (0-based index, as in the case reference `SYN-000123`) of volunteer `v`'s
/// portfolio: volunteers log time on their own matters, as in real life.
pub fn portfolio_matter(scale: Scale, v: usize, k: usize) -> usize {
    (v * 7919 + k * 104_729) % scale.matters.max(1)
}

/// What [`fill`] made, for picking benchmark subjects.
#[derive(Debug, Clone)]
pub struct Filled {
    /// A case reference with exactly `big_matter_entries` entries.
    pub big_matter: String,
    pub big_matter_entries: usize,
    /// A volunteer e-mail with assignments.
    pub busy_volunteer: String,
    pub sample_case_refs: Vec<String>,
}

/// Fills an empty, migrated database. `progress` is called with the number of time entries
/// written so far.
pub fn fill(conn: &mut Connection, scale: Scale, seed: u64, progress: &mut dyn FnMut(usize)) -> Result<Filled> {
    let everyday = crate::db::begin_bulk(conn)?;
    let result = fill_in(conn, scale, seed, progress);
    crate::db::end_bulk(conn, everyday)?;
    result
}

fn fill_in(conn: &mut Connection, scale: Scale, seed: u64, progress: &mut dyn FnMut(usize)) -> Result<Filled> {
    let mut rng = Rng::new(seed);
    let tx = conn.transaction()?;
    let at = now();
    let countries = ["SV", "GT", "HN", "MX", "VE", "HT", "AF", "CM", "RU", "VN", "CN", "IN", "ER", "CO", "EC"];
    let languages = [
        "Spanish",
        "K'iche'",
        "Mam",
        "Haitian Creole",
        "Dari",
        "Pashto",
        "French",
        "Russian",
        "Vietnamese",
        "Tigrinya",
    ];
    let lang_seqs = languages.iter().map(|l| intern(&tx, NameTable::Language, l)).collect::<Result<Vec<_>>>()?;
    let facility_seqs =
        (0..14).map(|i| intern(&tx, NameTable::Facility, &format!("Facility {i}"))).collect::<Result<Vec<_>>>()?;
    let org_seqs = (0..40)
        .map(|i| intern(&tx, NameTable::Organization, &format!("Organization {i}")))
        .collect::<Result<Vec<_>>>()?;

    {
        let mut client = tx.prepare(
            "INSERT INTO client (id, name, a_number, date_of_birth, country, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?;
        let mut lang =
            tx.prepare("INSERT INTO client_language (client_seq, position, language_seq) VALUES (?1, 0, ?2)")?;
        for i in 0..scale.clients {
            client.execute(params![
                new_id(),
                format!("Client {i}"),
                format!("{:09}", 100_000_000 + i),
                format!("19{:02}-{:02}-{:02}", 50 + rng.below(50), 1 + rng.below(12), 1 + rng.below(28)),
                countries[rng.below(countries.len())],
                at
            ])?;
            lang.execute(params![tx.last_insert_rowid(), lang_seqs[rng.below(lang_seqs.len())]])?;
        }
    }
    let mut case_refs = Vec::with_capacity(scale.matters);
    {
        let mut matter = tx.prepare(
            "INSERT INTO matter (id, case_ref, client_seq, case_type, detained, facility_seq, state_of_residence, opened,
                                 closed, relief_outcome, release_requested, release_outcome, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        )?;
        let states = ["CA", "NY", "TX", "FL", "NJ", "IL", "GA", "MA", "WA", "VA"];
        for i in 0..scale.matters {
            let detained = rng.below(3) == 0;
            let case_ref = format!("SYN-{i:06}");
            let opened = format!("20{:02}-{:02}-{:02}", 22 + rng.below(5), 1 + rng.below(12), 1 + rng.below(28));
            let closed = (rng.below(2) == 0).then(|| format!("2026-{:02}-28", 1 + rng.below(11)));
            let closed = closed.filter(|c| *c >= opened);
            let relief = ["pending", "granted", "denied", "withdrawn"][rng.below(4)];
            matter.execute(params![
                new_id(),
                case_ref,
                (i % scale.clients.max(1)) as i64 + 1,
                CaseType::ALL[rng.below(CaseType::ALL.len())],
                detained,
                detained.then(|| facility_seqs[rng.below(facility_seqs.len())]),
                (!detained).then(|| states[rng.below(states.len())]),
                opened,
                closed,
                relief,
                detained,
                detained.then(|| ["pending", "granted", "denied"][rng.below(3)]),
                at
            ])?;
            case_refs.push(case_ref);
        }
    }
    {
        let mut volunteer = tx.prepare(
            "INSERT INTO volunteer (id, name, name_key, email, email_key, organization_seq, role, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?7)",
        )?;
        for i in 0..scale.volunteers {
            volunteer.execute(params![
                new_id(),
                format!("Volunteer {i}"),
                format!("volunteer {i}"),
                format!("volunteer{i}@example.org"),
                org_seqs[rng.below(org_seqs.len())],
                Role::ALL[rng.below(Role::ALL.len())],
                at
            ])?;
        }
    }
    // Each volunteer works on a handful of matters; entries arrive in date order across the
    // whole program, as they do in real life (so one matter's entries are spread out).
    let matters_per_volunteer = MATTERS_PER_VOLUNTEER.min(scale.matters.max(1));
    let portfolio = |v: usize, k: usize| -> i64 { portfolio_matter(scale, v, k) as i64 + 1 };
    let big_matter_entries = 500.min(scale.time_entries);
    // The last matter gets a long history; portfolios may land on it too, so its count is
    // read back at the end.
    let big_matter_seq = scale.matters.max(1) as i64;
    let regular = scale.time_entries - big_matter_entries;
    let mut writer = time::TimeWriter::new(&tx);
    for n in 0..scale.time_entries {
        let (vseq, mseq) = if n < regular {
            let v = rng.below(scale.volunteers.max(1));
            (v as i64 + 1, portfolio(v, rng.below(matters_per_volunteer)))
        } else {
            (1, big_matter_seq)
        };
        let day = n * 365 / scale.time_entries.max(1);
        let date = jiff::civil::date(2026, 1, 1)
            .checked_add(jiff::Span::new().days(day as i64))
            .map(|d| d.to_string())
            .unwrap_or_else(|_| "2026-12-31".into());
        let minutes = 6 * (1 + rng.below(40)) as u32;
        let entry = time::NewEntry {
            volunteer_seq: vseq,
            matter_seq: mseq,
            date: &date,
            minutes,
            activity: "Synthetic activity",
        };
        writer.insert(new_id(), &entry)?;
        if n % 10_000 == 0 {
            progress(n);
        }
    }
    progress(scale.time_entries);
    let big_count: i64 =
        tx.query_row("SELECT count(*) FROM time_entry WHERE matter_seq = ?1", [big_matter_seq], |r| r.get(0))?;
    tx.commit()?;
    Ok(Filled {
        big_matter: case_refs.last().cloned().unwrap_or_default(),
        big_matter_entries: big_count as usize,
        busy_volunteer: "volunteer0@example.org".into(),
        sample_case_refs: case_refs.iter().step_by((scale.matters / 100).max(1)).cloned().collect(),
    })
}

/// Appends `n` time entries in one transaction, each by a volunteer on one of their own
/// matters (the "insert 100,000 entries" benchmark), with the bulk cache an import uses.
pub fn append_time_entries(conn: &mut Connection, n: usize, seed: u64) -> Result<()> {
    let everyday = crate::db::begin_bulk(conn)?;
    let result = append(conn, n, seed);
    crate::db::end_bulk(conn, everyday)?;
    result
}

fn append(conn: &mut Connection, n: usize, seed: u64) -> Result<()> {
    let mut rng = Rng::new(seed);
    let tx = conn.transaction()?;
    let mut writer = time::TimeWriter::new(&tx);
    let volunteers: i64 = tx.query_row("SELECT max(seq) FROM volunteer", [], |r| r.get(0))?;
    let matters: i64 = tx.query_row("SELECT max(seq) FROM matter", [], |r| r.get(0))?;
    let scale = Scale { matters: matters as usize, volunteers: volunteers as usize, ..Scale::BENCH };
    let mut batch: Vec<(i64, String, i64)> = (0..n)
        .map(|i| {
            let date = format!("2026-{:02}-{:02}", 1 + i % 12, 1 + rng.below(28));
            let v = rng.below(scale.volunteers);
            let m = portfolio_matter(scale, v, rng.below(MATTERS_PER_VOLUNTEER));
            (m as i64 + 1, date, v as i64 + 1)
        })
        .collect();
    // Bulk writes go in clustered-key order, as the import does.
    batch.sort();
    for (matter_seq, date, volunteer_seq) in &batch {
        let entry = time::NewEntry {
            volunteer_seq: *volunteer_seq,
            matter_seq: *matter_seq,
            date,
            minutes: 30,
            activity: "Appended",
        };
        writer.insert(new_id(), &entry)?;
    }
    tx.commit()?;
    Ok(())
}

impl super::Store {
    /// Fills this (empty) vault with a synthetic program; see [`fill`].
    pub fn fill_synthetic(&mut self, scale: Scale, seed: u64, progress: &mut dyn FnMut(usize)) -> Result<Filled> {
        fill(&mut self.conn, scale, seed, progress)
    }

    /// See [`append_time_entries`].
    pub fn append_synthetic_time(&mut self, n: usize, seed: u64) -> Result<()> {
        append_time_entries(&mut self.conn, n, seed)
    }
}
