//! Spreadsheet import on a vault: the shared cases (`import_cases.rs`, which the team tests run
//! on a PostgreSQL server too), and what only a vault has (entry numbers within a matter, the
//! one audit event of an import, the facility table).

use probono_core::Store;
use probono_core::task::TaskContext;

use crate::import_cases::{self, HOURS, MATTERS, import};
use crate::new_vault;

/// One test per case, each on a new vault.
macro_rules! on_a_vault {
    ($($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            let (_d, mut created) = new_vault();
            import_cases::$case(&mut created.store);
        }
    )*};
}

on_a_vault!(
    a_clean_file_imports_and_a_second_import_changes_nothing,
    a_corrected_file_updates_what_changed,
    a_file_with_one_more_repeated_row_adds_exactly_that_entry,
    every_bad_value_is_reported_with_line_and_column_and_nothing_is_written,
    bad_hours_rows_are_reported_and_nothing_is_written,
    a_dry_run_reports_exact_counts_and_writes_nothing,
    headers_in_any_case_and_order_unknown_columns_warn_and_a_bom_is_fine,
    a_missing_required_column_names_it_on_line_1,
    facilities_and_organizations_keep_their_first_spelling,
    a_cancelled_import_writes_nothing,
    supervisors_and_service_details_from_the_hours_file,
    a_new_client_like_one_already_here_is_imported_with_a_warning,
);

fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
}

#[test]
fn entries_keep_distinct_numbers_within_their_matter_and_an_import_is_one_audit_event() {
    let (_d, created) = new_vault();
    let mut s = created.store;
    import(&mut s, Some(MATTERS), Some(HOURS), false);
    let more = format!("{HOURS}Priya Sharma,psharma@example.org,,,JC-1,2026-01-12,3.5,Bond hearing preparation (2)\n");
    import(&mut s, None, Some(&more), false);
    // Entries keep distinct numbers within their matter, after the ones already there.
    let numbers: Vec<i64> = {
        let mut stmt = s
            .conn()
            .prepare("SELECT t.seq FROM time_entry t JOIN matter m ON m.seq = t.matter_seq WHERE m.case_ref = 'JC-1' ORDER BY t.seq")
            .expect("prepare");
        stmt.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
    };
    assert_eq!(numbers, vec![1, 2, 3]);
    assert_eq!(count(&s, "audit_event WHERE action = 'import'"), 2, "one event per import that wrote");
    // A file with problems and a dry run write no event.
    import(&mut s, Some("case_ref,client_name,opened\nX,,2026-01-01\n"), None, false);
    import(&mut s, Some(MATTERS), None, true);
    assert_eq!(count(&s, "audit_event WHERE action = 'import'"), 2);
    // One facility row, however it is spelled.
    let file = "case_ref,client_name,detained,detention_facility,opened\nA,Ana,yes,Otero County Processing Center,2026-01-01\nB,Bo,y,  otero county PROCESSING center ,2026-01-02\n";
    assert!(import(&mut s, Some(file), None, false).errors.is_empty());
    assert_eq!(count(&s, "facility"), 2, "Stewart (from JC-1) and Otero");
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
