//! The spreadsheet import cases (`core/tests/story/import_cases.rs`, which the vault's story
//! tests run) on a team server, each on a new program database; the same files imported into a
//! vault and into a team database give the same report figures; and `probono --server URL
//! import` as members, where the server decides who may import.

use probono_core::Passphrase;
use probono_core::import::ImportRequest;
use probono_core::records::Records;
use probono_core::reports::Period;
use probono_core::task::TaskContext;
use probono_core::vault::{KdfParams, Vault};

use crate::cluster::Cluster;
use crate::import_cases as cases;
use crate::reports::program;
use crate::{DIRECTOR, DIRECTOR_PW, Program, STUDENT_PW};

type Case = fn(&mut dyn Records);

#[test]
fn the_import_cases_give_the_vaults_results_on_a_team_server() {
    let cluster = Cluster::start();
    let all: &[(&str, Case)] = &[
        (
            "a_clean_file_imports_and_a_second_import_changes_nothing",
            cases::a_clean_file_imports_and_a_second_import_changes_nothing,
        ),
        ("a_corrected_file_updates_what_changed", cases::a_corrected_file_updates_what_changed),
        (
            "a_file_with_one_more_repeated_row_adds_exactly_that_entry",
            cases::a_file_with_one_more_repeated_row_adds_exactly_that_entry,
        ),
        (
            "every_bad_value_is_reported_with_line_and_column_and_nothing_is_written",
            cases::every_bad_value_is_reported_with_line_and_column_and_nothing_is_written,
        ),
        (
            "bad_hours_rows_are_reported_and_nothing_is_written",
            cases::bad_hours_rows_are_reported_and_nothing_is_written,
        ),
        ("a_dry_run_reports_exact_counts_and_writes_nothing", cases::a_dry_run_reports_exact_counts_and_writes_nothing),
        (
            "headers_in_any_case_and_order_unknown_columns_warn_and_a_bom_is_fine",
            cases::headers_in_any_case_and_order_unknown_columns_warn_and_a_bom_is_fine,
        ),
        ("a_missing_required_column_names_it_on_line_1", cases::a_missing_required_column_names_it_on_line_1),
        (
            "facilities_and_organizations_keep_their_first_spelling",
            cases::facilities_and_organizations_keep_their_first_spelling,
        ),
        ("a_cancelled_import_writes_nothing", cases::a_cancelled_import_writes_nothing),
        (
            "supervisors_and_service_details_from_the_hours_file",
            cases::supervisors_and_service_details_from_the_hours_file,
        ),
        (
            "a_new_client_like_one_already_here_is_imported_with_a_warning",
            cases::a_new_client_like_one_already_here_is_imported_with_a_warning,
        ),
    ];
    for (n, (name, case)) in all.iter().enumerate() {
        eprintln!("import case on a team server: {name}");
        case(&mut program(&cluster, 100 + n));
    }

    // The same files into a vault and into a team database: the same figures.
    let mut team = program(&cluster, 200);
    let dir = tempfile::tempdir().expect("tempdir");
    let cheap = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
    let mut vault =
        Vault::create(&dir.path().join("vault"), &Passphrase::new("import pass phrase"), cheap).expect("vault").store;
    let supervised = "volunteer_name,volunteer_email,role,case_ref,date,hours,law_school_start,supervisor
Tomás Ruiz,,law_student,JC-3,2026-04-02,3.25,2024-08-19,psharma@example.org
Ines Duarte,ines@example.edu,law_student,JC-1,2026-02-10,1.5,2025-08-18,
";
    for (engine, records) in [("vault", &mut vault as &mut dyn Records), ("team", &mut team as &mut dyn Records)] {
        for (matters, hours) in [(Some(cases::MATTERS), Some(cases::HOURS)), (None, Some(supervised))] {
            let summary = records
                .import(
                    ImportRequest {
                        matters: matters.map(str::as_bytes),
                        hours: hours.map(str::as_bytes),
                        dry_run: false,
                    },
                    &TaskContext::silent(),
                )
                .expect("import");
            assert!(summary.written(), "{engine}: {:?}", summary.errors);
        }
    }
    let year = Period::year(2026).expect("2026");
    let without_name = |mut v: serde_json::Value| {
        v["program_name"] = serde_json::Value::Null;
        v
    };
    let impact =
        |r: &dyn Records| without_name(serde_json::to_value(r.impact_report(year).expect("impact")).expect("json"));
    let hours =
        |r: &dyn Records| without_name(serde_json::to_value(r.hours_report(year).expect("hours")).expect("json"));
    assert_eq!(impact(&team), impact(&vault), "the impact figures differ between the engines");
    assert_eq!(hours(&team), hours(&vault), "the hours figures differ between the engines");
    assert_eq!(impact(&vault)["volunteers"], 3, "the figures compared are not empty");
    // The law student's statement: hours, supervisor and qualifying hours, the same.
    let statement = |r: &dyn Records| {
        serde_json::to_value(r.service_statement("Tomás Ruiz", year, true, None).expect("statement")).expect("json")
    };
    assert_eq!(statement(&team), statement(&vault), "Tomás's statement differs between the engines");
}

