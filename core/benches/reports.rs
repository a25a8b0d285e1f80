//! The reports benchmark on the generated 1,000,000-entry vault: impact and hour-report
//! figures (encrypted and plain, same run), their PDFs, the case summary of a 500-entry
//! matter, and importing a 100,000-row hours.csv.
//!
//! `cargo bench -p probono-core --bench reports`; PROBONO_BENCH_ENTRIES runs smaller.

use std::time::Instant;

use probono_core::db::{self, Access};
use probono_core::import::ImportRequest;
use probono_core::reports::{Period, case_summary, hours, impact, render};
use probono_core::store::Settings;
use probono_core::store::synthetic::{self, Scale};
use probono_core::vault::KdfParams;
use probono_core::{Passphrase, Vault};

mod common;
use common::{fmt, machine, median};

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
    println!("Pro Bono Desk reports benchmark");
    println!("machine: {}", machine());
    println!(
        "scale: {} matters, {} volunteers, {} time entries\n",
        scale.matters, scale.volunteers, scale.time_entries
    );

    // Unlock cost is not measured here: a cheap KDF keeps setup short.
    let kdf = KdfParams { memory_kib: 8 * 1024, iterations: 1, parallelism: 1 };
    let created = Vault::create(&work.path().join("vault"), &Passphrase::new("benchmark passphrase"), kdf)?;
    let mut store = created.store;
    let filled = store.fill_synthetic(scale, 42, &mut |_| {})?;
    // Import first, while the machine is quiet: a 100,000-row hours.csv, each volunteer's
    // hours on their own matters; three different files, median.
    let import_rows = 100_000;
    let mut import_times = Vec::new();
    let mut created = 0;
    for round in 0..3u64 {
        let mut csv = String::from("volunteer_name,volunteer_email,organization,role,case_ref,date,hours,activity\n");
        let mut rng = synthetic::Rng::new(7 + round);
        for i in 0..import_rows {
            let v = rng.below(scale.volunteers);
            let m = synthetic::portfolio_matter(scale, v, rng.below(synthetic::MATTERS_PER_VOLUNTEER));
            csv.push_str(&format!(
                "Volunteer {v},volunteer{v}@example.org,,,SYN-{m:06},2026-{:02}-{:02},{}.{},Imported work {round}-{i}\n",
                1 + rng.below(11),
                1 + rng.below(28),
                1 + rng.below(5),
                rng.below(10)
            ));
        }
        let t = Instant::now();
        let summary = store.import(
            ImportRequest { matters: None, hours: Some(csv.as_bytes()), dry_run: false },
            &probono_core::task::TaskContext::silent(),
        )?;
        import_times.push(t.elapsed());
        assert!(summary.errors.is_empty(), "bench import had errors");
        created += summary.created.time_entries;
    }
    let import_time = common::mid(import_times);

    let plain_path = work.path().join("plain.db");
    let mut plain = db::open(&plain_path, None, Access::ReadWrite, true)?;
    db::migrate(&mut plain)?;
    synthetic::fill(&mut plain, scale, 42, &mut |_| {})?;

    let period = Period::year(2026)?;
    let settings = Settings::default();
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut both = |name: &str, enc: std::time::Duration, pl: std::time::Duration| {
        rows.push((
            name.to_owned(),
            format!("{:>10} {:>10} {:>8.2}×", fmt(enc), fmt(pl), enc.as_secs_f64() / pl.as_secs_f64().max(1e-9)),
        ));
    };
    let enc_impact = median(5, || impact::compute(store.conn(), period, &settings).map(drop))?;
    let plain_impact = median(5, || impact::compute(&plain, period, &settings).map(drop))?;
    both("impact report figures", enc_impact, plain_impact);
    let enc_hours = median(5, || hours::compute(store.conn(), period, &settings).map(drop))?;
    let plain_hours = median(5, || hours::compute(&plain, period, &settings).map(drop))?;
    both("hours report figures", enc_hours, plain_hours);

    let impact_report = impact::compute(store.conn(), period, &settings)?;
    let hours_report = hours::compute(store.conn(), period, &settings)?;
    let impact_pdf = median(5, || render::impact_pdf(&impact_report, settings.paper).map(drop))?;
    let hours_json = median(5, || {
        serde_json::to_vec(&hours_report).map(drop).map_err(|e| probono_core::Error::Internal(e.to_string()))
    })?;
    let hours_pdf = median(3, || render::hours_pdf(&hours_report, settings.paper).map(drop))?;
    let pages = render::hours_pdf(&hours_report, settings.paper)?.pages;
    let case = median(10, || {
        let detail = store.matter_detail(&filled.big_matter)?;
        case_summary::render(
            &detail,
            "Bench",
            case_summary::CaseSummaryOptions { include_notes: true, paper: settings.paper },
        )
        .map(drop)
    })?;

    // The dashboard, and the part of it the deadline rules add: every open matter's suggested
    // deadlines (and the matters whose deadlines cannot be computed), in the same run.
    let today = jiff::civil::date(2026, 12, 2);
    let dashboard = median(5, || store.dashboard(today).map(drop))?;
    let suggestions = median(5, || store.suggested_deadlines().map(drop))?;
    let open = store.suggested_deadlines()?;
    let open_matters: i64 =
        store.conn().query_row("SELECT count(*) FROM matter WHERE closed IS NULL", [], |r| r.get(0))?;

    println!("{:<44} {:>10} {:>10} {:>9}", "figures (median)", "encrypted", "plain", "enc/plain");
    for (name, cols) in &rows {
        println!("{name:<44} {cols}");
    }
    println!();
    println!("{:<44} {:>10}", "impact report PDF (render)", fmt(impact_pdf));
    println!("{:<44} {:>10}", "hours report JSON (serialise)", fmt(hours_json));
    println!("{:<44} {:>10}   ({pages} pages)", "hours report PDF (render)", fmt(hours_pdf));
    println!("{:<44} {:>10}   ({} entries)", "case summary PDF (fetch + render)", fmt(case), filled.big_matter_entries);
    println!("{:<44} {:>10}", "dashboard (all of it)", fmt(dashboard));
    println!(
        "{:<44} {:>10}   ({open_matters} open matters: {} suggestions, {} cannot be computed)",
        "  of which: deadline suggestions",
        fmt(suggestions),
        open.suggested.len(),
        open.cannot_compute.len()
    );
    println!(
        "{:<44} {:>10}   ({:.0} rows/s; {} entries created in 3 runs)",
        "import 100,000-row hours.csv (encrypted)",
        fmt(import_time),
        import_rows as f64 / import_time.as_secs_f64(),
        created
    );
    Ok(())
}
