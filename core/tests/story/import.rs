//! Spreadsheet import: every kind of bad value named by line and column, all or nothing,
//! dry runs, and re-imports that change nothing.

use probono_core::Store;
use probono_core::import::{ImportRequest, ImportSummary};
use probono_core::task::TaskContext;

use crate::new_vault;

const MATTERS: &str = "case_ref,client_name,a_number,date_of_birth,country_of_origin,languages,detained,detention_facility,state_of_residence,case_type,opened,closed,relief_outcome,release_requested,release_outcome
JC-1,María José Hernández,A123-456-789,1991-04-12,El Salvador,Spanish,yes,Stewart Detention Center,,bond,2026-01-09,2026-03-02,,yes,granted
JC-2,Nguyễn Thị Lan,,1985-11-30,VN,Vietnamese,no,,CA,asylum,2/14/2026,,pending,no,
JC-3,Алексей Смирнов,098765432,,Russia,Russian;English,no,,New York,asylum,2025-10-01,2026-09-18,granted,no,
";

const HOURS: &str = "volunteer_name,volunteer_email,organization,role,case_ref,date,hours,activity
Priya Sharma,psharma@example.org,Hale Street LLP,attorney,JC-1,2026-01-12,3.5,Bond hearing preparation
Priya Sharma,PSharma@example.org,Hale Street LLP,attorney,JC-1,2026-02-03,2.0,Bond hearing
Tomás Ruiz,,Riverside Law School Clinic,law_student,JC-2,3/1/2026,4.2,\"Drafted I-589 declaration, first pass\"
Tomás Ruiz,,,,JC-2,3/1/2026,4.2,\"Drafted I-589 declaration, first pass\"
";

fn import(store: &mut Store, matters: Option<&str>, hours: Option<&str>, dry_run: bool) -> ImportSummary {
    store
        .import(
            ImportRequest { matters: matters.map(str::as_bytes), hours: hours.map(str::as_bytes), dry_run },
            &TaskContext::silent(),
        )
        .expect("import runs")
}

fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
}

#[test]
fn a_clean_file_imports_and_a_second_import_changes_nothing() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    let first = import(&mut s, Some(MATTERS), Some(HOURS), false);
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    assert_eq!((first.created.clients, first.created.matters), (3, 3));
    assert_eq!(first.created.volunteers, 2, "PSharma@ and psharma@ are one volunteer");
    assert_eq!(first.created.time_entries, 4, "two identical rows are two entries (a second call that day)");
    assert_eq!(first.created.organizations, 2);

    let again = import(&mut s, Some(MATTERS), Some(HOURS), false);
    assert!(again.errors.is_empty());
    assert_eq!(again.created.total(), 0, "{again:?}");
    assert_eq!(again.updated.total(), 0, "{again:?}");
    assert_eq!(again.unchanged, 3 + 4);
    assert_eq!(count(&s, "time_entry"), 4);
    assert_eq!(count(&s, "client"), 3);

    let m = s.find_matter("JC-2").expect("JC-2");
    assert_eq!(m.state_of_residence.as_deref(), Some("CA"));
    assert_eq!(m.opened, "2026-02-14", "US dates are read as M/D/YYYY");
    let c = s.find_client("098765432").expect("by A-number");
    assert_eq!(c.country.as_deref(), Some("RU"));
    assert_eq!(c.languages, vec!["Russian", "English"]);
}

#[test]
fn a_corrected_file_updates_what_changed() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    import(&mut s, Some(MATTERS), Some(HOURS), false);
    let corrected_matters = MATTERS.replace("2/14/2026,,pending", "2/14/2026,2026-10-01,granted");
    let corrected_hours = HOURS.replace("2026-01-12,3.5", "2026-01-12,4.0");
    let s2 = import(&mut s, Some(&corrected_matters), Some(&corrected_hours), false);
    assert!(s2.errors.is_empty(), "{:?}", s2.errors);
    assert_eq!(s2.updated.matters, 1);
    assert_eq!(s2.updated.time_entries, 1);
    assert_eq!(s2.created.total(), 0);
    assert_eq!(s.find_matter("JC-2").expect("JC-2").relief_outcome.code(), "granted");
    assert_eq!(count(&s, "time_entry"), 4);
}

