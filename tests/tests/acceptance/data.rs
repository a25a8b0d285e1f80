//! Backups refused when damaged, a corrupted vault found by `check`, the export round trip,
//! and hours sent from another computer — through the CLI.

use std::path::Path;

use crate::support::{PASSPHRASE, TestVault};

fn backup_of(v: &TestVault) -> std::path::PathBuf {
    let file = v.root.path().join("vault.pbbackup");
    v.ok(&["backup", file.to_str().expect("utf-8")]);
    file
}

fn restore_into(v: &TestVault, file: &Path, dir: &Path, passphrase: &str) -> std::process::Output {
    v.cmd(&["restore", file.to_str().expect("utf-8")])
        .env("PROBONO_VAULT", dir)
        .env("PROBONO_PASSPHRASE", passphrase)
        .output()
        .expect("runs")
}

#[test]
fn damaged_truncated_or_wrongly_unlocked_backups_are_refused_and_leave_nothing() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Pérez"]);
    let good = backup_of(&v);
    let bytes = std::fs::read(&good).expect("read");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a flipped bit", {
            let mut b = bytes.clone();
            let at = b.len() / 2;
            b[at] ^= 0x10;
            b
        }),
        ("truncated", bytes[..bytes.len() - 4096].to_vec()),
        ("not a backup", b"just some text".to_vec()),
    ];
    for (what, content) in cases {
        let file = v.root.path().join("bad.pbbackup");
        std::fs::write(&file, content).expect("write");
        let dir = v.root.path().join(format!("restored-{}", what.replace(' ', "-")));
        let out = restore_into(&v, &file, &dir, crate::support::PASSPHRASE);
        assert_eq!(out.status.code(), Some(1), "{what}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("the backup") && err.contains("nothing was restored"), "{what}: {err}");
        assert!(!dir.exists(), "{what}: nothing is left behind");
    }
    let dir = v.root.path().join("restored-wrong-passphrase");
    let out = restore_into(&v, &good, &dir, "not the passphrase at all");
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong passphrase"));
    assert!(!dir.exists());
}

#[test]
fn check_finds_a_corrupted_page_and_points_to_restore() {
    let (v, _) = TestVault::init();
    v.add_clients_directly(40, 3000);
    v.ok(&["check"]);
    // Damage one page in the middle of the database (as a failing disk would).
    let db = v.dir().join("vault.db");
    let mut bytes = std::fs::read(&db).expect("read");
    let page = bytes.len() / 4096 / 2;
    for b in &mut bytes[page * 4096 + 100..page * 4096 + 140] {
        *b ^= 0x5a;
    }
    std::fs::write(&db, &bytes).expect("write");
    let out = v.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("probono restore"), "points to restore: {err}");
    assert!(err.contains("nothing was repaired") || err.contains("damaged"), "{err}");
    assert_eq!(std::fs::read(&db).expect("read"), bytes, "nothing was silently repaired");
}

