//! The vault survives what real computers do: a process killed mid-write (import, backup,
//! passphrase change), a full disk, two programs at once, and a restore on a clean machine
//! from nothing but the backup and the recovery key.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{PASSPHRASE, TestVault};

/// A deterministic sequence of delays for the kill loops.
struct Jitter(u64);

impl Jitter {
    fn next_ms(&mut self, max: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % max
    }
}

fn count(v: &TestVault, what: &[&str]) -> usize {
    v.json(what).as_array().expect("array").len()
}

fn assert_sound(v: &TestVault) {
    let out = v.run(&["check"]);
    assert!(
        out.status.success(),
        "the vault must pass its integrity checks:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A vault with 50 matters (M-0..M-49) and an hours file of `rows` rows tagged `tag`.
fn vault_with_matters() -> TestVault {
    let (v, _) = TestVault::init();
    let mut csv = String::from("case_ref,client_name,opened\n");
    for i in 0..50 {
        csv.push_str(&format!("M-{i},Client {i},2026-01-0{}\n", 1 + i % 9));
    }
    let path = v.root.path().join("matters.csv");
    std::fs::write(&path, csv).expect("write");
    v.ok(&["import", "matters", path.to_str().expect("utf-8")]);
    v
}

fn hours_file(v: &TestVault, tag: &str, rows: usize) -> std::path::PathBuf {
    let mut csv = String::from("volunteer_name,volunteer_email,role,case_ref,date,hours,activity\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "Volunteer {},v{}@example.org,attorney,M-{},2026-0{}-1{},1.{},{tag} work {i}\n",
            i % 20,
            i % 20,
            i % 50,
            1 + i % 9,
            i % 10,
            i % 10
        ));
    }
    let path = v.root.path().join(format!("hours-{tag}.csv"));
    std::fs::write(&path, csv).expect("write");
    path
}

