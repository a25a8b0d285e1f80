//! `probono conflict check` end to end: one name, a file of names, JSON as documented, bad
//! input refused naming the field, and the exit status 0 whether or not anything matched.

use crate::support::TestVault;

#[test]
fn a_conflict_check_finds_clients_parties_and_volunteers_across_spellings_and_scripts() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Алексей Смирнов", "--a-number", "A123456789", "--dob", "1985-03-14"]);
    v.ok(&["client", "add", "--name", "José María Hernández López"]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        "José María Hernández López",
        "--case-type",
        "u_visa",
        "--case-ref",
        "U-1",
        "--opened",
        "2026-01-05",
    ]);
    v.ok(&["matter", "party", "U-1", "--role", "adverse_party", "--name", "Mohammed Al-Hassan"]);
    v.ok(&["volunteer", "add", "--name", "Nguyễn Thị Lan", "--role", "interpreter"]);

    let results = v.json(&["conflict", "check", "--name", "Alexey Smirnoff"]);
    let m = &results["results"][0]["matches"][0];
    assert_eq!(results["results"][0]["query"], "Alexey Smirnoff");
    assert_eq!(m["kind"], "client");
    assert_eq!(m["name"], "Алексей Смирнов");
    assert!(m["score"].as_f64().expect("score") >= 0.8, "{m}");
    let reasons = m["reasons"].to_string();
    assert!(reasons.contains("transliteration from Cyrillic"), "{reasons}");

    // A list of adverse parties, in input order, each with its own matches.
    let file = v.root.path().join("parties.txt");
    std::fs::write(
        &file,
        "Hernández López, José M.\n\n# the employer\nMuhammad Alhasan\nLan Nguyen\nSomeone Else Entirely\n",
    )
    .expect("write");
    let out = v.json(&["conflict", "check", "--names-file", file.to_str().expect("utf-8")]);
    let results = out["results"].as_array().expect("results");
    let queries: Vec<&str> = results.iter().map(|r| r["query"].as_str().expect("query")).collect();
    assert_eq!(queries, ["Hernández López, José M.", "Muhammad Alhasan", "Lan Nguyen", "Someone Else Entirely"]);
    let first = |i: usize| &results[i]["matches"][0];
    assert_eq!(first(0)["name"], "José María Hernández López");
    assert_eq!(first(0)["matters"][0], "U-1");
    assert_eq!(first(1)["kind"], "party");
    assert_eq!(first(1)["role"], "Adverse party", "a party's match says its role");
    assert_eq!(first(0)["role"], serde_json::Value::Null, "a client has no party role");
    assert_eq!(first(1)["matters"][0], "U-1", "a party carries its matter");
    assert_eq!(first(2)["kind"], "volunteer");
    assert_eq!(results[3]["matches"].as_array().expect("matches").len(), 0, "nobody is made up");
    for r in results {
        let scores: Vec<f64> =
            r["matches"].as_array().expect("m").iter().map(|m| m["score"].as_f64().expect("s")).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "highest first: {scores:?}");
    }

    // An A-number matches whatever the name; a date of birth that disagrees lowers the score.
    let by_a = v.json(&["conflict", "check", "--name", "Somebody Different", "--a-number", "A-123-456-789"]);
    assert_eq!(by_a["results"][0]["matches"][0]["reasons"][0], "same A-number");
    assert_eq!(by_a["results"][0]["matches"][0]["score"], 1.0);
    let same_dob = v.json(&["conflict", "check", "--name", "Aleksei Smirnov", "--dob", "1985-03-14"]);
    let other_dob = v.json(&["conflict", "check", "--name", "Aleksei Smirnov", "--dob", "1990-01-01"]);
    let score = |j: &serde_json::Value| j["results"][0]["matches"][0]["score"].as_f64().unwrap_or(0.0);
    assert!(score(&same_dob) > score(&other_dob), "{same_dob} / {other_dob}");

    // The text output; and no match still exits 0.
    let text = v.ok(&["conflict", "check", "--name", "Nobody We Know"]);
    assert!(text.contains("No likely match"), "{text}");
}

#[test]
fn a_conflict_check_refuses_bad_input_naming_the_field() {
    let (v, _) = TestVault::init();
    let long = "x".repeat(10_000);
    for (args, field) in [
        (vec!["conflict", "check", "--name", ""], "name: is required"),
        (vec!["conflict", "check", "--name", &long], "name: must be at most 200 characters"),
        (vec!["conflict", "check", "--name", "bad\u{1}name"], "name: must not contain control characters"),
        (vec!["conflict", "check", "--name", "Ana", "--dob", "2020-02-30"], "dob:"),
        (vec!["conflict", "check", "--name", "Ana", "--a-number", "12"], "a_number:"),
    ] {
        let err = v.fails(1, &args);
        assert!(err.contains(field), "{args:?}: {err}");
        assert!(!err.contains("xxxxxxxx") && !err.contains("bad"), "the value is not echoed: {err}");
    }
    let file = v.root.path().join("names.txt");
    std::fs::write(&file, "Ana Pérez\nbad\u{7}name\n").expect("write");
    let err = v.fails(1, &["conflict", "check", "--names-file", file.to_str().expect("utf-8")]);
    assert!(err.contains("names_file: line 2"), "{err}");
    std::fs::write(&file, "\n# only a comment\n").expect("write");
    let err = v.fails(1, &["conflict", "check", "--names-file", file.to_str().expect("utf-8")]);
    assert!(err.contains("names_file: holds no names"), "{err}");
    // Neither a name nor a file: a usage error.
    v.fails(2, &["conflict", "check"]);
}

