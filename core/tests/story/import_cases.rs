//! Spreadsheet import cases through the data layer ([`Records`]): the same ones run on a vault
//! (`import.rs`, here) and on a team server (`tests/tests/team/imports.rs`, which includes this
//! file), each on empty records. Every bad value named by line and column, all or nothing, dry
//! runs, re-imports that change nothing, corrections, supervisors and service details, and
//! likely duplicates warned about.

use probono_core::import::{ImportRequest, ImportSummary};
use probono_core::records::Records;
use probono_core::task::TaskContext;

pub const MATTERS: &str = "case_ref,client_name,a_number,date_of_birth,country_of_origin,languages,detained,detention_facility,state_of_residence,case_type,opened,closed,relief_outcome,release_requested,release_outcome
JC-1,María José Hernández,A123-456-789,1991-04-12,El Salvador,Spanish,yes,Stewart Detention Center,,bond,2026-01-09,2026-03-02,,yes,granted
JC-2,Nguyễn Thị Lan,,1985-11-30,VN,Vietnamese,no,,CA,asylum,2/14/2026,,pending,no,
JC-3,Алексей Смирнов,098765432,,Russia,Russian;English,no,,New York,asylum,2025-10-01,2026-09-18,granted,no,
";

pub const HOURS: &str = "volunteer_name,volunteer_email,organization,role,case_ref,date,hours,activity
Priya Sharma,psharma@example.org,Hale Street LLP,attorney,JC-1,2026-01-12,3.5,Bond hearing preparation
Priya Sharma,PSharma@example.org,Hale Street LLP,attorney,JC-1,2026-02-03,2.0,Bond hearing
Tomás Ruiz,,Riverside Law School Clinic,law_student,JC-2,3/1/2026,4.2,\"Drafted I-589 declaration, first pass\"
Tomás Ruiz,,,,JC-2,3/1/2026,4.2,\"Drafted I-589 declaration, first pass\"
";

pub fn import(store: &mut dyn Records, matters: Option<&str>, hours: Option<&str>, dry_run: bool) -> ImportSummary {
    store
        .import(
            ImportRequest { matters: matters.map(str::as_bytes), hours: hours.map(str::as_bytes), dry_run },
            &TaskContext::silent(),
        )
        .expect("import runs")
}

const KINDS: [&str; 5] = ["clients", "matters", "volunteers", "organizations", "time entries"];

