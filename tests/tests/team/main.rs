//! Team mode against a real PostgreSQL server (a throwaway cluster per test): the real
//! `probono` binary for what members do, and plain SQL as each role for what the server's
//! policies allow (docs/team-mode.md).

mod cluster;
#[path = "../../../core/tests/story/import_cases.rs"]
mod import_cases;
mod imports;
mod load;
mod records;
#[path = "../../../core/tests/story/report_cases.rs"]
mod report_cases;
mod reports;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use cluster::{Cluster, ServerCert};

const DB: &str = "clinic";
const DIRECTOR: &str = "dana";
const DIRECTOR_PW: &str = "director password 1";

fn probono_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe.parent().and_then(std::path::Path::parent).expect("target/<profile>");
    let bin = profile_dir.join(format!("probono{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "{} is missing: build it with `cargo build -p probono-cli` (make test does)", bin.display());
    bin
}

struct Program {
    cluster: Cluster,
    home: tempfile::TempDir,
}

impl Program {
    /// A server with a program database its director has set up with `team init`.
    fn set_up() -> Program {
        let p = Program::bare(Cluster::start());
        let out =
            p.ok(DIRECTOR, DIRECTOR_PW, &["team", "init", "--name", "Dana Director", "--email", "dana@clinic.example"]);
        assert!(out.contains("you are its director"), "{out}");
        p
    }

    fn bare(cluster: Cluster) -> Program {
        cluster.new_program(DB, DIRECTOR, DIRECTOR_PW);
        Program { cluster, home: tempfile::tempdir().expect("home") }
    }

    fn url(&self, login: &str) -> String {
        self.cluster.url(login, DB)
    }

    fn cmd_url(&self, url: &str, password: &str, args: &[&str]) -> Command {
        let mut c = Command::new(probono_bin());
        c.arg("--server")
            .arg(url)
            .args(args)
            .env("PROBONO_PASSWORD", password)
            .env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.home.path().join(".local/share"))
            .env("TMPDIR", self.home.path())
            .env("PROBONO_KEYRING", "off")
            .env_remove("PROBONO_VAULT")
            .env_remove("PROBONO_SERVER")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, login: &str, password: &str, args: &[&str]) -> Output {
        self.cmd_url(&self.url(login), password, args).output().expect("probono runs")
    }

    fn ok(&self, login: &str, password: &str, args: &[&str]) -> String {
        let out = self.run(login, password, args);
        assert!(
            out.status.success(),
            "probono {args:?} as {login} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// Runs and expects exit code 1; returns stderr.
    fn fails(&self, login: &str, password: &str, args: &[&str]) -> String {
        let out = self.run(login, password, args);
        assert_eq!(out.status.code(), Some(1), "probono {args:?} as {login} should fail: {out:?}");
        String::from_utf8(out.stderr).expect("utf-8")
    }

    /// `member add` with the password on standard input.
    fn add_member(&self, login: &str, name: &str, role: &str, password: &str) {
        let mut child = self
            .cmd_url(
                &self.url(DIRECTOR),
                DIRECTOR_PW,
                &["member", "add", "--login", login, "--name", name, "--role", role, "--password-stdin"],
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("probono runs");
        writeln!(child.stdin.take().expect("stdin"), "{password}").expect("write password");
        let out = child.wait_with_output().expect("member add");
        assert!(out.status.success(), "member add {login}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(&format!("Added {login}")) && !text.contains(password), "{text}");
    }

    fn sql(&self, login: &str, password: &str) -> postgres::Client {
        self.cluster.sql(login, password, DB).unwrap_or_else(|e| panic!("{login} connects: {e}"))
    }
}

/// The SQLSTATE of a refused statement (panics when it was not refused).
fn refused<T: std::fmt::Debug>(what: &str, r: Result<T, postgres::Error>) -> String {
    match r {
        Ok(v) => panic!("{what} was allowed: {v:?}"),
        Err(e) => e.code().map(|c| c.code().to_owned()).unwrap_or_else(|| format!("no SQLSTATE: {e}")),
    }
}

fn count(c: &mut postgres::Client, sql: &str) -> i64 {
    c.query_one(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}")).get(0)
}

const ATTORNEY_PW: &str = "attorney password 2";
const STUDENT_PW: &str = "student password 3";
const VOLUNTEER_PW: &str = "volunteer password 4";

/// The director records three clients with a matter each (plain SQL, as the app would).
fn seed(p: &Program) {
    let mut d = p.sql(DIRECTOR, DIRECTOR_PW);
    d.batch_execute(
        "INSERT INTO client (id, name, a_number, country) VALUES
           ('00000000-0000-7000-8000-000000000001', 'Amina Yusuf', '123456789', 'SO'),
           ('00000000-0000-7000-8000-000000000002', 'Luis Ortega', NULL, 'HN'),
           ('00000000-0000-7000-8000-000000000003', 'Mei Chen', NULL, 'CN');
         INSERT INTO matter (id, case_ref, client_id, case_type, detained, opened) VALUES
           ('00000000-0000-7000-8000-0000000000a1', 'PB-2027-0001', '00000000-0000-7000-8000-000000000001', 'asylum', true, '2027-01-10'),
           ('00000000-0000-7000-8000-0000000000a2', 'PB-2027-0002', '00000000-0000-7000-8000-000000000002', 'bond', true, '2027-02-01'),
           ('00000000-0000-7000-8000-0000000000a3', 'PB-2027-0003', '00000000-0000-7000-8000-000000000003', 'sijs', false, '2027-03-05');",
    )
    .expect("seed records");
}

#[test]
fn a_director_sets_up_the_team_adds_members_and_manages_their_roles() {
    let p = Program::set_up();
    // Running init again on an up-to-date database changes nothing.
    assert!(p.ok(DIRECTOR, DIRECTOR_PW, &["team", "init"]).contains("nothing to do"));

    p.add_member("alex", "Alex Attorney", "attorney", ATTORNEY_PW);
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    // Without --password-stdin a one-time password is printed; it lets the member in.
    let out = p.ok(
        DIRECTOR,
        DIRECTOR_PW,
        &["member", "add", "--login", "val", "--name", "Val Volunteer", "--role", "volunteer", "--json"],
    );
    let added: serde_json::Value = serde_json::from_str(&out).expect("json");
    let otp = added["one_time_password"].as_str().expect("a one-time password").to_owned();
    assert_eq!(added["role"], "volunteer");
    let status = p.ok("val", &otp, &["team", "status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&status).expect("json");
    assert_eq!((status["login"].as_str(), status["role"].as_str()), (Some("val"), Some("volunteer")));
    // …and they set their own; the old one stops working.
    let mut c = p.cmd_url(&p.url("val"), &otp, &["member", "passwd"]);
    let changed = c.env("PROBONO_NEW_PASSWORD", VOLUNTEER_PW).output().expect("passwd");
    assert!(changed.status.success(), "{changed:?}");
    assert!(p.fails("val", &otp, &["team", "status"]).contains("wrong login name or password"));
    p.ok("val", VOLUNTEER_PW, &["team", "status"]);

    let list: serde_json::Value =
        serde_json::from_str(&p.ok(DIRECTOR, DIRECTOR_PW, &["member", "list", "--json"])).expect("json");
    let roles: Vec<(String, String)> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|m| {
            (m["login"].as_str().unwrap_or_default().to_owned(), m["role"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    for want in [("dana", "director"), ("alex", "attorney"), ("sam", "student"), ("val", "volunteer")] {
        assert!(roles.contains(&(want.0.to_owned(), want.1.to_owned())), "{want:?} missing from {roles:?}");
    }

    // Only a director manages members: the attorney is refused by the server.
    let e = p.fails("alex", ATTORNEY_PW, &["member", "add", "--login", "eve", "--name", "Eve", "--role", "director"]);
    assert!(e.contains("only a director"), "{e}");
    let mut as_attorney = p.sql("alex", ATTORNEY_PW);
    refused("an attorney creating a login", as_attorney.batch_execute("CREATE ROLE eve LOGIN PASSWORD 'x'"));
    refused(
        "an attorney adding a member row",
        as_attorney.batch_execute("INSERT INTO member (login, volunteer_id) SELECT 'alex2', id FROM volunteer LIMIT 1"),
    );

    // Bad input names the field and changes nothing.
    let e =
        p.fails(DIRECTOR, DIRECTOR_PW, &["member", "add", "--login", "Bad Login", "--name", "X", "--role", "student"]);
    assert!(e.contains("login:"), "{e}");
    let e = p.fails(
        DIRECTOR,
        DIRECTOR_PW,
        &["member", "add", "--login", "sam", "--name", "Sam Again", "--role", "student"],
    );
    assert!(e.contains("already exists"), "{e}");
    let e = p.fails(DIRECTOR, DIRECTOR_PW, &["member", "add", "--login", "kim", "--name", "Kim", "--role", "dean"]);
    assert!(e.contains("role:"), "{e}");
    assert_eq!(count(&mut p.sql(DIRECTOR, DIRECTOR_PW), "SELECT count(*) FROM member"), 4);

    // Role change and removal: the login keeps its history but can no longer connect.
    assert!(p.ok(DIRECTOR, DIRECTOR_PW, &["member", "role", "sam", "attorney"]).contains("sam is now attorney"));
    assert_eq!(count(&mut p.sql("sam", STUDENT_PW), "SELECT count(*) FROM client"), 0, "no clients recorded yet");
    p.ok(DIRECTOR, DIRECTOR_PW, &["member", "remove", "sam"]);
    let e = p.fails("sam", STUDENT_PW, &["team", "status"]);
    assert!(e.contains("refused the login"), "{e}");
    let list = p.ok(DIRECTOR, DIRECTOR_PW, &["member", "list"]);
    assert!(list.lines().any(|l| l.contains("sam") && l.contains("removed")), "{list}");
    // The last director cannot step down or remove themselves.
    assert!(p.fails(DIRECTOR, DIRECTOR_PW, &["member", "role", "dana", "attorney"]).contains("no director left"));
    assert!(p.fails(DIRECTOR, DIRECTOR_PW, &["member", "remove", "dana"]).contains("cannot remove yourself"));

    // Every change is in the audit trail under the login that made it.
    let mut d = p.sql(DIRECTOR, DIRECTOR_PW);
    assert_eq!(
        count(
            &mut d,
            "SELECT count(*) FROM audit_event WHERE actor = 'dana' AND action = 'member' AND entity_id = 'sam: role attorney'"
        ),
        1
    );
    assert_eq!(
        count(
            &mut d,
            "SELECT count(*) FROM audit_event WHERE actor = 'dana' AND entity = 'member' AND action = 'update' AND entity_id = 'sam'"
        ),
        1
    );
    // The passwords never reached the server, whose log holds every statement
    // (log_statement = 'all' in the test cluster): only SCRAM verifiers were sent.
    let log = p.cluster.log();
    assert!(log.contains("CREATE ROLE") && log.contains("SCRAM-SHA-256$"), "the log holds the statements");
    for secret in [ATTORNEY_PW, STUDENT_PW, VOLUNTEER_PW, otp.as_str()] {
        assert!(!log.contains(secret), "a password is in the server log");
    }
}

#[test]
fn each_role_sees_and_changes_only_what_the_servers_policies_allow() {
    let p = Program::set_up();
    p.add_member("alex", "Alex Attorney", "attorney", ATTORNEY_PW);
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    p.add_member("val", "Val Volunteer", "volunteer", VOLUNTEER_PW);
    seed(&p);
    // Assignments through the CLI: the student on two matters, the volunteer on one.
    for (matter, who) in [("PB-2027-0001", "sam"), ("PB-2027-0002", "sam"), ("PB-2027-0002", "val")] {
        assert!(p.ok("alex", ATTORNEY_PW, &["matter", "assign", matter, "--volunteer", who]).contains("Assigned"));
    }
    assert!(p.ok("alex", ATTORNEY_PW, &["matter", "assign", "PB-2027-0002", "--volunteer", "val"]).contains("Already"));
    assert!(
        p.fails("alex", ATTORNEY_PW, &["matter", "assign", "PB-2027-9999", "--volunteer", "val"]).contains("not found")
    );
    // A student cannot assign (the server refuses the insert).
    let e = p.fails("sam", STUDENT_PW, &["matter", "assign", "PB-2027-0001", "--volunteer", "sam"]);
    assert!(e.contains("does not allow") && e.contains("assignment"), "{e}");

    let mut d = p.sql(DIRECTOR, DIRECTOR_PW);
    let mut a = p.sql("alex", ATTORNEY_PW);
    let mut s = p.sql("sam", STUDENT_PW);
    let mut v = p.sql("val", VOLUNTEER_PW);

    // Director and attorney: every client and matter.
    for c in [&mut d, &mut a] {
        assert_eq!(count(c, "SELECT count(*) FROM matter"), 3);
        assert_eq!(count(c, "SELECT count(*) FROM client"), 3);
    }
    // Student: their assigned matters and those matters' clients, nothing else.
    assert_eq!(count(&mut s, "SELECT count(*) FROM matter"), 2);
    assert_eq!(count(&mut s, "SELECT count(*) FROM client"), 2);
    assert_eq!(count(&mut s, "SELECT count(*) FROM client WHERE name = 'Mei Chen'"), 0);
    // Volunteer: no client data at all, and only the case references of their matters.
    assert_eq!(refused("a volunteer reading clients", v.query("SELECT name FROM client", &[])), "42501");
    assert_eq!(refused("a volunteer reading whole matters", v.query("SELECT * FROM matter", &[])), "42501");
    assert_eq!(refused("a volunteer reading a matter's client", v.query("SELECT client_id FROM matter", &[])), "42501");
    let refs: Vec<String> =
        v.query("SELECT case_ref FROM matter", &[]).expect("case refs").iter().map(|r| r.get(0)).collect();
    assert_eq!(refs, ["PB-2027-0002"]);

    // Writes outside the role's scope are refused by the server.
    assert_eq!(
        refused(
            "a student opening a client",
            s.execute("INSERT INTO client (id, name) VALUES (gen_random_uuid(), 'X')", &[])
        ),
        "42501"
    );
    assert_eq!(
        refused(
            "a student closing a matter",
            s.execute(
                "UPDATE matter SET closed = '2027-06-01', version = version WHERE case_ref = 'PB-2027-0001'",
                &[]
            )
        ),
        "42501"
    );
    assert_eq!(refused("an attorney deleting a matter", a.execute("DELETE FROM matter", &[])), "42501");
    // An attorney closes matters and records outcomes.
    assert_eq!(
        a.execute("UPDATE matter SET closed = '2027-06-01', relief_outcome = 'granted', version = 1 WHERE case_ref = 'PB-2027-0003'", &[])
            .expect("attorney closes"),
        1
    );

    // Time: students and volunteers log their own, on their matters only.
    let my = |c: &mut postgres::Client| -> String {
        c.query_one("SELECT my_volunteer()::text", &[]).expect("my_volunteer").get(0)
    };
    let (sam_id, val_id) = (my(&mut s), my(&mut v));
    let log = |c: &mut postgres::Client, matter: &str, volunteer: &str| {
        c.execute(
            "INSERT INTO time_entry (id, matter_id, volunteer_id, date, minutes, activity)
             SELECT gen_random_uuid(), id, $2::text::uuid, '2027-04-01', 90, 'interview' FROM matter WHERE case_ref = $1",
            &[&matter, &volunteer],
        )
    };
    assert_eq!(log(&mut s, "PB-2027-0001", &sam_id).expect("student logs own time"), 1);
    assert_eq!(log(&mut v, "PB-2027-0002", &val_id).expect("volunteer logs own time"), 1);
    // For a matter they are not on: the student cannot even see it (0 rows), and naming its
    // id directly is refused by the policy's check.
    assert_eq!(log(&mut s, "PB-2027-0003", &sam_id).expect("nothing to insert"), 0);
    assert_eq!(
        refused(
            "a student logging time on a matter they are not on",
            s.execute(
                "INSERT INTO time_entry (id, matter_id, volunteer_id, date, minutes) VALUES
                 (gen_random_uuid(), '00000000-0000-7000-8000-0000000000a3', $1::text::uuid, '2027-04-01', 30)",
                &[&sam_id],
            ),
        ),
        "42501"
    );
    assert_eq!(refused("a student logging time as someone else", log(&mut s, "PB-2027-0002", &val_id)), "42501");
    // A student sees all time on their matters (their own and the volunteer's); the
    // volunteer only their own.
    assert_eq!(count(&mut s, "SELECT count(*) FROM time_entry"), 2);
    assert_eq!(count(&mut v, "SELECT count(*) FROM time_entry"), 1);
    // The volunteer's entry is visible to the student but not theirs to change: 0 rows.
    assert_eq!(
        s.execute("UPDATE time_entry SET minutes = 1, version = version WHERE volunteer_id <> my_volunteer()", &[])
            .expect("update"),
        0
    );
    assert_eq!(count(&mut a, "SELECT count(*) FROM time_entry WHERE minutes = 1"), 0);
    assert_eq!(count(&mut a, "SELECT count(*) FROM time_entry"), 2);

    // Notes and hearings: students add them on their matters, not elsewhere.
    s.execute(
        "INSERT INTO note (id, matter_id, body) VALUES (gen_random_uuid(), '00000000-0000-7000-8000-0000000000a1', 'Called the client')",
        &[],
    )
    .expect("student adds a note on their matter");
    assert_eq!(
        refused(
            "a student adding a note on another matter",
            s.execute("INSERT INTO note (id, matter_id, body) VALUES (gen_random_uuid(), '00000000-0000-7000-8000-0000000000a3', 'x')", &[]),
        ),
        "42501"
    );
    s.execute(
        "INSERT INTO hearing (id, matter_id, at, kind) VALUES (gen_random_uuid(), '00000000-0000-7000-8000-0000000000a2', '2027-05-02T09:00', 'bond')",
        &[],
    )
    .expect("student adds a hearing on their matter");
    assert_eq!(refused("a volunteer reading notes", v.query("SELECT body FROM note", &[])), "42501");
    assert_eq!(count(&mut a, "SELECT count(*) FROM note"), 1);
    // An attorney not on the matter logs time there: the student's hours report still runs
    // and names them (whose time a student sees, they see the name of).
    let alex_id = my(&mut a);
    log(&mut a, "PB-2027-0001", &alex_id).expect("attorney logs time");
    let out = p.ok("sam", STUDENT_PW, &["report", "hours", "--from", "2027-01-01", "--to", "2027-12-31"]);
    assert!(out.contains("Alex Attorney"), "{out}");

    // Members and settings: only the director writes them.
    assert_eq!(count(&mut s, "SELECT count(*) FROM member"), 1, "a student sees only their own member row");
    assert_eq!(
        refused(
            "a student changing a setting",
            s.execute("INSERT INTO settings (key, value) VALUES ('program_name', 'x')", &[])
        ),
        "42501"
    );
    // The student sees the volunteers on their matters (themselves and Val) and Alex, who
    // logged time on one; not the director.
    assert_eq!(count(&mut s, "SELECT count(*) FROM volunteer"), 3);
    assert_eq!(count(&mut s, "SELECT count(*) FROM volunteer WHERE name = 'Dana Director'"), 0);
    assert_eq!(count(&mut v, "SELECT count(*) FROM volunteer"), 1);
}

#[test]
fn nobody_can_change_the_audit_trail_the_director_included() {
    let p = Program::set_up();
    p.add_member("alex", "Alex Attorney", "attorney", ATTORNEY_PW);
    seed(&p);
    let mut d = p.sql(DIRECTOR, DIRECTOR_PW);
    let mut a = p.sql("alex", ATTORNEY_PW);
    a.execute("UPDATE client SET notes = 'x', version = 1 WHERE name = 'Luis Ortega'", &[]).expect("attorney edits");
    // Triggers wrote the events with the logins as actors.
    assert_eq!(
        count(
            &mut d,
            "SELECT count(*) FROM audit_event WHERE actor = 'dana' AND entity = 'matter' AND action = 'insert'"
        ),
        3
    );
    assert_eq!(
        count(
            &mut d,
            "SELECT count(*) FROM audit_event WHERE actor = 'alex' AND entity = 'client' AND action = 'update'"
        ),
        1
    );
    let before = count(&mut d, "SELECT count(*) FROM audit_event");
    for (who, c) in [("director", &mut d), ("attorney", &mut a)] {
        for sql in [
            "UPDATE audit_event SET actor = 'someone else'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
            "INSERT INTO audit_event (actor, action, entity) VALUES ('x', 'insert', 'client')",
        ] {
            assert_eq!(refused(&format!("{who}: {sql}"), c.batch_execute(sql)), "42501", "{who}: {sql}");
        }
    }
    // What the app records for a PDF goes through a function that names the caller itself.
    a.execute("SELECT record_access('export', 'matter', 'PB-2027-0001')", &[]).expect("record an export");
    assert_eq!(count(&mut d, "SELECT count(*) FROM audit_event WHERE actor = 'alex' AND action = 'export'"), 1);
    assert_eq!(count(&mut d, "SELECT count(*) FROM audit_event"), before + 1);
}

#[test]
fn a_save_over_a_newer_version_is_refused_naming_who_saved_and_when() {
    let p = Program::set_up();
    p.add_member("alex", "Alex Attorney", "attorney", ATTORNEY_PW);
    seed(&p);
    let mut d = p.sql(DIRECTOR, DIRECTOR_PW);
    let mut a = p.sql("alex", ATTORNEY_PW);
    let read = |c: &mut postgres::Client| -> i32 {
        c.query_one("SELECT version FROM matter WHERE case_ref = 'PB-2027-0002'", &[]).expect("read").get(0)
    };
    // Both read version 1; Alex saves first.
    let (vd, va) = (read(&mut d), read(&mut a));
    assert_eq!((vd, va), (1, 1));
    a.execute("UPDATE matter SET court = 'Houston', version = $1 WHERE case_ref = 'PB-2027-0002'", &[&va])
        .expect("first save");
    // Dana's save over the version she read is refused, naming Alex.
    let err = d
        .execute("UPDATE matter SET court = 'Dallas', version = $1 WHERE case_ref = 'PB-2027-0002'", &[&vd])
        .expect_err("a save over a newer version");
    let db = err.as_db_error().expect("a server error");
    assert_eq!(db.code().code(), "PB409");
    assert!(db.message().starts_with("changed by Alex Attorney at 20"), "{}", db.message());
    assert!(db.message().ends_with("UTC — reload to see it"), "{}", db.message());
    // Nothing was overwritten; after reloading, her save goes through as version 3.
    let court: String =
        d.query_one("SELECT court FROM matter WHERE case_ref = 'PB-2027-0002'", &[]).expect("court").get(0);
    assert_eq!(court, "Houston");
    let now = read(&mut d);
    d.execute("UPDATE matter SET court = 'Dallas', version = $1 WHERE case_ref = 'PB-2027-0002'", &[&now])
        .expect("save after reload");
    assert_eq!(read(&mut a), 3);
    let by: String =
        a.query_one("SELECT updated_by FROM matter WHERE case_ref = 'PB-2027-0002'", &[]).expect("by").get(0);
    assert_eq!(by, "dana");
}

#[test]
fn unsafe_or_wrong_connections_are_refused_with_a_plain_message() {
    let p = Program::set_up();
    // Wrong password.
    let e = p.fails(DIRECTOR, "not the password", &["team", "status"]);
    assert!(e.contains("refused the login: wrong login name or password"), "{e}");
    assert!(!e.contains("not the password"));
    // A certificate from an authority we were not told to trust.
    let other_ca = cluster::make_ca("Some other CA");
    let other = p.home.path().join("other-ca.pem");
    cluster::write_pem(&other, &other_ca.cert);
    let url = format!("postgres://{DIRECTOR}@localhost:{}/{DB}?sslrootcert={}", p.cluster.port(), other.display());
    let out = p.cmd_url(&url, DIRECTOR_PW, &["team", "status"]).output().expect("runs");
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(e.contains("refused as unsafe") && e.contains("not signed by a trusted authority"), "{e}");
    // The right CA but another host name (127.0.0.1 is in the certificate; 127.0.0.2 is not).
    // Without a root file the system's roots are used, which do not know the test CA.
    let url = format!("postgres://{DIRECTOR}@localhost:{}/{DB}", p.cluster.port());
    let e = String::from_utf8_lossy(&p.cmd_url(&url, DIRECTOR_PW, &["team", "status"]).output().expect("runs").stderr)
        .into_owned();
    assert!(e.contains("refused as unsafe"), "{e}");
    // Plain connections: to this computer only, and only when asked.
    let plain = format!("postgres://{DIRECTOR}@localhost:{}/{DB}?sslmode=disable", p.cluster.port());
    let out = p.cmd_url(&plain, DIRECTOR_PW, &["team", "status", "--json"]).output().expect("runs");
    assert!(out.status.success(), "{out:?}");
    let socket = format!(
        "postgres://{DIRECTOR}@{}:{}/{DB}",
        p.cluster.socket_dir().display().to_string().replace('/', "%2F"),
        p.cluster.port()
    );
    let e =
        String::from_utf8_lossy(&p.cmd_url(&socket, DIRECTOR_PW, &["team", "status"]).output().expect("runs").stderr)
            .into_owned();
    assert!(e.contains("Unix socket") && e.contains("sslmode=disable"), "{e}");
    let out = p.cmd_url(&format!("{socket}?sslmode=disable"), DIRECTOR_PW, &["team", "status"]).output().expect("runs");
    assert!(out.status.success(), "{out:?}");
    // A password in the URL is refused before anything is sent.
    let with_pw = format!("postgres://{DIRECTOR}:{}@localhost:{}/{DB}", "secret123", p.cluster.port());
    let out = p.cmd_url(&with_pw, DIRECTOR_PW, &["team", "status"]).output().expect("runs");
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("PROBONO_PASSWORD") && !e.contains("secret123"), "{e}");
    // Nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let gone = format!("postgres://{DIRECTOR}@localhost:{port}/{DB}?sslrootcert={}", p.cluster.ca().display());
    let e = String::from_utf8_lossy(&p.cmd_url(&gone, DIRECTOR_PW, &["team", "status"]).output().expect("runs").stderr)
        .into_owned();
    assert!(e.contains("cannot be reached"), "{e}");
    // A vault's own commands are not run against a server by mistake.
    let e = p.fails(DIRECTOR, DIRECTOR_PW, &["check"]);
    assert!(e.contains("does not work on a team server yet"), "{e}");
}

#[test]
fn an_expired_server_certificate_is_refused() {
    let p = Program::bare(Cluster::start_with(ServerCert::Expired));
    let e = p.fails(DIRECTOR, DIRECTOR_PW, &["team", "init", "--name", "Dana Director"]);
    assert!(e.contains("refused as unsafe") && e.contains("expired"), "{e}");
    // Nothing was set up.
    let mut admin = p.cluster.admin(DB);
    assert_eq!(count(&mut admin, "SELECT count(*) FROM pg_namespace WHERE nspname = 'probono'"), 0);
    assert_eq!(count(&mut admin, "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'clinic_%'"), 0);
}

#[test]
fn a_team_database_older_or_newer_than_the_program_is_refused_clearly() {
    let p = Program::set_up();
    let mut admin = p.cluster.admin(DB);
    admin.batch_execute("UPDATE schema_version SET version = 99").expect("pretend a newer program upgraded it");
    let e = p.fails(DIRECTOR, DIRECTOR_PW, &["member", "list"]);
    let now = probono_team::SCHEMA_VERSION;
    assert!(e.contains(&format!("schema version 99, newer than this program knows ({now})")), "{e}");
    let e = p.fails(DIRECTOR, DIRECTOR_PW, &["team", "init"]);
    assert!(e.contains("newer than this program knows"), "{e}");
    admin.batch_execute("UPDATE schema_version SET version = 0").expect("pretend an older schema");
    let e = p.fails(DIRECTOR, DIRECTOR_PW, &["member", "list"]);
    assert!(e.contains(&format!("older than this program's {now}")), "{e}");
    // Upgrading runs as the owner role: the director is told who can.
    let e = p.fails(DIRECTOR, DIRECTOR_PW, &["team", "init"]);
    assert!(e.contains(&format!("from schema 0 to {now}")) && e.contains("server's administrator"), "{e}");
    // A database nobody set up.
    admin.batch_execute("CREATE DATABASE empty OWNER dana").expect("empty database");
    let url = p.cluster.url(DIRECTOR, "empty");
    let e = String::from_utf8_lossy(&p.cmd_url(&url, DIRECTOR_PW, &["member", "list"]).output().expect("runs").stderr)
        .into_owned();
    assert!(e.contains("holds no Pro Bono Desk team yet"), "{e}");
    // A login that may not create roles cannot set one up, and nothing is made.
    admin.batch_execute("ALTER ROLE dana NOCREATEROLE").expect("no createrole");
    let e = String::from_utf8_lossy(
        &p.cmd_url(&url, DIRECTOR_PW, &["team", "init", "--name", "D"]).output().expect("runs").stderr,
    )
    .into_owned();
    assert!(e.contains("may not create roles"), "{e}");
}

#[test]
fn the_director_cannot_reach_around_the_policies_and_a_second_director_manages_members() {
    let p = Program::set_up();
    p.add_member("alex", "Alex Attorney", "attorney", ATTORNEY_PW);
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    p.add_member("val", "Val Volunteer", "volunteer", VOLUNTEER_PW);
    seed(&p);
    let mut d = p.sql(DIRECTOR, DIRECTOR_PW);
    // After team init the director holds neither the owner role nor CREATEROLE, and owns
    // nothing in the program's schema: every way around the audit trail and the policies
    // that psql would offer is refused.
    for sql in [
        "CREATE ROLE mallory LOGIN",
        "GRANT clinic_owner TO dana",
        "SET ROLE clinic_owner",
        "ALTER ROLE sam PASSWORD 'taken over'",
        "DROP TABLE audit_event",
        "ALTER TABLE audit_event DISABLE TRIGGER ALL",
        "DROP FUNCTION audit_change() CASCADE",
        "ALTER TABLE client DISABLE ROW LEVEL SECURITY",
        "DROP POLICY staff ON client",
        "UPDATE member SET removed_at = now() WHERE login = 'sam'",
        "INSERT INTO member (login, volunteer_id) SELECT 'mallory', id FROM volunteer LIMIT 1",
        "SELECT note_member('sam', 'role director')",
        "CREATE TABLE probono.shadow (x int)",
    ] {
        let code = refused(&format!("the director: {sql}"), d.batch_execute(sql));
        assert_eq!(code, "42501", "{sql}");
    }
    let creates: bool =
        d.query_one("SELECT rolcreaterole FROM pg_roles WHERE rolname = 'dana'", &[]).expect("attr").get(0);
    assert!(!creates, "the director gave up CREATEROLE");

    // Names: a volunteer sees the names of people on their matters only.
    p.ok("alex", ATTORNEY_PW, &["matter", "assign", "PB-2027-0002", "--volunteer", "sam"]);
    p.ok("alex", ATTORNEY_PW, &["matter", "assign", "PB-2027-0002", "--volunteer", "val"]);
    let mut v = p.sql("val", VOLUNTEER_PW);
    let name = |c: &mut postgres::Client, login: &str| -> String {
        c.query_one("SELECT member_name($1)", &[&login]).expect("member_name").get(0)
    };
    assert_eq!(name(&mut v, "sam"), "Sam Student");
    assert_eq!(name(&mut v, "alex"), "alex", "not on Val's matters: the login only");
    assert_eq!(name(&mut d, "alex"), "Alex Attorney");
    // A note's author is the login that wrote it.
    let mut a = p.sql("alex", ATTORNEY_PW);
    a.execute(
        "INSERT INTO note (id, matter_id, author, body) VALUES (gen_random_uuid(), '00000000-0000-7000-8000-0000000000a1', 'sam', 'x')",
        &[],
    )
    .expect("note");
    let author: String = a.query_one("SELECT author FROM note", &[]).expect("author").get(0);
    assert_eq!(author, "alex");

    // A second director (promoted) manages members too, and the first may then step down.
    p.ok(DIRECTOR, DIRECTOR_PW, &["member", "role", "alex", "director"]);
    p.add_member("kim", "Kim Student", "student", "kim password 55");
    p.ok("alex", ATTORNEY_PW, &["member", "role", "dana", "attorney"]);
    assert!(
        p.fails(DIRECTOR, DIRECTOR_PW, &["member", "add", "--login", "x1", "--name", "X", "--role", "student"])
            .contains("only a director")
    );
    // A forgotten password: the director gives a new one; the old one stops working.
    let out = p.ok("alex", ATTORNEY_PW, &["member", "reset-password", "kim"]);
    let otp = out.lines().find_map(|l| l.strip_prefix("One-time password: ")).expect("a one-time password").to_owned();
    assert!(p.fails("kim", "kim password 55", &["team", "status"]).contains("refused the login"));
    assert!(p.ok("kim", &otp, &["team", "status"]).contains("student"));
    assert!(
        p.fails("alex", ATTORNEY_PW, &["member", "reset-password", "nobody"])
            .contains("team member nobody was not found")
    );
    let mut admin = p.cluster.admin(DB);
    assert_eq!(
        count(&mut admin, "SELECT count(*) FROM audit_event WHERE actor = 'alex' AND entity_id = 'kim: new password'"),
        1
    );
}

#[test]
fn two_programs_never_share_a_group() {
    let p = Program::set_up();
    // Another program whose database name folds to the same role names ("Clinic" -> clinic_*).
    let mut admin = p.cluster.admin("postgres");
    admin.batch_execute("CREATE ROLE erin LOGIN CREATEROLE PASSWORD 'erin password 77'").expect("erin");
    admin.batch_execute("CREATE DATABASE \"Clinic\" OWNER erin").expect("db");
    let url = p.cluster.url("erin", "Clinic");
    let out = p.cmd_url(&url, "erin password 77", &["team", "init", "--name", "Erin"]).output().expect("runs");
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(e.contains("the role clinic_owner exists already"), "{e}");
    let mut other = p.cluster.admin("Clinic");
    assert_eq!(count(&mut other, "SELECT count(*) FROM pg_namespace WHERE nspname = 'probono'"), 0);
    let creates: bool =
        other.query_one("SELECT rolcreaterole FROM pg_roles WHERE rolname = 'erin'", &[]).expect("attr").get(0);
    assert!(creates, "nothing changed for erin");
    // A login that is not one of the program's members cannot even connect to its database.
    let code =
        p.cluster.sql("erin", "erin password 77", DB).map(|_| ()).map_err(|e| e.code().map(|c| c.code().to_owned()));
    assert_eq!(code, Err(Some("42501".to_owned())), "erin may not connect to another program's database");
}

const VAULT_PASSPHRASE: &str = "correct horse battery staple";

/// `probono --vault DIR …` with the vault's passphrase.
fn vault_cli(p: &Program, vault: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(probono_bin())
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("PROBONO_PASSPHRASE", VAULT_PASSPHRASE)
        .env("HOME", p.home.path())
        .env("TMPDIR", p.home.path())
        .env("PROBONO_KEYRING", "off")
        .env_remove("PROBONO_SERVER")
        .stdin(Stdio::null())
        .output()
        .expect("probono runs");
    assert!(out.status.success(), "probono {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn a_vaults_records_are_pushed_into_an_empty_team_database_with_their_ids() {
    let p = Program::set_up();
    let vault = p.home.path().join("demo-vault");
    vault_cli(&p, &vault, &["demo"]);
    // The vault's own counts, from a JSON export's manifest.
    let export = p.home.path().join("export");
    let mut c = Command::new(probono_bin());
    c.arg("--vault").arg(&vault).args(["export", "--format", "json", "--out"]).arg(&export);
    c.env("PROBONO_PASSPHRASE", VAULT_PASSPHRASE).env("PROBONO_KEYRING", "off").env("HOME", p.home.path());
    let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("export");
    writeln!(child.stdin.take().expect("stdin"), "{VAULT_PASSPHRASE}").expect("confirm");
    let out = child.wait_with_output().expect("export");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export.join("manifest.json")).expect("manifest")).expect("json");
    let volunteers: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export.join("volunteers.json")).expect("volunteers")).expect("json");
    // One of the vault's volunteers is already a member (same e-mail, other case): merged.
    let twin =
        volunteers.as_array().expect("array").iter().find(|v| v["email"].is_string()).expect("a volunteer with e-mail");
    let twin_email = twin["email"].as_str().expect("email").to_uppercase();
    let twin_id = twin["id"].as_str().expect("id").to_owned();
    let added = p.ok(
        DIRECTOR,
        DIRECTOR_PW,
        &["member", "add", "--login", "twin", "--name", "Twin", "--email", &twin_email, "--role", "attorney", "--json"],
    );
    let member_volunteer = serde_json::from_str::<serde_json::Value>(&added).expect("json")["volunteer_id"]
        .as_str()
        .expect("id")
        .to_owned();

    // A student may not push; the director must type the vault's passphrase again.
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    let push = |login: &str, password: &str, confirm: &str| -> Output {
        let mut c = p.cmd_url(&p.url(login), password, &["team", "push", "--vault"]);
        c.arg(&vault).env("PROBONO_PASSPHRASE", VAULT_PASSPHRASE);
        let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("push");
        writeln!(child.stdin.take().expect("stdin"), "{confirm}").expect("confirm");
        child.wait_with_output().expect("push")
    };
    let out = push("sam", STUDENT_PW, VAULT_PASSPHRASE);
    assert!(String::from_utf8_lossy(&out.stderr).contains("only a director"), "{out:?}");
    let out = push(DIRECTOR, DIRECTOR_PW, "not the passphrase");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let mut admin = p.cluster.admin(DB);
    assert_eq!(count(&mut admin, "SELECT count(*) FROM probono.client"), 0, "nothing copied without the passphrase");

    let out = push(DIRECTOR, DIRECTOR_PW, VAULT_PASSPHRASE);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("is the member twin"), "{text}");

    // Every kind of record arrived, as many as the vault holds (the merged volunteer aside).
    let counts = &manifest["counts"];
    let vault_count = |file: &str| counts[file].as_i64().unwrap_or_else(|| panic!("no count for {file}"));
    for (file, table) in [
        ("clients", "client"),
        ("matters", "matter"),
        ("parties", "party"),
        ("assignments", "assignment"),
        ("time_entries", "time_entry"),
        ("hearings", "hearing"),
        ("notes", "note"),
        ("organizations", "organization"),
        ("deadline_decisions", "deadline_decision"),
        ("conflict_checks", "conflict_check"),
    ] {
        let team = count(&mut admin, &format!("SELECT count(*) FROM probono.{table}"));
        assert_eq!(team, vault_count(file), "{table}");
    }
    assert!(vault_count("time_entries") > 100 && vault_count("clients") > 10, "the demo holds a program");
    // Volunteers: the vault's, less the twin, plus the members' own records (dana, twin, sam).
    assert_eq!(count(&mut admin, "SELECT count(*) FROM probono.volunteer"), vault_count("volunteers") - 1 + 3);
    // Ids kept: every vault client is there under its id with its fields.
    let clients: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export.join("clients.json")).expect("clients")).expect("json");
    for c in clients.as_array().expect("array") {
        let row = admin
            .query_one(
                "SELECT name, a_number, country, array_to_json(languages)::text FROM probono.client WHERE id = $1::text::uuid",
                &[&c["id"].as_str().expect("id")],
            )
            .expect("the client is there under its id");
        assert_eq!(row.get::<_, String>(0), c["name"].as_str().expect("name"));
        assert_eq!(row.get::<_, Option<String>>(1).as_deref(), c["a_number"].as_str());
        assert_eq!(row.get::<_, Option<String>>(2).as_deref(), c["country"].as_str());
        let langs: serde_json::Value = serde_json::from_str(&row.get::<_, String>(3)).expect("languages");
        assert_eq!(langs, c["languages"]);
    }
    // The hours: the same total, and the twin's time is the member's now.
    let hours: i64 = admin.query_one("SELECT sum(minutes)::bigint FROM probono.time_entry", &[]).expect("sum").get(0);
    let entries: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export.join("time_entries.json")).expect("time")).expect("json");
    let vault_minutes: i64 =
        entries.as_array().expect("array").iter().map(|e| e["minutes"].as_i64().expect("minutes")).sum();
    assert_eq!(hours, vault_minutes);
    let twin_entries =
        entries.as_array().expect("array").iter().filter(|e| e["volunteer_id"] == twin_id.as_str()).count() as i64;
    let member_entries: i64 = admin
        .query_one("SELECT count(*) FROM probono.time_entry WHERE volunteer_id = $1::text::uuid", &[&member_volunteer])
        .expect("count")
        .get(0);
    assert_eq!(member_entries, twin_entries);
    // …and what the vault knew of them (organization, role), so their hours count as before.
    let (org, role): (Option<String>, String) = {
        let r = admin
            .query_one(
                "SELECT organization_id::text, role FROM probono.volunteer WHERE id = $1::text::uuid",
                &[&member_volunteer],
            )
            .expect("member volunteer");
        (r.get(0), r.get(1))
    };
    assert_eq!(org.as_deref(), twin["organization_id"].as_str());
    assert_eq!(role, twin["role"].as_str().expect("role"));
    // A second push into the now full database is refused and changes nothing.
    let out = push(DIRECTOR, DIRECTOR_PW, VAULT_PASSPHRASE);
    assert!(String::from_utf8_lossy(&out.stderr).contains("already holds records"), "{out:?}");
    assert_eq!(count(&mut admin, "SELECT count(*) FROM probono.client"), vault_count("clients"));
    // And the students' view works on pushed records: a matter assigned, its client visible.
    let first_matter: String =
        admin.query_one("SELECT case_ref FROM probono.matter ORDER BY case_ref LIMIT 1", &[]).expect("m").get(0);
    p.ok(DIRECTOR, DIRECTOR_PW, &["matter", "assign", &first_matter, "--volunteer", "sam"]);
    let mut s = p.sql("sam", STUDENT_PW);
    assert_eq!(count(&mut s, "SELECT count(*) FROM matter"), 1);
    assert_eq!(count(&mut s, "SELECT count(*) FROM client"), 1);
}

