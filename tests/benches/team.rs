//! Team mode's benchmark, same run, same data: the generated 1,000,000-entry vault is pushed
//! into a throwaway PostgreSQL server (TLS on localhost), then impact and hours figures on
//! both engines (and whether they agree), a matter page's p50/p95 over the network stack,
//! the same spreadsheet imported into both, and time-entry inserts from 25 concurrent members.
//!
//! `cargo bench -p probono-tests --features synthetic --bench team` (`make bench-team`);
//! PROBONO_BENCH_ENTRIES runs smaller.

// The tests' throwaway cluster; the benchmark uses part of it.
#[allow(dead_code)]
#[path = "../tests/team/cluster.rs"]
mod cluster;

use std::time::{Duration, Instant};

use probono_core::model::TimeEntryDraft;
use probono_core::records::Records;
use probono_core::reports::Period;
use probono_core::store::synthetic::{self, Scale};
use probono_core::vault::KdfParams;
use probono_core::{Passphrase, Vault};
use probono_team::{Director, NewMember, ServerUrl, Team, TeamRole};

const DIRECTOR_PW: &str = "benchmark director password";

fn main() {
    if let Err(e) = run() {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

fn fmt(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 { format!("{s:.2} s") } else { format!("{:.2} ms", s * 1000.0) }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!("{cpu}, {cores} cores")
}

fn timed<T>(f: impl FnOnce() -> probono_core::Result<T>) -> probono_core::Result<(T, Duration)> {
    let t = Instant::now();
    let v = f()?;
    Ok((v, t.elapsed()))
}

fn run() -> probono_core::Result<()> {
    let mut scale = Scale::BENCH;
    if let Some(n) = std::env::var("PROBONO_BENCH_ENTRIES").ok().and_then(|v| v.parse().ok()) {
        scale.time_entries = n;
    }
    println!("Pro Bono Desk team-mode benchmark");
    println!("machine: {}", machine());
    println!(
        "scale: {} matters, {} volunteers, {} time entries\n",
        scale.matters, scale.volunteers, scale.time_entries
    );

    let work = tempfile::tempdir().map_err(|e| probono_core::Error::io("bench temp dir", e))?;
    let kdf = KdfParams { memory_kib: 8 * 1024, iterations: 1, parallelism: 1 };
    let created = Vault::create(&work.path().join("vault"), &Passphrase::new("benchmark passphrase"), kdf)?;
    let mut store = created.store;
    let ((), fill) = timed(|| store.fill_synthetic(scale, 42, &mut |_| {}).map(|_| ()))?;
    println!("vault filled in {}", fmt(fill));

    let server = cluster::Cluster::start();
    server.new_program("bench", "dana", DIRECTOR_PW);
    let url_of = |login: &str| ServerUrl::parse(&server.url(login, "bench"));
    let (mut team, _) = Team::init(&url_of("dana")?, DIRECTOR_PW, &Director { name: "Dana Director", email: None })?;

    // team push of the whole vault.
    let ((records, settings), read) = timed(|| store.records_out())?;
    let (report, push) = timed(|| team.push(records, &settings, |_, _, _| {}))?;
    let rows: usize = report.tables.iter().map(|(_, n)| n).sum();
    println!(
        "team push: {} rows in {} (reading the vault {}), {:.0} rows/s",
        rows,
        fmt(push),
        fmt(read),
        rows as f64 / push.as_secs_f64()
    );

    // Impact and hours figures, both engines, median of five; they must agree.
    let period = Period::between("2026-01-01", "2026-12-31")?;
    let mut figures = Vec::new();
    for (name, vault_fn, team_fn) in [
        (
            "impact",
            Box::new(|s: &probono_core::Store| {
                s.impact_report(period).map(|r| serde_json::to_value(r).unwrap_or_default())
            }) as Box<dyn Fn(&probono_core::Store) -> probono_core::Result<serde_json::Value>>,
            Box::new(|t: &mut Team| t.impact_report(period).map(|r| serde_json::to_value(r).unwrap_or_default()))
                as Box<dyn Fn(&mut Team) -> probono_core::Result<serde_json::Value>>,
        ),
        (
            "hours",
            Box::new(|s: &probono_core::Store| {
                s.hours_report(period).map(|r| serde_json::to_value(r).unwrap_or_default())
            }),
            Box::new(|t: &mut Team| t.hours_report(period).map(|r| serde_json::to_value(r).unwrap_or_default())),
        ),
    ] {
        let (mut on_vault, mut on_server) = (Vec::new(), Vec::new());
        let (mut a, mut b) = (serde_json::Value::Null, serde_json::Value::Null);
        for _ in 0..5 {
            let (v, d) = timed(|| vault_fn(&store))?;
            on_vault.push(d);
            a = v;
            let (v, d) = timed(|| team_fn(&mut team))?;
            on_server.push(d);
            b = v;
        }
        let agree = if a == b { "identical" } else { "DIFFERENT" };
        let (v, s) = (median(on_vault), median(on_server));
        println!(
            "{name} figures: vault {} / PostgreSQL {} ({:.2}×), {agree}",
            fmt(v),
            fmt(s),
            s.as_secs_f64() / v.as_secs_f64()
        );
        figures.push((name, a == b));
    }

    // A matter page over TLS on localhost, as the app asks for it (`Records::matter_detail`:
    // the matter, its client, parties, volunteers, time, notes, hearings, deadlines, conflict
    // checks), and the same page's raw queries alone; two passes over the same 300 matters.
    let mut rng = synthetic::Rng::new(99);
    let refs: Vec<String> = (0..300).map(|_| format!("SYN-{:06}", rng.below(scale.matters))).collect();
    for pass in ["first pass", "second pass"] {
        let mut page = Vec::new();
        let mut raw_page = Vec::new();
        let mut vault_page = Vec::new();
        for r in &refs {
            let t = Instant::now();
            Records::matter_detail(&team, r)?;
            page.push(t.elapsed());
            let t = Instant::now();
            let c = Team::client(&mut team);
            let m = c
                .query_one("SELECT id, client_id FROM matter WHERE case_ref = $1", &[r])
                .map_err(|e| probono_core::Error::Database(e.to_string()))?;
            let (id, client): (uuid::Uuid, uuid::Uuid) = (m.get(0), m.get(1));
            for sql in [
                "SELECT name, a_number, languages FROM client WHERE id = $1",
                "SELECT date, minutes, activity FROM time_entry WHERE matter_id = $1 ORDER BY date DESC",
                "SELECT author, body FROM note WHERE matter_id = $1 ORDER BY created_at DESC",
                "SELECT at, kind FROM hearing WHERE matter_id = $1 ORDER BY at",
                "SELECT v.name FROM assignment a JOIN volunteer v ON v.id = a.volunteer_id WHERE a.matter_id = $1",
            ] {
                let arg = if sql.contains("FROM client") { client } else { id };
                c.query(sql, &[&arg]).map_err(|e| probono_core::Error::Database(e.to_string()))?;
            }
            raw_page.push(t.elapsed());
            let t = Instant::now();
            store.matter_detail(r)?;
            vault_page.push(t.elapsed());
        }
        println!(
            "matter page (matter_detail, {pass}): PostgreSQL p50 {} / p95 {} / max {}; vault p50 {} / p95 {}; raw page queries on PostgreSQL p50 {} / p95 {}",
            fmt(percentile(&mut page, 0.5)),
            fmt(percentile(&mut page, 0.95)),
            fmt(percentile(&mut page, 1.0)),
            fmt(percentile(&mut vault_page, 0.5)),
            fmt(percentile(&mut vault_page, 0.95)),
            fmt(percentile(&mut raw_page, 0.5)),
            fmt(percentile(&mut raw_page, 0.95))
        );
    }

    // The same 10,000-row hours.csv imported into both engines (new entries on existing
    // matters and volunteers, then the same file again: nothing to change).
    let import_rows = 10_000;
    let mut csv = String::from("volunteer_name,volunteer_email,role,case_ref,date,hours,activity\n");
    let mut rng = synthetic::Rng::new(7);
    for i in 0..import_rows {
        let v = rng.below(scale.volunteers);
        csv.push_str(&format!(
            "Bench Volunteer {v},bench{v}@example.org,attorney,SYN-{:06},2026-{:02}-{:02},1.5,bench import {i}\n",
            rng.below(scale.matters),
            1 + rng.below(11),
            1 + rng.below(28)
        ));
    }
    let request = probono_core::import::ImportRequest { matters: None, hours: Some(csv.as_bytes()), dry_run: false };
    let task = probono_core::task::TaskContext::silent();
    for round in ["new rows", "again, unchanged"] {
        let (on_vault, vault_time) = timed(|| store.import(request, &task))?;
        let (on_server, server_time) = timed(|| Records::import(&mut team, request, &task))?;
        let same = on_vault.created == on_server.created && on_vault.unchanged == on_server.unchanged;
        println!(
            "import {import_rows}-row hours.csv ({round}): vault {} ({:.0} rows/s) / PostgreSQL {} ({:.0} rows/s), {}",
            fmt(vault_time),
            import_rows as f64 / vault_time.as_secs_f64(),
            fmt(server_time),
            import_rows as f64 / server_time.as_secs_f64(),
            if same { "same counts" } else { "DIFFERENT COUNTS" }
        );
    }

    // 25 members logging time at once, each on their own connection.
    let writers = 25;
    let per_writer = 400;
    for i in 0..writers {
        let login = format!("w{i}");
        team.add_member(&NewMember {
            login: &login,
            name: &format!("Writer {i}"),
            email: None,
            role: TeamRole::Attorney,
            password: Some("benchmark writer password"),
        })?;
    }
    let today = jiff::civil::date(2026, 12, 31);
    let start = std::sync::Barrier::new(writers);
    let t0 = Instant::now();
    let results: Vec<probono_core::Result<()>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..writers)
            .map(|i| {
                let (start, url) = (&start, url_of(&format!("w{i}")));
                scope.spawn(move || -> probono_core::Result<()> {
                    let mut t = Team::connect(&url?, "benchmark writer password")?;
                    start.wait();
                    for k in 0..per_writer {
                        let draft = TimeEntryDraft {
                            volunteer: String::new(),
                            matter: format!("SYN-{:06}", (i * per_writer + k) % scale.matters),
                            date: "2026-12-01".into(),
                            hours: "0.5".into(),
                            activity: Some("benchmark".into()),
                        };
                        t.log_time(uuid::Uuid::now_v7(), &draft, today)?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(probono_core::Error::Internal("writer panicked".into()))))
            .collect()
    });
    let took = t0.elapsed();
    for r in results {
        r?;
    }
    let n = writers * per_writer;
    println!(
        "time-entry inserts, {writers} concurrent members: {n} in {} = {:.0} entries/s ({:.2} ms each, one round trip set per entry)",
        fmt(took),
        n as f64 / took.as_secs_f64(),
        took.as_secs_f64() * 1000.0 * writers as f64 / n as f64
    );
    if figures.iter().any(|(_, same)| !same) {
        return Err(probono_core::Error::Internal("the engines' figures differ".into()));
    }
    Ok(())
}
