//! Import, reports and the demo clinic through the CLI, with the PDFs read back by poppler.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::TestVault;

fn samples() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR when it runs tests"))
        .join("../docs/samples")
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "pdftotext failed on {}", path.display());
    String::from_utf8(out.stdout).expect("utf-8 text")
}

fn pdffonts(path: &Path) -> String {
    let out = Command::new("pdffonts").arg(path).output().expect("pdffonts (poppler-utils) runs");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Reports print JSON by default (no --json flag).
fn report_json(v: &TestVault, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&v.ok(args)).expect("valid JSON")
}

/// A demo vault, made once per test (it takes well under a second).
fn demo() -> TestVault {
    let v = TestVault::empty();
    let out = v.ok(&["demo"]);
    assert!(out.contains("Riverside Immigrant Justice Project"), "{out}");
    v
}

#[test]
fn the_demo_impact_report_reads_the_inspiring_figures() {
    let v = demo();
    let r = report_json(&v, &["report", "impact", "--year", "2026"]);
    let expect = [
        ("volunteers", 212),
        ("detained_cases", 221),
        ("detention_facilities", 14),
        ("non_detained_cases", 335),
        ("states_of_residence", 32),
        ("countries_of_origin", 30),
        ("languages", 19),
    ];
    for (key, value) in expect {
        assert_eq!(r[key], value, "{key}");
    }
    assert_eq!(r["relief_rate"], 0.71);
    assert_eq!(r["release_rate"], 0.85);
    assert_eq!(r["period"]["from"], "2026-01-01");
    assert_eq!(r["period"]["to"], "2026-12-31");
    for key in ["relief_granted", "relief_decided", "release_granted", "release_decided", "total_hours"] {
        assert!(r[key].is_number(), "{key} is present");
    }
    let hours = report_json(&v, &["report", "hours", "--year", "2026", "--format", "json"]);
    assert_eq!(hours["total_hours"], r["total_hours"], "both reports sum the same entries");
    assert_eq!(hours["volunteers"].as_array().expect("array").len(), 212);
    assert_eq!(hours["months"].as_array().expect("array").len(), 12);
    for key in ["name", "email", "organization", "role", "hours", "matters"] {
        assert!(!hours["volunteers"][0][key].is_null(), "volunteers[].{key}");
    }
    for key in ["name", "hours", "volunteers"] {
        assert!(!hours["organizations"][0][key].is_null(), "organizations[].{key}");
    }
}

#[test]
fn the_three_pdfs_render_from_the_demo_and_read_back() {
    let v = demo();
    let out = v.root.path();
    v.ok(&[
        "report",
        "impact",
        "--year",
        "2026",
        "--format",
        "pdf",
        "--out",
        out.join("impact.pdf").to_str().expect("utf-8"),
    ]);
    let impact = pdftotext(&out.join("impact.pdf"));
    assert!(impact.contains("Riverside Immigrant Justice Project"));
    assert!(impact.contains("Impact report 2026"));
    let flat = impact.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("212 volunteers worked on 221 cases for detained individuals in 14 detention centers"),
        "{flat}"
    );
    assert!(flat.contains("across 32 states of residence"));
    assert!(flat.contains("Clients came from 30 countries and spoke 19 languages"));
    assert!(flat.contains("71% of clients won asylum or other relief and 85% of those asking for release won it"));
    assert!(flat.contains("National 2022: 40%") && flat.contains("National 2022: 32%"));
    assert!(flat.contains("Definitions") && flat.contains("Active matter"), "definitions on the last page");
    assert!(impact.contains("Confidential") && impact.contains("Page 1 of 2") && impact.contains("Page 2 of 2"));
    let fonts = pdffonts(&out.join("impact.pdf"));
    assert!(fonts.lines().any(|l| l.contains("NotoSans") && l.contains("yes yes")), "embedded and subset:\n{fonts}");

    v.ok(&[
        "report",
        "hours",
        "--year",
        "2026",
        "--format",
        "pdf",
        "--out",
        out.join("hours.pdf").to_str().expect("utf-8"),
    ]);
    let hours = pdftotext(&out.join("hours.pdf"));
    assert!(
        hours.contains("Volunteer hours 2026") && hours.contains("Hours by month") && hours.contains("By organization")
    );
    assert!(hours.contains("Bridge Interpreters Collective"));

    // A client with a Vietnamese name: the case summary shows it verbatim.
    let matters = v.json(&["matter", "list"]);
    let vietnamese = matters
        .as_array()
        .expect("array")
        .iter()
        .find(|m| m["client_name"].as_str().is_some_and(|n| n.starts_with("Nguyễn") || n.starts_with("Trần")))
        .expect("a Vietnamese client in the demo");
    let case_ref = vietnamese["case_ref"].as_str().expect("case_ref");
    let name = vietnamese["client_name"].as_str().expect("name");
    v.ok(&["report", "case", case_ref, "--out", out.join("case.pdf").to_str().expect("utf-8")]);
    let case = pdftotext(&out.join("case.pdf"));
    assert!(case.contains(name), "{name} in:\n{case}");
    assert!(case.contains(&format!("Case summary {case_ref}")));
    assert!(case.contains("Notes") && !case.contains("Notes are left out"));
    v.ok(&["report", "case", case_ref, "--no-notes", "--out", out.join("case-nonotes.pdf").to_str().expect("utf-8")]);
    assert!(pdftotext(&out.join("case-nonotes.pdf")).contains("Notes are left out of this summary"));
    assert!(
        v.json(&["audit"]).as_array().expect("array").iter().any(|e| e["action"] == "export"),
        "exports are audited"
    );
}

