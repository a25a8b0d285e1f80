//! No client data in plaintext on disk, in temp files, or in error messages: after normal
//! writes and after writers are killed mid-flight.

use std::time::Duration;

use crate::support::{TestVault, contains};

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
    // Hold a reader open so the WAL and SHM exist while we look.
    let shown = v.ok(&["client", "show", CANARY]);
    assert!(shown.contains(CANARY), "the data is really there, decrypted, for the user");
    assert_no_canary_anywhere(&v, "after writes");
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

#[test]
fn writers_killed_mid_flight_leave_no_plaintext_and_a_working_vault() {
    let (v, _) = TestVault::init();
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
    let mut committed = 0;
    // Pseudo-random kill delays, spread over the unlock (Argon2) and the write itself.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..16 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(seed % 450);
        let args = ["matter", "note", "C-1", "--text", CANARY_NOTE];
        let mut child = v
            .cmd(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().expect("wait");
        if status.success() {
            committed += 1;
        }
        assert_no_canary_anywhere(&v, &format!("after kill #{i} at {delay:?}"));
    }
    // The vault still opens, every note reported as committed is there, and SQLite agrees the
    // file is sound.
    let notes = v.json(&["matter", "show", "C-1"])["notes"].as_array().expect("notes").len();
    assert!(notes >= committed, "{notes} notes, {committed} reported committed");
    let vault = probono_core::Vault::open(&v.dir()).expect("open");
    let pass = probono_core::Passphrase::new(crate::support::PASSPHRASE);
    let store = vault.unlock(probono_core::Unlock::Passphrase(&pass)).expect("unlock after crashes");
    let check: String = store.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    assert_eq!(check, "ok");
}