#[test]
fn a_conflict_check_is_recorded_on_the_matter_and_in_the_audit_log_without_names() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Fatima Haddad"]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        "Fatima Haddad",
        "--case-type",
        "u_visa",
        "--case-ref",
        "U-7",
        "--opened",
        "2026-02-01",
    ]);
    v.ok(&["client", "add", "--name", "Karim Haddad"]);
    let shown = v.json(&["matter", "show", "U-7"]);
    assert_eq!(shown["conflict_checks"].as_array().expect("checks").len(), 0, "none recorded yet");

    // A waiver needs a note; an unknown decision is named; nothing is recorded meanwhile.
    let record = |extra: &[&str]| {
        let mut args =
            vec!["conflict", "record", "--matter", "U-7", "--name", "Fatima Haddad", "--name", "Karim Hadad"];
        args.extend_from_slice(extra);
        args.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>()
    };
    let args = record(&["--checked-by", "Dana Supervising", "--decision", "waived"]);
    let err = v.fails(1, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("note: is required for a conflict or a waiver"), "{err}");
    let args = record(&["--checked-by", "Dana Supervising", "--decision", "maybe"]);
    let err = v.fails(1, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("decision: must be no_conflict, conflict or waived"), "{err}");
    assert_eq!(v.json(&["matter", "show", "U-7"])["conflict_checks"].as_array().expect("checks").len(), 0);

    let args = record(&[
        "--checked-by",
        "Dana Supervising",
        "--decision",
        "waived",
        "--note",
        "Spouse is a former client; both consented in writing on 2026-02-02",
    ]);
    v.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let checks = v.json(&["matter", "show", "U-7"])["conflict_checks"].clone();
    let check = &checks[0];
    assert_eq!(check["decision"], "waived");
    assert_eq!(check["checked_by"], "Dana Supervising");
    assert_eq!(check["searched"], serde_json::json!(["Fatima Haddad", "Karim Hadad"]));
    let shown: Vec<&str> =
        check["matches"].as_array().expect("m").iter().map(|m| m["name"].as_str().expect("n")).collect();
    assert!(shown.contains(&"Karim Haddad"), "the matches shown are recorded: {shown:?}");

    // The audit log says a check was recorded, its decision and counts, and names nobody.
    let audit = v.ok(&["audit", "--limit", "30"]);
    assert!(audit.contains("conflict_check") && audit.contains("waived (2 searched"), "{audit}");
    assert!(!audit.contains("Haddad") && !audit.contains("Hadad"), "no client names in the audit log: {audit}");
}

#[test]
fn duplicate_clients_are_listed_and_merged_with_everything_moved_and_audited() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "José María Hernández López", "--a-number", "A123456789"]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        "José María Hernández López",
        "--case-type",
        "asylum",
        "--case-ref",
        "M-1",
        "--opened",
        "2026-01-05",
    ]);
    v.ok(&[
        "client",
        "add",
        "--name",
        "Hernandez Lopez, Jose",
        "--dob",
        "1988-04-02",
        "--language",
        "Spanish",
        "--notes",
        "Prefers WhatsApp",
    ]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        "Hernandez Lopez, Jose",
        "--case-type",
        "bond",
        "--case-ref",
        "M-2",
        "--opened",
        "2026-02-05",
    ]);
    v.ok(&["matter", "party", "M-2", "--kind", "related", "--name", "Rosa Hernández"]);
    v.ok(&["matter", "note", "M-2", "--text", "Bond hearing set"]);
    v.ok(&["client", "add", "--name", "Ana Pérez"]);

    let listed = v.json(&["client", "duplicates"]);
    let pairs = listed["duplicates"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 1, "{listed}");
    assert_eq!(pairs[0]["first"]["name"], "José María Hernández López");
    assert_eq!(pairs[0]["second"]["name"], "Hernandez Lopez, Jose");
    assert_eq!(pairs[0]["second"]["matters"][0], "M-2");

    // A preview changes nothing.
    let preview = v.json(&["client", "merge", "José María Hernández López", "Hernandez Lopez, Jose", "--dry-run"]);
    assert_eq!(preview["matters_moved"], serde_json::json!(["M-2"]));
    assert_eq!(preview["fields_filled"], serde_json::json!(["date_of_birth", "notes"]));
    assert_eq!(v.json(&["client", "list"]).as_array().expect("clients").len(), 3);

    let done = v.json(&["client", "merge", "José María Hernández López", "Hernandez Lopez, Jose"]);
    assert_eq!(done["names_added"], serde_json::json!(["Hernandez Lopez, Jose"]));
    let kept = v.json(&["client", "show", "José María Hernández López"]);
    assert_eq!(kept["client"]["date_of_birth"], "1988-04-02");
    assert_eq!(kept["client"]["languages"], serde_json::json!(["Spanish"]));
    assert_eq!(kept["client"]["other_names"], serde_json::json!(["Hernandez Lopez, Jose"]));
    let mut cases: Vec<&str> =
        kept["matters"].as_array().expect("m").iter().map(|m| m["case_ref"].as_str().expect("c")).collect();
    cases.sort_unstable();
    assert_eq!(cases, ["M-1", "M-2"]);
    let m2 = v.json(&["matter", "show", "M-2"]);
    assert_eq!(m2["parties"][0]["name"], "Rosa Hernández", "parties came along with the matter");
    assert_eq!(m2["notes"][0]["body"], "Bond hearing set");
    assert_eq!(v.json(&["client", "list"]).as_array().expect("clients").len(), 2, "the duplicate is gone");
    let audit = v.ok(&["audit", "--limit", "30"]);
    assert!(audit.contains("merged the duplicate client") && audit.contains("merged into client"), "{audit}");
    assert!(!audit.contains("Hernández") && !audit.contains("Hernandez"), "no names in the audit log: {audit}");
    assert_eq!(v.json(&["client", "duplicates"])["duplicates"].as_array().expect("d").len(), 0);
    v.ok(&["check"]);
}

