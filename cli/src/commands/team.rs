//! `probono --server URL …`: team mode's commands (docs/team-mode.md). The password comes
//! from PROBONO_PASSWORD or a hidden prompt, never from an argument.

use std::io::BufRead;

use probono_app::location::Locations;
use probono_app::outbox;
use probono_app::team::{self, Assigned, Director, NewMember, Team, TeamRole};
use probono_core::{Error, Result};
use zeroize::Zeroizing;

use crate::args::{MatterAssignArgs, MemberCommand, TeamCommand};
use crate::output;

/// The member's password: PROBONO_PASSWORD, else the one this computer remembers
/// (`team remember`), else a hidden prompt.
fn password(url: &str) -> Result<Zeroizing<String>> {
    if let Ok(p) = std::env::var("PROBONO_PASSWORD") {
        return Ok(Zeroizing::new(p));
    }
    let shown = team::server_url(url)?;
    if let Some(p) = probono_app::secret::keyring_from_env().recall_password(shown.shown()) {
        return Ok(p);
    }
    prompt(&shown)
}

fn prompt(shown: &team::ServerUrl) -> Result<Zeroizing<String>> {
    rpassword::prompt_password(format!("Password for {}: ", shown.shown()))
        .map(Zeroizing::new)
        .map_err(|_| Error::invalid("password", "no terminal to ask for it: set PROBONO_PASSWORD"))
}

/// The password typed now: at a hidden prompt, or the first line of standard input when it
/// is not a terminal (never the environment or the keyring).
fn typed_password(shown: &team::ServerUrl) -> Result<Zeroizing<String>> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        let line = password_from_stdin()?;
        if line.is_empty() {
            return Err(Error::invalid(
                "password",
                "type it at the prompt, or give it on the first line of standard input",
            ));
        }
        return Ok(line);
    }
    prompt(shown)
}

/// A connection to the team server; then whatever this computer's outbox holds for it is
/// sent first (time logged while the server could not be reached).
pub(crate) fn connect(url: &str) -> Result<Team> {
    let pw = password(url)?;
    let mut t = team::connect(url, &pw)?;
    send_outbox(&mut t, &pw);
    Ok(t)
}

fn send_outbox(t: &mut Team, password: &str) {
    let Ok(locations) = Locations::for_this_user() else { return };
    match outbox::send(&locations, t, password) {
        Ok(s) => {
            if s.sent > 0 {
                eprintln!(
                    "Sent {} time {} kept on this computer while the server could not be reached.",
                    s.sent,
                    if s.sent == 1 { "entry" } else { "entries" }
                );
            }
            for why in &s.refused {
                eprintln!("warning: the server refused an entry from the outbox, which keeps it: {why}");
            }
        }
        Err(e) => eprintln!("warning: the outbox on this computer was not sent: {e}"),
    }
}

/// A second connection (a read replica) with the password asked for `password_of`.
pub(crate) fn connect_with(url: &str, password_of: &str) -> Result<Team> {
    team::connect(url, &password(password_of)?)
}

pub fn team(url: &str, command: TeamCommand) -> Result<()> {
    match command {
        TeamCommand::Init { name, email } => {
            let director = Director { name: name.as_deref().unwrap_or(""), email: email.as_deref() };
            let (mut t, report) = team::init(url, &password(url)?, &director)?;
            match report.from {
                None => {
                    println!("Team database set up at {} (schema {}).", t.url().shown(), report.to);
                    println!(
                        "Groups: {}, {}, {}, {}; you are its director.",
                        report.roles.director, report.roles.attorney, report.roles.student, report.roles.volunteer
                    );
                    println!(
                        "Next: add members with `probono --server URL member add --login LOGIN --name NAME --role student`."
                    );
                }
                Some(v) if v == report.to => println!("The team database is already at schema {v}; nothing to do."),
                Some(v) => println!("Team database upgraded from schema {v} to {}.", report.to),
            }
            let _ = t.my_role()?;
            Ok(())
        }
        TeamCommand::Push => Err(Error::Internal("team push is run with its vault".into())),
        TeamCommand::Remember => {
            let shown = team::server_url(url)?;
            let keyring = probono_app::secret::keyring_from_env();
            keyring.availability().map_err(Error::KeyringUnavailable)?;
            // Typed now, and proven by the server, before it is kept.
            let pw = typed_password(&shown)?;
            let t = team::connect(url, &pw)?;
            keyring.remember_password(t.url().shown(), &pw)?;
            println!("This computer remembers your password for {}; `team forget` removes it.", t.url().shown());
            Ok(())
        }
        TeamCommand::Forget => {
            let shown = team::server_url(url)?;
            probono_app::secret::keyring_from_env().forget_password(shown.shown())?;
            println!("This computer no longer remembers a password for {}.", shown.shown());
            Ok(())
        }
        TeamCommand::Status { json } => {
            let pw = password(url)?;
            let mut t = team::connect(url, &pw)?;
            send_outbox(&mut t, &pw);
            let role = t.my_role()?.map(TeamRole::as_str);
            let waiting = outbox::waiting(&Locations::for_this_user()?, t.url(), &pw)?;
            if json {
                return output::json(&serde_json::json!({
                    "server": t.url().shown(),
                    "login": t.url().login(),
                    "role": role,
                    "schema": team::SCHEMA_VERSION,
                    "outbox_waiting": waiting,
                }));
            }
            output::fields(&[
                ("Server", Some(t.url().shown().to_owned())),
                ("Login", Some(t.url().login().to_owned())),
                ("Role", role.map(str::to_owned)),
                ("Schema", Some(team::SCHEMA_VERSION.to_string())),
                ("Waiting to send", Some(waiting.to_string())),
            ]);
            Ok(())
        }
    }
}

