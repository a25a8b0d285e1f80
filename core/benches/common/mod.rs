//! Shared by the benchmarks: timing helpers and the machine description.
#![allow(dead_code)]

use std::time::{Duration, Instant};

pub fn median(n: usize, mut f: impl FnMut() -> probono_core::Result<()>) -> probono_core::Result<Duration> {
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f()?;
        v.push(t.elapsed());
    }
    Ok(mid(v))
}

pub fn mid(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn fmt(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 { format!("{s:.2} s") } else { format!("{:.2} ms", s * 1000.0) }
}

pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!("{cpu}, {cores} cores, {}", std::env::consts::OS)
}