#[test]
fn killing_an_import_leaves_the_old_or_the_new_state_never_a_mix() {
    let v = vault_with_matters();
    let rows = 20_000;
    let mut jitter = Jitter(0x1234_5678_9abc_def1);
    let mut expected = 0usize;
    let mut killed_midway = 0;
    for round in 0..8 {
        let file = hours_file(&v, &format!("r{round}"), rows);
        let mut child = v
            .cmd(&["import", "hours", file.to_str().expect("utf-8")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(300 + jitter.next_ms(1500)));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let after = count(&v, &["time", "list"]);
        if status.success() {
            expected += rows;
            assert_eq!(after, expected, "round {round}: an import reported as done is all there");
        } else {
            killed_midway += 1;
            assert!(
                after == expected || after == expected + rows,
                "round {round}: {after} entries after the kill; expected {expected} or {}",
                expected + rows
            );
            expected = after;
        }
        assert_sound(&v);
    }
    assert!(killed_midway > 0, "the loop must actually interrupt some imports");
}

#[test]
fn killing_a_backup_never_leaves_a_partial_backup_looking_valid() {
    let v = vault_with_matters();
    let file = hours_file(&v, "base", 30_000);
    v.ok(&["import", "hours", file.to_str().expect("utf-8")]);
    let target = v.root.path().join("backups").join("vault.pbbackup");
    std::fs::create_dir_all(target.parent().expect("dir")).expect("mkdir");
    let mut jitter = Jitter(42);
    let mut interrupted = 0;
    for round in 0..8 {
        let mut child = v
            .cmd(&["backup", target.to_str().expect("utf-8")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(400 + jitter.next_ms(900)));
        let _ = child.kill();
        if !child.wait().expect("wait").success() {
            interrupted += 1;
        }
        // Whatever is at the target is a complete, restorable backup (or nothing yet).
        if target.exists() {
            let restored = v.root.path().join(format!("restored-{round}"));
            let out = v
                .cmd(&["restore", target.to_str().expect("utf-8")])
                .env("PROBONO_VAULT", &restored)
                .output()
                .expect("restore");
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        }
        assert_sound(&v);
    }
    assert!(interrupted > 0, "the loop must actually interrupt some backups");
}

#[test]
fn killing_a_passphrase_change_leaves_one_working_passphrase_and_the_recovery_key() {
    let (v, recovery_key) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Pérez"]);
    let passphrases = [PASSPHRASE, "the second passphrase here", "a third passphrase, longer"];
    let mut current = 0;
    let mut jitter = Jitter(7);
    for round in 0..10 {
        let next = (current + 1) % passphrases.len();
        let mut child = v
            .cmd(&["passwd"])
            .env("PROBONO_PASSPHRASE", passphrases[current])
            .env("PROBONO_NEW_PASSPHRASE", passphrases[next])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(jitter.next_ms(1400)));
        let _ = child.kill();
        let _ = child.wait();
        let works =
            |p: &str| v.cmd(&["client", "list"]).env("PROBONO_PASSPHRASE", p).output().expect("runs").status.success();
        let old_ok = works(passphrases[current]);
        let new_ok = works(passphrases[next]);
        assert!(old_ok ^ new_ok, "round {round}: exactly one of the old and new passphrases opens the vault");
        if new_ok {
            current = next;
        }
        let out = v
            .cmd(&["--recovery-key", "client", "list"])
            .env("PROBONO_RECOVERY_KEY", &recovery_key)
            .output()
            .expect("runs");
        assert!(out.status.success(), "round {round}: the recovery key always works");
    }
}

/// A tmpfs of `mib` MiB, unmounted on drop. Needs root (the CI machine runs as root).
struct SmallDisk {
    path: std::path::PathBuf,
}

impl SmallDisk {
    fn new(under: &std::path::Path, mib: u32) -> SmallDisk {
        let path = under.join(format!("small-disk-{mib}"));
        std::fs::create_dir_all(&path).expect("mkdir");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(&path)
            .output()
            .expect("mount runs");
        assert!(
            out.status.success(),
            "mounting a small tmpfs needs root (CI runs as root): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        SmallDisk { path }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn a_full_disk_during_import_is_a_clear_error_and_changes_nothing() {
    let work = tempfile::tempdir().expect("tmp");
    let disk = SmallDisk::new(work.path(), 3);
    let v = TestVault::empty();
    let vault = disk.path.join("vault");
    let run = |args: &[&str]| v.cmd(args).env("PROBONO_VAULT", &vault).output().expect("runs");
    assert!(run(&["init"]).status.success());
    let mut csv = String::from("case_ref,client_name,opened\n");
    for i in 0..40 {
        csv.push_str(&format!("M-{i},Client {i},2026-01-05\n"));
    }
    let matters = v.root.path().join("m.csv");
    std::fs::write(&matters, csv).expect("write");
    assert!(run(&["import", "matters", matters.to_str().expect("utf-8")]).status.success());
    let mut big = String::from("volunteer_name,role,case_ref,date,hours,activity\n");
    for i in 0..60_000 {
        big.push_str(&format!(
            "Volunteer {},attorney,M-{},2026-02-1{},1.5,{}\n",
            i % 9,
            i % 40,
            i % 10,
            "x".repeat(60)
        ));
    }
    let hours = v.root.path().join("h.csv");
    std::fs::write(&hours, big).expect("write");
    let out = run(&["import", "hours", hours.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("disk is full"), "{err}");
    let listed = run(&["time", "list", "--json"]);
    assert!(listed.status.success(), "the vault still opens: {}", String::from_utf8_lossy(&listed.stderr));
    let entries: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(entries.as_array().expect("array").len(), 0, "nothing half-written");
    assert!(run(&["check"]).status.success(), "the vault passes its checks");
}

#[test]
fn a_full_disk_during_backup_leaves_no_backup_file() {
    let v = vault_with_matters();
    let file = hours_file(&v, "base", 20_000);
    v.ok(&["import", "hours", file.to_str().expect("utf-8")]);
    let work = tempfile::tempdir().expect("tmp");
    let disk = SmallDisk::new(work.path(), 1);
    let target = disk.path.join("vault.pbbackup");
    let err = v.fails(1, &["backup", target.to_str().expect("utf-8")]);
    assert!(err.contains("disk is full") || err.contains("No space left"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&disk.path).expect("ls").collect();
    assert!(left.is_empty(), "no backup and no temporary file left: {left:?}");
    assert_sound(&v);
}

#[test]
fn two_programs_writing_at_once_wait_or_say_the_vault_is_in_use() {
    let v = vault_with_matters();
    let file = hours_file(&v, "big", 60_000);
    let importer = v
        .cmd(&["import", "hours", file.to_str().expect("utf-8")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(900));
    let other = v.run(&["client", "add", "--name", "Written meanwhile"]);
    let importer = importer.wait_with_output().expect("import finishes");
    assert!(importer.status.success(), "the import is not disturbed: {}", String::from_utf8_lossy(&importer.stderr));
    assert_eq!(count(&v, &["time", "list"]), 60_000, "nothing lost from the import");
    let clients = v.ok(&["client", "list"]);
    if other.status.success() {
        assert!(clients.contains("Written meanwhile"), "a write reported as done is there");
    } else {
        let err = String::from_utf8_lossy(&other.stderr);
        assert!(err.contains("in use by another program"), "the second writer gets a clear message: {err}");
        assert!(!clients.contains("Written meanwhile"));
    }
    assert_sound(&v);
}

#[test]
fn a_clean_machine_restores_from_only_the_backup_and_the_recovery_key() {
    let (v, recovery_key) = TestVault::init();
    v.ok(&["client", "add", "--name", "Nguyễn Thị Lan", "--a-number", "A123456789"]);
    let backup = v.root.path().join("vault.pbbackup");
    v.ok(&["backup", backup.to_str().expect("utf-8")]);
    // Another "machine": a fresh home, no vault, no keyring, no passphrase; only the file.
    let clean = TestVault::empty();
    let copied = clean.root.path().join("from-usb.pbbackup");
    std::fs::copy(&backup, &copied).expect("copy");
    drop(v);
    let out = clean
        .cmd(&["--recovery-key", "restore", copied.to_str().expect("utf-8")])
        .env_remove("PROBONO_PASSPHRASE")
        .env("PROBONO_RECOVERY_KEY", &recovery_key)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = clean
        .cmd(&["--recovery-key", "client", "list", "--json"])
        .env_remove("PROBONO_PASSPHRASE")
        .env("PROBONO_RECOVERY_KEY", &recovery_key)
        .output()
        .expect("runs");
    let clients: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(clients[0]["name"], "Nguyễn Thị Lan");
    // The restored vault's passphrase is the one the backup was made under.
    assert_eq!(clean.json(&["client", "list"])[0]["a_number"], "123456789");
    // Restoring again into the same folder is refused: it never overwrites.
    let err = clean.fails(1, &["restore", copied.to_str().expect("utf-8")]);
    assert!(err.contains("never overwrites"), "{err}");
}