/// `probono report KIND --format json` with the given place (vault or server) arguments.
fn report_json(
    p: &Program,
    place: &[&str],
    server_password: Option<&str>,
    kind: &str,
    period: &[&str],
) -> serde_json::Value {
    let mut c = Command::new(probono_bin());
    c.args(place).args(["report", kind, "--format", "json"]).args(period);
    c.env("PROBONO_PASSPHRASE", VAULT_PASSPHRASE)
        .env("HOME", p.home.path())
        .env("TMPDIR", p.home.path())
        .env("PROBONO_KEYRING", "off")
        .env_remove("PROBONO_SERVER")
        .env_remove("PROBONO_VAULT")
        .stdin(Stdio::null());
    if let Some(pw) = server_password {
        c.env("PROBONO_PASSWORD", pw);
    }
    let out = c.output().expect("probono runs");
    assert!(out.status.success(), "report {kind} {place:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("report JSON")
}

/// A demo vault made with `probono demo` and pushed into the program's team database.
fn push_demo(p: &Program) -> PathBuf {
    let vault = p.home.path().join("demo-vault");
    vault_cli(p, &vault, &["demo"]);
    let mut c = p.cmd_url(&p.url(DIRECTOR), DIRECTOR_PW, &["team", "push", "--vault"]);
    c.arg(&vault).env("PROBONO_PASSPHRASE", VAULT_PASSPHRASE);
    let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("push");
    writeln!(child.stdin.take().expect("stdin"), "{VAULT_PASSPHRASE}").expect("confirm");
    let out = child.wait_with_output().expect("push");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    vault
}

#[test]
fn the_impact_and_hours_reports_give_the_same_figures_on_both_engines() {
    let p = Program::set_up();
    let vault = push_demo(&p);

    let mut admin = p.cluster.admin(DB);
    let last_year: i32 =
        admin.query_one("SELECT extract(year FROM max(date))::int FROM probono.time_entry", &[]).expect("year").get(0);
    let year = last_year.to_string();
    let vault_place = ["--vault", vault.to_str().expect("utf-8")];
    let url = p.url(DIRECTOR);
    let server_place = ["--server", url.as_str()];
    for period in [vec!["--year", year.as_str()], vec!["--from", "2020-01-01", "--to", "2030-12-31"]] {
        for kind in ["impact", "hours"] {
            let on_vault = report_json(&p, &vault_place, None, kind, &period);
            let on_server = report_json(&p, &server_place, Some(DIRECTOR_PW), kind, &period);
            assert_eq!(on_server, on_vault, "{kind} {period:?}: the two engines disagree");
        }
    }
    // The figures are not empty: the demo program had a year.
    let impact = report_json(&p, &server_place, Some(DIRECTOR_PW), "impact", &["--year", &year]);
    assert!(
        impact["active_matters"].as_i64().unwrap_or(0) > 5 && impact["total_hours"].as_f64().unwrap_or(0.0) > 10.0,
        "{impact}"
    );
    assert!(
        impact["languages"].as_i64().unwrap_or(0) > 1 && impact["detention_facilities"].as_i64().unwrap_or(0) > 0,
        "{impact}"
    );
    // Taking a report out is in the server's audit trail.
    assert!(
        count(
            &mut admin,
            "SELECT count(*) FROM probono.audit_event WHERE actor = 'dana' AND action = 'export' AND entity = 'report'"
        ) >= 4
    );
}

#[test]
fn members_log_their_time_and_the_same_entry_sent_twice_is_stored_once() {
    let p = Program::set_up();
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    seed(&p);
    p.ok(DIRECTOR, DIRECTOR_PW, &["matter", "assign", "PB-2027-0001", "--volunteer", "sam"]);
    // From the command line, naming themselves.
    let out = p.ok(
        "sam",
        STUDENT_PW,
        &[
            "time",
            "log",
            "--volunteer",
            "sam",
            "--matter",
            "PB-2027-0001",
            "--date",
            "2026-05-04",
            "--hours",
            "1.5",
            "--json",
        ],
    );
    let entry: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!((entry["minutes"].as_i64(), entry["case_ref"].as_str()), (Some(90), Some("PB-2027-0001")));
    assert_eq!(entry["volunteer_name"], "Sam Student");
    // Not their matter: as if it did not exist. Bad hours: the field named, nothing stored.
    let e =
        p.fails("sam", STUDENT_PW, &["time", "log", "--volunteer", "sam", "--matter", "PB-2027-0003", "--hours", "1"]);
    assert!(e.contains("matter: no matter you can see"), "{e}");
    let e =
        p.fails("sam", STUDENT_PW, &["time", "log", "--volunteer", "sam", "--matter", "PB-2027-0001", "--hours", "25"]);
    assert!(e.starts_with("error: hours:"), "{e}");
    // The outbox's guarantee: an entry resent with its id is stored once.
    let url = probono_team::ServerUrl::parse(&p.url("sam")).expect("url");
    let mut team = probono_team::Team::connect(&url, STUDENT_PW).expect("connect");
    let id = uuid::Uuid::now_v7();
    let draft = probono_core::model::TimeEntryDraft {
        volunteer: String::new(),
        matter: "PB-2027-0001".into(),
        date: "2026-05-05".into(),
        hours: "2".into(),
        activity: Some("resent".into()),
    };
    let today = jiff::civil::date(2026, 6, 1);
    let first = team.log_time(id, &draft, today).expect("first send");
    let again = team.log_time(id, &draft, today).expect("second send");
    assert_eq!(first, again);
    let mut admin = p.cluster.admin(DB);
    assert_eq!(count(&mut admin, "SELECT count(*) FROM probono.time_entry"), 2);
    assert_eq!(count(&mut admin, "SELECT sum(minutes)::bigint FROM probono.time_entry"), 90 + 120);
}

#[test]
fn a_backup_of_the_team_database_restores_as_a_vault_with_the_same_figures() {
    let p = Program::set_up();
    push_demo(&p);
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    let file = p.home.path().join("team.pbbackup");
    let backup_pass = "a passphrase for the backup";
    let mut c = p.cmd_url(&p.url(DIRECTOR), DIRECTOR_PW, &["backup"]);
    c.arg(&file).env("PROBONO_PASSPHRASE", backup_pass);
    let out = c.output().expect("backup");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("Wrote and verified") && text.contains("recovery key"), "{text}");
    // Only staff take backups: a student's view is part of the records.
    let mut c = p.cmd_url(&p.url("sam"), STUDENT_PW, &["backup"]);
    let out =
        c.arg(p.home.path().join("student.pbbackup")).env("PROBONO_PASSPHRASE", backup_pass).output().expect("backup");
    assert!(String::from_utf8_lossy(&out.stderr).contains("taken by a director or an attorney"), "{out:?}");
    assert!(!p.home.path().join("student.pbbackup").exists());
    // No client name in plaintext in the file.
    let bytes = std::fs::read(&file).expect("the backup file");
    let mut admin = p.cluster.admin(DB);
    let some_client: String =
        admin.query_one("SELECT name FROM probono.client ORDER BY name LIMIT 1", &[]).expect("c").get(0);
    assert!(
        !bytes.windows(some_client.len()).any(|w| w == some_client.as_bytes()),
        "a client's name is readable in the backup"
    );
    // Restored as a vault: the same records, the same figures as the server's.
    let restored = p.home.path().join("restored");
    let out = Command::new(probono_bin())
        .args(["restore"])
        .arg(&file)
        .arg("--vault")
        .arg(&restored)
        .env("PROBONO_PASSPHRASE", backup_pass)
        .env("HOME", p.home.path())
        .env("PROBONO_KEYRING", "off")
        .stdin(Stdio::null())
        .output()
        .expect("restore");
    assert!(out.status.success(), "restore: {}", String::from_utf8_lossy(&out.stderr));
    let year: i32 =
        admin.query_one("SELECT extract(year FROM max(date))::int FROM probono.time_entry", &[]).expect("year").get(0);
    let year = year.to_string();
    let url = p.url(DIRECTOR);
    for kind in ["impact", "hours"] {
        let out = Command::new(probono_bin())
            .arg("--vault")
            .arg(&restored)
            .args(["report", kind, "--format", "json", "--year", &year])
            .env("PROBONO_PASSPHRASE", backup_pass)
            .env("HOME", p.home.path())
            .env("PROBONO_KEYRING", "off")
            .env_remove("PROBONO_SERVER")
            .stdin(Stdio::null())
            .output()
            .expect("report");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let on_restored: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let on_server = report_json(&p, &["--server", url.as_str()], Some(DIRECTOR_PW), kind, &["--year", &year]);
        assert_eq!(on_restored, on_server, "{kind}: the restored vault and the server disagree");
    }
    let out = Command::new(probono_bin())
        .arg("--vault")
        .arg(&restored)
        .args(["client", "list", "--json"])
        .env("PROBONO_PASSPHRASE", backup_pass)
        .env("HOME", p.home.path())
        .env("PROBONO_KEYRING", "off")
        .env_remove("PROBONO_SERVER")
        .output()
        .expect("list");
    let clients: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        clients.as_array().map(Vec::len).unwrap_or(0) as i64,
        count(&mut admin, "SELECT count(*) FROM probono.client")
    );
    // Nothing of the temporary vault is left behind (the CLI's TMPDIR is the test's home).
    assert_eq!(
        count(
            &mut admin,
            "SELECT count(*) FROM probono.audit_event WHERE actor = 'dana' AND action = 'export' AND entity = 'backup'"
        ),
        1
    );
    let leftovers: Vec<_> = std::fs::read_dir(p.home.path())
        .expect("temp dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("pro-bono-desk-team-backup-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary vaults left: {leftovers:?}");
}

