//! The conflict-check benchmark: one check over 20,000 clients and 40,000 parties (target:
//! under 30 ms a query, as-you-type must feel instant). The names are recombined from the
//! hand-written roster of core/tests/fixtures/conflicts (given names with family names, in
//! every script there), so they look like a clinic's; the queries are that set's variants.
//!
//! `cargo bench -p probono-core --bench conflicts`. Figures go in docs/performance.md.

use std::time::Instant;

use probono_core::conflict::{DEFAULT_THRESHOLD, Index, Kind, Person, Query};

mod common;
use common::{fmt, machine, mid};

fn rows(name: &str) -> Vec<Vec<String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conflicts").join(name);
    std::fs::read_to_string(path)
        .expect("fixture")
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn main() {
    println!("Pro Bono Desk conflict-check benchmark");
    println!("machine: {}", machine());
    let roster = rows("roster.tsv");
    let names: Vec<Vec<String>> =
        roster.iter().map(|r| r[2].split_whitespace().map(str::to_owned).collect::<Vec<_>>()).collect();
    // A deterministic mix: a given name of one roster person with the family name(s) of another.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut people = Vec::with_capacity(60_400);
    for (i, r) in roster.iter().enumerate() {
        people.push(Person {
            kind: Kind::Client,
            id: r[0].clone(),
            name: r[2].clone(),
            other_names: Vec::new(),
            a_number: Some(r[3].clone()).filter(|a| !a.is_empty()),
            date_of_birth: Some(r[4].clone()).filter(|d| !d.is_empty()),
            matters: vec![format!("M-{i}")],
            role: None,
        });
    }
    for i in 0..60_000 {
        let a = &names[next(names.len())];
        let b = &names[next(names.len())];
        let name = format!("{} {}", a[0], b[1..].join(" "));
        people.push(Person {
            kind: if i < 20_000 { Kind::Client } else { Kind::Party },
            id: format!("g{i}"),
            name: name.trim().to_owned(),
            other_names: Vec::new(),
            a_number: (i < 20_000 && i % 2 == 0).then(|| format!("{:09}", 300_000_000 + i)),
            date_of_birth: None,
            matters: vec![format!("G-{i}")],
            role: None,
        });
    }
    let clients: Vec<Person> = people.iter().filter(|p| p.kind == Kind::Client).cloned().collect();
    let t = Instant::now();
    let index = Index::new(people);
    let built = t.elapsed();
    println!(
        "index of {} people (20,000 clients and 40,000 parties made up, plus the roster): built in {}",
        index.len(),
        fmt(built)
    );

    let queries: Vec<Query> = rows("variants.tsv")
        .into_iter()
        .map(|v| Query {
            name: v[0].clone(),
            a_number: Some(v[1].clone()).filter(|a| !a.is_empty()),
            date_of_birth: Some(v[2].clone()).filter(|d| !d.is_empty()),
        })
        .collect();
    let mut times = Vec::with_capacity(queries.len() * 3);
    let mut shown = 0usize;
    for _ in 0..3 {
        for q in &queries {
            let t = Instant::now();
            let found = index.search(q, DEFAULT_THRESHOLD).expect("search");
            times.push(t.elapsed());
            shown += found.len();
        }
    }
    times.sort();
    let p95 = times[times.len() * 95 / 100];
    let max = *times.last().expect("times");
    println!(
        "one check: median {}, 95th percentile {}, slowest {} over {} queries ({:.1} matches shown on average)",
        fmt(mid(times.clone())),
        fmt(p95),
        fmt(max),
        times.len(),
        shown as f64 / times.len() as f64
    );

    let n = clients.len();
    let t = Instant::now();
    let only_clients = Index::new(clients);
    let pairs = only_clients.duplicates(DEFAULT_THRESHOLD);
    println!("client duplicates over {n} clients: {} pairs in {} (index included)", pairs.len(), fmt(t.elapsed()));
}