#[test]
fn an_export_imports_into_an_empty_vault_with_the_same_records_and_ids() {
    let v = TestVault::empty();
    v.ok(&["demo"]);
    let first = v.root.path().join("export-1");
    let out = crate::keys::with_stdin(v.cmd(&["export", "--out", first.to_str().expect("utf-8")]), PASSPHRASE);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOT encrypted"), "the user is warned");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(first.join("manifest.json")).expect("manifest")).expect("json");
    assert_eq!(manifest["counts"]["time_entries"], v.json(&["time", "list"]).as_array().expect("a").len());

    let target = v.root.path().join("second-vault");
    let run_in = |vault: &std::path::Path, args: &[&str]| {
        let mut cmd = v.cmd(args);
        cmd.env("PROBONO_VAULT", vault);
        crate::keys::with_stdin(cmd, PASSPHRASE)
    };
    let run = |args: &[&str]| run_in(&target, args);
    assert!(run(&["init"]).status.success());
    let imported = run(&["import", "vault-export", first.to_str().expect("utf-8")]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let second = v.root.path().join("export-2");
    assert!(run(&["export", "--out", second.to_str().expect("utf-8")]).status.success());
    for file in [
        "organizations",
        "clients",
        "matters",
        "parties",
        "volunteers",
        "assignments",
        "time_entries",
        "hearings",
        "notes",
        "settings",
    ] {
        let a = std::fs::read(first.join(format!("{file}.json"))).expect("first");
        let b = std::fs::read(second.join(format!("{file}.json"))).expect("second");
        assert!(a == b, "{file}.json differs after the round trip");
    }
    // The audit trail came along (with the new vault's own events around it).
    let before: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first.join("audit_events.json")).expect("a")).expect("j");
    let after: serde_json::Value =
        serde_json::from_slice(&std::fs::read(second.join("audit_events.json")).expect("b")).expect("j");
    // Each event is linked anew onto the new vault's chain, so only its link differs.
    let without_link = |events: &serde_json::Value| -> Vec<serde_json::Value> {
        let mut events = events.as_array().expect("array").clone();
        for e in &mut events {
            e.as_object_mut().expect("object").remove("hash");
        }
        events
    };
    let (before, after) = (without_link(&before), without_link(&after));
    assert!(!before.is_empty() && before.iter().all(|e| after.contains(e)));
    // Importing again into the now full vault is refused.
    let again = run(&["import", "vault-export", first.to_str().expect("utf-8")]);
    assert_eq!(again.status.code(), Some(1));

    // An export from before schema 8 has a party's kind (adverse or related) and no role: it
    // imports, an adverse party reading as one.
    let parties: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first.join("parties.json")).expect("parties")).expect("json");
    let mut old = parties.as_array().expect("array").clone();
    assert!(!old.is_empty() && old.iter().all(|p| p["kind"] == "adverse" && p["role"] == "opposing_counsel"));
    for p in &mut old {
        p.as_object_mut().expect("object").remove("role");
    }
    std::fs::write(first.join("parties.json"), serde_json::to_vec(&old).expect("json")).expect("write");
    let third = v.root.path().join("third-vault");
    let run3 = |args: &[&str]| run_in(&third, args);
    assert!(run3(&["init"]).status.success());
    let imported = run3(&["import", "vault-export", first.to_str().expect("utf-8")]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let exported = v.root.path().join("export-3");
    assert!(run3(&["export", "--out", exported.to_str().expect("utf-8")]).status.success());
    let back: serde_json::Value =
        serde_json::from_slice(&std::fs::read(exported.join("parties.json")).expect("parties")).expect("json");
    let back = back.as_array().expect("array");
    assert_eq!(back.len(), old.len());
    assert!(back.iter().all(|p| p["role"] == "adverse_party" && p["kind"] == "adverse"), "{back:?}");
    let csv = v.root.path().join("export-csv");
    crate::keys::ok_confirmed(&v, &["export", "--format", "csv", "--out", csv.to_str().expect("utf-8")]);
    let header = std::fs::read_to_string(csv.join("matters.csv")).expect("csv");
    let header = header.strip_prefix('\u{feff}').expect("a CSV file starts with the byte-order mark, for Excel");
    assert!(header.starts_with("id,case_ref,client_id,case_type,detained,detention_facility"));
}

#[test]
fn a_volunteers_hours_travel_to_the_coordinator_through_the_cli() {
    let (coord, _) = TestVault::init();
    coord.ok(&["client", "add", "--name", "Ana Pérez"]);
    coord.ok(&[
        "matter",
        "add",
        "--client",
        "Ana Pérez",
        "--case-type",
        "asylum",
        "--case-ref",
        "JC-9",
        "--opened",
        "2026-01-05",
    ]);
    let key = coord.ok(&["program-key"]).trim().to_owned();
    assert!(key.starts_with("age1"), "{key}");

    let (vol, _) = TestVault::init();
    vol.ok(&["client", "add", "--name", "Ana Pérez"]);
    vol.ok(&[
        "matter",
        "add",
        "--client",
        "Ana Pérez",
        "--case-type",
        "asylum",
        "--case-ref",
        "JC-9",
        "--opened",
        "2026-01-05",
    ]);
    vol.ok(&[
        "volunteer",
        "add",
        "--name",
        "Tomás Ruiz",
        "--role",
        "law_student",
        "--organization",
        "Riverside Law School Clinic",
    ]);
    vol.ok(&["time", "log", "--volunteer", "Tomás Ruiz", "--matter", "JC-9", "--date", "2026-03-01", "--hours", "4.2"]);
    let file = vol.root.path().join("hours.pbhours");
    let out = vol.ok(&[
        "submit-hours",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--program-key",
        &key,
        "--out",
        file.to_str().expect("utf-8"),
    ]);
    let fingerprint = out
        .lines()
        .find_map(|l| l.split(": ").nth(1).filter(|f| f.len() == 39))
        .expect("fingerprint printed")
        .to_owned();
    let bytes = std::fs::read(&file).expect("read");
    assert!(!String::from_utf8_lossy(&bytes).contains("Tomás"), "the submission is encrypted");

    let err = coord.fails(1, &["import", "submission", file.to_str().expect("utf-8")]);
    assert!(err.contains(&fingerprint) && err.contains("--accept-key"), "{err}");
    let out = coord.ok(&["import", "submission", file.to_str().expect("utf-8"), "--accept-key", &fingerprint]);
    assert!(out.contains("1 created"), "{out}");
    let out = coord.ok(&["import", "submission", file.to_str().expect("utf-8")]);
    assert!(out.contains("0 created") && out.contains("1 unchanged"), "{out}");
    assert_eq!(coord.json(&["time", "list"])[0]["minutes"], 252);

    // Time on a matter the coordinator does not have: listed, nothing imported, then mapped.
    vol.ok(&[
        "matter",
        "add",
        "--client",
        "Ana Pérez",
        "--case-type",
        "bond",
        "--case-ref",
        "TR-1",
        "--opened",
        "2026-02-01",
    ]);
    vol.ok(&["time", "log", "--volunteer", "Tomás Ruiz", "--matter", "TR-1", "--date", "2026-03-02", "--hours", "1"]);
    let file = vol.root.path().join("hours-2.pbhours");
    let path = file.to_str().expect("utf-8");
    vol.ok(&["submit-hours", "--from", "2026-01-01", "--to", "2026-06-30", "--program-key", &key, "--out", path]);
    let err = coord.fails(1, &["import", "submission", path]);
    assert!(err.contains("does not have: TR-1") && err.contains("--map SUBMITTED=OURS"), "{err}");
    assert_eq!(coord.json(&["time", "list"]).as_array().map(Vec::len), Some(1), "nothing imported");
    let out = coord.ok(&["import", "submission", path, "--map", "TR-1=JC-9"]);
    assert!(out.contains("1 created") && out.contains("1 unchanged"), "{out}");
}

