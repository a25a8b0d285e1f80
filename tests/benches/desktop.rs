//! The desktop app on the generated 1,000,000-entry vault: cold start to the unlock screen,
//! unlock to the dashboard, opening a matter page, and memory after the dashboard.
//!
//! `cargo bench -p probono-tests --bench desktop` (after `make app`). Set
//! PROBONO_BENCH_ENTRIES to run smaller. The app runs under Xvfb through WebDriver, so each
//! figure includes one WebDriver round trip (a few milliseconds); see docs/performance.md.

#[path = "../tests/desktop/driver.rs"]
mod driver;

use std::time::{Duration, Instant};

use probono_core::store::synthetic::Scale;
use probono_core::vault::KdfParams;
use probono_core::{Passphrase, Vault};

const PASSPHRASE: &str = "benchmark passphrase, long enough";

fn main() {
    let mut scale = Scale::BENCH;
    if let Some(n) = std::env::var("PROBONO_BENCH_ENTRIES").ok().and_then(|v| v.parse().ok()) {
        scale.time_entries = n;
    }
    let home = tempfile::tempdir().expect("home");
    let vault_dir = home.path().join("vault");
    println!("Pro Bono Desk desktop benchmark ({} time entries)", scale.time_entries);
    let mut store = Vault::create(&vault_dir, &Passphrase::new(PASSPHRASE), KdfParams::DEFAULT).expect("vault").store;
    let filled = store.fill_synthetic(scale, 42, &mut |_| {}).expect("fill");
    drop(store);
    // The app opens the vault it used last.
    let config = home.path().join("config/org.probonodesk.desktop");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(config.join("config.json"), serde_json::json!({ "vault_dir": vault_dir }).to_string())
        .expect("config");

    let desktop = driver::Desktop::start(home.path());
    let mut cold = Vec::new();
    let mut unlock = Vec::new();
    let mut matter = Vec::new();
    let mut rss = Vec::new();
    let mut locked_rss = Vec::new();
    for round in 0..3 {
        let t = Instant::now();
        let s = desktop.session();
        s.by_id("unlock-passphrase");
        cold.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(500));
        locked_rss.push(driver::app_rss_kib());

        s.by_id("unlock-passphrase").fill(PASSPHRASE);
        let t = Instant::now();
        s.by_id("unlock-submit").click();
        s.wait_text("impact-headline", "volunteers");
        unlock.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(500));
        rss.push(driver::app_rss_kib());

        s.by_id("nav-matters").click();
        s.by_id("matter-row");
        for (i, case_ref) in filled.sample_case_refs.iter().skip(round * 5).take(5).enumerate() {
            s.by_id("matter-search").fill(case_ref);
            s.wait_text("matter-row", case_ref);
            let t = Instant::now();
            s.by_id("matter-row").click();
            s.by_id("matter-time-entries");
            matter.push(t.elapsed());
            if i < 4 {
                s.by_id("nav-matters").click();
            }
        }
        s.close();
        std::thread::sleep(Duration::from_secs(1));
    }
    let mid = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let mut rss_sorted = rss.clone();
    rss_sorted.sort();
    println!(
        "{:<52} {:>10}",
        "cold start to the unlock screen (median of 3)",
        format!("{:.0} ms", mid(cold).as_secs_f64() * 1e3)
    );
    println!(
        "{:<52} {:>10}",
        "unlock (Argon2id) to the dashboard (median of 3)",
        format!("{:.0} ms", mid(unlock).as_secs_f64() * 1e3)
    );
    println!(
        "{:<52} {:>10}",
        "open a matter page (median of 15)",
        format!("{:.0} ms", mid(matter).as_secs_f64() * 1e3)
    );
    locked_rss.sort();
    let (app0, web0) = locked_rss[locked_rss.len() / 2];
    println!("{:<52} {:>10}", "RSS at the unlock screen: app process", format!("{:.0} MB", app0 as f64 / 1024.0));
    println!("{:<52} {:>10}", "RSS at the unlock screen: WebKit processes", format!("{:.0} MB", web0 as f64 / 1024.0));
    let (app, web) = rss_sorted[rss_sorted.len() / 2];
    println!("{:<52} {:>10}", "RSS after the dashboard: app process", format!("{:.0} MB", app as f64 / 1024.0));
    println!(
        "{:<52} {:>10}",
        "RSS after the dashboard: WebKit web/network processes",
        format!("{:.0} MB", web as f64 / 1024.0)
    );
}