#[test]
fn reports_read_from_a_streaming_replica_and_exports_come_from_one_snapshot() {
    let p = Program::set_up();
    let vault = push_demo(&p);
    let standby = p.cluster.start_standby();
    p.cluster.wait_replayed(&standby);
    let mut admin = p.cluster.admin(DB);
    let year: i32 =
        admin.query_one("SELECT extract(year FROM max(date))::int FROM probono.time_entry", &[]).expect("year").get(0);
    let year = year.to_string();
    // The standby serves the primary's certificate (its files are the primary's).
    let replica =
        format!("postgres://{DIRECTOR}@localhost:{}/{DB}?sslrootcert={}", standby.port(), p.cluster.ca().display());
    let url = p.url(DIRECTOR);
    let server = ["--server", url.as_str()];
    let via_replica = ["--server", url.as_str(), "--read-replica", replica.as_str()];
    let period = ["--year", year.as_str()];
    for kind in ["impact", "hours"] {
        assert_eq!(
            report_json(&p, &via_replica, Some(DIRECTOR_PW), kind, &period),
            report_json(&p, &server, Some(DIRECTOR_PW), kind, &period),
            "{kind}"
        );
    }
    // Proof that the figures come from the replica: with its replay paused, time logged on
    // the server shows in the server's report and not yet in the replica's.
    standby.admin("postgres").batch_execute("SELECT pg_wal_replay_pause()").expect("pause replay");
    let first_matter: String =
        admin.query_one("SELECT case_ref FROM probono.matter ORDER BY case_ref LIMIT 1", &[]).expect("m").get(0);
    p.ok(
        DIRECTOR,
        DIRECTOR_PW,
        &[
            "time",
            "log",
            "--volunteer",
            DIRECTOR,
            "--matter",
            &first_matter,
            "--date",
            &format!("{year}-01-15"),
            "--hours",
            "3",
        ],
    );
    let hours = |place: &[&str]| {
        report_json(&p, place, Some(DIRECTOR_PW), "impact", &period)["total_hours"].as_f64().expect("hours")
    };
    let (on_server, on_replica) = (hours(&server), hours(&via_replica));
    assert!((on_server - on_replica - 3.0).abs() < 1e-9, "server {on_server}, replica {on_replica}");
    standby.admin("postgres").batch_execute("SELECT pg_wal_replay_resume()").expect("resume replay");
    p.cluster.wait_replayed(&standby);
    assert!((hours(&via_replica) - on_server).abs() < 1e-9);
    // The audit events of reports read from the replica are on the server.
    assert!(
        count(&mut admin, "SELECT count(*) FROM probono.audit_event WHERE action = 'export' AND entity = 'report'")
            >= 6
    );
    // Only reports read from a replica.
    let out = p.cmd_url(&url, DIRECTOR_PW, &["--read-replica", &replica, "member", "list"]).output().expect("runs");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("read_replica: is for `report impact|hours` only"),
        "{out:?}"
    );

    // `export` from the server: the vault's export format, the server's records.
    let out_dir = p.home.path().join("team-export");
    let out =
        p.cmd_url(&url, DIRECTOR_PW, &["export", "--format", "json", "--out"]).arg(&out_dir).output().expect("export");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOT encrypted"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("manifest.json")).expect("manifest")).expect("json");
    for (file, table) in
        [("clients", "client"), ("matters", "matter"), ("time_entries", "time_entry"), ("notes", "note")]
    {
        assert_eq!(
            manifest["counts"][file].as_i64(),
            Some(count(&mut admin, &format!("SELECT count(*) FROM probono.{table}"))),
            "{file}"
        );
    }
    // …and it imports into an empty vault like any export.
    let fresh = p.home.path().join("fresh-vault");
    vault_cli(&p, &fresh, &["init"]);
    let mut c = Command::new(probono_bin());
    c.arg("--vault").arg(&fresh).args(["import", "vault-export"]).arg(&out_dir);
    c.env("PROBONO_PASSPHRASE", VAULT_PASSPHRASE)
        .env("PROBONO_KEYRING", "off")
        .env("HOME", p.home.path())
        .env_remove("PROBONO_SERVER");
    let out = c.output().expect("import");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    drop(vault);
}

