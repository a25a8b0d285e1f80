//! Synthetic programs of any size, for benchmarks and load tests (not the demo clinic: these
//! names are placeholders and the figures mean nothing). Built only with the `synthetic`
//! feature, which the benchmarks turn on: not part of the library programs link.
//!
//! Deterministic for a given seed, written with the same insert code the app uses, so an
//! encrypted and a plain database filled alike can be compared page for page.

use rusqlite::Connection;

use super::clients::{self, ValidClient};
use super::matters::{self, ValidMatter};
use super::volunteers::{self, ValidVolunteer};
use super::{Stamp, new_id, time};
use crate::error::Result;
use crate::model::{CaseType, ReleaseOutcome, ReliefOutcome, Role};

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

pub use crate::demo::rng::Rng;

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
    // Every row goes through its table's writer, as the app's own records do.
    let mut client_seqs = Vec::with_capacity(scale.clients);
    for i in 0..scale.clients {
        let client = ValidClient {
            name: format!("Client {i}"),
            other_names: vec![],
            a_number: Some(format!("{:09}", 100_000_000 + i)),
            date_of_birth: Some(format!(
                "19{:02}-{:02}-{:02}",
                50 + rng.below(50),
                1 + rng.below(12),
                1 + rng.below(28)
            )),
            country: Some(countries[rng.below(countries.len())].to_owned()),
            languages: vec![languages[rng.below(languages.len())].to_owned()],
            interpreter_needed: false,
            contact: None,
            // Two clients in three have a last arrival date (what the one-year asylum deadline
            // counts from); derived from `i`, not drawn, so the other fields stay as they were.
            entry_date: (i % 3 != 0).then(|| format!("20{:02}-{:02}-{:02}", 15 + i % 10, 1 + i % 12, 1 + i % 28)),
            notes: None,
        };
        client_seqs.push(clients::insert(&tx, &client, &Stamp::new())?.0);
    }
    let mut case_refs = Vec::with_capacity(scale.matters);
    let mut matter_seqs = Vec::with_capacity(scale.matters);
    let states = ["CA", "NY", "TX", "FL", "NJ", "IL", "GA", "MA", "WA", "VA"];
    for i in 0..scale.matters {
        let detained = rng.below(3) == 0;
        let case_ref = format!("SYN-{i:06}");
        let opened = format!("20{:02}-{:02}-{:02}", 22 + rng.below(5), 1 + rng.below(12), 1 + rng.below(28));
        let closed = (rng.below(2) == 0).then(|| format!("2026-{:02}-28", 1 + rng.below(11)));
        let closed = closed.filter(|c| *c >= opened);
        let relief = ReliefOutcome::ALL[rng.below(ReliefOutcome::ALL.len())];
        // A decided matter was decided when it closed, or (still open) when it opened.
        let decided_on = (relief != ReliefOutcome::Pending).then(|| closed.clone().unwrap_or_else(|| opened.clone()));
        let matter = ValidMatter {
            case_ref: Some(case_ref.clone()),
            case_type: CaseType::ALL[rng.below(CaseType::ALL.len())],
            detained,
            facility: detained.then(|| format!("Facility {}", rng.below(14))),
            state_of_residence: (!detained).then(|| states[rng.below(states.len())].to_owned()),
            court: None,
            opened,
            closed,
            relief_outcome: relief,
            decided_on,
            release_requested: detained,
            release_outcome: detained.then(|| ReleaseOutcome::ALL[rng.below(ReleaseOutcome::ALL.len())]),
        };
        let client_seq = client_seqs[i % client_seqs.len().max(1)];
        matter_seqs.push(matters::insert(&tx, client_seq, &matter, &Stamp::new())?.0);
        case_refs.push(case_ref);
    }
    let mut volunteer_seqs = Vec::with_capacity(scale.volunteers);
    for i in 0..scale.volunteers {
        let volunteer = ValidVolunteer {
            name: format!("Volunteer {i}"),
            email: Some(format!("volunteer{i}@example.org")),
            organization: Some(format!("Organization {}", rng.below(40))),
            role: Role::ALL[rng.below(Role::ALL.len())],
            languages: vec![],
            bar_number: None,
            law_school_start: None,
            bar_admissions: vec![],
        };
        volunteer_seqs.push(volunteers::insert(&tx, &volunteer, &Stamp::new())?.0);
    }
    // Each volunteer works on a handful of matters; entries arrive in date order across the
    // whole program, as they do in real life (so one matter's entries are spread out).
    let matters_per_volunteer = MATTERS_PER_VOLUNTEER.min(scale.matters.max(1));
    let portfolio = |v: usize, k: usize| -> i64 { matter_seqs[portfolio_matter(scale, v, k)] };
    let big_matter_entries = 500.min(scale.time_entries);
    // The last matter gets a long history; portfolios may land on it too, so its count is
    // read back at the end.
    let big_matter_seq = *matter_seqs.last().unwrap_or(&1);
    let regular = scale.time_entries - big_matter_entries;
    let mut writer = time::TimeWriter::new(&tx);
    for n in 0..scale.time_entries {
        let (vseq, mseq) = if n < regular {
            let v = rng.below(scale.volunteers.max(1));
            (volunteer_seqs[v], portfolio(v, rng.below(matters_per_volunteer)))
        } else {
            (volunteer_seqs[0], big_matter_seq)
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
}
