//! Service statements through the CLI: one volunteer's time by matter with the supervising
//! attorney, the same total as the hours report, no client name unless asked, PDFs read back
//! by poppler and rendered to PNG (test-output/statements/) to be looked at; the batch form
//! writes one per volunteer and names the one it could not write.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::TestVault;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/samples")
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").args(["-layout"]).arg(path).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed on {}", path.display());
    String::from_utf8(out.stdout).expect("utf-8 text")
}

/// Renders the PDF's pages to PNG under test-output/statements/ (for a person to look at)
/// and returns how many pages were drawn.
fn to_png(pdf: &Path, name: &str) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-output/statements");
    std::fs::create_dir_all(&dir).expect("output folder");
    let prefix = dir.join(name);
    let out =
        Command::new("pdftoppm").args(["-png", "-r", "60"]).arg(pdf).arg(&prefix).output().expect("pdftoppm runs");
    assert!(out.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&format!("{name}-")) && n.ends_with(".png") && e.metadata().is_ok_and(|m| m.len() > 2_000)
        })
        .count()
}

fn imported() -> TestVault {
    let (v, _) = TestVault::init();
    let (m, h) = (samples().join("matters.csv"), samples().join("hours.csv"));
    v.ok(&["import", "matters", m.to_str().expect("utf-8")]);
    v.ok(&["import", "hours", h.to_str().expect("utf-8")]);
    v
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_statement_has_the_hours_reports_total_no_client_name_unless_asked_and_its_supervisor() {
    let v = imported();
    // Priya (an attorney) is put on the student's matter: she supervises it.
    v.ok(&["volunteer", "assign", "psharma@example.org", "--matter", "JC-2026-0002"]);

    let hours: serde_json::Value = serde_json::from_str(&v.ok(&["report", "hours", "--year", "2026"])).expect("json");
    let rows = hours["volunteers"].as_array().expect("volunteers");
    assert_eq!(rows.len(), 3);
    for row in rows {
        let name = row["name"].as_str().expect("name");
        let s: serde_json::Value =
            serde_json::from_str(&v.ok(&["report", "statement", "--volunteer", name, "--year", "2026"])).expect("json");
        assert_eq!(s["total_hours"], row["hours"], "{name}: the statement's total is the hours report's");
        let summed: f64 =
            s["matters"].as_array().expect("matters").iter().map(|m| m["hours"].as_f64().expect("h")).sum();
        assert!((summed - row["hours"].as_f64().expect("h")).abs() < 0.01, "{name}: matters add up to the total");
        assert!(s["matters"].to_string().contains("\"client_name\":null"), "no client names by default: {s}");
    }

    let clients: Vec<String> = v
        .json(&["client", "list"])
        .as_array()
        .expect("clients")
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_owned())
        .collect();
    assert_eq!(clients.len(), 5);
    let out = v.root.path();

    // Priya: two matters, 11.5 hours, as text in the PDF; no client's name anywhere.
    let pdf = out.join("priya.pdf");
    let said = v.ok(&[
        "report",
        "statement",
        "--volunteer",
        "psharma@example.org",
        "--year",
        "2026",
        "--format",
        "pdf",
        "--out",
        pdf.to_str().expect("utf-8"),
    ]);
    assert!(said.contains("Wrote") && said.contains("pages"), "{said}");
    let text = flat(&pdftotext(&pdf));
    assert!(text.contains("Pro bono service statement 2026"), "{text}");
    assert!(text.contains("Priya Sharma gave 11.5 hours of pro bono service"), "{text}");
    assert!(text.contains("Hale Street LLP") && text.contains("Attorney"), "{text}");
    for reference in ["JC-2026-0001", "JC-2026-0004", "Bond hearing preparation", "Merits brief"] {
        assert!(text.contains(reference), "{reference} is listed: {text}");
    }
    assert!(text.contains("Total 11.5"), "{text}");
    assert!(text.contains("Certification by the supervising attorney") && text.contains("Signature"), "{text}");
    assert!(text.contains("How this statement counts") && text.contains("rounded to tenths"), "{text}");
    for client in &clients {
        assert!(!text.contains(client.as_str()), "no client name unless asked: {client}");
    }
    assert!(to_png(&pdf, "priya") >= 2, "the pages render");

    // The student: Priya is the supervising attorney of his matter.
    let student = out.join("tomas.pdf");
    v.ok(&["report", "statement", "--volunteer", "Tomás Ruiz", "--from", "2026-01-01", "--to", "2026-06-30"]);
    v.ok(&[
        "report",
        "statement",
        "--volunteer",
        "Tomás Ruiz",
        "--year",
        "2026",
        "--format",
        "pdf",
        "--out",
        student.to_str().expect("utf-8"),
    ]);
    let text = flat(&pdftotext(&student));
    assert!(text.contains("Tomás Ruiz gave 4.2 hours"), "{text}");
    assert!(text.contains("Law student") && text.contains("Supervising attorney: Priya Sharma"), "{text}");
    assert!(!text.contains("Nguyễn Thị Lan"), "{text}");
    assert!(to_png(&student, "tomas") >= 2);

    // With client names asked for, they are there.
    let named = out.join("priya-named.pdf");
    v.ok(&[
        "report",
        "statement",
        "--volunteer",
        "psharma@example.org",
        "--year",
        "2026",
        "--client-names",
        "--format",
        "pdf",
        "--out",
        named.to_str().expect("utf-8"),
    ]);
    let text = flat(&pdftotext(&named));
    assert!(text.contains("María José Hernández"), "the client is named when asked: {text}");
    assert!(to_png(&named, "priya-named") >= 2);
    let audit = v.json(&["audit"]).to_string();
    assert!(audit.contains("service statement with client names"), "the export is audited: {audit}");
}