#[test]
fn clients_with_different_a_numbers_are_not_merged() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Maria Garcia", "--a-number", "A111111111"]);
    v.ok(&["client", "add", "--name", "María García", "--a-number", "A222222222"]);
    let before = v.json(&["client", "list"]);
    let err = v.fails(1, &["client", "merge", "A111111111", "A222222222"]);
    assert!(err.contains("drop: has a different A-number"), "{err}");
    assert_eq!(v.json(&["client", "list"]), before, "nothing changed");
    let err = v.fails(1, &["client", "merge", "A111111111", "A111111111"]);
    assert!(err.contains("drop: is the same client"), "{err}");
}

#[test]
fn an_import_warns_of_likely_duplicate_clients_with_lines_and_case_references_and_still_imports() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "José María Hernández López", "--dob", "1990-05-04"]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        "José María Hernández López",
        "--case-type",
        "asylum",
        "--case-ref",
        "PB-1",
        "--opened",
        "2026-01-05",
    ]);
    v.ok(&["client", "add", "--name", "Алексей Смирнов"]);
    let csv = v.root.path().join("matters.csv");
    std::fs::write(
        &csv,
        "case_ref,client_name,date_of_birth,opened\n\
         N-1,\"Hernández López, José M.\",1990-05-04,2026-02-01\n\
         N-2,Someone Else Entirely,,2026-02-01\n\
         N-3,\"Hernández López, José M.\",1990-05-04,2026-02-02\n\
         N-4,Alexey Smirnoff,,2026-02-03\n\
         N-5,José María Hernández López,1990-05-04,2026-02-04\n",
    )
    .expect("write");
    let path = csv.to_str().expect("utf-8");
    let dry = v.run(&["import", "matters", path, "--dry-run"]);
    assert!(dry.status.success());
    let dry_err = String::from_utf8_lossy(&dry.stderr).into_owned();

    let out = v.run(&["import", "matters", path]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("likely one already in the vault")).collect();
    assert_eq!(warnings.len(), 2, "one warning per new client that is likely a duplicate: {err}");
    // The reordered name: both of its lines, the existing client's case reference, the reasons.
    assert!(warnings[0].contains("lines 2, 4"), "{}", warnings[0]);
    assert!(warnings[0].contains("the client of PB-1"), "{}", warnings[0]);
    assert!(warnings[0].contains("same date of birth"), "{}", warnings[0]);
    // The client in Cyrillic, who has no matter yet.
    assert!(warnings[1].contains("line 5:"), "{}", warnings[1]);
    assert!(warnings[1].contains("a client with no matter yet"), "{}", warnings[1]);
    assert!(warnings[1].contains("transliteration from Cyrillic"), "{}", warnings[1]);
    for name in ["Hernández", "Смирнов", "Smirnoff", "Someone"] {
        assert!(!err.contains(name), "warnings name no one ({name}): {err}");
    }
    // The exact same name (line 6) is the same client, as before: no warning, no new client.
    assert!(!err.contains("line 6"), "{err}");
    assert_eq!(dry_err, err, "a dry run warns the same");
    // The rows were imported: three new clients (the reordered name, someone else, Smirnoff).
    let clients = v.json(&["client", "list"]);
    assert_eq!(clients.as_array().expect("clients").len(), 5);
    assert_eq!(v.json(&["matter", "list"]).as_array().expect("matters").len(), 6);
}