#[test]
fn members_import_on_the_server_as_their_role_allows() {
    let p = Program::set_up();
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    let files = tempfile::tempdir().expect("files");
    let matters = files.path().join("matters.csv");
    let hours = files.path().join("hours.csv");
    std::fs::write(&matters, cases::MATTERS).expect("write");
    std::fs::write(&hours, cases::HOURS).expect("write");
    let (matters, hours) = (matters.to_str().expect("utf-8"), hours.to_str().expect("utf-8"));

    // A dry run says what would happen and writes nothing.
    let dry = p.ok(DIRECTOR, DIRECTOR_PW, &["import", "hours", hours, "--matters", matters, "--dry-run"]);
    assert!(dry.contains("Would create: 3 clients, 3 matters, 2 volunteers, 2 organizations, 4 time entries"), "{dry}");
    let mut sql = p.sql(DIRECTOR, DIRECTOR_PW);
    assert_eq!(crate::count(&mut sql, "SELECT count(*) FROM matter"), 0);

    // A student may not add clients: the server refuses, and nothing of the file is written.
    let refused = p.fails("sam", STUDENT_PW, &["import", "matters", matters]);
    assert!(refused.contains("does not allow"), "{refused}");
    assert_eq!(crate::count(&mut sql, "SELECT count(*) FROM client"), 0);

    let out = p.ok(DIRECTOR, DIRECTOR_PW, &["import", "hours", hours, "--matters", matters]);
    assert!(out.contains("Created: 3 clients, 3 matters, 2 volunteers, 2 organizations, 4 time entries"), "{out}");
    assert_eq!(crate::count(&mut sql, "SELECT count(*) FROM time_entry"), 4);
    // Written by the director's login, row by row, in the trail nobody can edit.
    assert_eq!(
        crate::count(
            &mut sql,
            "SELECT count(*) FROM audit_event WHERE actor = 'dana' AND action = 'insert' AND entity = 'client'"
        ),
        3
    );
    // Again: nothing changes.
    let again = p.ok(DIRECTOR, DIRECTOR_PW, &["import", "hours", hours, "--matters", matters]);
    assert!(again.contains("7 already in the records unchanged"), "{again}");

    // A bad row: named by line and column, nothing written, exit code 1.
    let bad = files.path().join("bad.csv");
    std::fs::write(&bad, "case_ref,client_name,opened\nN-1,Ok Person,2026-01-01\nN-2,,2026-13-01\n").expect("write");
    let err = p.fails(DIRECTOR, DIRECTOR_PW, &["import", "matters", bad.to_str().expect("utf-8")]);
    assert!(err.contains("line 3, column client_name") && err.contains("line 3, column opened"), "{err}");
    assert_eq!(crate::count(&mut sql, "SELECT count(*) FROM matter WHERE case_ref = 'N-1'"), 0);

    // What only a vault imports is refused by name.
    let err = p.fails(DIRECTOR, DIRECTOR_PW, &["import", "submission", hours]);
    assert!(err.contains("hours submission: not available on a team server"), "{err}");
}