#[test]
fn time_logged_while_the_server_is_down_waits_encrypted_and_is_sent_once_when_it_is_back() {
    let p = Program::set_up();
    p.add_member("sam", "Sam Student", "student", STUDENT_PW);
    seed(&p);
    p.ok(DIRECTOR, DIRECTOR_PW, &["matter", "assign", "PB-2027-0001", "--volunteer", "sam"]);
    let log = |hours: &str, activity: &str| {
        p.run(
            "sam",
            STUDENT_PW,
            &[
                "time",
                "log",
                "--volunteer",
                "sam",
                "--matter",
                "PB-2027-0001",
                "--date",
                "2026-05-04",
                "--hours",
                hours,
                "--activity",
                activity,
                "--json",
            ],
        )
    };
    let out = log("1", "online");
    assert!(out.status.success(), "{out:?}");

    // The server goes away mid-session: two entries are kept on this computer.
    p.cluster.stop();
    const CANARY: &str = "Interview at Ñandú detention center";
    let mut queued = Vec::new();
    for (hours, n) in [("2", 1), ("3", 2)] {
        let out = log(hours, CANARY);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be reached"));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!((v["queued"].as_bool(), v["waiting"].as_u64()), (Some(true), Some(n)));
        queued.push(v["id"].as_str().expect("id").to_owned());
    }
    // A bad entry is refused at once, not kept.
    let out = log("30", "too long");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hours:"));
    // Other commands say plainly that they need the server.
    let e = p.fails("sam", STUDENT_PW, &["member", "list"]);
    assert!(e.contains("cannot be reached"), "{e}");
    // The outbox is encrypted: the activity text is nowhere in its files.
    let outbox = p.home.path().join(".local/share/pro-bono-desk/team-outbox");
    let mut files = 0;
    for entry in walk(&outbox) {
        let bytes = std::fs::read(&entry).expect("read");
        files += 1;
        assert!(!bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()), "plaintext in {}", entry.display());
    }
    assert!(files >= 2, "the outbox vault is at {}", outbox.display());

    // The server comes back. As if the first entry had reached it before the connection
    // dropped (its answer lost), it is there already: sending must not store it twice.
    p.cluster.restart();
    let mut admin = p.cluster.admin(DB);
    admin
        .execute(
            "INSERT INTO probono.time_entry (id, matter_id, volunteer_id, date, minutes, activity)
             SELECT $1::text::uuid, m.id, mem.volunteer_id, '2026-05-04', 120, 'arrived before the answer was lost'
             FROM probono.matter m, probono.member mem WHERE m.case_ref = 'PB-2027-0001' AND mem.login = 'sam'",
            &[&queued[0]],
        )
        .expect("the first entry, already on the server");
    let out = p.run("sam", STUDENT_PW, &["team", "status", "--json"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Sent 2 time entries"), "{out:?}");
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(status["outbox_waiting"], 0);
    // Exactly once: the online entry, and each queued one once.
    assert_eq!(count(&mut admin, "SELECT count(*) FROM probono.time_entry"), 3);
    for id in &queued {
        assert_eq!(
            admin
                .query_one("SELECT count(*) FROM probono.time_entry WHERE id = $1::text::uuid", &[id])
                .expect("c")
                .get::<_, i64>(0),
            1
        );
    }
    let second: i32 = admin
        .query_one("SELECT minutes FROM probono.time_entry WHERE id = $1::text::uuid", &[&queued[1]])
        .expect("m")
        .get(0);
    assert_eq!(second, 180);
    // Nothing is sent again.
    let out = p.run("sam", STUDENT_PW, &["team", "status"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Sent"), "{out:?}");
    assert_eq!(count(&mut admin, "SELECT count(*) FROM probono.time_entry"), 3);

    // A new password re-seals the outbox: offline time is kept with the new one, then sent.
    let new_pw = "sam's new password 9";
    let mut c = p.cmd_url(&p.url("sam"), STUDENT_PW, &["member", "passwd"]);
    let out = c.env("PROBONO_NEW_PASSWORD", new_pw).output().expect("passwd");
    assert!(out.status.success() && !String::from_utf8_lossy(&out.stderr).contains("warning"), "{out:?}");
    drop(admin);
    p.cluster.stop();
    let out = p.run(
        "sam",
        new_pw,
        &[
            "time",
            "log",
            "--volunteer",
            "sam",
            "--matter",
            "PB-2027-0001",
            "--date",
            "2026-05-06",
            "--hours",
            "1",
            "--json",
        ],
    );
    assert!(out.status.success(), "the outbox opens with the new password: {}", String::from_utf8_lossy(&out.stderr));
    p.cluster.restart();
    let out = p.run("sam", new_pw, &["team", "status"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Sent 1 time entry"), "{out:?}");
    let mut admin = p.cluster.admin(DB);
    assert_eq!(count(&mut admin, "SELECT count(*) FROM probono.time_entry"), 4);
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = e.path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

#[test]
fn a_password_remembered_in_the_keyring_connects_until_forgotten() {
    let p = Program::set_up();
    let bin = probono_bin();
    let (bin, url) = (bin.to_str().expect("utf-8"), p.url(DIRECTOR));
    // A private D-Bus session with gnome-keyring, as the vault's keyring test does.
    let script = format!(
        "echo unlock-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
         if echo 'not the password' | {bin} --server \"$U\" team remember 2> wrong.txt; then exit 10; fi
         if {bin} --server \"$U\" team status < /dev/null 2> nothing-kept.txt; then exit 11; fi
         echo \"$PW\" | {bin} --server \"$U\" team remember > remembered.txt || exit 12
         {bin} --server \"$U\" team status --json > status.json < /dev/null || exit 13
         {bin} --server \"$U\" team forget || exit 14
         if {bin} --server \"$U\" team status < /dev/null 2> after-forget.txt; then exit 15; fi
         exit 0"
    );
    let out = Command::new("setsid")
        .args(["--wait", "dbus-run-session", "--", "sh", "-c", &script])
        .current_dir(p.home.path())
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", p.home.path())
        .env("XDG_DATA_HOME", p.home.path().join("data"))
        .env("XDG_RUNTIME_DIR", p.home.path())
        .env("TMPDIR", p.home.path())
        .env("U", &url)
        .env("PW", DIRECTOR_PW)
        .output()
        .expect("setsid and dbus-run-session run");
    let read = |name: &str| std::fs::read_to_string(p.home.path().join(name)).unwrap_or_default();
    assert!(
        out.status.success(),
        "step {:?}\nstderr: {}\nwrong: {}\nnothing kept: {}\nafter forget: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr),
        read("wrong.txt"),
        read("nothing-kept.txt"),
        read("after-forget.txt")
    );
    assert!(read("wrong.txt").contains("refused the login"), "a wrong password is checked before it is kept");
    assert!(read("remembered.txt").contains("remembers your password"));
    let status: serde_json::Value = serde_json::from_str(&read("status.json")).expect("json");
    assert_eq!((status["login"].as_str(), status["role"].as_str()), (Some(DIRECTOR), Some("director")));
    assert!(read("after-forget.txt").contains("no terminal to ask for it"), "{}", read("after-forget.txt"));
}