fn password_from_stdin() -> Result<Zeroizing<String>> {
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::io("reading the password from standard input", e))?;
    Ok(Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned()))
}

fn member_json(m: &team::Member) -> serde_json::Value {
    serde_json::json!({
        "login": m.login,
        "name": m.name,
        "email": m.email,
        "role": m.role.map(TeamRole::as_str),
        "active": m.active,
        "volunteer_id": m.volunteer_id,
    })
}

pub fn member(url: &str, command: MemberCommand) -> Result<()> {
    match command {
        MemberCommand::Add { login, name, email, role, password_stdin, json } => {
            let role = TeamRole::parse(&role)?;
            let given = if password_stdin { Some(password_from_stdin()?) } else { None };
            let mut t = connect(url)?;
            let new = NewMember {
                login: &login,
                name: &name,
                email: email.as_deref(),
                role,
                password: given.as_deref().map(String::as_str),
            };
            let (m, made) = t.add_member(&new)?;
            if json {
                let mut v = member_json(&m);
                if let Some(p) = &made {
                    v["one_time_password"] = serde_json::Value::String(p.clone());
                }
                return output::json(&v);
            }
            println!("Added {} ({}) as {}.", m.login, m.name, role.as_str());
            if let Some(p) = made {
                println!("One-time password: {p}");
                println!("Give it to them privately; they set their own with `probono --server URL member passwd`.");
            }
            Ok(())
        }
        MemberCommand::List { json } => {
            let members = connect(url)?.members()?;
            if json {
                return output::json(&members.iter().map(member_json).collect::<Vec<_>>());
            }
            output::table(
                &["login", "name", "role", "e-mail"],
                members
                    .iter()
                    .map(|m| {
                        vec![
                            m.login.clone(),
                            m.name.clone(),
                            if m.active {
                                m.role.map_or("-", TeamRole::as_str).to_owned()
                            } else {
                                "removed".to_owned()
                            },
                            output::opt(&m.email),
                        ]
                    })
                    .collect(),
            );
            Ok(())
        }
        MemberCommand::Role { login, role } => {
            let role = TeamRole::parse(&role)?;
            let m = connect(url)?.set_member_role(&login, role)?;
            println!("{} is now {}.", m.login, m.role.map_or("-", TeamRole::as_str));
            Ok(())
        }
        MemberCommand::Remove { login } => {
            let m = connect(url)?.remove_member(&login)?;
            println!("Removed {}: the login no longer connects; their records and history stay.", m.login);
            Ok(())
        }
        MemberCommand::ResetPassword { login, password_stdin } => {
            let given = if password_stdin { Some(password_from_stdin()?) } else { None };
            let made = connect(url)?.reset_member_password(&login, given.as_deref().map(String::as_str))?;
            println!("{login} has a new password.");
            if let Some(p) = made {
                println!("One-time password: {p}");
                println!("Give it to them privately; they set their own with `probono --server URL member passwd`.");
            }
            Ok(())
        }
        MemberCommand::Passwd => {
            let old = password(url)?;
            let mut t = team::connect(url, &old)?;
            send_outbox(&mut t, &old);
            let new = match std::env::var("PROBONO_NEW_PASSWORD") {
                Ok(p) => Zeroizing::new(p),
                Err(_) => {
                    let first = Zeroizing::new(rpassword::prompt_password("New password: ").map_err(|_| {
                        Error::invalid("password", "no terminal to ask for it: set PROBONO_NEW_PASSWORD")
                    })?);
                    let again = Zeroizing::new(
                        rpassword::prompt_password("New password again: ")
                            .map_err(|_| Error::invalid("password", "no terminal to ask for it"))?,
                    );
                    if *first != *again {
                        return Err(Error::invalid("password", "the two do not match; nothing was changed"));
                    }
                    first
                }
            };
            t.change_own_password(&new)?;
            println!("Password changed.");
            if let Err(e) = outbox::reseal(&Locations::for_this_user()?, t.url(), &old, &new) {
                eprintln!("warning: the outbox on this computer is still sealed with the old password: {e}");
            }
            Ok(())
        }
    }
}