#[test]
fn a_file_with_one_more_repeated_row_adds_exactly_that_entry() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    import(&mut s, Some(MATTERS), Some(HOURS), false);
    // A third identical call on 3/1, and a new row on a matter that already has entries.
    let more = format!(
        "{HOURS}Tomás Ruiz,,,,JC-2,3/1/2026,4.2,\"Drafted I-589 declaration, first pass\"\n\
         Priya Sharma,psharma@example.org,,,JC-1,2026-01-12,3.5,Bond hearing preparation (2)\n"
    );
    let second = import(&mut s, None, Some(&more), false);
    assert!(second.errors.is_empty(), "{:?}", second.errors);
    assert_eq!(second.created.time_entries, 2, "{second:?}");
    assert_eq!(second.unchanged, 4);
    assert_eq!(count(&s, "time_entry"), 6);
    // Entries keep distinct numbers within their matter, after the ones already there.
    let numbers: Vec<i64> = {
        let mut stmt = s
            .conn()
            .prepare("SELECT t.seq FROM time_entry t JOIN matter m ON m.seq = t.matter_seq WHERE m.case_ref = 'JC-1' ORDER BY t.seq")
            .expect("prepare");
        stmt.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
    };
    assert_eq!(numbers, vec![1, 2, 3]);
    let third = import(&mut s, None, Some(&more), false);
    assert_eq!((third.created.total(), third.updated.total(), third.unchanged), (0, 0, 6));
}

#[test]
fn every_bad_value_is_reported_with_line_and_column_and_nothing_is_written() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    let bad = "case_ref,client_name,a_number,date_of_birth,country_of_origin,languages,detained,detention_facility,state_of_residence,case_type,opened,closed,relief_outcome,release_requested,release_outcome
OK-1,Fine Person,,,SV,Spanish,no,,NY,asylum,2026-01-01,,,no,
B-2,Bad A,A12,,SV,,no,,,asylum,2026-01-01,,,no,
B-3,Bad Date,,1990-02-30,SV,,no,,,asylum,2026-13-01,,,no,
B-4,Bad Country,,,Atlantis,,maybe,,,asylum,2026-01-01,,,no,
B-5,Bad State,,,SV,,no,,Ontario,divorce,2026-01-01,,won big,no,
B-6,Bad Detention,,,SV,,no,Stewart,,asylum,2026-01-01,,,no,granted
B-7,Bad Closed,,,SV,,no,,,asylum,2026-05-01,2026-04-01,,no,
,No Ref,,,SV,,no,,,asylum,2026-01-01,,,no,
OK-1,Duplicate,,,SV,,no,,,asylum,2026-01-01,,,no,
B-10,,,,SV,,no,,,asylum,,,,no,
";
    let r = import(&mut s, Some(bad), None, false);
    let found: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    let expected = [
        (3, "a_number"),
        (4, "date_of_birth"),
        (4, "opened"),
        (5, "detained"),
        (5, "country_of_origin"),
        (6, "state_of_residence"),
        (6, "case_type"),
        (6, "relief_outcome"),
        (7, "detention_facility"),
        (7, "release_outcome"),
        (8, "closed"),
        (9, "case_ref"),
        (10, "case_ref"),
        (11, "client_name"),
        (11, "opened"),
    ];
    for e in expected {
        assert!(found.contains(&e), "expected an error at {e:?}; got {found:?}");
    }
    assert_eq!(found.len(), expected.len(), "no other errors: {found:?}");
    assert!(r.errors.iter().all(|e| !e.message.is_empty()));
    assert!(r.errors.iter().all(|e| !e.message.contains("Bad")), "messages do not echo client data");
    assert_eq!(count(&s, "client"), 0, "all or nothing: the good row was not written either");
    assert_eq!(count(&s, "matter"), 0);
    assert_eq!(count(&s, "audit_event WHERE action = 'import'"), 0);
}

#[test]
fn bad_hours_rows_are_reported_and_nothing_is_written() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    import(&mut s, Some(MATTERS), None, false);
    let bad = "volunteer_name,volunteer_email,organization,role,case_ref,date,hours,activity
Priya Sharma,psharma@example.org,Hale Street LLP,attorney,JC-1,2026-01-12,3.5,Fine
,x@example.org,,attorney,JC-1,2026-01-12,1,
Ana,not-an-email,,attorney,JC-1,2026-01-12,1,
Ana,,,judge,JC-1,2026-01-12,1,
Ana,,,attorney,JC-404,2026-01-12,1,
Ana,,,attorney,JC-1,2026-02-30,1,
Ana,,,attorney,JC-1,2026-01-12,0,
Ana,,,attorney,JC-1,2026-01-12,25,
Ana,,,attorney,JC-1,2099-01-12,1,
New Person,,,,JC-1,2026-01-12,1,
";
    let r = import(&mut s, None, Some(bad), false);
    let found: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    let expected = [
        (3, "volunteer_name"),
        (4, "volunteer_email"),
        (5, "role"),
        (6, "case_ref"),
        (7, "date"),
        (8, "hours"),
        (9, "hours"),
        (10, "date"),
        (11, "role"),
    ];
    for e in expected {
        assert!(found.contains(&e), "expected an error at {e:?}; got {found:?}");
    }
    assert_eq!(found.len(), expected.len(), "{found:?}");
    assert_eq!(count(&s, "volunteer"), 0);
    assert_eq!(count(&s, "time_entry"), 0);
}

