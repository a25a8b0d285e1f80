//! Every record command through the CLI, each with a good and a bad input.

use crate::support::TestVault;

/// A vault with one client, one matter (JC-1), one volunteer.
fn seeded() -> TestVault {
    let (v, _) = TestVault::init();
    v.ok(&[
        "client",
        "add",
        "--name",
        "María José Hernández",
        "--a-number",
        "A123-456-789",
        "--country",
        "El Salvador",
        "--language",
        "Spanish",
        "--date-of-birth",
        "1991-04-12",
    ]);
    v.ok(&[
        "matter",
        "add",
        "--client",
        "A123456789",
        "--case-type",
        "bond",
        "--case-ref",
        "JC-1",
        "--opened",
        "2026-01-09",
        "--detained",
        "--detention-facility",
        "Stewart Detention Center",
        "--release-requested",
    ]);
    v.ok(&[
        "volunteer",
        "add",
        "--name",
        "Priya Sharma",
        "--email",
        "psharma@example.org",
        "--organization",
        "Hale Street LLP",
        "--role",
        "attorney",
    ]);
    v
}

fn assert_field_error(v: &TestVault, args: &[&str], field: &str) {
    let err = v.fails(1, args);
    assert!(err.starts_with(&format!("error: {field}: ")), "{args:?} should name {field}: {err}");
    assert_eq!(err.lines().count(), 1, "one plain line, no debug output: {err}");
}