/// How many records of each kind there were before a case began (a team database starts with
/// its director's volunteer record).
pub struct Before(Vec<(&'static str, i64)>);

impl Before {
    pub fn of(store: &dyn Records) -> Before {
        Before(store.counts().expect("counts"))
    }

    /// How many records of a kind ("clients", "matters", "volunteers", "organizations",
    /// "time entries") were added since.
    pub fn added(&self, store: &dyn Records, what: &str) -> i64 {
        let n =
            |counts: &[(&str, i64)]| counts.iter().find(|(name, _)| *name == what).map(|(_, n)| *n).expect("counted");
        n(&store.counts().expect("counts")) - n(&self.0)
    }

    /// Records of every kind added since.
    pub fn added_in_all(&self, store: &dyn Records) -> i64 {
        KINDS.iter().map(|what| self.added(store, what)).sum()
    }
}

pub fn a_clean_file_imports_and_a_second_import_changes_nothing(s: &mut dyn Records) {
    let before = Before::of(s);
    let first = import(s, Some(MATTERS), Some(HOURS), false);
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    assert_eq!((first.created.clients, first.created.matters), (3, 3));
    assert_eq!(first.created.volunteers, 2, "PSharma@ and psharma@ are one volunteer");
    assert_eq!(first.created.time_entries, 4, "two identical rows are two entries (a second call that day)");
    assert_eq!(first.created.organizations, 2);

    let again = import(s, Some(MATTERS), Some(HOURS), false);
    assert!(again.errors.is_empty());
    assert_eq!(again.created.total(), 0, "{again:?}");
    assert_eq!(again.updated.total(), 0, "{again:?}");
    assert_eq!(again.unchanged, 3 + 4);
    assert_eq!(before.added(s, "time entries"), 4);
    assert_eq!(before.added(s, "clients"), 3);

    let m = s.find_matter("JC-2").expect("JC-2");
    assert_eq!(m.state_of_residence.as_deref(), Some("CA"));
    assert_eq!(m.opened, "2026-02-14", "US dates are read as M/D/YYYY");
    let c = s.find_client("098765432").expect("by A-number");
    assert_eq!(c.country.as_deref(), Some("RU"));
    assert_eq!(c.languages, vec!["Russian", "English"]);
    let tomas = s.find_volunteer("Tomás Ruiz").expect("Tomás");
    assert_eq!(tomas.organization.as_deref(), Some("Riverside Law School Clinic"));
    let on_jc2 = s.matter_detail("JC-2").expect("JC-2 page");
    assert_eq!(on_jc2.total_minutes, 2 * 252);
    assert_eq!(on_jc2.volunteers.len(), 1, "the volunteer who logged time is on the matter");
    assert_eq!(on_jc2.volunteers[0].volunteer_name, "Tomás Ruiz");
}

pub fn a_corrected_file_updates_what_changed(s: &mut dyn Records) {
    let before = Before::of(s);
    import(s, Some(MATTERS), Some(HOURS), false);
    let corrected_matters = MATTERS.replace("2/14/2026,,pending", "2/14/2026,2026-10-01,granted");
    let corrected_hours = HOURS.replace("2026-01-12,3.5", "2026-01-12,4.0");
    let s2 = import(s, Some(&corrected_matters), Some(&corrected_hours), false);
    assert!(s2.errors.is_empty(), "{:?}", s2.errors);
    assert_eq!(s2.updated.matters, 1);
    assert_eq!(s2.updated.time_entries, 1);
    assert_eq!(s2.created.total(), 0);
    let jc2 = s.find_matter("JC-2").expect("JC-2");
    assert_eq!(jc2.relief_outcome.code(), "granted");
    assert_eq!(jc2.closed.as_deref(), Some("2026-10-01"));
    assert_eq!(before.added(s, "time entries"), 4);
    let jc1 = s.matter_detail("JC-1").expect("JC-1");
    assert_eq!(jc1.total_minutes, 240 + 120, "the corrected entry has its new minutes");
    // A corrected client: the later spelling of the name wins, the rest is kept.
    let renamed = MATTERS.replace("Nguyễn Thị Lan", "Nguyễn Thị Lan Anh");
    let s3 = import(s, Some(&renamed), None, false);
    assert_eq!((s3.updated.clients, s3.created.clients), (1, 0), "{s3:?}");
    let lan = s.find_matter("JC-2").expect("JC-2");
    let client = s.client(lan.client_id).expect("client");
    assert_eq!(client.name, "Nguyễn Thị Lan Anh");
    assert_eq!(client.date_of_birth.as_deref(), Some("1985-11-30"));
}

pub fn a_file_with_one_more_repeated_row_adds_exactly_that_entry(s: &mut dyn Records) {
    let before = Before::of(s);
    import(s, Some(MATTERS), Some(HOURS), false);
    // A third identical call on 3/1, and a new row on a matter that already has entries.
    let more = format!(
        "{HOURS}Tomás Ruiz,,,,JC-2,3/1/2026,4.2,\"Drafted I-589 declaration, first pass\"\n\
         Priya Sharma,psharma@example.org,,,JC-1,2026-01-12,3.5,Bond hearing preparation (2)\n"
    );
    let second = import(s, None, Some(&more), false);
    assert!(second.errors.is_empty(), "{:?}", second.errors);
    assert_eq!(second.created.time_entries, 2, "{second:?}");
    assert_eq!(second.unchanged, 4);
    assert_eq!(before.added(s, "time entries"), 6);
    let third = import(s, None, Some(&more), false);
    assert_eq!((third.created.total(), third.updated.total(), third.unchanged), (0, 0, 6));
}

pub fn every_bad_value_is_reported_with_line_and_column_and_nothing_is_written(s: &mut dyn Records) {
    let before = Before::of(s);
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
    let r = import(s, Some(bad), None, false);
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
    assert_eq!(before.added_in_all(s), 0, "all or nothing: the good row was not written either");
}

pub fn bad_hours_rows_are_reported_and_nothing_is_written(s: &mut dyn Records) {
    let before = Before::of(s);
    import(s, Some(MATTERS), None, false);
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
    let r = import(s, None, Some(bad), false);
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
    assert_eq!(before.added(s, "volunteers"), 0);
    assert_eq!(before.added(s, "time entries"), 0);
}

pub fn a_dry_run_reports_exact_counts_and_writes_nothing(s: &mut dyn Records) {
    let before = Before::of(s);
    let r = import(s, Some(MATTERS), Some(HOURS), true);
    assert!(r.dry_run && r.errors.is_empty());
    assert_eq!((r.created.clients, r.created.matters, r.created.time_entries), (3, 3, 4));
    assert_eq!(before.added_in_all(s), 0);
}

pub fn headers_in_any_case_and_order_unknown_columns_warn_and_a_bom_is_fine(s: &mut dyn Records) {
    let file = "\u{feff}Opened,CLIENT_NAME,Case Ref,Shoe Size\r\n2026-01-05,Ana Pérez,X-1,38\r\n";
    let r = import(s, Some(file), None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.created.matters, 1);
    assert_eq!(r.warnings.len(), 1);
    assert!(r.warnings[0].contains("Shoe Size"));
    assert_eq!(s.find_matter("X-1").expect("X-1").case_type.code(), "other", "no case_type column: other");
}

pub fn a_missing_required_column_names_it_on_line_1(s: &mut dyn Records) {
    let before = Before::of(s);
    let r = import(s, Some("case_ref,client_name\nX-1,Ana\n"), None, false);
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].line, r.errors[0].column.as_str()), (1, "opened"));
    assert_eq!(before.added_in_all(s), 0);
}

