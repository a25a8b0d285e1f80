//! Deadlines and the calendar through the CLI: the calculator, suggestions confirmed and
//! dismissed, a program's own rules and closure days, the calendar file; each with bad input.

use crate::support::TestVault;

fn field_error(v: &TestVault, args: &[&str], field: &str) -> String {
    let err = v.fails(1, args);
    assert!(err.starts_with(&format!("error: {field}: ")), "{args:?} should name {field}: {err}");
    err
}

#[test]
fn the_calculator_prints_the_due_date_why_it_moved_and_the_citation() {
    let (v, _) = TestVault::init();
    let c = v.json(&["deadline", "compute", "--rule", "bia-appeal", "--from", "2026-10-27"]);
    assert_eq!(
        c,
        serde_json::json!({
            "rule": "bia-appeal",
            "from": "2026-10-27",
            "due": "2026-11-27",
            "unadjusted": "2026-11-26",
            "moved_because": "Thanksgiving Day",
            "citation": "8 CFR 1003.38(b)"
        })
    );
    let text = v.ok(&["deadline", "compute", "--rule", "bia-appeal", "--from", "2026-10-27"]);
    assert!(text.contains("2026-11-27") && text.contains("Thanksgiving Day"), "{text}");

    let rules = v.json(&["deadline", "rules"]);
    let ids: Vec<&str> = rules.as_array().expect("list").iter().filter_map(|r| r["id"].as_str()).collect();
    for id in [
        "one-year-asylum",
        "bia-appeal",
        "motion-to-reconsider",
        "motion-to-reopen",
        "petition-for-review",
        "eoir-filing-non-detained",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(v.ok(&["deadline", "rules"]).contains("8 CFR 1003.23(b)(1)"));

    let err = field_error(&v, &["deadline", "compute", "--rule", "bia-apeal", "--from", "2026-10-27"], "rule");
    assert!(err.contains("bia-appeal"), "lists the rules: {err}");
    field_error(&v, &["deadline", "compute", "--rule", "bia-appeal", "--from", "2026-02-30"], "from");
    v.fails(2, &["deadline", "compute", "--rule", "bia-appeal"]);

    // A closure day moves it again; a program's own rule is used without rebuilding.
    v.ok(&["deadline", "closure", "add", "2026-11-27", "--reason", "Court closed (snow)"]);
    assert_eq!(v.json(&["deadline", "compute", "--rule", "bia-appeal", "--from", "2026-10-27"])["due"], "2026-11-30");
    field_error(&v, &["deadline", "closure", "add", "2026-11-27", "--reason", "again"], "date");
    field_error(&v, &["deadline", "closure", "add", "2026-11-31", "--reason", "x"], "date");
    field_error(&v, &["deadline", "closure", "add", "2026-12-01", "--reason", " "], "reason");
    let list = v.json(&["deadline", "closure", "list"]);
    assert_eq!(list, serde_json::json!([{ "date": "2026-11-27", "reason": "Court closed (snow)" }]));
    v.ok(&["deadline", "closure", "remove", "2026-11-27"]);
    field_error(&v, &["deadline", "closure", "remove", "2026-11-27"], "date");

    let own = v.tmp().join("our-rules.toml");
    std::fs::write(
        &own,
        "[[rule]]\nid = \"state-answer\"\ntitle = \"Answer in state court\"\ncounts_from = \"given\"\namount = 21\n\
         unit = \"days\"\ndirection = \"after\"\nif_closed = \"next_business_day\"\ncitation = \"State R. 12\"\n\
         quote = \"Within 21 days.\"\n",
    )
    .expect("write rules");
    v.ok(&["deadline", "rules", "--load", own.to_str().expect("path")]);
    assert_eq!(v.json(&["deadline", "compute", "--rule", "state-answer", "--from", "2026-01-02"])["due"], "2026-01-23");
    let bad = v.tmp().join("bad.toml");
    std::fs::write(&bad, "[[rule]]\nid = \"Not An Id\"\n").expect("write");
    let err = field_error(&v, &["deadline", "rules", "--load", bad.to_str().expect("path")], "rules");
    assert!(err.contains("bad.toml"), "names the file: {err}");
    assert_eq!(
        v.json(&["deadline", "compute", "--rule", "state-answer", "--from", "2026-01-02"])["due"],
        "2026-01-23",
        "the bad file changed nothing"
    );
    v.ok(&["deadline", "rules", "--unload"]);
    field_error(&v, &["deadline", "compute", "--rule", "state-answer", "--from", "2026-01-02"], "rule");
}

#[test]
fn suggestions_are_confirmed_or_dismissed_and_go_into_the_calendar_without_client_names() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Fictional Lucía Ejemplo", "--country", "Honduras"]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        "Fictional Lucía Ejemplo",
        "--case-type",
        "withholding",
        "--case-ref",
        "DL-1",
        "--opened",
        "2026-01-05",
        "--relief-outcome",
        "denied",
        "--decided-on",
        "2026-10-27",
    ]);
    v.ok(&["matter", "add", "--client", "Fictional Lucía Ejemplo", "--case-type", "asylum", "--case-ref", "DL-2"]);
    field_error(
        &v,
        &["matter", "add", "--client", "Fictional Lucía Ejemplo", "--case-type", "bond", "--decided-on", "2026-10-27"],
        "decided_on",
    );
    v.ok(&["volunteer", "add", "--name", "Student Two", "--email", "s2@example.org", "--role", "law_student"]);
    v.ok(&["volunteer", "assign", "s2@example.org", "--matter", "DL-1"]);

    let open = v.json(&["deadline", "suggested"]);
    let rules: Vec<&str> =
        open["suggested"].as_array().expect("list").iter().filter_map(|s| s["rule"].as_str()).collect();
    assert_eq!(rules, vec!["bia-appeal", "motion-to-reconsider", "motion-to-reopen"], "{open}");
    let cannot = open["cannot_compute"].as_array().expect("list");
    assert_eq!(cannot.len(), 1);
    assert_eq!(cannot[0]["case_ref"], "DL-2");
    let text = v.ok(&["deadline", "suggested", "--matter", "DL-2"]);
    assert!(text.contains("cannot be computed"), "{text}");

    let confirmed = v.json(&["deadline", "confirm", "--matter", "DL-1", "--rule", "bia-appeal"]);
    assert_eq!((confirmed["at"].as_str(), confirmed["rule"].as_str()), (Some("2026-11-27"), Some("bia-appeal")));
    field_error(&v, &["deadline", "confirm", "--matter", "DL-1", "--rule", "bia-appeal"], "rule");
    field_error(
        &v,
        &["deadline", "dismiss", "--matter", "DL-1", "--rule", "motion-to-reopen", "--reason", ""],
        "reason",
    );
    v.fails(2, &["deadline", "dismiss", "--matter", "DL-1", "--rule", "motion-to-reopen"]);
    v.ok(&["deadline", "dismiss", "--matter", "DL-1", "--rule", "motion-to-reopen", "--reason", "Appealing instead"]);
    let err = v.fails(1, &["deadline", "confirm", "--matter", "NOPE-9", "--rule", "bia-appeal"]);
    assert!(err.contains("matter"), "{err}");
    let left = v.json(&["deadline", "suggested", "--matter", "DL-1"]);
    assert_eq!(left["suggested"].as_array().expect("list").len(), 1, "{left}");
    let audit = v.ok(&["audit"]);
    assert!(audit.contains("confirm") && audit.contains("dismiss"), "{audit}");

    let id = confirmed["id"].as_str().expect("id");
    v.ok(&["deadline", "done", id]);
    field_error(&v, &["deadline", "done", "not-an-id"], "id");
    v.ok(&["deadline", "done", id, "--undo"]);

    v.ok(&[
        "hearing",
        "add",
        "--matter",
        "DL-1",
        "--at",
        "2026-12-10 08:30",
        "--kind",
        "master_calendar",
        "--place",
        "Miami Immigration Court",
    ]);
    field_error(
        &v,
        &[
            "hearing",
            "add",
            "--matter",
            "DL-1",
            "--at",
            "2026-12-10 08:30",
            "--kind",
            "bond",
            "--time-zone",
            "Mars/Olympus",
        ],
        "time_zone",
    );

    // The calendar: no client name by default; with the option, a warning and the name.
    let ics = v.tmp().join("calendar.ics");
    let out = v.ok(&["calendar", "export", "--out", ics.to_str().expect("path")]);
    assert!(out.contains("Wrote 2 events"), "{out}");
    let text = std::fs::read_to_string(&ics).expect("ics");
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    assert!(text.contains("DTSTART:20261210T133000Z"), "08:30 New York time in UTC: {text}");
    assert!(text.contains("UID:"), "{text}");
    assert!(!text.contains("Luc") && !text.contains("Ejemplo"), "no client name without the option");
    let mine = v.tmp().join("mine.ics");
    v.ok(&[
        "calendar",
        "export",
        "--out",
        mine.to_str().expect("path"),
        "--volunteer",
        "s2@example.org",
        "--to",
        "2026-11-30",
    ]);
    let text = std::fs::read_to_string(&mine).expect("ics");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1, "{text}");
    let named = v.tmp().join("named.ics");
    let output = v.run(&["calendar", "export", "--out", named.to_str().expect("path"), "--with-client-names"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("Warning: This calendar names clients"));
    assert!(std::fs::read_to_string(&named).expect("ics").contains("Fictional Lucía Ejemplo"));
    field_error(
        &v,
        &["calendar", "export", "--out", named.to_str().expect("path"), "--volunteer", "nobody"],
        "volunteer",
    );
    field_error(&v, &["calendar", "export", "--out", named.to_str().expect("path"), "--from", "tomorrow"], "from");
    v.fails(2, &["calendar", "export"]);
}
