//! Every parser of input from outside the vault — the spreadsheet import, the backup file,
//! an hour submission, the key file, a JSON export — fed arbitrary bytes and valid files
//! with a few bytes changed or cut short (proptest). The properties: it never panics, and
//! when it refuses the input, nothing in the vault changed.

use std::cell::{Cell, RefCell};
use std::path::Path;

use probono_core::backup::{self, container};
use probono_core::exchange::ExportFormat;
use probono_core::import::ImportRequest;
use probono_core::model::{ClientDraft, MatterDraft, TimeEntryDraft, VolunteerDraft};
use probono_core::reports::Period;
use probono_core::submission::{SubmissionOptions, SubmissionOutcome};
use probono_core::task::TaskContext;
use probono_core::vault::KeyFile;
use probono_core::{Store, Unlock};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};

use crate::{new_vault, pass};

/// 64 cases a property; a failure is shrunk and reported, never saved into the source tree.
fn runner() -> TestRunner {
    TestRunner::new(Config { cases: 64, failure_persistence: None, ..Config::default() })
}

/// A valid input with one to five bytes replaced, and perhaps cut short.
fn mutated(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    (prop::collection::vec((any::<Index>(), any::<u8>()), 1..6), prop::option::of(any::<Index>())).prop_map(
        move |(changes, cut)| {
            let mut bytes = valid.clone();
            for (at, byte) in changes {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            bytes
        },
    )
}

/// Arbitrary bytes half the time, a mutated valid input the other half.
fn outside_input(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..1024), mutated(valid)]
}

/// Every row of every table, to tell whether anything at all was written.
fn everything(store: &Store) -> Vec<(String, i64)> {
    let conn = store.conn();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("tables");
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).expect("query").map(|t| t.expect("name")).collect();
    tables
        .into_iter()
        .map(|t| {
            let n: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0)).expect("count");
            (t, n)
        })
        .collect()
}

/// The client Ana Torres and her matter JC-1.
fn client_and_matter(store: &mut Store) {
    store.create_client(&ClientDraft { name: "Ana Torres".into(), ..Default::default() }).expect("client");
    store
        .create_matter(&MatterDraft {
            case_ref: Some("JC-1".into()),
            client: "Ana Torres".into(),
            case_type: "asylum".into(),
            opened: "2026-01-05".into(),
            ..Default::default()
        })
        .expect("matter");
}

/// [`client_and_matter`], a volunteer and an hour and a half of their time on it.
fn small_program(store: &mut Store) {
    client_and_matter(store);
    store
        .create_volunteer(&VolunteerDraft {
            name: "Priya Sharma".into(),
            email: Some("psharma@example.org".into()),
            role: "attorney".into(),
            ..Default::default()
        })
        .expect("volunteer");
    store
        .log_time(&TimeEntryDraft {
            volunteer: "psharma@example.org".into(),
            matter: "JC-1".into(),
            date: "2026-03-02".into(),
            hours: "1.5".into(),
            activity: Some("Declaration".into()),
        })
        .expect("time");
}

fn samples() -> std::path::PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR when it runs tests"))
        .join("../docs/samples")
}

#[test]
fn a_damaged_spreadsheet_never_panics_and_a_refused_one_writes_nothing() {
    let (_d, created) = new_vault();
    let store = RefCell::new(created.store);
    let refused = Cell::new(0);
    for (name, is_matters) in [("matters.csv", true), ("hours.csv", false)] {
        let valid = std::fs::read(samples().join(name)).expect("sample");
        runner()
            .run(&outside_input(valid), |bytes| {
                let mut store = store.borrow_mut();
                let before = everything(&store);
                let request = ImportRequest {
                    matters: is_matters.then_some(bytes.as_slice()),
                    hours: (!is_matters).then_some(bytes.as_slice()),
                    dry_run: false,
                };
                let written = match store.import(request, &TaskContext::silent()) {
                    Ok(summary) => summary.written(),
                    Err(_) => false,
                };
                if !written {
                    refused.set(refused.get() + 1);
                    prop_assert_eq!(everything(&store), before, "a refused {} wrote something", name);
                }
                Ok(())
            })
            .expect("the property holds");
    }
    assert!(refused.get() > 16, "many damaged spreadsheets were refused ({} of 128)", refused.get());
}