pub fn facilities_and_organizations_keep_their_first_spelling(s: &mut dyn Records) {
    let file = "case_ref,client_name,detained,detention_facility,opened\nA,Ana,yes,Stewart Detention Center,2026-01-01\nB,Bo,y,  stewart  detention CENTER ,2026-01-02\n";
    assert!(import(s, Some(file), None, false).errors.is_empty());
    assert_eq!(s.find_matter("B").expect("B").facility.as_deref(), Some("Stewart Detention Center"));
    let hours = "volunteer_name,organization,role,case_ref,date,hours\nAl,Hale Street LLP,attorney,A,2026-01-02,1\nBea,hale street  llp,attorney,B,2026-01-02,1\n";
    let r = import(s, None, Some(hours), false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.created.organizations, 1);
    assert_eq!(s.find_volunteer("Bea").expect("Bea").organization.as_deref(), Some("Hale Street LLP"));
    let impact = s.impact_report(probono_core::reports::Period::year(2026).expect("2026")).expect("impact");
    assert_eq!(impact.detention_facilities, 1, "one facility, however it was spelled");
}

pub fn a_cancelled_import_writes_nothing(s: &mut dyn Records) {
    let before = Before::of(s);
    // Cancelled before it starts writing.
    let task = TaskContext::silent();
    task.cancel_handle().cancel();
    let result = s.import(ImportRequest { matters: Some(MATTERS.as_bytes()), hours: None, dry_run: false }, &task);
    assert!(matches!(result, Err(probono_core::Error::Cancelled)), "{result:?}");
    assert_eq!(before.added(s, "matters"), 0);
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
    let result = s.import(
        ImportRequest { matters: Some(MATTERS.as_bytes()), hours: Some(HOURS.as_bytes()), dry_run: false },
        &task,
    );
    assert!(reports.load(std::sync::atomic::Ordering::Relaxed) >= 2, "it got as far as its last report");
    assert!(matches!(result, Err(probono_core::Error::Cancelled)), "{result:?}");
    assert_eq!(before.added_in_all(s), 0);
}

pub fn supervisors_and_service_details_from_the_hours_file(s: &mut dyn Records) {
    let before = Before::of(s);
    import(s, Some(MATTERS), None, false);
    let hours = "volunteer_name,volunteer_email,role,case_ref,date,hours,law_school_start,bar_admissions,supervisor
Priya Sharma,psharma@example.org,attorney,JC-2,2026-03-01,1,,New York;California,
Tomás Ruiz,truiz@example.edu,law_student,JC-2,2026-03-02,4,2024-08-19,,psharma@example.org
Tomás Ruiz,truiz@example.edu,law_student,JC-3,2026-03-03,2,,,truiz@example.edu
Ana Lee,,law_student,JC-3,2026-03-03,2,,,Nobody Known
";
    let r = import(s, None, Some(hours), false);
    let found: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(found, vec![(4, "supervisor"), (5, "supervisor")], "{:?}", r.errors);
    assert!(r.errors[0].message.contains("other than"), "{:?}", r.errors[0]);
    assert_eq!(before.added(s, "volunteers"), 0, "nothing written");

    let fixed = hours.lines().take(3).collect::<Vec<_>>().join("\n") + "\n";
    let r = import(s, None, Some(&fixed), false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let tomas = s.find_volunteer("truiz@example.edu").expect("Tomás");
    assert_eq!(tomas.law_school_start.as_deref(), Some("2024-08-19"));
    let priya = s.find_volunteer("psharma@example.org").expect("Priya");
    assert_eq!(priya.bar_admissions, vec!["New York", "California"]);
    let page = s.matter_detail("JC-2").expect("JC-2");
    let on_it = page.volunteers.iter().find(|a| a.volunteer_id == tomas.id).expect("Tomás is on JC-2");
    assert_eq!(on_it.supervisor_id, Some(priya.id), "supervised by the attorney the file names");

    // A later file moves a volunteer to another organization and role, and counts it once.
    let moved = "volunteer_name,volunteer_email,organization,role,case_ref,date,hours\nTomás Ruiz,truiz@example.edu,Hale Street LLP,attorney,JC-2,2026-03-02,4\n";
    let r = import(s, None, Some(moved), false);
    assert_eq!((r.updated.volunteers, r.unchanged, r.created.organizations), (1, 1, 1), "{r:?}");
    let tomas = s.find_volunteer("truiz@example.edu").expect("Tomás");
    assert_eq!((tomas.role.code(), tomas.organization.as_deref()), ("attorney", Some("Hale Street LLP")));
}

pub fn a_new_client_like_one_already_here_is_imported_with_a_warning(s: &mut dyn Records) {
    import(s, Some(MATTERS), None, false);
    // The same person as JC-1's client (same date of birth, a spelling without accents), no
    // A-number given: a new client, and a warning naming the matter, never the name.
    let file = "case_ref,client_name,date_of_birth,opened\nJC-9,\"Hernández, María J.\",1991-04-12,2026-05-01\n";
    let r = import(s, Some(file), None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.created.clients, 1);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(r.warnings[0].contains("line 2") && r.warnings[0].contains("JC-1"), "{}", r.warnings[0]);
    assert!(!r.warnings[0].contains("Hern"), "no client name in a warning: {}", r.warnings[0]);
}
