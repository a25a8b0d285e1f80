//! The record commands on a team server (the data layer's second engine): the same `probono`
//! commands as on a vault, within what each role's policies allow, and a save over a newer
//! version refused through the data layer as through plain SQL.

use probono_core::model::{ClientDraft, MatterDraft};
use probono_core::records::Records;
use probono_core::{Error, ErrorCode};
use probono_team::{ServerUrl, Team};
use serde_json::Value;

use crate::{ATTORNEY_PW, DB, DIRECTOR, DIRECTOR_PW, Program, STUDENT_PW};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn case_refs(list: &Value) -> Vec<String> {
    let mut refs: Vec<String> =
        list.as_array().expect("a list").iter().map(|m| m["case_ref"].as_str().expect("case_ref").to_owned()).collect();
    refs.sort();
    refs
}

#[test]
fn the_record_commands_work_on_a_team_server_within_each_roles_scope() {
    let p = Program::set_up();
    p.add_member("alex", "Alex Attorney", "attorney", ATTORNEY_PW);
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    let d = |args: &[&str]| p.ok(DIRECTOR, DIRECTOR_PW, args);
    let s = |args: &[&str]| p.ok("sam", STUDENT_PW, args);

    // The director records clients and matters with the vault's commands.
    d(&[
        "client",
        "add",
        "--name",
        "Amina Yusuf",
        "--a-number",
        "123-456-789",
        "--country",
        "Somalia",
        "--language",
        "Somali",
    ]);
    d(&["client", "add", "--name", "Luis Ortega", "--country", "HN"]);
    let opened = d(&[
        "matter",
        "add",
        "--client",
        "A123456789",
        "--case-type",
        "asylum",
        "--detained",
        "--facility",
        "Stewart",
        "--opened",
        "2026-01-10",
        "--adverse-party",
        "Carlos Mendez",
        "--json",
    ]);
    let first = json(&opened);
    assert!(first["case_ref"].as_str().expect("ref").starts_with("PB-2026-"), "{first}");
    let first_ref = first["case_ref"].as_str().expect("ref").to_owned();
    d(&[
        "matter",
        "add",
        "--client",
        "luis ortega",
        "--case-type",
        "bond",
        "--case-ref",
        "B-2",
        "--opened",
        "2026-02-01",
    ]);
    // A bad value is refused by the vault's own rule, naming the field, before the server is asked.
    let bad = p.fails(DIRECTOR, DIRECTOR_PW, &["matter", "add", "--client", "Luis Ortega", "--case-type", "divorce"]);
    assert!(bad.contains("case_type"), "{bad}");
    p.ok(DIRECTOR, DIRECTOR_PW, &["matter", "assign", &first_ref, "--volunteer", "sam"]);
    // A supervisor named on the server as on a vault: an attorney, not the student themself.
    let refused =
        p.fails(DIRECTOR, DIRECTOR_PW, &["matter", "assign", &first_ref, "--volunteer", "sam", "--supervisor", "sam"]);
    assert!(refused.contains("supervisor"), "{refused}");
    let said =
        p.ok(DIRECTOR, DIRECTOR_PW, &["matter", "assign", &first_ref, "--volunteer", "sam", "--supervisor", "alex"]);
    assert!(said.contains("supervised by Alex Attorney"), "{said}");

    // The director sees both; the student only the matter and client they are assigned to.
    assert_eq!(case_refs(&json(&d(&["matter", "list", "--json"]))), vec!["B-2".to_owned(), first_ref.clone()]);
    assert_eq!(case_refs(&json(&s(&["matter", "list", "--json"]))), vec![first_ref.clone()]);
    let clients = json(&s(&["client", "list", "--json"]));
    let names: Vec<&str> =
        clients.as_array().expect("list").iter().map(|c| c["name"].as_str().expect("name")).collect();
    assert_eq!(names, vec!["Amina Yusuf"]);
    let hidden = p.fails("sam", STUDENT_PW, &["matter", "show", "B-2"]);
    assert!(hidden.contains("no matter you can see"), "{hidden}");

    // The student adds a note and a hearing on their matter…
    s(&["matter", "note", &first_ref, "--text", "Called the client; interpreter booked.", "--author", "Someone Else"]);
    s(&["hearing", "add", "--matter", &first_ref, "--at", "2026-05-04T09:00", "--kind", "master_calendar"]);
    // …but cannot open a client, close a matter, or write on a matter not theirs.
    for (args, what) in [
        (vec!["client", "add", "--name", "New Person"], "a new client"),
        (vec!["matter", "close", first_ref.as_str()], "closing a matter"),
        (vec!["matter", "note", "B-2", "--text", "x"], "a note on another's matter"),
    ] {
        let err = p.fails("sam", STUDENT_PW, &args);
        assert!(
            err.contains("your role on the team server does not allow") || err.contains("no matter you can see"),
            "{what}: {err}"
        );
    }
    // Nothing the student tried was written.
    assert_eq!(json(&d(&["client", "list", "--json"])).as_array().expect("list").len(), 2);
    let page = json(&d(&["matter", "show", &first_ref, "--json"]));
    assert_eq!(page["matter"]["closed"], Value::Null);
    let notes = page["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 1, "{page}");
    assert_eq!(notes[0]["author"], "sam", "the author is the login that wrote it, whatever was sent");
    assert_eq!(page["hearings"][0]["at"], "2026-05-04T09:00");
    assert_eq!(page["parties"][0]["name"], "Carlos Mendez");
    assert_eq!(page["volunteers"][0]["volunteer_name"], "Sam Student");
    assert_eq!(page["volunteers"][0]["supervisor_name"], "Alex Attorney");
    assert_eq!(page["client"]["country"], "SO");

    // The student's case summary PDF comes from what the server lets them see.
    let pdf = p.home.path().join("case.pdf");
    s(&["report", "case", &first_ref, "--out", pdf.to_str().expect("utf-8")]);
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Amina Yusuf") && text.contains("interpreter booked"), "{text}");
    let other = p.fails("sam", STUDENT_PW, &["report", "case", "B-2", "--out", pdf.to_str().expect("utf-8")]);
    assert!(other.contains("no matter you can see"), "{other}");

    // Time, and the student's service statement from it: their matter, its named supervisor.
    d(&["time", "log", "--volunteer", "sam", "--matter", &first_ref, "--date", "2026-03-02", "--hours", "2.5"]);
    let statement = json(&s(&["report", "statement", "--volunteer", "sam", "--year", "2026", "--format", "json"]));
    assert_eq!(statement["total_hours"], 2.5, "{statement}");
    assert_eq!(statement["matters"][0]["case_ref"], first_ref.as_str());
    assert_eq!(statement["matters"][0]["supervisor"]["name"], "Alex Attorney");
    assert_eq!(statement["matters"][0]["client_name"], Value::Null, "no client names unless asked");

    // The attorney closes it with an outcome; the figures see it.
    p.ok("alex", ATTORNEY_PW, &["matter", "close", &first_ref, "--date", "2026-06-30", "--outcome", "granted"]);
    let closed = json(&d(&["matter", "show", &first_ref, "--json"]));
    assert_eq!(
        (closed["matter"]["closed"].as_str(), closed["matter"]["relief_outcome"].as_str()),
        (Some("2026-06-30"), Some("granted"))
    );
    assert_eq!(
        closed["matter"]["decided_on"], "2026-06-30",
        "a decided outcome is taken as decided on closing, as in a vault"
    );

    // Settings and the audit trail through the same commands; the trail names the logins.
    d(&["settings", "set", "program_name", "Clinic on the Server"]);
    assert!(s(&["settings", "show", "--json"]).contains("Clinic on the Server"), "everyone reads the settings");
    let refused = p.fails("sam", STUDENT_PW, &["settings", "set", "program_name", "Mine"]);
    assert!(refused.contains("does not allow"), "{refused}");
    let audit = json(&d(&["audit", "--json", "--limit", "200"]));
    let events = audit.as_array().expect("events");
    assert!(
        events.iter().any(|e| e["entity"] == "note" && e["detail"] == "by sam"),
        "the student's note is in the trail: {audit}"
    );
    assert!(events.iter().any(|e| e["entity"] == "matter" && e["action"] == "update" && e["detail"] == "by alex"));
    assert!(
        events.iter().any(|e| e["action"] == "export" && e["entity"] == "case summary PDF" && e["detail"] == "by sam"),
        "the PDF that left the server is in the trail: {audit}"
    );
    let denied = p.fails("sam", STUDENT_PW, &["audit"]);
    assert!(denied.contains("does not allow"), "{denied}");

    // A conflict check searches what the member may see: the director finds the client by a
    // misspelling and the adverse party; the student, only people on their own matter.
    let found = json(&d(&["conflict", "check", "--name", "Amina Yusef", "--json"]));
    let names: Vec<&str> = found["results"][0]["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["name"].as_str().unwrap_or(""))
        .collect();
    assert!(names.contains(&"Amina Yusuf"), "{found}");
    let party = json(&d(&["conflict", "check", "--name", "Carlos Mendes", "--json"]));
    assert_eq!(party["results"][0]["matches"][0]["kind"], "party", "{party}");
    let theirs = json(&s(&["conflict", "check", "--name", "Luis Ortega", "--json"]));
    assert_eq!(
        theirs["results"][0]["matches"],
        Value::Array(Vec::new()),
        "a student does not see other matters' clients: {theirs}"
    );
    d(&[
        "conflict",
        "record",
        "--matter",
        "B-2",
        "--name",
        "Luis Ortega",
        "--checked-by",
        "Dana Director",
        "--decision",
        "no_conflict",
    ]);
    let checks = json(&d(&["matter", "show", "B-2", "--json"]));
    assert_eq!(checks["conflict_checks"][0]["decision"], "no_conflict", "{checks}");
    assert_eq!(checks["conflict_checks"][0]["searched"][0], "Luis Ortega");
    // A check on the student's matter that matched another matter's client: staff see the
    // match, the student sees the check without it (by the server's column grants too).
    d(&[
        "conflict",
        "record",
        "--matter",
        &first_ref,
        "--name",
        "Luis Ortega",
        "--checked-by",
        "Dana Director",
        "--decision",
        "no_conflict",
    ]);
    let staff_view = json(&d(&["matter", "show", &first_ref, "--json"]));
    assert_eq!(staff_view["conflict_checks"][0]["matches"][0]["name"], "Luis Ortega", "{staff_view}");
    let student_view = json(&s(&["matter", "show", &first_ref, "--json"]));
    assert_eq!(student_view["conflict_checks"][0]["matches"], Value::Array(Vec::new()), "{student_view}");
    assert_eq!(student_view["conflict_checks"][0]["decision"], "no_conflict");
    let mut sam_sql = p.sql("sam", STUDENT_PW);
    let code = crate::refused(
        "a student reading the matches",
        sam_sql.query("SELECT matches FROM probono.conflict_check", &[]),
    );
    assert_eq!(code, "42501");
    let refused = p.fails(
        "sam",
        STUDENT_PW,
        &[
            "conflict",
            "record",
            "--matter",
            &first_ref,
            "--name",
            "X Y",
            "--checked-by",
            "Sam",
            "--decision",
            "no_conflict",
        ],
    );
    assert!(refused.contains("does not allow"), "{refused}");

    // What only a vault does says so plainly, naming it.
    let not_yet = p.fails(DIRECTOR, DIRECTOR_PW, &["import", "vault-export", "/nonexistent"]);
    assert!(not_yet.contains("importing a vault export: not available on a team server"), "{not_yet}");
    let not_yet = p.fails(DIRECTOR, DIRECTOR_PW, &["audit", "verify"]);
    assert!(not_yet.contains("insert-only"), "{not_yet}");
}

fn connect(p: &Program, login: &str, password: &str) -> Team {
    Team::connect(&ServerUrl::parse(&p.cluster.url(login, DB)).expect("url"), password).expect("connect")
}

#[test]
fn a_save_over_a_newer_version_through_the_data_layer_is_refused_and_nothing_is_overwritten() {
    let p = Program::set_up();
    p.add_member("alex", "Alex Attorney", "attorney", ATTORNEY_PW);
    let mut dana = connect(&p, DIRECTOR, DIRECTOR_PW);
    let mut alex = connect(&p, "alex", ATTORNEY_PW);
    let client = dana.create_client(&ClientDraft { name: "Mei Chen".into(), ..Default::default() }).expect("client");
    let draft = MatterDraft {
        case_ref: Some("M-1".into()),
        client: client.id.to_string(),
        case_type: "asylum".into(),
        opened: "2026-03-01".into(),
        ..Default::default()
    };
    let matter = dana.create_matter(&draft).expect("matter");

    // Both open the matter page; Alex saves first.
    dana.matter_detail("M-1").expect("dana reads");
    alex.matter_detail("M-1").expect("alex reads");
    alex.update_matter(matter.id, &MatterDraft { court: Some("Houston".into()), ..draft.clone() }).expect("alex saves");
    // Dana's save over what she read is refused, naming Alex; nothing of hers is written.
    let err = dana
        .update_matter(matter.id, &MatterDraft { court: Some("Dallas".into()), ..draft.clone() })
        .expect_err("a save over a newer version");
    assert_eq!(err.code(), ErrorCode::Conflict);
    let Error::Conflict(message) = &err else { panic!("{err:?}") };
    assert!(
        message.starts_with("changed by Alex Attorney at 20") && message.ends_with("— reload to see it"),
        "{message}"
    );
    assert_eq!(alex.find_matter("M-1").expect("read").court.as_deref(), Some("Houston"));
    // After reloading, her save goes through.
    dana.find_matter("M-1").expect("reload");
    let saved =
        dana.update_matter(matter.id, &MatterDraft { court: Some("Dallas".into()), ..draft.clone() }).expect("save");
    assert_eq!(saved.court.as_deref(), Some("Dallas"));

    // Closing over a version newer than the page showed is refused too.
    dana.matter_detail("M-1").expect("dana opens the page");
    alex.find_matter("M-1").expect("alex reads");
    alex.update_matter(matter.id, &MatterDraft { court: Some("Austin".into()), ..draft.clone() }).expect("alex saves");
    let err = dana.close_matter("M-1", Some("2026-09-01"), Some("withdrawn")).expect_err("a stale close");
    assert_eq!(err.code(), ErrorCode::Conflict, "{err:?}");
    assert_eq!(alex.find_matter("M-1").expect("read").closed, None, "nothing was closed");

    // The same for a client.
    alex.client(client.id).expect("alex reads the client");
    dana.update_client(
        client.id,
        &ClientDraft { name: "Mei Chen".into(), country: Some("CN".into()), ..Default::default() },
    )
    .expect("dana saves");
    let err = alex
        .update_client(client.id, &ClientDraft { name: "Mei  Chen".into(), ..Default::default() })
        .expect_err("stale client save");
    assert!(matches!(&err, Error::Conflict(m) if m.starts_with("changed by Dana Director")), "{err:?}");
    assert_eq!(dana.client(client.id).expect("read").country.as_deref(), Some("CN"));

    // A list never moves the version an open form will send: Alex opens the client, Dana saves
    // it, Alex's list of clients is refreshed, and his save is still refused.
    alex.client(client.id).expect("alex opens the client again");
    dana.update_client(
        client.id,
        &ClientDraft { name: "Mei Chen".into(), contact: Some("x".into()), ..Default::default() },
    )
    .expect("dana saves the client");
    alex.list_clients(None).expect("alex's list refreshes");
    let err = alex
        .update_client(client.id, &ClientDraft { name: "Mei Chen".into(), ..Default::default() })
        .expect_err("a list read does not count as a reload");
    assert_eq!(err.code(), ErrorCode::Conflict);
}

/// The deadline rules on a team server give what they give in a vault (the same matter as the
/// vault's acceptance test, the same suggestions and dates), and a confirmed deadline, a
/// dismissal and "done" are kept on the server.
#[test]
fn deadlines_follow_the_rules_on_a_team_server_as_in_a_vault() {
    let p = Program::set_up();
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    let d = |args: &[&str]| p.ok(DIRECTOR, DIRECTOR_PW, args);
    d(&["client", "add", "--name", "Fictional Lucía Ejemplo", "--country", "Honduras"]);
    d(&[
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
    d(&["matter", "add", "--client", "Fictional Lucía Ejemplo", "--case-type", "asylum", "--case-ref", "DL-2"]);

    let open = json(&d(&["deadline", "suggested", "--json"]));
    let rules: Vec<&str> =
        open["suggested"].as_array().expect("list").iter().filter_map(|s| s["rule"].as_str()).collect();
    assert_eq!(rules, vec!["bia-appeal", "motion-to-reconsider", "motion-to-reopen"], "{open}");
    let cannot = open["cannot_compute"].as_array().expect("list");
    assert_eq!((cannot.len(), cannot[0]["case_ref"].as_str()), (1, Some("DL-2")), "{open}");
    assert_eq!(
        json(&d(&["deadline", "compute", "--rule", "bia-appeal", "--from", "2026-10-27", "--json"]))["due"],
        "2026-11-27"
    );

    let confirmed = json(&d(&["deadline", "confirm", "--matter", "DL-1", "--rule", "bia-appeal", "--json"]));
    assert_eq!((confirmed["at"].as_str(), confirmed["rule"].as_str()), (Some("2026-11-27"), Some("bia-appeal")));
    let again = p.fails(DIRECTOR, DIRECTOR_PW, &["deadline", "confirm", "--matter", "DL-1", "--rule", "bia-appeal"]);
    assert!(again.contains("rule"), "a confirmed suggestion is no longer waiting: {again}");
    let no_reason = p.fails(
        DIRECTOR,
        DIRECTOR_PW,
        &["deadline", "dismiss", "--matter", "DL-1", "--rule", "motion-to-reopen", "--reason", ""],
    );
    assert!(no_reason.contains("reason"), "{no_reason}");
    d(&["deadline", "dismiss", "--matter", "DL-1", "--rule", "motion-to-reopen", "--reason", "Appealing instead"]);
    let left = json(&d(&["deadline", "suggested", "--matter", "DL-1", "--json"]));
    assert_eq!(left["suggested"].as_array().expect("list").len(), 1, "{left}");

    // The matter page shows what is left; the deadline is on the calendar, and done once filed.
    let page = json(&d(&["matter", "show", "DL-1", "--json"]));
    assert_eq!(page["deadlines"]["suggested"].as_array().expect("list").len(), 1, "{page}");
    assert_eq!(page["hearings"][0]["rule"], "bia-appeal");
    let id = confirmed["id"].as_str().expect("id");
    d(&["deadline", "done", id]);
    let page = json(&d(&["matter", "show", "DL-1", "--json"]));
    assert!(page["hearings"][0]["done_at"].is_string(), "{page}");

    // A student sees none of it (not their matter) and cannot decide on it.
    let theirs = json(&p.ok("sam", STUDENT_PW, &["deadline", "suggested", "--json"]));
    assert_eq!(theirs["suggested"], Value::Array(Vec::new()), "{theirs}");
    let refused = p.fails(
        "sam",
        STUDENT_PW,
        &["deadline", "dismiss", "--matter", "DL-1", "--rule", "motion-to-reconsider", "--reason", "x"],
    );
    assert!(refused.contains("no matter you can see"), "{refused}");

    // The program's closure days and own rules are the director's settings on the server, and
    // move the dates as in a vault.
    d(&["deadline", "closure", "add", "2026-11-27", "--reason", "Court closed (snow)"]);
    assert_eq!(
        json(&d(&["deadline", "compute", "--rule", "bia-appeal", "--from", "2026-10-27", "--json"]))["due"],
        "2026-11-30"
    );
    let twice = p.fails(DIRECTOR, DIRECTOR_PW, &["deadline", "closure", "add", "2026-11-27", "--reason", "again"]);
    assert!(twice.contains("already a closure day"), "{twice}");
    let list = json(&p.ok("sam", STUDENT_PW, &["deadline", "closure", "list", "--json"]));
    assert_eq!(list, serde_json::json!([{ "date": "2026-11-27", "reason": "Court closed (snow)" }]));
    let refused = p.fails("sam", STUDENT_PW, &["deadline", "closure", "add", "2026-12-24", "--reason", "Holiday"]);
    assert!(refused.contains("does not allow"), "only the director changes the settings: {refused}");
    let own = p.home.path().join("our-rules.toml");
    std::fs::write(
        &own,
        "[[rule]]\nid = \"state-answer\"\ntitle = \"Answer in state court\"\ncounts_from = \"given\"\namount = 21\n\
         unit = \"days\"\ndirection = \"after\"\nif_closed = \"next_business_day\"\ncitation = \"State R. 12\"\n\
         quote = \"Within 21 days.\"\n",
    )
    .expect("write rules");
    d(&["deadline", "rules", "--load", own.to_str().expect("path")]);
    assert_eq!(
        json(&p.ok(
            "sam",
            STUDENT_PW,
            &["deadline", "compute", "--rule", "state-answer", "--from", "2026-01-02", "--json"]
        ))["due"],
        "2026-01-23",
        "every member counts with the program's rules"
    );
    // The calendar file from the server: the confirmed deadline, no client's name; a student's
    // holds nothing of a matter not theirs.
    let ics = p.home.path().join("clinic.ics");
    d(&["calendar", "export", "--out", ics.to_str().expect("utf-8")]);
    let text = std::fs::read_to_string(&ics).expect("calendar");
    assert!(text.starts_with("BEGIN:VCALENDAR") && text.contains("DL-1"), "{text}");
    assert!(!text.contains("Lucía"), "no client names unless asked: {text}");
    p.ok("sam", STUDENT_PW, &["calendar", "export", "--out", ics.to_str().expect("utf-8")]);
    let theirs = std::fs::read_to_string(&ics).expect("calendar");
    assert!(!theirs.contains("DL-1") && !theirs.contains("BEGIN:VEVENT"), "{theirs}");

    d(&["deadline", "rules", "--unload"]);
    d(&["deadline", "closure", "remove", "2026-11-27"]);
    assert_eq!(
        json(&d(&["deadline", "compute", "--rule", "bia-appeal", "--from", "2026-10-27", "--json"]))["due"],
        "2026-11-27"
    );
}

/// Schema 2 lets a student read the attorney named as their supervisor (their statement's
/// qualifying hours depend on one). A schema-1 database is refused until the server's
/// administrator upgrades it with `team init`; then the student's statement names them.
#[test]
fn a_schema_1_database_is_upgraded_by_the_administrator_and_a_student_then_sees_their_supervisor() {
    let p = Program::set_up();
    p.add_member("alex", "Alex Attorney", "attorney", ATTORNEY_PW);
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    let d = |args: &[&str]| p.ok(DIRECTOR, DIRECTOR_PW, args);
    d(&["client", "add", "--name", "Mei Chen"]);
    d(&["matter", "add", "--client", "Mei Chen", "--case-type", "sijs", "--case-ref", "S-1", "--opened", "2026-01-05"]);
    d(&["matter", "assign", "S-1", "--volunteer", "sam", "--supervisor", "alex"]);
    d(&["time", "log", "--volunteer", "sam", "--matter", "S-1", "--date", "2026-02-02", "--hours", "3"]);

    // What a schema-1 database is: the old rule for whom a member sees, and version 1.
    let mut admin = p.cluster.admin(DB);
    admin
        .batch_execute(
            "SET search_path = probono;
             CREATE OR REPLACE FUNCTION my_colleagues() RETURNS SETOF uuid
             LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probono, pg_temp AS $$
                 SELECT my_volunteer()
                 UNION SELECT volunteer_id FROM assignment WHERE matter_id IN (SELECT my_matters())
                 UNION SELECT volunteer_id FROM time_entry WHERE matter_id IN (SELECT my_matters())
             $$;
             -- and without schema 3's reading for volunteers
             DROP POLICY supervisors ON volunteer;
             DROP POLICY attorneys_on_my_matters ON assignment;
             DROP FUNCTION my_supervisors();
             DO $$ DECLARE r text; BEGIN
                 SELECT pg_role INTO r FROM team_role WHERE part = 'volunteer';
                 EXECUTE format('REVOKE SELECT (case_type) ON matter FROM %I', r);
             END $$;
             UPDATE schema_version SET version = 1;",
        )
        .expect("make it schema 1");
    let mut sam = p.sql("sam", STUDENT_PW);
    let seen = |c: &mut postgres::Client| -> i64 {
        c.query_one("SELECT count(*) FROM probono.volunteer WHERE name = 'Alex Attorney'", &[]).expect("count").get(0)
    };
    assert_eq!(seen(&mut sam), 0, "under schema 1 the student cannot read their supervisor");
    let refused = p.fails("sam", STUDENT_PW, &["matter", "list"]);
    let now = probono_team::SCHEMA_VERSION;
    assert!(refused.contains(&format!("older than this program's {now}")), "{refused}");

    // The administrator upgrades (the director may not act as the owner role).
    let e = p.fails(DIRECTOR, DIRECTOR_PW, &["team", "init"]);
    assert!(e.contains(&format!("from schema 1 to {now}")) && e.contains("server's administrator"), "{e}");
    let out = p
        .cmd_url(&p.cluster.url("admin", DB), crate::cluster::ADMIN_PASSWORD, &["team", "init"])
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "upgrade: {said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains(&format!("upgraded from schema 1 to {now}")), "{said}");

    assert_eq!(seen(&mut sam), 1, "schema 2: the student reads the attorney supervising them");
    let statement = json(&p.ok(
        "sam",
        STUDENT_PW,
        &["report", "statement", "--volunteer", "sam", "--year", "2026", "--format", "json"],
    ));
    assert_eq!(statement["matters"][0]["supervisor"]["name"], "Alex Attorney", "{statement}");
    assert_eq!(statement["qualifying"]["hours"], 3.0, "the hours count: a supervisor is named");
    // A law-school start date recorded on the server leaves out time before it.
    d(&["volunteer", "set", "sam", "--law-school-start", "2026-02-15", "--bar-admission", "none yet"]);
    let statement = json(&p.ok(
        "sam",
        STUDENT_PW,
        &["report", "statement", "--volunteer", "sam", "--year", "2026", "--format", "json"],
    ));
    assert_eq!(statement["qualifying"]["hours"], 0.0, "{statement}");
    assert_eq!(statement["qualifying"]["left_out"][0]["reason"], "before the law-school start date (2026-02-15)");
    assert_eq!(statement["volunteer"]["bar_admissions"][0], "none yet");
    let bad = p.fails(DIRECTOR, DIRECTOR_PW, &["volunteer", "set", "sam", "--law-school-start", "2026-02-30"]);
    assert!(bad.contains("law_school_start"), "{bad}");
    // Still no more than their own: the student sees no other attorney.
    let names = json(&p.ok("sam", STUDENT_PW, &["volunteer", "list", "--json"]));
    let mut names: Vec<&str> =
        names.as_array().expect("list").iter().map(|v| v["name"].as_str().unwrap_or("")).collect();
    names.sort_unstable();
    assert_eq!(names, vec!["Alex Attorney", "Sam Student"]);
}

/// Schema 3: a volunteer (the role) makes their own service statement — the matter's case
/// type and their supervising attorney, the same statement staff make for them — and still
/// reads no client data.
#[test]
fn a_volunteer_makes_their_own_statement_without_reading_client_data() {
    let p = Program::set_up();
    p.add_member("alex", "Alex Attorney", "attorney", ATTORNEY_PW);
    p.add_member("val", "Val Volunteer", "volunteer", crate::VOLUNTEER_PW);
    let d = |args: &[&str]| p.ok(DIRECTOR, DIRECTOR_PW, args);
    d(&["client", "add", "--name", "Amina Yusuf", "--country", "SO"]);
    d(&[
        "matter",
        "add",
        "--client",
        "Amina Yusuf",
        "--case-type",
        "asylum",
        "--case-ref",
        "V-1",
        "--opened",
        "2026-01-05",
    ]);
    d(&[
        "matter",
        "add",
        "--client",
        "Amina Yusuf",
        "--case-type",
        "bond",
        "--case-ref",
        "V-2",
        "--opened",
        "2026-01-06",
    ]);
    // On V-1 the lead attorney supervises; on V-2 the assignment names Alex.
    d(&["matter", "assign", "V-1", "--volunteer", "alex"]);
    d(&["matter", "assign", "V-1", "--volunteer", "val"]);
    d(&["matter", "assign", "V-2", "--volunteer", "val", "--supervisor", "alex"]);
    let v = |args: &[&str]| p.ok("val", crate::VOLUNTEER_PW, args);
    v(&[
        "time",
        "log",
        "--volunteer",
        "val",
        "--matter",
        "V-1",
        "--date",
        "2026-02-01",
        "--hours",
        "2",
        "--activity",
        "Interpreting",
    ]);
    v(&["time", "log", "--volunteer", "val", "--matter", "V-2", "--date", "2026-02-03", "--hours", "1.5"]);

    let args = ["report", "statement", "--volunteer", "val", "--year", "2026", "--format", "json"];
    let own = json(&v(&args));
    assert_eq!(own["total_hours"], 3.5, "{own}");
    let types: Vec<&str> =
        own["matters"].as_array().expect("matters").iter().filter_map(|m| m["case_type"].as_str()).collect();
    assert_eq!(types.len(), 2, "{own}");
    for m in own["matters"].as_array().expect("matters") {
        assert_eq!(m["supervisor"]["name"], "Alex Attorney", "{m}");
        assert_eq!(m["client_name"], Value::Null);
    }
    // The same statement the director makes for them.
    assert_eq!(own, json(&d(&args)));
    // With client names: refused, the role reads no client data.
    let refused = p.fails(
        "val",
        crate::VOLUNTEER_PW,
        &["report", "statement", "--volunteer", "val", "--year", "2026", "--client-names"],
    );
    assert!(refused.contains("does not allow"), "{refused}");

    // Plain SQL as the volunteer: case types of their matters and their supervising attorney,
    // nothing of the client's.
    let mut val = p.sql("val", crate::VOLUNTEER_PW);
    assert_eq!(crate::count(&mut val, "SELECT count(*) FROM matter WHERE case_type IS NOT NULL"), 2);
    crate::refused("a volunteer reading a matter's client", val.query("SELECT client_id FROM matter", &[]));
    crate::refused("a volunteer reading clients", val.query("SELECT name FROM client", &[]));
    let names: Vec<String> = val
        .query("SELECT name FROM volunteer ORDER BY name", &[])
        .expect("volunteers")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names, vec!["Alex Attorney", "Val Volunteer"], "not the director, not other volunteers");
}

/// Two directors with the settings open: a save writes only what its director changed (the
/// other's newer values stay), and a setting the other changed meanwhile is refused naming
/// them, nothing written, until reloaded.
#[test]
fn two_directors_saving_settings_lose_nothing() {
    let p = Program::set_up();
    p.add_member("dora", "Dora Director", "director", "second director password");
    let mut dana = connect(&p, DIRECTOR, DIRECTOR_PW);
    let mut dora = connect(&p, "dora", "second director password");
    let dana_read = Records::settings(&dana).expect("dana reads");
    let dora_read = Records::settings(&dora).expect("dora reads");

    // Different settings: both kept.
    Records::save_settings(&mut dora, &dora_read.with("program_name", "Riverside Clinic").expect("valid"))
        .expect("dora saves");
    Records::save_settings(&mut dana, &dana_read.with("conflict_threshold", "0.9").expect("valid"))
        .expect("dana saves");
    let now = Records::settings(&dora).expect("read");
    assert_eq!(now.program_name, "Riverside Clinic", "dana's save did not put back the old name");
    assert!((now.conflict_threshold - 0.9).abs() < 1e-9);

    // The same setting: the second save is refused, naming who saved first.
    let dora_read = Records::settings(&dora).expect("dora reads");
    let dana_read = Records::settings(&dana).expect("dana reads");
    Records::save_settings(&mut dora, &dora_read.with("program_name", "Dora's Name").expect("valid"))
        .expect("dora saves");
    let mine = dana_read.with("program_name", "Dana's Name").expect("valid");
    let err = Records::save_settings(&mut dana, &mine).expect_err("refused");
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(err.message().contains("changed by Dora Director at"), "{err}");
    assert!(err.message().contains("reload to see it"), "{err}");
    // Trying again without reloading is refused again; nothing was written.
    assert!(Records::save_settings(&mut dana, &mine).is_err());
    assert_eq!(Records::settings(&dora).expect("read").program_name, "Dora's Name");
    // After reloading, the change goes in.
    let reloaded = Records::settings(&dana).expect("reload");
    Records::save_settings(&mut dana, &reloaded.with("program_name", "Dana's Name").expect("valid")).expect("saves");
    assert_eq!(Records::settings(&dora).expect("read").program_name, "Dana's Name");
}