#[test]
fn cyrillic_names_render_and_scripts_the_font_lacks_are_announced() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Алексей Смирнов", "--other-name", "王芳"]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        "Алексей Смирнов",
        "--case-type",
        "asylum",
        "--case-ref",
        "C-1",
        "--opened",
        "2026-01-05",
    ]);
    let pdf = v.root.path().join("c.pdf");
    let out = v.run(&["report", "case", "C-1", "--out", pdf.to_str().expect("utf-8")]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning") && stderr.contains("Han"), "the CLI says which script: {stderr}");
    let text = pdftotext(&pdf);
    assert!(text.contains("Алексей Смирнов"));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("could not be shown with this PDF's font (scripts: Han)"), "{flat}");
}

#[test]
fn report_commands_refuse_bad_input() {
    let v = demo();
    let err = v.fails(1, &["report", "impact", "--year", "20026"]);
    assert!(err.contains("year:"), "{err}");
    let err = v.fails(1, &["report", "impact", "--from", "2026-02-01", "--to", "2026-01-01"]);
    assert!(err.contains("to: must be on or after"), "{err}");
    let err = v.fails(1, &["report", "impact", "--from", "2026-02-30", "--to", "2026-03-01"]);
    assert!(err.contains("from:"), "{err}");
    v.fails(2, &["report", "impact", "--from", "2026-01-01"]);
    v.fails(2, &["report", "impact", "--format", "docx"]);
    let err = v.fails(1, &["report", "impact", "--format", "pdf"]);
    assert!(err.contains("out: is required"), "{err}");
    let err = v.fails(1, &["report", "case", "NOPE-1", "--out", "x.pdf"]);
    assert!(err.contains("matter"), "{err}");
    let missing_dir = v.root.path().join("no/such/dir/r.pdf");
    let err = v.fails(1, &["report", "impact", "--format", "pdf", "--out", missing_dir.to_str().expect("utf-8")]);
    assert!(err.contains("writing"), "{err}");
}

#[test]
fn a_period_report_as_csv_has_its_header() {
    let v = demo();
    let csv = v.ok(&["report", "impact", "--year", "2026", "--format", "csv"]);
    // RFC 4180's CRLF line ends; no byte-order mark on standard output (files have one).
    assert!(csv.starts_with("measure,value\r\n"), "{csv:?}");
    assert!(csv.contains("\r\ndetained_cases,221\r\n"));
    let csv = v.ok(&["report", "hours", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "csv"]);
    assert!(csv.starts_with("name,email,organization,role,matters,hours,reached_aba_6_1_50_hours\r\n"));
}

#[test]
fn importing_the_sample_files_is_all_or_nothing_and_repeatable() {
    let (v, _) = TestVault::init();
    let matters = samples().join("matters.csv");
    let hours = samples().join("hours.csv");
    let (m, h) = (matters.to_str().expect("utf-8"), hours.to_str().expect("utf-8"));

    // Hours first: their case references are not in the vault yet.
    let err = v.fails(1, &["import", "hours", h]);
    assert!(err.contains("line 2, column case_ref: no matter JC-2026-0001"), "{err}");
    assert!(err.contains("nothing was imported"));
    assert_eq!(v.json(&["volunteer", "list"]).as_array().expect("array").len(), 0);

    let dry = v.json(&["import", "matters", m, "--dry-run"]);
    assert_eq!(dry["created"]["matters"], 5);
    assert_eq!(v.json(&["matter", "list"]).as_array().expect("array").len(), 0, "a dry run writes nothing");

    let out = v.ok(&["import", "matters", m]);
    assert!(out.contains("Created: 5 clients, 5 matters"), "{out}");
    let out = v.ok(&["import", "hours", h]);
    assert!(out.contains("3 volunteers") && out.contains("5 time entries"), "{out}");
    let again = v.json(&["import", "hours", h, "--matters", m]);
    assert_eq!(again["unchanged"], 10, "a second import of both files changes nothing: {again}");
    assert_eq!(v.json(&["time", "list"]).as_array().expect("array").len(), 5);

    let bad = v.root.path().join("bad.csv");
    std::fs::write(&bad, "case_ref,client_name,opened\nX-1,Ana,2026-02-30\nX-2,,2026-01-01\n").expect("write");
    let err = v.fails(1, &["import", "matters", bad.to_str().expect("utf-8")]);
    assert!(err.contains("line 2, column opened:"), "{err}");
    assert!(err.contains("line 3, column client_name: is required"), "{err}");
    assert_eq!(v.json(&["matter", "list"]).as_array().expect("array").len(), 5);
    v.fails(1, &["import", "matters", "/no/such/file.csv"]);
}