#[test]
fn a_damaged_backup_never_panics_and_restores_nothing() {
    let (dir, created) = new_vault();
    let mut store = created.store;
    small_program(&mut store);
    let file = dir.path().join("good.pbbackup");
    store.backup(&file, &TaskContext::silent()).expect("backup");
    let valid = std::fs::read(&file).expect("read");
    let work = tempfile::tempdir().expect("work");
    let (case, refused) = (Cell::new(0), Cell::new(0));
    runner()
        .run(&outside_input(valid.clone()), |bytes| {
            case.set(case.get() + 1);
            let case = case.get();
            let _ = container::check(&mut std::io::Cursor::new(&bytes));
            let input = work.path().join(format!("case-{case}.pbbackup"));
            std::fs::write(&input, &bytes).expect("write");
            let target = work.path().join(format!("restored-{case}"));
            let pass = pass();
            match backup::restore(&input, &target, Unlock::Passphrase(&pass), &TaskContext::silent()) {
                Ok(_) => prop_assert_eq!(&bytes, &valid, "only the unchanged backup restores"),
                Err(_) => {
                    refused.set(refused.get() + 1);
                    let left = std::fs::read_dir(&target).map(|d| d.count()).unwrap_or(0);
                    prop_assert_eq!(left, 0, "a refused restore left files behind");
                }
            }
            Ok(())
        })
        .expect("the property holds");
    let (refused, case) = (refused.get(), case.get());
    assert!(refused > 32, "most cases are refused ({refused} of {case}): the inputs really were damaged");
}

#[test]
fn a_damaged_key_file_never_panics() {
    let (dir, _created) = new_vault();
    let valid = std::fs::read(dir.path().join("vault").join("vault.key")).expect("key file");
    let parsed = Cell::new(0);
    runner()
        .run(&outside_input(valid.clone()), |bytes| {
            if let Ok(key_file) = KeyFile::from_bytes(&bytes) {
                parsed.set(parsed.get() + 1);
                let _ = key_file.unwrap_with_passphrase(&pass());
            }
            Ok(())
        })
        .expect("the property holds");
    assert!(KeyFile::from_bytes(&valid).is_ok());
    assert!(parsed.get() < 64, "nearly every damaged key file is refused ({} parsed)", parsed.get());
}

#[test]
fn a_damaged_hour_submission_never_panics_and_a_refused_one_writes_nothing() {
    let (_c, coordinator) = new_vault();
    let coord = RefCell::new(coordinator.store);
    let mut c = coord.borrow_mut();
    client_and_matter(&mut c);
    let program_key = c.program_key().expect("program key");
    drop(c);
    let (_v, vol) = new_vault();
    let mut vol = vol.store;
    small_program(&mut vol);
    let period = Period::between("2026-03-01", "2026-05-31").expect("period");
    let valid = vol.submit_hours("psharma@example.org", period, &program_key).expect("submit");
    let accept =
        SubmissionOptions { accept_fingerprint: Some(vol.signing_fingerprint().expect("fp")), ..Default::default() };
    let refused = Cell::new(0);
    runner()
        .run(&outside_input(valid), |bytes| {
            let mut coord = coord.borrow_mut();
            let before = everything(&coord);
            match coord.import_submission(&bytes, &accept, &TaskContext::silent()) {
                Ok(SubmissionOutcome::Imported { .. }) => {}
                Ok(_) | Err(_) => {
                    refused.set(refused.get() + 1);
                    prop_assert_eq!(everything(&coord), before, "a refused submission wrote something");
                }
            }
            Ok(())
        })
        .expect("the property holds");
    assert!(refused.get() > 32, "most damaged submissions were refused ({} of 64)", refused.get());
}

#[test]
fn a_damaged_json_export_never_panics_and_a_refused_one_leaves_the_vault_empty() {
    let (_d, created) = new_vault();
    let mut store = created.store;
    small_program(&mut store);
    let export = tempfile::tempdir().expect("export");
    store.export_records(export.path(), ExportFormat::Json, &TaskContext::silent()).expect("export");
    let mut names: Vec<String> = std::fs::read_dir(export.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let files: Vec<(String, Vec<u8>)> =
        names.into_iter().map(|n| (n.clone(), std::fs::read(export.path().join(&n)).expect("read"))).collect();
    let originals = files.clone();
    let strategy = (0..files.len()).prop_flat_map(move |i| (Just(i), outside_input(originals[i].1.clone())));
    let refused = Cell::new(0);
    runner()
        .run(&strategy, |(which, bytes)| {
            let copy = tempfile::tempdir().expect("copy");
            for (i, (name, content)) in files.iter().enumerate() {
                std::fs::write(copy.path().join(name), if i == which { &bytes } else { content }).expect("write");
            }
            let (_e, empty) = new_vault();
            let mut target = empty.store;
            let before = everything(&target);
            if target.import_export(copy.path(), &TaskContext::silent()).is_err() {
                refused.set(refused.get() + 1);
                prop_assert_eq!(everything(&target), before, "a refused {} wrote something", &files[which].0);
            }
            Ok(())
        })
        .expect("the property holds");
    assert!(refused.get() > 0, "some damaged exports were refused");
}