#[test]
fn a_matter_opens_with_its_adverse_parties_and_a_bad_name_opens_nothing() {
    let v = seeded();
    let base = ["matter", "add", "--client", "A123456789", "--case-type", "u_visa", "--case-ref", "JC-2"];
    let with = |names: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        for n in names {
            args.extend(["--adverse-party".to_string(), n.to_string()]);
        }
        args
    };
    let long = "Marco ".repeat(2_000);
    for bad in ["", "Marco\u{1b}[2JTorres", long.as_str()] {
        let args = with(&["Marco Torres", bad]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = v.fails(1, &args);
        assert!(err.starts_with("error: adverse_parties: "), "{err}");
        assert!(!err.contains("Marco"), "the name is not echoed: {err}");
    }
    let listed = v.json(&["matter", "list"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "no matter was opened: {listed}");

    let args = with(&["Marco Torres", "Torres Landscaping LLC"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = v.ok(&args);
    assert!(out.contains("Opened matter JC-2") && out.contains("with 2 adverse parties"), "{out}");
    let shown = v.json(&["matter", "show", "JC-2"]);
    let parties: Vec<(&str, &str)> = shown["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .map(|p| (p["role"].as_str().expect("role"), p["name"].as_str().expect("name")))
        .collect();
    assert_eq!(parties, [("adverse_party", "Marco Torres"), ("adverse_party", "Torres Landscaping LLC")]);
    let found = v.json(&["conflict", "check", "--name", "Marko Torres"]);
    assert!(found["results"][0]["matches"].to_string().contains("JC-2"), "the party is searched: {found}");
}

#[test]
fn client_add_list_show() {
    let v = seeded();
    let list = v.json(&["client", "list"]);
    assert_eq!(list.as_array().expect("array").len(), 1);
    assert_eq!(list[0]["a_number"], "123456789", "stored as 9 digits");
    assert_eq!(list[0]["country"], "SV", "stored as the ISO code");
    let shown = v.json(&["client", "show", "maría josé hernández"]);
    assert_eq!(shown["matters"][0]["case_ref"], "JC-1");
    assert_eq!(v.json(&["client", "list", "--search", "456"]).as_array().expect("array").len(), 1);
    assert_eq!(v.json(&["client", "list", "--search", "nobody"]).as_array().expect("array").len(), 0);
}

#[test]
fn client_add_refuses_bad_values_naming_the_field() {
    let v = seeded();
    assert_field_error(&v, &["client", "add", "--name", "  "], "name");
    assert_field_error(&v, &["client", "add", "--name", "X", "--a-number", "A12"], "a_number");
    assert_field_error(&v, &["client", "add", "--name", "X", "--country", "Atlantis"], "country");
    assert_field_error(&v, &["client", "add", "--name", "X", "--date-of-birth", "2026-02-30"], "date_of_birth");
    assert_field_error(&v, &["client", "add", "--name", "X", "--date-of-birth", "2999-01-01"], "date_of_birth");
    assert_field_error(&v, &["client", "add", "--name", "X", "--entry-date", "soon"], "entry_date");
    assert_eq!(v.json(&["client", "list"]).as_array().expect("array").len(), 1, "nothing was added");
    let err = v.fails(1, &["client", "show", "Nobody Known"]);
    assert!(err.contains("client: no client"), "{err}");
}

#[test]
fn matter_add_list_show_close() {
    let v = seeded();
    v.ok(&[
        "matter",
        "add",
        "--client",
        "María José Hernández",
        "--case-type",
        "asylum",
        "--opened",
        "2/14/2026",
        "--state",
        "california",
    ]);
    let all = v.json(&["matter", "list"]);
    assert_eq!(all.as_array().expect("array").len(), 2);
    let generated = all.as_array().expect("array").iter().find(|m| m["case_type"] == "asylum").expect("asylum");
    assert_eq!(generated["case_ref"], "PB-2026-0001", "a case reference is generated");
    assert_eq!(generated["state_of_residence"], "CA");
    assert_eq!(generated["opened"], "2026-02-14");

    assert_eq!(v.json(&["matter", "list", "--detained"]).as_array().expect("array").len(), 1);
    assert_eq!(v.json(&["matter", "list", "--not-detained"]).as_array().expect("array").len(), 1);
    assert_eq!(v.json(&["matter", "list", "--case-type", "bond"])[0]["case_ref"], "JC-1");

    let shown = v.json(&["matter", "show", "JC-1"]);
    assert_eq!(shown["matter"]["facility"], "Stewart Detention Center");
    assert_eq!(shown["matter"]["release_outcome"], "pending", "release requested defaults to pending");
    assert_eq!(shown["client"]["name"], "María José Hernández");

    v.ok(&["matter", "close", "JC-1", "--date", "2026-03-02", "--outcome", "granted"]);
    let closed = v.json(&["matter", "list", "--status", "closed"]);
    assert_eq!(closed[0]["case_ref"], "JC-1");
    assert_eq!(closed[0]["relief_outcome"], "granted");
    assert_eq!(v.json(&["matter", "list", "--status", "open"]).as_array().expect("array").len(), 1);
    let err = v.fails(1, &["matter", "close", "JC-1"]);
    assert!(err.contains("already closed"), "{err}");
}

#[test]
fn matter_commands_refuse_bad_values_naming_the_field() {
    let v = seeded();
    let base = ["matter", "add", "--client", "A123456789"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut a: Vec<&str> = base.to_vec();
        a.extend_from_slice(extra);
        a
    };
    assert_field_error(&v, &with(&["--case-type", "divorce", "--opened", "2026-01-01"]), "case_type");
    assert_field_error(&v, &with(&["--case-type", "asylum", "--opened", "2026-02-30"]), "opened");
    assert_field_error(
        &v,
        &with(&["--case-type", "asylum", "--opened", "2026-03-01", "--closed", "2026-02-01"]),
        "closed",
    );
    assert_field_error(
        &v,
        &with(&["--case-type", "asylum", "--opened", "2026-03-01", "--detention-facility", "X"]),
        "detention_facility",
    );
    assert_field_error(
        &v,
        &with(&["--case-type", "asylum", "--opened", "2026-03-01", "--state", "Ontario"]),
        "state_of_residence",
    );
    assert_field_error(
        &v,
        &with(&["--case-type", "asylum", "--opened", "2026-03-01", "--relief-outcome", "won big"]),
        "relief_outcome",
    );
    assert_field_error(
        &v,
        &with(&["--case-type", "asylum", "--opened", "2026-03-01", "--release-outcome", "granted"]),
        "release_outcome",
    );
    assert_field_error(
        &v,
        &with(&["--case-type", "asylum", "--opened", "2026-03-01", "--case-ref", "JC-1"]),
        "case_ref",
    );
    assert_field_error(
        &v,
        &["matter", "add", "--client", "Nobody", "--case-type", "asylum", "--opened", "2026-03-01"],
        "client",
    );
    assert_field_error(&v, &["matter", "close", "JC-1", "--date", "2025-12-31"], "closed");
    assert_field_error(&v, &["matter", "show", "NO-SUCH"], "matter");
    assert_eq!(v.json(&["matter", "list"]).as_array().expect("array").len(), 1, "nothing was added");
}

#[test]
fn volunteer_add_list_show_and_refusals() {
    let v = seeded();
    v.ok(&[
        "volunteer",
        "add",
        "--name",
        "Tomás Ruiz",
        "--organization",
        "Riverside Law School Clinic",
        "--role",
        "law student",
    ]);
    let list = v.json(&["volunteer", "list"]);
    assert_eq!(list.as_array().expect("array").len(), 2);
    assert_eq!(list[1]["role"], "law_student");
    v.ok(&["volunteer", "assign", "Tomás Ruiz", "--matter", "JC-1"]);
    assert_eq!(v.json(&["volunteer", "show", "tomás ruiz"])["matters"][0]["case_ref"], "JC-1");
    // The same from the matter's side (as on a team server): `matter assign REF --volunteer V`.
    let matters =
        |v: &TestVault| v.json(&["volunteer", "show", "psharma@example.org"])["matters"].as_array().map(Vec::len);
    assert_eq!(matters(&v), Some(0));
    assert!(v.ok(&["matter", "assign", "JC-1", "--volunteer", "psharma@example.org"]).contains("Assigned"));
    assert_eq!(matters(&v), Some(1));
    let e = v.fails(1, &["matter", "assign", "JC-404", "--volunteer", "psharma@example.org"]);
    assert!(e.contains("no matter has the case reference or id JC-404"), "{e}");
    // Team commands need a server.
    assert!(v.fails(1, &["member", "list"]).contains("--server URL"));
    assert_eq!(v.json(&["matter", "list", "--volunteer", "Tomás Ruiz"])[0]["case_ref"], "JC-1");

    assert_field_error(&v, &["volunteer", "add", "--name", "X", "--role", "judge"], "role");
    assert_field_error(
        &v,
        &["volunteer", "add", "--name", "X", "--role", "attorney", "--email", "not-an-email"],
        "email",
    );
    assert_field_error(
        &v,
        &["volunteer", "add", "--name", "X", "--role", "attorney", "--email", "PSHARMA@example.org"],
        "email",
    );
    assert_eq!(v.json(&["volunteer", "list"]).as_array().expect("array").len(), 2);
    let orgs = v.json(&["org", "list"]);
    assert_eq!(orgs.as_array().expect("array").len(), 2);
}

#[test]
fn time_log_and_list_with_refusals() {
    let v = seeded();
    v.ok(&[
        "time",
        "log",
        "--volunteer",
        "psharma@example.org",
        "--matter",
        "JC-1",
        "--date",
        "2026-01-12",
        "--hours",
        "3.5",
        "--activity",
        "Bond hearing preparation",
    ]);
    v.ok(&["time", "log", "--volunteer", "Priya Sharma", "--matter", "JC-1", "--date", "2026-02-03", "--hours", "0.1"]);
    let entries = v.json(&["time", "list", "--matter", "JC-1"]);
    let minutes: Vec<i64> =
        entries.as_array().expect("array").iter().map(|e| e["minutes"].as_i64().expect("int")).collect();
    assert_eq!(minutes, vec![6, 210], "newest first; tenths stored as minutes");
    assert_eq!(v.json(&["time", "list", "--from", "2026-02-01"]).as_array().expect("array").len(), 1);
    assert_eq!(v.json(&["matter", "show", "JC-1"])["total_minutes"], 216);

    let log = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut a = vec!["time", "log", "--volunteer", "Priya Sharma", "--matter", "JC-1"];
        a.extend_from_slice(extra);
        a
    };
    for hours in ["0", "25", "abc", "-1", "1.234"] {
        let args = log(&["--date", "2026-02-03", "--hours", hours]);
        assert_field_error(&v, &args, "hours");
    }
    assert_field_error(&v, &log(&["--date", "2026-02-30", "--hours", "1"]), "date");
    assert_field_error(&v, &log(&["--date", "2099-01-01", "--hours", "1"]), "date");
    assert_field_error(&v, &["time", "log", "--volunteer", "Nobody", "--matter", "JC-1", "--hours", "1"], "volunteer");
    assert_field_error(
        &v,
        &["time", "log", "--volunteer", "Priya Sharma", "--matter", "JC-404", "--hours", "1"],
        "matter",
    );
    assert_field_error(&v, &["time", "list", "--from", "last week"], "from");
    assert_eq!(v.json(&["time", "list"]).as_array().expect("array").len(), 2, "nothing was added");
}

#[test]
fn hearing_add_and_list_with_refusals() {
    let v = seeded();
    v.ok(&[
        "hearing",
        "add",
        "--matter",
        "JC-1",
        "--at",
        "2026-02-03 09:30",
        "--kind",
        "bond",
        "--place",
        "Stewart Immigration Court",
    ]);
    v.ok(&["hearing", "add", "--matter", "JC-1", "--at", "2026-05-01", "--kind", "filing deadline"]);
    let list = v.json(&["hearing", "list", "--matter", "JC-1"]);
    assert_eq!(list[0]["at"], "2026-02-03T09:30");
    assert_eq!(list[1]["kind"], "filing_deadline");
    assert_eq!(v.json(&["hearing", "list", "--from", "2026-03-01"]).as_array().expect("array").len(), 1);
    assert_field_error(&v, &["hearing", "add", "--matter", "JC-1", "--at", "2026-02-03", "--kind", "party"], "kind");
    assert_field_error(&v, &["hearing", "add", "--matter", "JC-1", "--at", "2026-02-03 27:00", "--kind", "bond"], "at");
    assert_field_error(&v, &["hearing", "add", "--matter", "NOPE", "--at", "2026-02-03", "--kind", "bond"], "matter");
}

#[test]
fn notes_parties_settings_and_audit() {
    let v = seeded();
    v.ok(&["matter", "note", "JC-1", "--text", "Client prefers calls in the morning.", "--author", "PS"]);
    v.ok(&[
        "matter",
        "party",
        "JC-1",
        "--role",
        "opposing counsel",
        "--name",
        "DHS ICE Office of the Principal Legal Advisor",
    ]);
    v.ok(&["matter", "party", "JC-1", "--role", "family_member", "--name", "Rosa Pérez", "--relationship", "sister"]);
    // The words of schema 7 and before still work: adverse is an adverse party, related other.
    v.ok(&["matter", "party", "JC-1", "--kind", "adverse", "--name", "Carlos Pérez"]);
    let shown = v.json(&["matter", "show", "JC-1"]);
    assert_eq!(shown["notes"][0]["body"], "Client prefers calls in the morning.");
    let roles: Vec<&str> =
        shown["parties"].as_array().expect("parties").iter().map(|p| p["role"].as_str().expect("role")).collect();
    assert_eq!(roles, ["opposing_counsel", "family_member", "adverse_party"]);
    assert_eq!(shown["parties"][1]["relationship"], "sister");
    let table = v.ok(&["matter", "show", "JC-1"]);
    assert!(table.contains("Opposing counsel") && table.contains("Family member"), "{table}");
    assert_field_error(&v, &["matter", "note", "JC-1", "--text", "  "], "body");
    let refused = v.run(&["matter", "party", "JC-1", "--role", "friendly", "--name", "X"]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("adverse_party, co_respondent, family_member, witness"), "the roles are listed: {err}");
    assert_field_error(&v, &["matter", "party", "JC-1", "--role", "friendly", "--name", "X"], "role");
    assert_eq!(v.json(&["matter", "show", "JC-1"])["parties"].as_array().map(Vec::len), Some(3), "nothing added");

    v.ok(&["settings", "set", "program_name", "Justice Clinic"]);
    v.ok(&["settings", "set", "national_relief_rate", "41%,2023,EOIR"]);
    let s = v.json(&["settings", "show"]);
    assert_eq!(s["program_name"], "Justice Clinic");
    assert_eq!(s["national_relief_rate"]["year"], 2023);
    assert!((s["national_relief_rate"]["value"].as_f64().expect("f64") - 0.41).abs() < 1e-9);
    assert_field_error(&v, &["settings", "set", "paper", "legal"], "paper");
    assert_field_error(&v, &["settings", "set", "colour", "blue"], "key");

    let audit = v.json(&["audit"]);
    let actions: Vec<&str> =
        audit.as_array().expect("array").iter().map(|e| e["action"].as_str().expect("s")).collect();
    assert!(actions.contains(&"create") && actions.contains(&"unlock") && actions.contains(&"update"), "{actions:?}");
    let text = serde_json::to_string(&audit).expect("json");
    assert!(!text.contains("María"), "audit details name ids, not client data");
}

#[test]
fn usage_errors_exit_2() {
    let v = seeded();
    for args in [vec!["client"], vec!["frobnicate"], vec!["client", "add"], vec!["time", "log", "--hours"]] {
        let out = v.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