/// A client imported twice under two spellings is found as a likely duplicate and merged on
/// the server: only a director may (removing a client is theirs); a refused merge changes
/// nothing.
#[test]
fn a_director_merges_a_duplicate_client_on_the_server() {
    let p = Program::set_up();
    p.add_member("alex", "Alex Attorney", "attorney", crate::ATTORNEY_PW);
    let files = tempfile::tempdir().expect("files");
    let matters = files.path().join("matters.csv");
    std::fs::write(
        &matters,
        format!(
            "{}JC-9,\"Hernández, María J.\",,1991-04-12,SV,Spanish;English,no,,NY,asylum,2026-05-01,,,no,\n",
            cases::MATTERS
        ),
    )
    .expect("write");
    let out = p.ok(DIRECTOR, DIRECTOR_PW, &["import", "matters", matters.to_str().expect("utf-8")]);
    assert!(out.contains("Created: 4 clients, 4 matters"), "{out}");

    let found: serde_json::Value =
        serde_json::from_str(&p.ok(DIRECTOR, DIRECTOR_PW, &["client", "duplicates", "--json"])).expect("json");
    let pairs = found["duplicates"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 1, "{found}");
    let ids = [pairs[0]["first"]["id"].as_str().expect("id"), pairs[0]["second"]["id"].as_str().expect("id")];
    let mut sql = p.sql(DIRECTOR, DIRECTOR_PW);
    let keep: String = sql
        .query_one("SELECT c.id::text FROM client c JOIN matter m ON m.client_id = c.id WHERE m.case_ref = 'JC-1'", &[])
        .expect("JC-1's client")
        .get(0);
    let drop = *ids.iter().find(|id| **id != keep).expect("the other one");
    assert!(ids.contains(&keep.as_str()), "the pair is JC-1's client and the new one: {found}");

    let preview: serde_json::Value =
        serde_json::from_str(&p.ok(DIRECTOR, DIRECTOR_PW, &["client", "merge", &keep, drop, "--dry-run", "--json"]))
            .expect("json");
    assert_eq!(preview["matters_moved"], serde_json::json!(["JC-9"]));
    assert_eq!(preview["languages_added"], serde_json::json!(["English"]));
    assert_eq!(crate::count(&mut sql, "SELECT count(*) FROM client"), 4, "a preview writes nothing");

    // An attorney may change clients but not remove one: refused, and nothing changed (the
    // kept client's update is rolled back with the rest).
    let err = p.fails("alex", crate::ATTORNEY_PW, &["client", "merge", &keep, drop]);
    assert!(err.contains("does not allow"), "{err}");
    assert_eq!(crate::count(&mut sql, "SELECT count(*) FROM client"), 4);
    assert_eq!(
        crate::count(&mut sql, &format!("SELECT cardinality(languages)::bigint FROM client WHERE id = '{keep}'")),
        1
    );

    let out = p.ok(DIRECTOR, DIRECTOR_PW, &["client", "merge", &keep, drop]);
    assert!(out.contains("Merged"), "{out}");
    assert_eq!(crate::count(&mut sql, "SELECT count(*) FROM client"), 3);
    assert_eq!(
        crate::count(&mut sql, &format!("SELECT count(*) FROM matter WHERE client_id = '{keep}'")),
        2,
        "JC-1 and the moved JC-9"
    );
    let other_names: Vec<String> =
        sql.query_one("SELECT other_names FROM client WHERE id = $1::text::uuid", &[&keep]).expect("kept").get(0);
    assert_eq!(other_names, vec!["Hernández, María J."]);
    assert_eq!(
        crate::count(
            &mut sql,
            &format!(
                "SELECT count(*) FROM audit_event WHERE actor = 'dana' AND action = 'delete' AND entity_id = '{drop}'"
            )
        ),
        1
    );
}