#[test]
fn a_dry_run_reports_exact_counts_and_writes_nothing() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    let r = import(&mut s, Some(MATTERS), Some(HOURS), true);
    assert!(r.dry_run && r.errors.is_empty());
    assert_eq!((r.created.clients, r.created.matters, r.created.time_entries), (3, 3, 4));
    assert_eq!(count(&s, "client") + count(&s, "matter") + count(&s, "volunteer") + count(&s, "time_entry"), 0);
}

#[test]
fn headers_in_any_case_and_order_unknown_columns_warn_and_a_bom_is_fine() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    let file = "\u{feff}Opened,CLIENT_NAME,Case Ref,Shoe Size\r\n2026-01-05,Ana Pérez,X-1,38\r\n";
    let r = import(&mut s, Some(file), None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.created.matters, 1);
    assert_eq!(r.warnings.len(), 1);
    assert!(r.warnings[0].contains("Shoe Size"));
    assert_eq!(s.find_matter("X-1").expect("X-1").case_type.code(), "other", "no case_type column: other");
}

#[test]
fn a_missing_required_column_names_it_on_line_1() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    let r = import(&mut s, Some("case_ref,client_name\nX-1,Ana\n"), None, false);
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].line, r.errors[0].column.as_str()), (1, "opened"));
}

#[test]
fn facilities_and_organizations_keep_their_first_spelling() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    let file = "case_ref,client_name,detained,detention_facility,opened\nA,Ana,yes,Stewart Detention Center,2026-01-01\nB,Bo,y,  stewart  detention CENTER ,2026-01-02\n";
    assert!(import(&mut s, Some(file), None, false).errors.is_empty());
    assert_eq!(count(&s, "facility"), 1);
    assert_eq!(s.find_matter("B").expect("B").facility.as_deref(), Some("Stewart Detention Center"));
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    // Cancelled before it starts writing.
    let task = TaskContext::silent();
    task.cancel_handle().cancel();
    let result = s.import(ImportRequest { matters: Some(MATTERS.as_bytes()), hours: None, dry_run: false }, &task);
    assert!(matches!(result, Err(probono_core::Error::Cancelled)), "{result:?}");
    assert_eq!(count(&s, "matter"), 0);
    // Cancelled at its last progress report, when every row is written inside the
    // transaction: it rolls back.
    let handle = probono_core::task::CancelHandle::default();
    let on_progress = handle.clone();
    let reports = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&reports);
    let task = TaskContext::with_cancel(handle, move |p: &probono_core::task::Progress<'_>| {
        counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if p.total > 0 && p.done == p.total {
            on_progress.cancel();
        }
    });
    let result = s.import(ImportRequest { matters: Some(MATTERS.as_bytes()), hours: None, dry_run: false }, &task);
    assert!(reports.load(std::sync::atomic::Ordering::Relaxed) >= 2, "it got as far as its last report");
    assert!(matches!(result, Err(probono_core::Error::Cancelled)));
    assert_eq!(count(&s, "client"), 0);
}

#[test]
fn an_export_cancelled_half_way_leaves_no_files_behind() {
    let (dir, created) = new_vault();
    let mut s = created.store;
    import(&mut s, Some(MATTERS), Some(HOURS), false);
    let out = dir.path().join("export");
    let handle = probono_core::task::CancelHandle::default();
    let on_progress = handle.clone();
    let task = TaskContext::with_cancel(handle, move |p: &probono_core::task::Progress<'_>| {
        // Cancelled after the first files were written.
        if p.stage == "volunteers" {
            on_progress.cancel();
        }
    });
    let result = s.export_records(&out, probono_core::exchange::ExportFormat::Json, &task);
    assert!(matches!(result, Err(probono_core::Error::Cancelled)), "{result:?}");
    let left: Vec<_> = std::fs::read_dir(&out).expect("the folder exists").collect();
    assert!(left.is_empty(), "the files written before the cancel are removed: {left:?}");
}