pub fn push(url: &str, cx: &crate::session::Context) -> Result<()> {
    let mut t = connect(url)?;
    if t.my_role()? != Some(TeamRole::Director) {
        return Err(Error::NotAllowed("only a director can copy a vault into the team database".into()));
    }
    let mut session = cx.unlock()?;
    let proof = cx.confirm(&session, "copy every record to the team server")?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("push: {msg:>18} [{bar:20}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let report = team::push(&mut t, &mut session, &proof, |table, done, total| {
        bar.set_message(table.to_owned());
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let report = report?;
    println!("Copied the vault into {}:", t.url().shown());
    for (table, rows) in &report.tables {
        println!("{rows:>10}  {table}");
    }
    println!("{:>10}  settings", report.settings);
    for (name, login) in &report.merged {
        println!("{name} is the member {login}: their vault record was merged into the member's.");
    }
    Ok(())
}

pub fn log_time(url: &str, a: crate::args::TimeLogArgs) -> Result<()> {
    let draft = probono_core::model::TimeEntryDraft {
        volunteer: a.volunteer,
        matter: a.matter,
        date: a.date.unwrap_or_else(|| probono_app::session::today().to_string()),
        hours: a.hours,
        activity: a.activity,
    };
    let pw = password(url)?;
    // The entry's id is made once, here: if the server stored it but the answer was lost,
    // the copy the outbox sends later is the same entry, stored once.
    let id = uuid::Uuid::now_v7();
    let logged = team::connect(url, &pw).and_then(|mut t| {
        send_outbox(&mut t, &pw);
        team::log_time(&mut t, id, &draft)
    });
    let entry = match logged {
        Ok(entry) => entry,
        // Time is what people log from a detention center's parking lot: keep it for later.
        Err(Error::ServerUnreachable(why)) => {
            let locations = Locations::for_this_user()?;
            let waiting = outbox::queue(&locations, &team::server_url(url)?, &pw, id, &draft)?;
            eprintln!("The team server cannot be reached ({why}).");
            if a.json {
                return output::json(&serde_json::json!({ "queued": true, "id": id, "waiting": waiting }));
            }
            println!(
                "Kept the entry on this computer, encrypted ({waiting} waiting); it is sent the next time a command reaches the server ({id})."
            );
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    if a.json {
        return output::json(&entry);
    }
    println!("Logged {} hours on {} for {} ({}).", output::hours(entry.minutes), entry.case_ref, entry.date, entry.id);
    Ok(())
}

pub fn backup(url: &str, args: &crate::args::BackupArgs) -> Result<()> {
    let Some(file) = &args.file else {
        return Err(Error::invalid("to_folder", "on a team server, name one backup FILE (--to-folder is for vaults)"));
    };
    let mut t = connect(url)?;
    eprintln!("The backup gets its own passphrase (PROBONO_PASSPHRASE, or type it):");
    let pass = crate::session::new_passphrase("PROBONO_PASSPHRASE")?;
    let (task, bar) = output::progress_task("backup: {msg:>20} [{bar:20}] {pos}/{len}");
    let made = team::backup(&mut t, &pass, file, &task);
    bar.finish_and_clear();
    let made = made?;
    let records: usize = made.counts.iter().map(|(_, n)| n).sum();
    println!(
        "Wrote and verified {} ({:.1} MB, {records} records as of one moment on {}).",
        made.report.path,
        made.report.bytes as f64 / 1e6,
        t.url().shown()
    );
    println!(
        "It is encrypted with the passphrase just given; restore it as a vault with `probono restore FILE --vault NEWDIR`."
    );
    println!();
    println!("The backup's recovery key (shown once; keep it apart from the file):");
    println!();
    println!("    {}", made.recovery_key.display().as_str());
    Ok(())
}

pub fn export(url: &str, args: &crate::args::ExportArgs) -> Result<()> {
    let format = match args.format {
        crate::args::DataFormat::Json => probono_core::exchange::ExportFormat::Json,
        crate::args::DataFormat::Csv => probono_core::exchange::ExportFormat::Csv,
    };
    let mut t = connect(url)?;
    let (task, bar) = output::progress_task("export: {msg:>14} [{bar:20}] {pos}/{len}");
    let summary = team::export(&mut t, &args.out, format, &task);
    bar.finish_and_clear();
    let summary = summary?;
    eprintln!(
        "warning: these files are NOT encrypted and hold confidential client data; keep them safe and delete them when done"
    );
    println!("Wrote every record you can see on {} to {}:", t.url().shown(), summary.dir);
    for (file, rows) in summary.files {
        println!("{rows:>10}  {file}");
    }
    Ok(())
}

pub fn assign(url: &str, a: &MatterAssignArgs) -> Result<()> {
    if a.supervisor.is_some() {
        // Through the data layer, as on a vault: the supervisor must be an attorney.
        return super::people::assign(&mut connect(url)?, &a.volunteer, &a.matter, a.supervisor.as_deref());
    }
    match connect(url)?.assign(&a.matter, &a.volunteer)? {
        Assigned::Now => println!("Assigned."),
        Assigned::Already => println!("Already assigned; nothing changed."),
    }
    Ok(())
}
