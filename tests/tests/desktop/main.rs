//! End to end in the real desktop app, driven through WebDriver under Xvfb: the journey of a
//! clinic's first day, and a tour of the demo clinic. Screenshots of every screen go to
//! test-output/desktop/ (the user guide's pictures come from there).

// The team tests' throwaway PostgreSQL cluster (they use all of it; this binary a part).
#[allow(dead_code)]
#[path = "../team/cluster.rs"]
mod cluster;
mod driver;
mod team;

use std::path::{Path, PathBuf};
use std::process::Command;

use driver::{Desktop, Session};

const PASSPHRASE: &str = "a long and private passphrase";

fn output_dir(name: &str) -> PathBuf {
    let dir =
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR when it runs tests"))
            .join("../test-output/desktop")
            .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("output dir");
    dir
}

/// Sets a <select> (or any input) by script and tells Svelte it changed.
fn set_value(s: &Session, testid: &str, value: &str) {
    let js = format!(
        "const e = document.querySelector('[data-testid=\"{testid}\"]'); e.value = {value:?}; \
         e.dispatchEvent(new Event('input', {{bubbles: true}})); e.dispatchEvent(new Event('change', {{bubbles: true}}));"
    );
    s.script(&js);
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_clinics_first_day_from_new_vault_to_locked_and_back() {
    let home = tempfile::tempdir().expect("home");
    let shots = output_dir("journey");
    let desktop = Desktop::start(home.path());
    let s = desktop.session();
    let shot = |name: &str| s.screenshot(&shots.join(format!("{name}.png")));

    // First run: create a vault.
    s.by_id("first-run");
    assert_eq!(s.title(), "Pro Bono Desk");
    shot("01-first-run");
    s.by_id("create-vault-tab").click();
    let vault_dir = home.path().join("clinic-vault");
    s.by_id("vault-dir").fill(vault_dir.to_str().expect("utf-8"));
    s.by_id("passphrase").fill(PASSPHRASE);
    s.by_id("passphrase-confirm").fill(PASSPHRASE);
    shot("02-create-vault");
    s.by_id("create-vault").click();

    // The recovery key, once; save the kit.
    let key = s.by_id("recovery-key").text();
    assert_eq!(key.trim().split('-').count(), 13, "13 groups: {key}");
    shot("03-recovery-key");
    let kit = home.path().join("kit.pdf");
    s.by_id("kit-path").fill(kit.to_str().expect("utf-8"));
    s.by_id("save-kit").click();
    driver::wait_for(std::time::Duration::from_secs(30), "the Recovery Kit PDF to be written", || kit.exists());
    let squash = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>();
    assert!(squash(&pdftotext(&kit)).contains(&squash(&key)), "the kit holds the key");
    s.by_id("recovery-done").click();
    s.by_id("dashboard");
    shot("04-dashboard-empty");

    // A client.
    s.by_id("nav-clients").click();
    s.by_id("new-client").click();
    s.by_id("client-name").fill("Nguyễn Thị Lan");
    s.by_id("client-a-number").fill("A12");
    s.wait_text("error-a_number", "7 to 9 digits");
    shot("05-client-form-error");
    s.by_id("client-a-number").fill("A123-456-789");
    s.by_id("client-country").fill("Vietnam");
    s.by_id("client-languages").fill("Vietnamese");
    s.by_id("save-client").click();
    s.wait_text("status-message", "Client added");

    // A matter for her.
    s.by_id("nav-matters").click();
    s.by_id("new-matter").click();
    s.by_id("matter-client").fill("A123456789");
    set_value(&s, "matter-case-type", "asylum");
    s.by_id("matter-opened").fill("2026-02-14");
    s.by_id("matter-case-ref").fill("JC-2026-0002");
    s.by_id("matter-state").fill("CA");
    shot("06-matter-form");
    s.by_id("save-matter").click();
    s.by_id("matter-page");

    // A volunteer, and time.
    s.by_id("nav-volunteers").click();
    s.by_id("new-volunteer").click();
    s.by_id("volunteer-name").fill("Priya Sharma");
    s.by_id("volunteer-email").fill("psharma@example.org");
    s.by_id("volunteer-organization").fill("Hale Street LLP");
    set_value(&s, "volunteer-role", "attorney");
    s.by_id("save-volunteer").click();
    s.wait_text("status-message", "Volunteer added");

    s.by_id("nav-time").click();
    s.by_id("time-volunteer").fill("psharma@example.org");
    s.by_id("time-matter").fill("JC-2026-0002");
    s.by_id("time-date").fill("2026-03-01");
    s.by_id("time-hours").fill("2.5");
    s.by_id("time-activity").fill("Drafted I-589 declaration");
    s.by_id("save-time").click();
    s.wait_text("recent-time", "Drafted I-589 declaration");
    shot("07-time");
    // The same form by keyboard alone: after a save, focus is back on the volunteer field with
    // its text selected, the date is kept, Tab moves on and Enter saves.
    assert_eq!(s.focused_testid(), "time-volunteer");
    let suggested = s.script("return document.querySelectorAll('#time-volunteer-list option').length;");
    assert_eq!(suggested.as_i64(), Some(1), "the volunteer suggestions survive the save");
    s.keys("psharma@example.org\u{E004}JC-2026-0002\u{E004}\u{E004}1.2\u{E004}Phone call with the client\u{E007}");
    let recent = s.wait_text("recent-time", "Phone call with the client");
    assert!(recent.contains("1.2"), "{recent}");
    assert_eq!(s.focused_testid(), "time-volunteer", "ready for the next entry");
    assert_eq!(s.by_id("time-date").value(), "2026-03-01", "the date is kept");

    // The matter page and its case summary PDF.
    s.by_id("nav-matters").click();
    s.by_id("matter-search").fill("JC-2026-0002");
    s.by_id("matter-row").click();
    s.wait_text("matter-time-entries", "2.5");
    shot("08-matter-page");
    let pdf = home.path().join("JC-2026-0002.pdf");
    s.by_id("export-case-path").fill(pdf.to_str().expect("utf-8"));
    s.by_id("export-case-button").click();
    s.wait_text("export-status", "JC-2026-0002.pdf");
    let text = pdftotext(&pdf);
    assert!(text.contains("Nguyễn Thị Lan"), "the case summary names the client:\n{text}");
    assert!(text.contains("Drafted I-589 declaration") && text.contains("Confidential"));
    assert!(text.contains("Phone call with the client"), "the entry typed by keyboard is in the summary");

    // A verified backup from the app, which the command line restores on "another machine".
    s.by_id("nav-backups").click();
    let backup = home.path().join("clinic.pbbackup");
    s.by_id("backup-path").fill(backup.to_str().expect("utf-8"));
    s.by_id("backup-now").click();
    s.wait_text("backup-result", "clinic.pbbackup");
    shot("09-backups");
    let probono = Path::new(&driver::app_bin()).with_file_name("probono");
    let restored = home.path().join("restored-elsewhere");
    let out = Command::new(&probono)
        .args(["restore"])
        .arg(&backup)
        .env("PROBONO_VAULT", &restored)
        .env("PROBONO_PASSPHRASE", PASSPHRASE)
        .env("PROBONO_KEYRING", "off")
        .output()
        .expect("probono runs");
    assert!(out.status.success(), "the app's backup restores: {}", String::from_utf8_lossy(&out.stderr));
    let listed = Command::new(&probono)
        .args(["time", "list", "--json"])
        .env("PROBONO_VAULT", &restored)
        .env("PROBONO_PASSPHRASE", PASSPHRASE)
        .env("PROBONO_KEYRING", "off")
        .output()
        .expect("probono runs");
    assert!(String::from_utf8_lossy(&listed.stdout).contains("Drafted I-589 declaration"));

    // The other screens open, each showing its own controls (the screenshots are for the guide).
    for (nav, shown, name) in [
        ("nav-reports", "report-figures", "10-reports"),
        ("nav-import", "import-check", "11-import"),
        ("nav-settings", "save-settings", "12-settings"),
    ] {
        s.by_id(nav).click();
        s.by_id(shown);
        shot(name);
    }

    // Lock, then a wrong passphrase, then the right one.
    s.by_id("lock-button").click();
    s.by_id("unlock-passphrase");
    shot("13-unlock");
    assert!(!s.exists("nav-matters"), "locking clears the app");
    s.by_id("unlock-passphrase").fill("not the passphrase");
    s.by_id("unlock-submit").click();
    s.wait_text("unlock-error", "Wrong passphrase");
    assert_eq!(s.by_id("unlock-passphrase").value(), "", "the typed passphrase is cleared");
    shot("14-wrong-passphrase");
    s.by_id("unlock-passphrase").fill(PASSPHRASE);
    s.by_id("unlock-submit").click();
    s.by_id("dashboard");
    s.by_id("nav-matters").click();
    s.by_id("matter-search").fill("JC-2026-0002");
    s.by_id("matter-row").click();
    s.wait_text("matter-time-entries", "Drafted I-589 declaration");
    s.close();
}

#[test]
fn the_demo_clinic_shows_its_year() {
    let home = tempfile::tempdir().expect("home");
    let shots = output_dir("demo");
    let desktop = Desktop::start(home.path());
    let s = desktop.session();
    s.by_id("explore-demo").click();
    let headline = s.wait_text("impact-headline", "212");
    assert!(headline.contains("221") && headline.contains("335"), "{headline}");
    // With a vault open, the app can write no core file (its key would be in it).
    assert_eq!(driver::app_core_limit(), Some(("0".to_owned(), "0".to_owned())), "core-file limit (soft, hard)");
    s.screenshot(&shots.join("dashboard.png"));
    s.by_id("nav-matters").click();
    s.by_id("matter-row");
    s.screenshot(&shots.join("matters.png"));
    s.by_id("nav-volunteers").click();
    s.by_id("volunteer-row");
    s.screenshot(&shots.join("volunteers.png"));
    s.by_id("nav-reports").click();
    s.wait_text("report-figures", "212");
    s.screenshot(&shots.join("reports.png"));

    // A client added by keyboard alone. The form opens with the cursor in the name field;
    // Enter with a short A-number keeps the form and puts the cursor on that field; corrected,
    // Enter saves and opens the client.
    s.by_id("nav-clients").click();
    s.by_id("new-client").click();
    driver::wait_for(std::time::Duration::from_secs(10), "the cursor in the name field", || {
        s.focused_testid() == "client-name"
    });
    s.keys("Ana Teclado\u{E004}\u{E004}A12\u{E004}\u{E004}Guatemala\u{E007}");
    s.wait_text("error-a_number", "7 to 9 digits");
    driver::wait_for(std::time::Duration::from_secs(10), "the cursor on the A-number field", || {
        s.focused_testid() == "client-a-number"
    });
    s.screenshot(&shots.join("client-by-keyboard-error.png"));
    s.keys("3-456-789\u{E007}");
    s.wait_text("status-message", "Client added");
    // The client page loads the new record after the notice: wait for its heading.
    let heading = || s.script("return document.querySelector('h1')?.textContent ?? '';").as_str().map(str::to_owned);
    driver::wait_for(std::time::Duration::from_secs(10), "the new client's page", || {
        heading().as_deref() == Some("Ana Teclado")
    });
    s.close();
}

#[test]
fn the_window_remembers_its_size() {
    let home = tempfile::tempdir().expect("home");
    let state = home.path().join("config/org.probonodesk.desktop/.window-state.json");
    let wanted = {
        let desktop = Desktop::start(home.path());
        let s = desktop.session();
        s.by_id("explore-demo");
        assert_eq!(s.title(), "Pro Bono Desk");
        let first = s.window_size();
        let wanted = (first.0 - 180, first.1 - 120);
        s.set_window_size(wanted.0, wanted.1);
        driver::wait_for(std::time::Duration::from_secs(10), "the window to take the new size", || {
            s.window_size() == wanted
        });
        // Written once the window has stayed still briefly, not only on a clean close.
        driver::wait_for(std::time::Duration::from_secs(10), "the new size in the window-state file", || {
            let saved: serde_json::Value =
                std::fs::read(&state).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
            (saved["main"]["width"].as_i64(), saved["main"]["height"].as_i64()) == (Some(wanted.0), Some(wanted.1))
        });
        s.close_window();
        wanted
        // The driver, its WebKit and the app stop here, as when the user quits. The second start
        // below gets a driver of its own: asking one driver for a second app after its first
        // closed its last window once hung in CI.
    };

    let desktop = Desktop::start(home.path());
    let again = desktop.session();
    again.by_id("explore-demo");
    assert_eq!(again.window_size(), wanted, "the second start opens at the size the window was left at");
    again.close();
}

/// The command line, on a volunteer's own vault in `dir`.
/// The `probono` command beside the app binary, with the test passphrase and no keyring;
/// `env` says where the vault is.
fn probono(args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> String {
    let bin = Path::new(&driver::app_bin()).with_file_name("probono");
    let out = Command::new(&bin)
        .args(args)
        .env_remove("PROBONO_VAULT")
        .envs(env.iter().copied())
        .env("PROBONO_PASSPHRASE", PASSPHRASE)
        .env("PROBONO_KEYRING", "off")
        .output()
        .expect("probono runs");
    assert!(out.status.success(), "probono {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `probono` on the vault in `dir`.
fn volunteer_cli(dir: &Path, args: &[&str]) -> String {
    probono(args, &[("PROBONO_VAULT", dir.as_os_str())])
}

#[test]
fn hours_from_another_computer_are_mapped_confirmed_and_imported() {
    let home = tempfile::tempdir().expect("home");
    let shots = output_dir("hours-exchange");
    let desktop = Desktop::start(home.path());
    let s = desktop.session();
    s.by_id("explore-demo").click();
    s.wait_text("impact-headline", "212");
    s.by_id("nav-time").click();
    s.by_id("go-hours-exchange").click();
    let program_key = s.by_id("program-key").value();
    assert!(program_key.starts_with("age1"), "{program_key}");

    // A volunteer's own vault, with time on a matter the program knows by another reference.
    let theirs = home.path().join("volunteer-vault");
    volunteer_cli(&theirs, &["init"]);
    volunteer_cli(&theirs, &["client", "add", "--name", "Oksana Melnyk"]);
    volunteer_cli(
        &theirs,
        &[
            "matter",
            "add",
            "--client",
            "Oksana Melnyk",
            "--case-type",
            "asylum",
            "--case-ref",
            "MY-7",
            "--opened",
            "2026-02-01",
        ],
    );
    volunteer_cli(
        &theirs,
        &["volunteer", "add", "--name", "Dana Whitfield", "--email", "dana@example.org", "--role", "attorney"],
    );
    volunteer_cli(
        &theirs,
        &[
            "time",
            "log",
            "--volunteer",
            "dana@example.org",
            "--matter",
            "MY-7",
            "--date",
            "2026-03-02",
            "--hours",
            "2.3",
            "--activity",
            "Asylum interview preparation",
        ],
    );
    let file = home.path().join("dana.pbhours");
    let out = volunteer_cli(
        &theirs,
        &[
            "submit-hours",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-30",
            "--program-key",
            &program_key,
            "--out",
            file.to_str().expect("utf-8"),
        ],
    );
    let fingerprint = out
        .lines()
        .find_map(|l| l.split(": ").nth(1).filter(|f| f.len() == 39))
        .expect("fingerprint printed")
        .to_owned();

    // The coordinator imports it: first the unknown matter, then the key's fingerprint.
    s.by_id("submission-path").fill(file.to_str().expect("utf-8"));
    s.by_id("submission-import").click();
    s.by_id("submission-map-MY-7").fill("RIJP-2026-0001");
    assert!(!s.exists("submission-result"), "nothing imported before the mapping");
    s.screenshot(&shots.join("map.png"));
    s.by_id("submission-import").click();
    s.by_id("submission-accept-key").fill(&fingerprint);
    s.screenshot(&shots.join("confirm.png"));
    s.by_id("submission-import").click();
    let result = s.wait_text("submission-result", "Dana Whitfield");
    assert!(result.contains("1 entry added") && result.contains(&fingerprint), "{result}");
    s.screenshot(&shots.join("imported.png"));
    // The import refreshed the volunteer list in place: "Submit my hours" below still offers them.
    let offered = s.script("return document.querySelectorAll('[data-testid=\"submit-volunteer\"] option').length;");
    assert!(offered.as_i64().unwrap_or(0) > 200, "volunteers offered after the import: {offered}");

    // The entry is on the program's matter.
    s.by_id("nav-matters").click();
    s.by_id("matter-search").fill("RIJP-2026-0001");
    s.by_id("matter-row").click();
    s.wait_text("matter-time-entries", "Asylum interview preparation");
    s.close();
}

/// `probono` on the default vault of `home` (where the app looks first).
fn home_cli(home: &Path, args: &[&str]) -> String {
    let (data, config) = (home.join("data"), home.join("config"));
    probono(
        args,
        &[("HOME", home.as_os_str()), ("XDG_DATA_HOME", data.as_os_str()), ("XDG_CONFIG_HOME", config.as_os_str())],
    )
}

#[test]
fn a_suggested_deadline_is_confirmed_on_the_matter_page_and_the_dashboard_lists_what_is_overdue() {
    let home = tempfile::tempdir().expect("home");
    let shots = output_dir("deadlines");
    // Dates from today, so the test means the same whenever it runs: the judge decided 40 days
    // ago (the 30-day appeal is overdue), and a filing is due in 5 days.
    let today = jiff::ZonedDateTime::now().date();
    let decided = today.checked_sub(jiff::Span::new().days(40)).expect("date").to_string();
    let soon = today.checked_add(jiff::Span::new().days(5)).expect("date").to_string();
    home_cli(home.path(), &["init"]);
    home_cli(home.path(), &["client", "add", "--name", "Fictional Amara Example", "--entry-date", "2019-05-01"]);
    home_cli(
        home.path(),
        &[
            "matter",
            "add",
            "--client",
            "Fictional Amara Example",
            "--case-type",
            "withholding",
            "--case-ref",
            "DL-7",
            "--opened",
            "2026-01-05",
            "--relief-outcome",
            "denied",
            "--decided-on",
            &decided,
        ],
    );
    // A second client, whose last arrival is not recorded: the one-year deadline cannot be computed.
    home_cli(home.path(), &["client", "add", "--name", "Fictional Bao Example"]);
    home_cli(
        home.path(),
        &["matter", "add", "--client", "Fictional Bao Example", "--case-type", "asylum", "--case-ref", "DL-8"],
    );
    home_cli(home.path(), &["hearing", "add", "--matter", "DL-8", "--at", &soon, "--kind", "filing_deadline"]);

    let desktop = Desktop::start(home.path());
    let s = desktop.session();
    s.by_id("unlock-passphrase").fill(PASSPHRASE);
    s.by_id("unlock-submit").click();

    // The dashboard: overdue first (red), then the one due in 5 days (amber).
    s.wait_text("dashboard-deadlines", "Overdue");
    let rows = s.script(
        "return [...document.querySelectorAll('[data-testid=\"dashboard-deadline\"]')]
           .map(r => [r.dataset.overdue, r.className.includes('overdue') ? 'red' : r.className.includes('soon') ? 'amber' : '?', r.innerText]);",
    );
    let rows = rows.as_array().expect("rows").clone();
    assert_eq!(rows.len(), 3, "appeal and reconsider (suggested, overdue), the filing due soon: {rows:?}");
    assert!(rows[..2].iter().all(|r| r[0] == "true" && r[1] == "red"), "{rows:?}");
    assert!(rows[2][0] == "false" && rows[2][1] == "amber", "{rows:?}");
    assert!(rows[2][2].as_str().is_some_and(|t| t.contains(&soon)), "{rows:?}");
    s.wait_text("dashboard-cannot-compute", "DL-8");
    s.screenshot(&shots.join("dashboard.png"));

    // From the overdue row to the matter page; confirm the appeal deadline there.
    s.find("[data-testid=\"dashboard-deadline\"] .link-button").click();
    s.wait_text("deadline-suggestions", "8 CFR 1003.38(b)");
    s.screenshot(&shots.join("matter-suggestions.png"));
    s.find("[data-testid=\"deadline-suggestion\"][data-rule=\"bia-appeal\"] button").click();
    s.wait_text("status-message", "Deadline confirmed");
    s.find("[data-testid=\"matter-hearing\"][data-rule=\"bia-appeal\"]");
    assert_eq!(
        s.script("return document.querySelectorAll('[data-testid=\"deadline-suggestion\"][data-rule=\"bia-appeal\"]').length;"),
        serde_json::json!(0),
        "a confirmed suggestion leaves the list"
    );
    s.screenshot(&shots.join("matter-confirmed.png"));

    // Back on the dashboard the appeal is a deadline of record, still overdue; marking it
    // done takes it off the list.
    s.by_id("nav-dashboard").click();
    s.wait_text("dashboard-deadlines", "Mark done");
    s.find("[data-testid=\"dashboard-deadline\"] button.secondary").click();
    s.wait_text("status-message", "Deadline marked done");
    driver::wait_for(std::time::Duration::from_secs(30), "the done deadline to leave the dashboard", || {
        s.script("return document.querySelectorAll('[data-testid=\"dashboard-deadline\"]').length;")
            == serde_json::json!(2)
    });

    // The calendar, from Reports: two deadlines, no client name.
    s.by_id("nav-reports").click();
    // The report's figures load after the page: wait for them, so the page no longer moves
    // under the calendar form (a click aimed at a button that then moves lands elsewhere).
    s.wait_text("report-figures", "Active matters");
    let ics = home.path().join("clinic.ics");
    let path = ics.to_str().expect("utf-8");
    s.by_id("calendar-path").fill(path);
    driver::wait_for(std::time::Duration::from_secs(10), "the calendar path typed in", || {
        s.by_id("calendar-path").value() == path
    });
    s.by_id("export-calendar-button").click();
    s.wait_text("calendar-status", "Saved 2 events");
    s.wait_text("export-calendar-button", "Export calendar");
    let text = std::fs::read_to_string(&ics).expect("calendar written");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2, "{text}");
    assert!(!text.contains("Amara") && !text.contains("Bao"), "no client names: {text}");
    s.script("document.querySelector('[data-testid=\"calendar-status\"]').scrollIntoView({ block: 'end' });");
    s.screenshot(&shots.join("calendar-export.png"));
    s.close();
    drop(desktop);

    // What the app did is in the vault: the audit log has the confirmation and the done mark.
    let audit = home_cli(home.path(), &["audit"]);
    assert!(audit.contains("confirm") && audit.contains("done"), "{audit}");
}

#[test]
fn a_damaged_vault_stays_open_read_only_with_a_banner_that_leads_to_restore() {
    let home = tempfile::tempdir().expect("home");
    let shots = output_dir("damaged");
    home_cli(home.path(), &["init"]);
    let vault = home.path().join("data/pro-bono-desk/vault");
    // Sixty clients with long notes (through the library: one unlock), then a few pages in the
    // middle of the file damaged, as a failing disk would.
    {
        let pass = probono_core::Passphrase::new(PASSPHRASE);
        let mut store = probono_core::Vault::open(&vault)
            .expect("open")
            .unlock(probono_core::Unlock::Passphrase(&pass))
            .expect("unlock");
        for i in 0..60 {
            store
                .create_client(&probono_core::model::ClientDraft {
                    name: format!("Fictional Client {i}"),
                    notes: Some("n".repeat(3000)),
                    ..Default::default()
                })
                .expect("client");
        }
    }
    let db = vault.join("vault.db");
    let mut bytes = std::fs::read(&db).expect("read");
    let pages = bytes.len() / 4096;
    for page in pages / 2..pages / 2 + 3 {
        for b in &mut bytes[page * 4096 + 200..page * 4096 + 264] {
            *b ^= 0x5a;
        }
    }
    std::fs::write(&db, &bytes).expect("damage");

    let desktop = Desktop::start(home.path());
    let s = desktop.session();
    s.by_id("unlock-passphrase").fill(PASSPHRASE);
    s.by_id("unlock-submit").click();
    s.by_id("nav-clients").click();
    let banner = s.wait_text("damaged-banner", "open read-only");
    assert!(banner.contains("Restore the last good backup"), "{banner}");
    s.screenshot(&shots.join("banner.png"));
    s.by_id("damaged-restore").click();
    s.by_id("restore-form");
    s.close();
    drop(desktop);
    let after = std::fs::read(&db).expect("read");
    assert_eq!(after, bytes, "nothing was written to the damaged database");
}

/// The 64-character recovery key (13 groups of 4) in `text`, if any.
fn recovery_key_in(text: &str) -> Option<String> {
    text.split_whitespace()
        .find(|w| w.len() == 64 && w.split('-').count() == 13 && w.split('-').all(|g| g.len() == 4))
        .map(str::to_owned)
}

#[test]
fn replacing_the_vaults_key_in_settings_shows_a_new_recovery_key_that_opens_it_and_revokes_the_old() {
    let home = tempfile::tempdir().expect("home");
    let shots = output_dir("rekey");
    let old_key = recovery_key_in(&home_cli(home.path(), &["init"])).expect("init shows the recovery key");
    home_cli(home.path(), &["client", "add", "--name", "Fictional Client Rotated"]);

    let desktop = Desktop::start(home.path());
    let s = desktop.session();
    s.by_id("unlock-passphrase").fill(PASSPHRASE);
    s.by_id("unlock-submit").click();
    s.by_id("nav-settings").click();
    // Nothing typed: refused in the form, nothing sent.
    s.by_id("rekey-button").click();
    s.wait_text("rekey-section", "Type your passphrase to confirm");
    // A wrong passphrase: the backend says so beside the field.
    s.by_id("rekey-passphrase").fill("not the passphrase at all");
    s.by_id("rekey-button").click();
    s.wait_text("rekey-section", "is not this vault's passphrase");
    s.by_id("rekey-passphrase").fill(PASSPHRASE);
    s.screenshot(&shots.join("before.png"));
    s.by_id("rekey-button").click();
    let shown = s.wait_text("rekey-recovery-key", "-");
    let new_key = recovery_key_in(&shown).expect("the new recovery key is shown");
    assert_ne!(new_key, old_key);
    s.screenshot(&shots.join("new-key.png"));
    s.by_id("rekey-recovery-key-done").click();
    s.wait_text("rekey-done", "Make a new backup now");
    s.close();
    drop(desktop);

    // The command line agrees: the new recovery key opens the vault, the old one no longer does.
    let bin = Path::new(&driver::app_bin()).with_file_name("probono");
    let with_key = |key: &str| {
        Command::new(&bin)
            .args(["--recovery-key", "client", "list"])
            .env_remove("PROBONO_VAULT")
            .env_remove("PROBONO_PASSPHRASE")
            .env("PROBONO_RECOVERY_KEY", key)
            .env("PROBONO_KEYRING", "off")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .output()
            .expect("probono runs")
    };
    let by_new = with_key(&new_key);
    assert!(by_new.status.success(), "{}", String::from_utf8_lossy(&by_new.stderr));
    assert!(String::from_utf8_lossy(&by_new.stdout).contains("Fictional Client Rotated"));
    let by_old = with_key(&old_key);
    assert_eq!(by_old.status.code(), Some(1), "the old recovery key is revoked");
}

#[test]
fn a_new_clients_name_shows_likely_conflicts_and_a_matter_records_its_check() {
    let home = tempfile::tempdir().expect("home");
    let shots = output_dir("conflicts");
    home_cli(home.path(), &["init"]);
    home_cli(home.path(), &["client", "add", "--name", "Алексей Смирнов", "--a-number", "A123456789"]);
    home_cli(home.path(), &["client", "add", "--name", "Ana Pérez"]);
    home_cli(
        home.path(),
        &[
            "matter",
            "add",
            "--client",
            "Ana Pérez",
            "--case-type",
            "u_visa",
            "--case-ref",
            "C-1",
            "--opened",
            "2026-01-05",
        ],
    );
    home_cli(home.path(), &["matter", "party", "C-1", "--kind", "adverse", "--name", "Alexei Smirnov"]);

    let desktop = Desktop::start(home.path());
    let s = desktop.session();
    s.by_id("unlock-passphrase").fill(PASSPHRASE);
    s.by_id("unlock-submit").click();
    s.by_id("nav-clients").click();
    s.by_id("new-client").click();
    s.by_id("client-name").fill("Alexey Smirnoff");
    let shown = s.wait_text("client-conflicts", "Алексей Смирнов");
    assert!(shown.contains("Cyrillic"), "the reason is given: {shown}");
    s.screenshot(&shots.join("new-client.png"));

    // A new matter names the other side: the line being typed is checked, and both names are
    // added as adverse parties with the matter.
    s.by_id("nav-matters").click();
    s.by_id("new-matter").click();
    s.by_id("matter-client").fill("Ana Pérez");
    set_value(&s, "matter-case-type", "t_visa");
    s.by_id("matter-case-ref").fill("C-2");
    // WebDriver's Enter key (U+E007): a plain "\n" is not typed as a new line.
    let adverse = s.by_id("matter-adverse");
    adverse.fill("Acme Farms LLC\u{E007}Alexey Smirnoff");
    assert_eq!(adverse.value(), "Acme Farms LLC\nAlexey Smirnoff");
    let shown = s.wait_text("matter-conflicts", "Алексей Смирнов");
    assert!(shown.contains("Cyrillic"), "the reason is given: {shown}");
    s.screenshot(&shots.join("new-matter.png"));
    s.by_id("save-matter").click();
    let page = s.wait_text("matter-page", "Acme Farms LLC");
    assert!(page.contains("Alexey Smirnoff") && page.contains("C-2"), "{page}");
    s.screenshot(&shots.join("new-matter-page.png"));

    s.by_id("nav-matters").click();
    s.by_id("matter-search").fill("C-1");
    s.by_id("matter-row").click();
    s.wait_text("conflict-checks", "No conflict check recorded");
    s.by_id("conflict-run").click();
    s.by_id("conflict-search").click();
    // The adverse party's name finds the client recorded in Cyrillic.
    s.wait_text("conflict-results", "Алексей Смирнов");
    s.find("#conflict-checked-by").fill("Dana Supervising");
    s.find("input[name=decision][value=conflict]").click();
    s.find("#conflict-note").fill("The adverse party is a current client: declined");
    s.screenshot(&shots.join("matter-check.png"));
    s.by_id("conflict-record").click();
    s.wait_text("conflict-decision", "Conflict");
    s.screenshot(&shots.join("matter-recorded.png"));
    s.close();
    drop(desktop);

    let detail: serde_json::Value =
        serde_json::from_str(&home_cli(home.path(), &["matter", "show", "C-1", "--json"])).expect("json");
    let check = &detail["conflict_checks"][0];
    assert_eq!(check["decision"], "conflict");
    assert_eq!(check["checked_by"], "Dana Supervising");
    assert!(check["matches"].to_string().contains("Алексей Смирнов"), "{check}");

    let opened: serde_json::Value =
        serde_json::from_str(&home_cli(home.path(), &["matter", "show", "C-2", "--json"])).expect("json");
    let parties: Vec<(String, String)> = opened["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .map(|p| (p["role"].as_str().unwrap_or_default().to_owned(), p["name"].as_str().unwrap_or_default().to_owned()))
        .collect();
    assert_eq!(
        parties,
        [
            ("adverse_party".to_owned(), "Acme Farms LLC".to_owned()),
            ("adverse_party".to_owned(), "Alexey Smirnoff".to_owned())
        ]
    );
}

#[test]
fn likely_duplicate_clients_are_listed_previewed_and_merged_in_the_app() {
    let home = tempfile::tempdir().expect("home");
    let shots = output_dir("duplicates");
    home_cli(home.path(), &["init"]);
    home_cli(home.path(), &["client", "add", "--name", "Алексей Смирнов", "--dob", "1985-03-14"]);
    home_cli(
        home.path(),
        &["client", "add", "--name", "Alexey Smirnoff", "--language", "Russian", "--language", "English"],
    );
    for (client, reference) in [("Алексей Смирнов", "D-1"), ("Alexey Smirnoff", "D-2")] {
        home_cli(
            home.path(),
            &[
                "matter",
                "add",
                "--client",
                client,
                "--case-type",
                "asylum",
                "--case-ref",
                reference,
                "--opened",
                "2026-01-05",
            ],
        );
    }

    let desktop = Desktop::start(home.path());
    let s = desktop.session();
    s.by_id("unlock-passphrase").fill(PASSPHRASE);
    s.by_id("unlock-submit").click();
    s.by_id("nav-clients").click();
    s.by_id("find-duplicates").click();
    let pair = s.wait_text("duplicate-pairs", "Alexey Smirnoff");
    assert!(pair.contains("Алексей Смирнов") && pair.contains("transliteration from Cyrillic"), "{pair}");
    s.screenshot(&shots.join("pairs.png"));
    s.by_id("review-merge").click();
    // The one recorded first is kept: the other's matter moves and its name becomes an other name.
    s.wait_text("merge-matters", "D-2");
    let preview = s.wait_text("merge-preview", "Alexey Smirnoff");
    assert!(preview.contains("English"), "the languages added are shown: {preview}");
    s.screenshot(&shots.join("preview.png"));
    s.by_id("merge-confirm").click();
    s.wait_text("status-message", "Merged Alexey Smirnoff into Алексей Смирнов");
    s.close();
    drop(desktop);

    let clients: serde_json::Value =
        serde_json::from_str(&home_cli(home.path(), &["client", "list", "--json"])).expect("json");
    let clients = clients.as_array().expect("clients");
    assert_eq!(clients.len(), 1, "one client left: {clients:?}");
    assert_eq!(clients[0]["name"], "Алексей Смирнов");
    assert_eq!(clients[0]["other_names"][0], "Alexey Smirnoff");
    let d2: serde_json::Value =
        serde_json::from_str(&home_cli(home.path(), &["matter", "show", "D-2", "--json"])).expect("json");
    assert_eq!(d2["client"]["name"], "Алексей Смирнов", "the matter moved");
}

#[test]
fn a_volunteers_statement_and_everyones_statements_are_exported_from_the_app() {
    let home = tempfile::tempdir().expect("home");
    let shots = output_dir("statements");
    home_cli(home.path(), &["init"]);
    home_cli(home.path(), &["client", "add", "--name", "Rosa Example"]);
    home_cli(
        home.path(),
        &[
            "matter",
            "add",
            "--client",
            "Rosa Example",
            "--case-type",
            "asylum",
            "--case-ref",
            "S-1",
            "--opened",
            "2026-01-05",
        ],
    );
    home_cli(
        home.path(),
        &["volunteer", "add", "--name", "Dana Lead", "--email", "dana@example.org", "--role", "attorney"],
    );
    home_cli(
        home.path(),
        &[
            "volunteer",
            "add",
            "--name",
            "Tomas Ruiz",
            "--email",
            "truiz@example.edu",
            "--role",
            "law_student",
            "--law-school-start",
            "2025-08-25",
        ],
    );
    home_cli(home.path(), &["volunteer", "assign", "dana@example.org", "--matter", "S-1"]);
    for (who, date, hours) in [
        ("truiz@example.edu", "2026-02-01", "4.5"),
        ("truiz@example.edu", "2026-03-01", "2.0"),
        ("dana@example.org", "2026-02-02", "1.0"),
    ] {
        home_cli(
            home.path(),
            &["time", "log", "--volunteer", who, "--matter", "S-1", "--date", date, "--hours", hours],
        );
    }

    let desktop = Desktop::start(home.path());
    let s = desktop.session();
    s.by_id("unlock-passphrase").fill(PASSPHRASE);
    s.by_id("unlock-submit").click();
    s.by_id("nav-volunteers").click();
    s.find("#volunteer-search").fill("Tomas");
    s.wait_text("volunteer-row", "Tomas Ruiz");
    s.by_id("volunteer-row").click();
    // The student's progress toward the New York bar's 50 hours.
    let bar = s.wait_text("bar-hours", "6.5 of 50 qualifying hours");
    assert!(bar.contains("Dana Lead") && bar.contains("43.5 hours to go"), "{bar}");
    s.screenshot(&shots.join("volunteer-page.png"));
    let pdf = home.path().join("tomas-2026.pdf");
    s.by_id("statement-year").fill("2026");
    s.by_id("statement-path").fill(pdf.to_str().expect("utf-8"));
    s.by_id("export-statement-button").click();
    s.wait_text("statement-status", "tomas-2026.pdf");
    let text = pdftotext(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Tomas Ruiz gave 6.5 hours"), "{text}");
    assert!(text.contains("Supervising attorney: Dana Lead") && !text.contains("Rosa Example"), "{text}");

    // The matter page names a supervisor on an assignment: the student himself is refused
    // beside the field, the attorney is taken and shown.
    s.by_id("nav-matters").click();
    s.by_id("matter-search").fill("S-1");
    s.by_id("matter-row").click();
    s.by_id("assign-volunteer-button").click();
    s.by_id("assign-volunteer").fill("truiz@example.edu");
    s.by_id("assign-supervisor").fill("truiz@example.edu");
    s.by_id("assign-submit").click();
    s.wait_text("error-supervisor", "someone other than the volunteer");
    s.by_id("assign-supervisor").fill("dana@example.org");
    s.by_id("assign-submit").click();
    s.wait_text("assignment-supervisor", "Dana Lead");
    s.screenshot(&shots.join("matter-supervisor.png"));

    // Everyone's statements from the Reports screen, with the count written.
    s.by_id("nav-reports").click();
    let folder = home.path().join("statements");
    s.by_id("statements-year").fill("2026");
    s.by_id("statements-folder").fill(folder.to_str().expect("utf-8"));
    s.by_id("export-statements-button").click();
    let status = s.wait_text("statements-status", "2 statements saved");
    assert!(status.contains("statements"), "{status}");
    s.screenshot(&shots.join("reports-statements.png"));
    s.close();
    drop(desktop);
    let mut written: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["statement-dana-lead-2026.pdf", "statement-tomas-ruiz-2026.pdf"]);
}
