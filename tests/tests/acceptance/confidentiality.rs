//! No client data in plaintext on disk, in temp files, or in error messages: after normal
//! writes and after writers are killed mid-flight.

use std::time::Duration;

use crate::support::{KillTally, KillTimer, TestVault, contains, run_and_kill};

const CANARY: &str = "Nguyễn Алексей José";
const CANARY_NOTE: &str = "Canary note: persecuted for membership in the Zebra Finch Society";

fn assert_no_canary_anywhere(v: &TestVault, when: &str) {
    let files = v.all_files();
    assert!(files.iter().any(|(p, _)| p.ends_with("vault.db")), "the scan sees the database");
    for (path, bytes) in &files {
        for needle in [CANARY, "Алексей", "Nguyễn", CANARY_NOTE, "Zebra Finch", "987654321"] {
            assert!(
                !contains(bytes, needle.as_bytes()),
                "{when}: {needle:?} found in plain bytes in {}",
                path.display()
            );
        }
    }
}

#[test]
fn client_data_never_reaches_the_disk_in_plaintext() {
    let (v, _) = TestVault::init();
    v.ok(&[
        "client",
        "add",
        "--name",
        CANARY,
        "--a-number",
        "A987654321",
        "--notes",
        CANARY_NOTE,
        "--other-name",
        CANARY,
    ]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        CANARY,
        "--case-type",
        "asylum",
        "--case-ref",
        "C-1",
        "--opened",
        "2026-01-05",
    ]);
    v.ok(&["matter", "note", "C-1", "--text", CANARY_NOTE]);
    v.ok(&["volunteer", "add", "--name", "Vol One", "--role", "attorney"]);
    v.ok(&[
        "time",
        "log",
        "--volunteer",
        "Vol One",
        "--matter",
        "C-1",
        "--date",
        "2026-01-06",
        "--hours",
        "2",
        "--activity",
        CANARY_NOTE,
    ]);
    let shown = v.ok(&["client", "show", CANARY]);
    assert!(shown.contains(CANARY), "the data is really there, decrypted, for the user");
    assert_no_canary_anywhere(&v, "after writes");

    // Again while a writer holds the vault open, so the write-ahead log and its index exist:
    // a long import of hours whose every activity carries the canary, scanned once its write
    // has begun and again until it commits.
    let mut csv = String::from("volunteer_name,role,case_ref,date,hours,activity\n");
    for i in 0..20_000 {
        csv.push_str(&format!("Vol One,attorney,C-1,2026-01-07,0.{},{CANARY_NOTE} {i}\n", 1 + i % 9));
    }
    // The file being imported is the user's own plaintext, kept outside the scanned folder.
    let outside = tempfile::tempdir().expect("tmp");
    let hours = outside.path().join("hours.csv");
    std::fs::write(&hours, csv).expect("write");
    let mut writer = v.spawn_traced(v.cmd(&["import", "hours", hours.to_str().expect("utf-8")]));
    // The second transaction: the first is the unlock's audit event.
    writer.wait_for("write-begin", 2, Duration::from_secs(120)).expect("the import's write begins");
    let mut scans = 0;
    loop {
        let wal_and_shm = v.dir().join("vault.db-wal").exists() && v.dir().join("vault.db-shm").exists();
        assert_no_canary_anywhere(&v, "while a writer holds the vault open");
        if writer.wait_for("write-commit", 2, Duration::ZERO).is_some() || !writer.running() {
            break;
        }
        // Not committed yet after the scan, so not before it either: the vault was open.
        assert!(wal_and_shm, "vault.db-wal and vault.db-shm exist while the writer has the vault open");
        scans += 1;
    }
    let run = writer.finish();
    assert!(run.status.success(), "the import: {}", run.stderr);
    assert!(scans >= 1, "at least one whole scan ran while the import's write was open");
    eprintln!("{scans} scans while the import's write was open");
    assert_no_canary_anywhere(&v, "after the import");
}

#[test]
fn error_messages_carry_no_client_data() {
    let (v, _) = TestVault::init();
    let err = v.fails(1, &["client", "add", "--name", CANARY, "--a-number", "A98765"]);
    assert!(!err.contains("Алексей") && !err.contains("98765"), "{err}");
    v.ok(&["client", "add", "--name", CANARY]);
    let err = v.fails(1, &["matter", "add", "--client", CANARY, "--case-type", "asylum", "--opened", "2026-02-30"]);
    assert!(!err.contains("Алексей") && !err.contains("2026-02-30"), "{err}");
    let err = v.fails(1, &["client", "show", "Алексей Someone Else"]);
    assert!(!err.contains("Алексей"), "{err}");
}

/// One kind of writer in the kill loop, with its own kill timing and tally.
struct Writer<'a> {
    name: &'static str,
    cmd: Box<dyn Fn() -> std::process::Command + 'a>,
    timer: KillTimer,
    tally: KillTally,
    committed: usize,
}

