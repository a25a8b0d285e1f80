//! The desktop app on a team server (docs/team-mode.md): "Connect to a team server" on the
//! first screen, and screens that show what the member's role allows — against a real
//! PostgreSQL cluster the test starts, set up with the `probono` command line as a director
//! would.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::cluster::Cluster;
use crate::driver::{self, Desktop};
use crate::output_dir;

const DB: &str = "clinic";
const DIRECTOR_PW: &str = "director password 1";
const STUDENT_PW: &str = "student password 3";

fn probono(home: &Path, url: &str, password: &str, args: &[&str], stdin: Option<&str>) -> String {
    let bin = Path::new(&driver::app_bin()).with_file_name("probono");
    let mut child = Command::new(bin)
        .arg("--server")
        .arg(url)
        .args(args)
        .env("PROBONO_PASSWORD", password)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PROBONO_KEYRING", "off")
        .env_remove("PROBONO_VAULT")
        .env_remove("PROBONO_SERVER")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("probono runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        writeln!(input, "{text}").expect("write stdin");
    }
    drop(input);
    let out = child.wait_with_output().expect("probono");
    assert!(out.status.success(), "probono {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_student_connects_to_the_team_server_and_sees_only_their_matter_and_what_they_may_do() {
    let cluster = Cluster::start();
    cluster.new_program(DB, "dana", DIRECTOR_PW);
    let home = tempfile::tempdir().expect("home");
    let (dana, sam) = (cluster.url("dana", DB), cluster.url("sam", DB));
    let d = |args: &[&str]| probono(home.path(), &dana, DIRECTOR_PW, args, None);
    d(&["team", "init", "--name", "Dana Director", "--email", "dana@clinic.example"]);
    probono(
        home.path(),
        &dana,
        DIRECTOR_PW,
        &["member", "add", "--login", "sam", "--name", "Sam Student", "--role", "student", "--password-stdin"],
        Some(STUDENT_PW),
    );
    d(&["client", "add", "--name", "Amina Yusuf", "--country", "SO"]);
    d(&["client", "add", "--name", "Luis Ortega", "--country", "HN"]);
    d(&[
        "matter",
        "add",
        "--client",
        "Amina Yusuf",
        "--case-type",
        "asylum",
        "--case-ref",
        "T-1",
        "--opened",
        "2026-01-10",
    ]);
    d(&[
        "matter",
        "add",
        "--client",
        "Luis Ortega",
        "--case-type",
        "bond",
        "--case-ref",
        "T-2",
        "--opened",
        "2026-02-01",
    ]);
    d(&["matter", "assign", "T-1", "--volunteer", "sam"]);

    let shots = output_dir("team");
    // A keyring for this run of the app only: the director's password is remembered below.
    let desktop = Desktop::start_with_keyring(home.path(), "memory");
    let s = desktop.session();
    let shot = |name: &str| s.screenshot(&shots.join(format!("{name}.png")));

    // The first screen offers the team server beside the vault choices; a wrong password is
    // refused on the form, and not kept in it.
    s.by_id("first-run");
    s.by_id("team-tab").click();
    s.by_id("team-server").fill(&sam);
    s.by_id("team-password").fill("not the password");
    s.by_id("connect-team").click();
    s.wait_text("error-password", "refused the login");
    assert_eq!(s.by_id("team-password").value(), "", "the typed password is cleared");
    shot("01-connect-refused");
    s.by_id("team-password").fill(STUDENT_PW);
    s.by_id("connect-team").click();

    // Connected as a student: the role is shown; no screens that need a vault or staff.
    s.wait_text("team-badge", "student");
    s.by_id("dashboard");
    for absent in ["nav-import", "nav-backups", "nav-settings", "file-menu", "dashboard-new-matter"] {
        assert!(!s.exists(absent), "{absent} is not offered on a team server");
    }
    shot("02-student-dashboard");

    // Only the matter they are assigned to, and its client; no New buttons.
    s.by_id("nav-matters").click();
    s.wait_text("matter-row", "T-1");
    let rows = s.script("return document.querySelectorAll('[data-testid=\"matter-row\"]').length;");
    assert_eq!(rows.as_i64(), Some(1), "the server shows a student only their matter");
    assert!(!s.exists("new-matter"), "a student cannot open matters");
    shot("03-student-matters");
    s.by_id("nav-clients").click();
    s.by_id("client-row");
    let rows = s.script(
        "return Array.from(document.querySelectorAll('[data-testid=\"client-row\"]')).map(r => r.textContent.trim());",
    );
    let rows: Vec<&str> = rows.as_array().expect("rows").iter().map(|r| r.as_str().unwrap_or_default()).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].starts_with("Amina Yusuf"), "{rows:?}");
    assert!(!s.exists("new-client"), "a student cannot add clients");

    // On the matter page: notes yes, editing and closing no.
    s.by_id("nav-matters").click();
    s.by_id("matter-row").click();
    s.by_id("matter-page");
    assert!(
        !s.exists("edit-matter-button") && !s.exists("close-matter-button") && !s.exists("assign-volunteer-button")
    );
    s.by_id("add-note-button").click();
    s.by_id("note-body").fill("Met the client at the detention center; interpreter booked.");
    s.by_id("save-note").click();
    s.wait_text("matter-notes", "interpreter booked");
    shot("04-student-matter-page");
    // The case summary PDF, from what the server lets the student see.
    let pdf = home.path().join("T-1.pdf");
    s.by_id("export-case-path").fill(pdf.to_str().expect("utf-8"));
    s.by_id("export-case-include-notes").click();
    s.by_id("export-case-button").click();
    s.wait_text("export-status", "T-1.pdf");
    let text = crate::pdftotext(&pdf);
    assert!(text.contains("Amina Yusuf") && text.contains("interpreter booked"), "{text}");
    // Kept beside the screenshots, to be looked at (pdftoppm -png).
    std::fs::copy(&pdf, shots.join("04-student-case-summary.pdf")).expect("keep the PDF");

    // The reports' figures cover the student's matters only.
    s.by_id("nav-reports").click();
    s.wait_text("report-figures", "1 case");
    shot("05-student-reports");

    // The note is on the server, written by the student's login.
    let page = d(&["matter", "show", "T-1", "--json"]);
    let page: serde_json::Value = serde_json::from_str(&page).expect("json");
    assert_eq!(page["notes"][0]["author"], "sam", "{page}");

    // Disconnect leaves nothing of the server's records on screen.
    s.by_id("lock-button").click();
    s.by_id("first-run");
    assert!(!s.exists("nav-matters"));

    // The director, connecting next, sees both matters and may add them.
    s.by_id("team-tab").click();
    s.by_id("team-server").fill(&dana);
    s.by_id("team-password").fill(DIRECTOR_PW);
    s.by_id("team-remember").click();
    s.by_id("connect-team").click();
    s.wait_text("team-badge", "director");
    s.by_id("nav-matters").click();
    s.wait_text("matter-row", "T-");
    let rows = s.script("return document.querySelectorAll('[data-testid=\"matter-row\"]').length;");
    assert_eq!(rows.as_i64(), Some(2));
    s.by_id("new-matter");
    shot("06-director-matters");
    // The volunteers with their hours, and a volunteer's page (no signing keys on a server).
    s.by_id("nav-volunteers").click();
    s.wait_text("volunteer-row", "Dana Director");
    let names = s.script(
        "return Array.from(document.querySelectorAll('[data-testid=\"volunteer-row\"]')).map(r => r.textContent.trim());",
    );
    assert!(names.to_string().contains("Sam Student"), "{names}");
    s.by_id("volunteer-row").click();
    s.wait_text("volunteer-page", "Hours");
    assert!(!s.exists("reset-volunteer-key"), "hour-submission keys are a vault's");
    shot("07-director-volunteer");

    // A new client's name is checked against the server's people as it is typed.
    s.by_id("nav-clients").click();
    s.by_id("new-client").click();
    s.by_id("client-name").fill("Amina Yusef");
    s.wait_text("client-conflicts", "Amina Yusuf");
    shot("08-director-conflict-check");

    // The director imports a spreadsheet into the server: checked first (nothing written),
    // then written; a student's screens had no Import (above).
    let csv = home.path().join("intake.csv");
    std::fs::write(
        &csv,
        "case_ref,client_name,country_of_origin,case_type,opened\nIMP-1,Rahel Tesfaye,ER,asylum,2026-04-01\n",
    )
    .expect("write csv");
    s.by_id("nav-import").click();
    s.by_id("import-path").fill(csv.to_str().expect("utf-8"));
    s.by_id("import-check").click();
    let summary = s.wait_text("import-check-summary", "Ready to import");
    assert!(summary.contains("1 client, 1 matter"), "{summary}");
    let listed: serde_json::Value = serde_json::from_str(&d(&["matter", "list", "--json"])).expect("json");
    assert!(!listed.to_string().contains("IMP-1"), "a check writes nothing: {listed}");
    s.by_id("import-run").click();
    s.wait_text("import-done", "created 1 client, 1 matter");
    shot("09-director-import");
    let page: serde_json::Value = serde_json::from_str(&d(&["matter", "show", "IMP-1", "--json"])).expect("json");
    assert_eq!(page["client"]["name"], "Rahel Tesfaye", "{page}");

    // The program's settings are the director's to change, on the server for every member;
    // the vault's passphrase and keys are not offered.
    s.by_id("nav-settings").click();
    s.wait_text("settings-team-note", "kept on the team server");
    assert!(!s.exists("change-current-passphrase") && !s.exists("remember-toggle"));
    s.by_id("settings-program-name").fill("Riverside Immigration Clinic");
    s.by_id("save-settings").click();
    s.wait_text("status-message", "Settings saved");
    let shown: serde_json::Value = serde_json::from_str(&d(&["settings", "show", "--json"])).expect("json");
    assert_eq!(shown["program_name"], "Riverside Immigration Clinic", "{shown}");
    shot("10-director-settings");

    // The password was remembered on this computer: after Disconnect the form offers the
    // server and connects with the password left empty.
    s.by_id("lock-button").click();
    s.by_id("team-tab").click();
    assert_eq!(s.by_id("team-server").value(), dana, "the last server is filled in");
    s.wait_text("first-run", "remembers your password for this server");
    s.by_id("connect-team").click();
    s.wait_text("team-badge", "director");
    shot("11-director-reconnected-remembered");

    // Time logged while the server is down waits on this computer, encrypted; the top bar
    // says how many; once the server is back, Send now stores it — once.
    s.by_id("nav-time").click();
    cluster.stop();
    s.by_id("time-volunteer").fill("dana");
    s.by_id("time-matter").fill("T-2");
    s.by_id("time-date").fill("2026-03-04");
    s.by_id("time-hours").fill("1.5");
    s.by_id("time-activity").fill("Called the detention center");
    s.by_id("save-time").click();
    s.wait_text("status-message", "Server unreachable: kept on this computer");
    s.wait_text("outbox-waiting", "1 time entry waiting");
    shot("12-offline-time-kept");
    let outbox_files = walk(&home.path().join("data"));
    assert!(!outbox_files.is_empty(), "the outbox is a vault under the data folder");
    for file in &outbox_files {
        let bytes = std::fs::read(file).expect("read");
        assert!(
            !bytes.windows(b"Called the detention center".len()).any(|w| w == b"Called the detention center"),
            "{} holds the entry in plaintext",
            file.display()
        );
    }
    cluster.restart();
    // The other screens work again without connecting by hand (the closed connection is made
    // again), and the entry still waits until it is sent.
    s.by_id("nav-matters").click();
    s.wait_text("matter-row", "IMP-1");
    assert!(s.exists("outbox-waiting"));
    s.by_id("outbox-send").click();
    s.wait_text("status-message", "Sent 1 kept time entry");
    assert!(!s.exists("outbox-waiting"));
    let entries: serde_json::Value =
        serde_json::from_str(&d(&["time", "list", "--matter", "T-2", "--json"])).expect("json");
    let kept =
        entries.as_array().expect("entries").iter().filter(|e| e["activity"] == "Called the detention center").count();
    assert_eq!(kept, 1, "stored exactly once: {entries}");
    s.close();
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