#[test]
fn statement_commands_refuse_bad_input_naming_the_field() {
    let v = imported();
    let cases: [(&[&str], &str); 5] = [
        (&["report", "statement", "--volunteer", "nobody@example.org", "--year", "2026"], "volunteer"),
        (&["report", "statement", "--volunteer", "psharma@example.org", "--year", "20026"], "year"),
        (
            &[
                "report",
                "statement",
                "--volunteer",
                "psharma@example.org",
                "--from",
                "2026-02-30",
                "--to",
                "2026-03-01",
            ],
            "from",
        ),
        (
            &[
                "report",
                "statement",
                "--volunteer",
                "psharma@example.org",
                "--from",
                "2026-03-01",
                "--to",
                "2026-01-01",
            ],
            "to",
        ),
        (&["report", "statement", "--volunteer", "psharma@example.org", "--format", "pdf"], "out"),
    ];
    let mut refused = 0;
    for (args, field) in cases {
        let err = v.fails(1, args);
        assert!(err.starts_with(&format!("error: {field}")), "{args:?} should name {field}: {err}");
        refused += 1;
    }
    assert_eq!(refused, 5);
}

#[test]
fn batch_statements_write_one_per_volunteer_and_name_the_one_that_failed() {
    // A program of 300 volunteers, imported from CSV: each logs time on two of the samples'
    // matters.
    let v = imported();
    let mut csv = String::from("volunteer_name,volunteer_email,organization,role,case_ref,date,hours,activity\n");
    for i in 0..300 {
        let role = ["attorney", "law_student", "interpreter", "paralegal"][i % 4];
        for (k, case_ref) in [(0, "JC-2026-0001"), (1, "JC-2026-0003")] {
            csv.push_str(&format!(
                "Volunteer {i:03} Example,v{i:03}@example.org,Firm {},{role},{case_ref},2026-0{}-1{},{}.{},Research\n",
                i % 7,
                1 + (i + k) % 9,
                k,
                1 + i % 5,
                i % 10
            ));
        }
    }
    let file = v.root.path().join("three-hundred.csv");
    std::fs::write(&file, csv).expect("write");
    v.ok(&["import", "hours", file.to_str().expect("utf-8")]);
    let hours: serde_json::Value = serde_json::from_str(&v.ok(&["report", "hours", "--year", "2026"])).expect("json");
    let rows = hours["volunteers"].as_array().expect("volunteers");
    assert_eq!(rows.len(), 303, "the samples' 3 volunteers and 300 more");

    // One volunteer's file name is taken by a folder: that statement cannot be written.
    let dir = v.root.path().join("statements");
    std::fs::create_dir_all(&dir).expect("dir");
    let ascii = |n: &str| n.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
    let victim =
        rows.iter().filter_map(|r| r["name"].as_str()).filter(|n| ascii(n)).nth(3).expect("a plain name").to_owned();
    let one: serde_json::Value =
        serde_json::from_str(&v.ok(&["report", "statement", "--volunteer", &victim, "--year", "2026"])).expect("json");
    let stem = format!("statement-{}-2026", slug(&victim));
    std::fs::create_dir_all(dir.join(format!("{stem}.pdf"))).expect("blocking folder");
    assert!(one["total_hours"].as_f64().expect("h") > 0.0);

    let out = v.run(&["report", "statements", "--year", "2026", "--out-dir", dir.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a failure is reported in the exit code\n{stdout}\n{stderr}");
    assert!(stderr.contains(&format!("the statement for {victim} was not written")), "{stderr}");
    assert!(stdout.contains(&format!("Wrote {} statements", rows.len() - 1)), "{stdout}");
    let pdfs = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file() && e.path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert_eq!(pdfs, rows.len() - 1, "every other volunteer has a statement");

    // A written statement reads back with its volunteer's total from the hours report.
    let row = rows.iter().find(|r| r["name"].as_str().is_some_and(|n| ascii(n) && n != victim)).expect("row");
    let name = row["name"].as_str().expect("name");
    let text = flat(&pdftotext(&dir.join(format!("statement-{}-2026.pdf", slug(name)))));
    assert!(text.contains(&format!("{name} gave {:.1} hours", row["hours"].as_f64().expect("h"))), "{text}");
}

/// The file-name form of a volunteer's name, as the program makes it (ASCII names here).
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[test]
fn a_students_qualifying_hours_leave_out_time_before_law_school_and_unsupervised_matters() {
    let (v, _) = TestVault::init();
    for (reference, name) in [("S-1", "Rosa Example"), ("S-2", "Omar Example"), ("S-3", "Ana Example")] {
        v.ok(&["client", "add", "--name", name]);
        v.ok(&[
            "matter",
            "add",
            "--client",
            name,
            "--case-type",
            "asylum",
            "--case-ref",
            reference,
            "--opened",
            "2025-01-06",
        ]);
    }
    v.ok(&[
        "volunteer",
        "add",
        "--name",
        "Dana Lead",
        "--email",
        "dana@example.org",
        "--role",
        "attorney",
        "--bar-admission",
        "New York, 2012, 4455667",
        "--bar-admission",
        "New Jersey, 2013",
    ]);
    v.ok(&["volunteer", "add", "--name", "Sam Second", "--email", "sam@example.org", "--role", "attorney"]);
    v.ok(&[
        "volunteer",
        "add",
        "--name",
        "Tomás Ruiz",
        "--email",
        "truiz@example.edu",
        "--role",
        "law_student",
        "--law-school-start",
        "2025-08-25",
    ]);
    v.ok(&["volunteer", "add", "--name", "Ines Interp", "--email", "ines@example.org", "--role", "interpreter"]);

    // Bad data is refused naming the field.
    for (args, field) in [
        (
            vec!["volunteer", "add", "--name", "X", "--role", "law_student", "--law-school-start", "2025-02-30"],
            "law_school_start",
        ),
        (vec!["volunteer", "set", "truiz@example.edu", "--law-school-start", "soon"], "law_school_start"),
        (
            vec!["volunteer", "assign", "truiz@example.edu", "--matter", "S-1", "--supervisor", "ines@example.org"],
            "supervisor",
        ),
        (
            vec!["volunteer", "assign", "dana@example.org", "--matter", "S-1", "--supervisor", "dana@example.org"],
            "supervisor",
        ),
        (
            vec!["volunteer", "assign", "truiz@example.edu", "--matter", "S-1", "--supervisor", "nobody@example.org"],
            "supervisor",
        ),
    ] {
        let err = v.fails(1, &args);
        assert!(err.starts_with(&format!("error: {field}")), "{args:?} should name {field}: {err}");
    }
    let many: Vec<String> = (0..21).map(|i| format!("State {i}")).collect();
    let mut args = vec!["volunteer", "set", "dana@example.org"];
    for m in &many {
        args.extend(["--bar-admission", m.as_str()]);
    }
    assert!(v.fails(1, &args).starts_with("error: bar_admissions: at most 20"));

    // S-1: Dana leads (assigned first), Sam is named as Tomás's supervisor. S-2: Dana leads.
    // S-3: no attorney at all.
    v.ok(&["volunteer", "assign", "dana@example.org", "--matter", "S-1"]);
    v.ok(&["volunteer", "assign", "dana@example.org", "--matter", "S-2"]);
    v.ok(&["volunteer", "assign", "sam@example.org", "--matter", "S-1"]);
    let said =
        v.ok(&["volunteer", "assign", "truiz@example.edu", "--matter", "S-1", "--supervisor", "sam@example.org"]);
    assert!(said.contains("supervised by Sam Second"), "{said}");
    for (matter, date, hours) in [
        ("S-1", "2025-08-01", "3.0"), // before law school
        ("S-1", "2025-09-10", "4.5"),
        ("S-2", "2025-10-01", "2.5"),
        ("S-3", "2025-11-05", "1.5"), // no supervisor
        ("S-2", "2026-01-15", "6.0"),
    ] {
        v.ok(&[
            "time",
            "log",
            "--volunteer",
            "truiz@example.edu",
            "--matter",
            matter,
            "--date",
            date,
            "--hours",
            hours,
            "--activity",
            "Research",
        ]);
    }

    let s: serde_json::Value = serde_json::from_str(&v.ok(&[
        "report",
        "statement",
        "--volunteer",
        "truiz@example.edu",
        "--from",
        "2025-01-01",
        "--to",
        "2026-06-30",
    ]))
    .expect("json");
    assert_eq!(s["total_hours"], 17.5);
    let q = &s["qualifying"];
    assert_eq!(q["hours"], 13.0, "4.5 + 2.5 + 6.0: {q}");
    assert_eq!(q["remaining_hours"], 37.0);
    let left: Vec<(String, String)> = q["left_out"]
        .as_array()
        .expect("left out")
        .iter()
        .map(|l| (l["date"].as_str().expect("d").to_owned(), l["reason"].as_str().expect("r").to_owned()))
        .collect();
    assert_eq!(
        left,
        [
            ("2025-08-01".to_owned(), "before the law-school start date (2025-08-25)".to_owned()),
            ("2025-11-05".to_owned(), "no supervising attorney on this matter".to_owned()),
        ]
    );
    let supervisors: Vec<(String, serde_json::Value, bool)> = s["matters"]
        .as_array()
        .expect("matters")
        .iter()
        .map(|m| {
            (
                m["case_ref"].as_str().expect("r").to_owned(),
                m["supervisor"]["name"].clone(),
                m["supervisor_named"] == true,
            )
        })
        .collect();
    assert_eq!(
        supervisors,
        [
            ("S-1".to_owned(), serde_json::json!("Sam Second"), true),
            ("S-2".to_owned(), serde_json::json!("Dana Lead"), false),
            ("S-3".to_owned(), serde_json::Value::Null, false),
        ]
    );

    let pdf = v.root.path().join("student.pdf");
    v.ok(&[
        "report",
        "statement",
        "--volunteer",
        "truiz@example.edu",
        "--from",
        "2025-01-01",
        "--to",
        "2026-06-30",
        "--format",
        "pdf",
        "--out",
        pdf.to_str().expect("utf-8"),
    ]);
    let text = flat(&pdftotext(&pdf));
    assert!(text.contains("Qualifying hours in this period: 13.0 of 50 (37.0 to go)"), "{text}");
    assert!(
        text.contains("before the law-school start date (2025-08-25)")
            && text.contains("no supervising attorney on this matter"),
        "{text}"
    );
    assert!(text.contains("Rule 520.16") && text.contains("Law school since 2025-08-25"), "{text}");
    assert!(text.contains("Supervising attorney: Sam Second"), "{text}");
    assert!(to_png(&pdf, "student-50") >= 2);

    // One project, for its own affidavit: only S-2's entries, its supervisor, its hours.
    let one: serde_json::Value = serde_json::from_str(&v.ok(&[
        "report",
        "statement",
        "--volunteer",
        "truiz@example.edu",
        "--matter",
        "S-2",
        "--from",
        "2025-01-01",
        "--to",
        "2026-06-30",
    ]))
    .expect("json");
    assert_eq!(one["project"], "S-2");
    assert_eq!(one["matters"].as_array().map(Vec::len), Some(1));
    assert_eq!((one["total_hours"].clone(), one["qualifying"]["hours"].clone()), (8.5.into(), 8.5.into()));
    assert_eq!(one["matters"][0]["supervisor"]["name"], "Dana Lead");
    let err =
        v.fails(1, &["report", "statement", "--volunteer", "truiz@example.edu", "--matter", "S-9", "--year", "2026"]);
    assert!(err.starts_with("error: matter"), "{err}");

    // The details travel in the JSON export and come back in an import.
    let export = v.root.path().join("export");
    crate::keys::ok_confirmed(&v, &["export", "--out", export.to_str().expect("utf-8")]);
    let other = v.root.path().join("other-vault");
    let run = |args: &[&str]| v.cmd(args).env("PROBONO_VAULT", &other).output().expect("runs");
    assert!(run(&["init"]).status.success());
    let imported = run(&["import", "vault-export", export.to_str().expect("utf-8")]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let again =
        run(&["report", "statement", "--volunteer", "truiz@example.edu", "--from", "2025-01-01", "--to", "2026-06-30"]);
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).expect("json");
    assert_eq!(again["qualifying"], s["qualifying"], "the same qualifying hours after export and import");
    assert_eq!(again["matters"], s["matters"]);
    let dana = run(&["volunteer", "show", "dana@example.org", "--json"]);
    let dana: serde_json::Value = serde_json::from_slice(&dana.stdout).expect("json");
    assert_eq!(dana["volunteer"]["bar_admissions"], serde_json::json!(["New York, 2012, 4455667", "New Jersey, 2013"]));
}

#[test]
fn an_hours_file_sets_a_students_law_school_start_and_an_attorneys_bar_admissions() {
    let (v, _) = TestVault::init();
    let m = samples().join("matters.csv");
    v.ok(&["import", "matters", m.to_str().expect("utf-8")]);
    let hours = v.root.path().join("hours.csv");
    std::fs::write(
        &hours,
        "volunteer_name,volunteer_email,role,case_ref,date,hours,law_school_start,bar_admissions\n\
         Tomás Ruiz,truiz@example.edu,law_student,JC-2026-0002,2026-03-01,4.2,8/25/2025,\n\
         Priya Sharma,psharma@example.org,attorney,JC-2026-0001,2026-01-12,3.5,,New York, 2019; New Jersey, 2020\n",
    )
    .expect("write");
    let err = v.fails(1, &["import", "hours", hours.to_str().expect("utf-8")]);
    assert!(err.contains("line 3"), "a comma inside an unquoted cell splits it: {err}");
    std::fs::write(
        &hours,
        "volunteer_name,volunteer_email,role,case_ref,date,hours,law_school_start,bar_admissions\n\
         Tomás Ruiz,truiz@example.edu,law_student,JC-2026-0002,2026-03-01,4.2,8/25/2025,\n\
         Priya Sharma,psharma@example.org,attorney,JC-2026-0001,2026-01-12,3.5,,\"New York, 2019; New Jersey, 2020\"\n",
    )
    .expect("write");
    v.ok(&["import", "hours", hours.to_str().expect("utf-8")]);
    let tomas = v.json(&["volunteer", "show", "truiz@example.edu"]);
    assert_eq!(tomas["volunteer"]["law_school_start"], "2025-08-25");
    let priya = v.json(&["volunteer", "show", "psharma@example.org"]);
    assert_eq!(priya["volunteer"]["bar_admissions"], serde_json::json!(["New York, 2019", "New Jersey, 2020"]));

    // A later file with a new start date updates the volunteer; a bad one names line and column.
    std::fs::write(
        &hours,
        "volunteer_name,volunteer_email,case_ref,date,hours,law_school_start\n\
         Tomás Ruiz,truiz@example.edu,JC-2026-0002,2026-03-02,1.0,2025-08-18\n",
    )
    .expect("write");
    let out = v.ok(&["import", "hours", hours.to_str().expect("utf-8")]);
    assert!(out.contains("1 time entr"), "{out}");
    assert_eq!(v.json(&["volunteer", "show", "truiz@example.edu"])["volunteer"]["law_school_start"], "2025-08-18");
    std::fs::write(
        &hours,
        "volunteer_name,volunteer_email,case_ref,date,hours,law_school_start\n\
         Tomás Ruiz,truiz@example.edu,JC-2026-0002,2026-03-03,1.0,2025-13-01\n",
    )
    .expect("write");
    let err = v.fails(1, &["import", "hours", hours.to_str().expect("utf-8")]);
    assert!(err.contains("line 2, column law_school_start"), "{err}");

    // A supervisor column names the attorney who supervises the row's volunteer on its matter;
    // one who is not an attorney, or not known, is refused with line and column, and nothing
    // of that file is imported.
    let entries_before = v.json(&["time", "list"]).as_array().map(Vec::len);
    std::fs::write(
        &hours,
        "volunteer_name,volunteer_email,role,case_ref,date,hours,supervisor\n\
         Oksana Kovalenko,okovalenko@example.org,interpreter,JC-2026-0002,2026-03-04,1.0,\n\
         Tomás Ruiz,truiz@example.edu,,JC-2026-0002,2026-03-05,1.0,okovalenko@example.org\n\
         Tomás Ruiz,truiz@example.edu,,JC-2026-0002,2026-03-06,1.0,nobody@example.org\n",
    )
    .expect("write");
    let err = v.fails(1, &["import", "hours", hours.to_str().expect("utf-8")]);
    assert!(err.contains("line 3, column supervisor: must be an attorney"), "{err}");
    assert!(err.contains("line 4, column supervisor: names no volunteer"), "{err}");
    assert_eq!(v.json(&["time", "list"]).as_array().map(Vec::len), entries_before, "nothing was imported");
    std::fs::write(
        &hours,
        "volunteer_name,volunteer_email,case_ref,date,hours,supervisor\n\
         Tomás Ruiz,truiz@example.edu,JC-2026-0002,2026-03-05,1.0,Priya Sharma\n",
    )
    .expect("write");
    v.ok(&["import", "hours", hours.to_str().expect("utf-8")]);
    let s: serde_json::Value = serde_json::from_str(&v.ok(&[
        "report",
        "statement",
        "--volunteer",
        "truiz@example.edu",
        "--matter",
        "JC-2026-0002",
        "--year",
        "2026",
    ]))
    .expect("json");
    assert_eq!(s["matters"][0]["supervisor"]["name"], "Priya Sharma");
    assert_eq!(s["matters"][0]["supervisor_named"], true, "named by the file, not the lead-attorney rule");
}

#[test]
fn challenge_figures_equal_a_hand_count_and_bad_input_names_the_field() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Rosa Example"]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        "Rosa Example",
        "--case-type",
        "asylum",
        "--case-ref",
        "F-1",
        "--opened",
        "2025-01-06",
    ]);
    let firm = "Hale Street LLP";
    for (name, email, role, org) in [
        ("Ann Able", "ann@hale.example", "attorney", firm),
        ("Ben Bold", "ben@hale.example", "attorney", firm),
        ("Cal Calm", "cal@hale.example", "attorney", firm),
        ("Pat Para", "pat@hale.example", "paralegal", firm),
        ("Other Lawyer", "o@elsewhere.example", "attorney", "Elsewhere LLP"),
    ] {
        v.ok(&["volunteer", "add", "--name", name, "--email", email, "--role", role, "--organization", org]);
    }
    // In 2026: Ann 30 h, Ben 60 h, Cal nothing, Pat 10 h, the other firm's lawyer 5 h.
    // Outside 2026: Cal 8 h in 2025 (not counted).
    for (who, date, hours) in [
        ("ann@hale.example", "2026-02-01", "10"),
        ("ann@hale.example", "2026-03-01", "20"),
        ("ben@hale.example", "2026-04-01", "24"),
        ("ben@hale.example", "2026-05-01", "24"),
        ("ben@hale.example", "2026-06-01", "12"),
        ("cal@hale.example", "2025-12-31", "8"),
        ("pat@hale.example", "2026-02-02", "10"),
        ("o@elsewhere.example", "2026-02-03", "5"),
    ] {
        v.ok(&["time", "log", "--volunteer", who, "--matter", "F-1", "--date", date, "--hours", hours]);
    }
    v.ok(&["settings", "set", "state_goal", "50,2026,voluntary,New York, Rules of Professional Conduct 6.1"]);

    let r: serde_json::Value = serde_json::from_str(&v.ok(&[
        "report",
        "challenge",
        "--org",
        "hale street llp",
        "--year",
        "2026",
        "--billable-hours",
        "2,000",
    ]))
    .expect("json");
    // By hand: 30 + 60 + 0 = 90 attorney hours; 90 / 2000 = 4.5%; 90 / 3 = 30 per attorney;
    // 2 of 3 attorneys took part; Pat's 10 hours are not an attorney's.
    assert_eq!(r["organization"], firm);
    assert_eq!(r["attorney_pro_bono_hours"], 90.0);
    assert_eq!(r["all_volunteer_hours"], 100.0);
    assert_eq!(r["billable_hours"], 2000.0);
    assert_eq!(r["share_of_billable"], 0.045);
    assert_eq!((r["meets_3_percent"].clone(), r["meets_5_percent"].clone()), (true.into(), false.into()));
    assert_eq!((r["attorneys"].clone(), r["participating_attorneys"].clone()), (3.into(), 2.into()));
    assert!((r["participation_rate"].as_f64().expect("rate") - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(r["hours_per_attorney"], 30.0);
    assert_eq!(r["meets_60_hours_per_attorney"], false);
    let people: Vec<(String, f64, bool, bool)> = r["attorney_hours"]
        .as_array()
        .expect("attorneys")
        .iter()
        .map(|a| {
            (
                a["name"].as_str().expect("n").to_owned(),
                a["hours"].as_f64().expect("h"),
                a["reached_aba_aspiration"] == true,
                a["reached_state_goal"] == true,
            )
        })
        .collect();
    assert_eq!(
        people,
        [
            ("Ben Bold".to_owned(), 60.0, true, true),
            ("Ann Able".to_owned(), 30.0, false, false),
            ("Cal Calm".to_owned(), 0.0, false, false),
        ]
    );

    // The same figures as CSV and as text in the PDF.
    let csv =
        v.ok(&["report", "challenge", "--org", firm, "--year", "2026", "--billable-hours", "2000", "--format", "csv"]);
    assert!(csv.contains("share_of_billable,0.0450,") && csv.contains("attorney_hours,Ben Bold,60.00"), "{csv}");
    let pdf = v.root.path().join("challenge.pdf");
    v.ok(&[
        "report",
        "challenge",
        "--org",
        firm,
        "--year",
        "2026",
        "--billable-hours",
        "2000",
        "--format",
        "pdf",
        "--out",
        pdf.to_str().expect("utf-8"),
    ]);
    let text = flat(&pdftotext(&pdf));
    assert!(text.contains("Share of billable hours 4.50% 3%: met; 5%: not met"), "{text}");
    assert!(text.contains("Hours per attorney 30.0 60: not met; 100: not met"), "{text}");
    assert!(text.contains("Participation rate 67% 2 of 3 attorneys"), "{text}");
    assert!(text.contains("State goal: 50 hours a year (New York, Rules of Professional Conduct 6.1, 2026)"), "{text}");
    assert!(to_png(&pdf, "challenge") >= 2);

    let mut refused = 0;
    for (billable, org, field) in [
        ("0", firm, "billable_hours"),
        ("-5", firm, "billable_hours"),
        ("lots", firm, "billable_hours"),
        ("2000", "Nobody & Partners", "org"),
        ("2000", " ", "org"),
    ] {
        let err = v.fails(1, &["report", "challenge", "--org", org, "--year", "2026", "--billable-hours", billable]);
        assert!(err.starts_with(&format!("error: {field}: ")), "{billable} / {org} should name {field}: {err}");
        refused += 1;
    }
    assert_eq!(refused, 5);
    assert!(v.fails(1, &["settings", "set", "state_goal", "fifty"]).starts_with("error: state_goal: "));
}