#[test]
fn writers_killed_mid_flight_leave_no_plaintext_and_a_working_vault() {
    let _turn = crate::support::one_kill_loop_at_a_time();
    // Cheap to unlock, so that 60 rounds take seconds: the loop is about the write.
    let (v, _) = TestVault::init_cheap_unlock();
    v.ok(&["client", "add", "--name", CANARY]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        CANARY,
        "--case-type",
        "asylum",
        "--case-ref",
        "C-1",
        "--opened",
        "2026-01-05",
    ]);
    v.ok(&["volunteer", "add", "--name", "Vol One", "--role", "attorney"]);
    // Two writers, taking turns: a note on the matter (a write of well under a millisecond,
    // which a kill on a busy machine often misses), and an import of 500 new hours whose
    // activities carry the canary (a write of milliseconds). The file imported is
    // the user's own plaintext, kept outside the scanned folder.
    let rows = 500;
    let outside = tempfile::tempdir().expect("tmp");
    let hours = |run: usize| {
        // New rows each time (the same rows again would be recognised and skipped).
        let mut csv = String::from("volunteer_name,role,case_ref,date,hours,activity\n");
        for i in 0..rows {
            csv.push_str(&format!("Vol One,attorney,C-1,2026-01-07,0.{},{CANARY_NOTE} {run}-{i}\n", 1 + i % 9));
        }
        let path = outside.path().join(format!("hours-{run}.csv"));
        std::fs::write(&path, csv).expect("write");
        path.to_str().expect("utf-8").to_owned()
    };
    let imports = std::cell::Cell::new(0);
    // Each writer's transaction is its second: the first is the unlock's audit event.
    let begin = ("write-begin", 2);
    let end = ("write-commit", 2);
    let mut writers = [
        Writer {
            name: "matter note",
            cmd: Box::new(|| v.cmd(&["matter", "note", "C-1", "--text", CANARY_NOTE])),
            timer: KillTimer::new(0x9e37_79b9_7f4a_7c15, Duration::ZERO, Duration::ZERO),
            tally: KillTally::default(),
            committed: 0,
        },
        Writer {
            name: "import hours",
            cmd: Box::new(|| {
                imports.set(imports.get() + 1);
                v.cmd(&["import", "hours", &hours(imports.get())])
            }),
            timer: KillTimer::new(0x2545_f491_4f6c_dd1d, Duration::ZERO, Duration::ZERO),
            tally: KillTally::default(),
            committed: 0,
        },
    ];
    for w in &mut writers {
        // A first run, not killed, to learn how long the write takes here.
        let warmup = v.spawn_traced((w.cmd)()).finish();
        assert!(warmup.status.success(), "{}: {}", w.name, warmup.stderr);
        w.committed += 1;
        let b = warmup.at(begin.0, begin.1).expect("the write begins");
        let e = warmup.at(end.0, end.1).expect("and commits");
        w.timer = KillTimer::new(w.timer.seed(), b - warmup.started, e - b);
    }
    let mut tally = KillTally::default();
    // Kills after a transaction had committed (the unlock's or the writer's), with its pages
    // still in the write-ahead log: the scan then reads the WAL too.
    let mut after_commit = 0;
    let mut wal_scanned = 0;
    for round in 0..60 {
        let w = &mut writers[round % 2];
        let at = w.timer.next(round / 2);
        let run = run_and_kill(&v, (w.cmd)(), None, begin.0, begin.1, at);
        let (b, e) = (run.at(begin.0, begin.1), run.at(end.0, end.1));
        w.timer.observe(b.map(|b| b - run.started), b.zip(e).map(|(b, e)| e.saturating_duration_since(b)));
        w.tally.record(&run, begin, end);
        tally.record(&run, begin, end);
        if run.status.success() {
            w.committed += 1;
        } else if run.count("write-commit") >= 1 {
            after_commit += 1;
            // (Unless the kill came after the connection closed, which removes the WAL.)
            let wal = std::fs::metadata(v.dir().join("vault.db-wal")).map(|m| m.len()).unwrap_or(0);
            if wal > 0 && v.dir().join("vault.db-shm").exists() {
                wal_scanned += 1;
            }
        }
        assert_no_canary_anywhere(
            &v,
            &format!("{} killed in round {round} at {at:?} (markers {:?})", w.name, run.markers()),
        );
    }
    for w in &writers {
        eprintln!("{}: the write takes about {:?}; {:?}", w.name, w.timer.write, w.tally);
        assert!(w.tally.inside > 0, "{}: some kills cut its write", w.name);
    }
    tally.assert_spread("writers killed mid-flight");
    eprintln!("writers: {after_commit} kills after a commit, {wal_scanned} of them left a WAL to scan");
    assert!(wal_scanned >= 5, "scans after kills that left committed pages in the WAL: {wal_scanned}");
    // The vault still opens, every note and import reported as committed is there, an import
    // is all there or not at all, and the file is sound.
    let notes = v.json(&["matter", "show", "C-1"])["notes"].as_array().expect("notes").len();
    assert!(notes >= writers[0].committed, "{notes} notes, {} reported committed", writers[0].committed);
    let entries = v.json(&["time", "list"]).as_array().expect("entries").len();
    assert_eq!(entries % rows, 0, "{entries} time entries: whole imports only");
    assert!(entries / rows >= writers[1].committed, "{entries} entries, {} imports reported", writers[1].committed);
    // `probono check`: SQLCipher's cipher_integrity_check and SQLite's integrity_check.
    let out = v.run(&["check"]);
    assert!(
        out.status.success(),
        "the vault passes its integrity checks after the crashes:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