/// Copies an export folder so one file can be edited.
fn copy_export(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("export folder") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
    }
}

fn edit_json(file: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(file).expect("read")).expect("json");
    edit(&mut value);
    std::fs::write(file, serde_json::to_vec_pretty(&value).expect("json")).expect("write");
}

#[test]
fn an_edited_export_is_refused_naming_file_record_and_field_and_the_vault_stays_empty() {
    let v = TestVault::empty();
    v.ok(&["demo"]);
    let export = v.root.path().join("export");
    crate::keys::ok_confirmed(&v, &["export", "--out", export.to_str().expect("utf-8")]);
    let target = v.root.path().join("empty-vault");
    let run = |args: &[&str]| v.cmd(args).env("PROBONO_VAULT", &target).output().expect("runs");
    assert!(run(&["init"]).status.success());

    type Edit = fn(&mut serde_json::Value);
    let cases: [(&str, &str, Edit, &str); 5] = [
        (
            "an A-number of 2 digits",
            "clients.json",
            |v| v[2]["a_number"] = "A12".into(),
            "clients.json, record 3, a_number: must have 7 to 9 digits",
        ),
        (
            "a setting this version does not know",
            "settings.json",
            |v| v["colour"] = "blue".into(),
            "settings.json, colour: is not a setting",
        ),
        (
            "a yes where true or false belongs",
            "matters.json",
            |v| v[1]["detained"] = "yes".into(),
            "matters.json, record 2, detained: must be true or false",
        ),
        (
            "an auto-lock of 0 minutes",
            "settings.json",
            |v| v["auto_lock_minutes"] = 0.into(),
            "settings.json, auto_lock_minutes: must be between 1 and 240",
        ),
        (
            "time on a matter the export does not have",
            "time_entries.json",
            |v| v[0]["matter_id"] = "01900000-0000-7000-8000-000000000000".into(),
            "time_entries.json, record 1, matter_id: names a matter that is not in the export",
        ),
    ];
    for (what, file, edit, expected) in cases {
        let edited = v.root.path().join(format!("edited-{}", file.replace('.', "-")));
        let _ = std::fs::remove_dir_all(&edited);
        copy_export(&export, &edited);
        let path = edited.join(file);
        if path.exists() {
            edit_json(&path, edit);
        } else {
            let mut empty = serde_json::json!({});
            edit(&mut empty);
            std::fs::write(&path, empty.to_string()).expect("write");
        }
        let out = run(&["import", "vault-export", edited.to_str().expect("utf-8")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: refused with exit 1; stderr: {stderr}");
        assert!(stderr.contains(expected), "{what}: the error names the file, record and field:\n{stderr}");
        let status = run(&["status", "--json"]);
        let counts: serde_json::Value = serde_json::from_slice(&status.stdout).expect("status json");
        for table in ["clients", "matters", "volunteers", "organizations", "time_entries", "notes"] {
            assert_eq!(counts["counts"][table], 0, "{what}: nothing was written ({table})");
        }
    }
    // The unedited export still goes in.
    let fine = run(&["import", "vault-export", export.to_str().expect("utf-8")]);
    assert!(fine.status.success(), "{}", String::from_utf8_lossy(&fine.stderr));
}
