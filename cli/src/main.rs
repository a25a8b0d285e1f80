//! `probono`: Pro Bono Desk without the window, for scripts, administrators and tests.
//!
//! A thin face over the application layer (probono-app): parse the arguments, call a use
//! case, print. Exit codes: 0 success, 1 a runtime error (one plain line on stderr, no client
//! data, sometimes followed by a hint naming the command that helps), 2 a usage error (clap).

mod args;
mod commands;
mod output;
mod session;

use std::process::ExitCode;

use clap::Parser;
use probono_core::{Error, ErrorCode};

use args::{Cli, Command};
use session::{Context, Place};

fn main() -> ExitCode {
    // Before any secret is read. Should the system refuse, the defaults stand; nothing to say.
    let _ = probono_app::process::forbid_core_dumps();
    quiet_on_closed_pipe();
    if std::env::var_os("PROBONO_TRACE_WRITES").is_some() {
        // Fixed event names only (probono_core::trace), for the crash tests and diagnosis.
        probono_core::trace::set_sink(|event| eprintln!("probono-trace: {event}"));
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            if let Some(hint) = hint(&err) {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(1)
        }
    }
}

/// `probono client list | head` closes our standard output early; printing then fails, and
/// Rust's `println!` panics. Like other command-line tools, stop quietly instead (exit 141,
/// as a shell reports a process ended by SIGPIPE), without a panic message.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

/// What to type next, for the errors a command can help with. Core messages name no
/// commands (the desktop app shows its own advice); the command line's live here.
fn hint(err: &Error) -> Option<&'static str> {
    Some(match err.code() {
        ErrorCode::VaultMissing => "create a vault with `probono init`, or name the folder with --vault DIR",
        ErrorCode::VaultDamaged | ErrorCode::KeyFileDamaged => {
            "restore the last good backup into a new folder: `probono restore FILE --vault NEWDIR`"
        }
        ErrorCode::WrongPassphrase => "forgotten? `probono --recovery-key passwd` sets a new one with the recovery key",
        ErrorCode::ServerLogin => {
            "the login is the user in the URL (postgres://LOGIN@HOST/DATABASE); the password comes from PROBONO_PASSWORD or the prompt. A director can give a new one"
        }
        ErrorCode::NoProgramKey => "run `probono program-key` and give volunteers what it prints",
        ErrorCode::SigningKeyChanged => {
            "`probono volunteer reset-key VOLUNTEER` forgets their old key; then import again to confirm the new one"
        }
        _ => return None,
    })
}

/// With `--server`: the commands team mode has so far (docs/team-mode.md, "What works").
fn run_on_server(url: &str, replica: Option<&str>, command: Command) -> probono_core::Result<()> {
    if replica.is_some() && !matches!(command, Command::Report(_)) {
        return Err(Error::invalid(
            "read_replica",
            "is for `report impact|hours` only: everything else reads and writes the server",
        ));
    }
    let server = || commands::team::connect(url).map(Place::Server);
    match command {
        Command::Team(c) => commands::team::team(url, c),
        // Handled with the vault it reads, in `run`.
        Command::Member(c) => commands::team::member(url, c),
        Command::Matter(args::MatterCommand::Assign(a)) => commands::team::assign(url, &a),
        Command::Report(c) => commands::report::team_period_report(url, replica, c),
        Command::Time(args::TimeCommand::Log(a)) => commands::team::log_time(url, a),
        Command::Backup(a) => commands::team::backup(url, &a),
        Command::Export(a) => commands::team::export(url, &a),
        // The record commands, through the data layer on the server.
        Command::Client(c) => commands::people::client(&mut server()?, c),
        Command::Volunteer(c) => commands::people::volunteer(&mut server()?, None, c),
        Command::Org(c) => commands::people::org(&server()?, c),
        Command::Matter(c) => commands::matters::run(&mut server()?, c),
        Command::Time(c) => commands::time::time(&mut server()?, c),
        Command::Hearing(c) => commands::time::hearing(&mut server()?, c),
        Command::Settings(c) => commands::vault::settings(&mut server()?, c),
        Command::Audit(a) => commands::vault::audit(server, None, &a),
        Command::Conflict(c) => commands::conflict::run(server, c),
        Command::Deadline(c) => commands::deadlines::deadline(|_| server(), c),
        Command::Calendar(c) => commands::deadlines::calendar(server, c),
        Command::Import(c) => commands::import::on_server(server, c),
        _ => Err(Error::invalid(
            "server",
            "this command does not work on a team server yet; there: team, member, client, volunteer, org, matter, time, hearing, settings, audit, conflict, deadline, calendar, import matters|hours, report, backup FILE, export",
        )),
    }
}

fn run(cli: Cli) -> probono_core::Result<()> {
    if let Some(url) = &cli.server {
        if let Command::Team(args::TeamCommand::Push) = cli.command {
            let cx = Context::new(cli.vault, cli.recovery_key)?;
            return commands::team::push(url, &cx);
        }
        if cli.vault.is_some() && std::env::var_os("PROBONO_VAULT").is_none() {
            return Err(Error::invalid(
                "vault",
                "--vault and --server name two places: give one (--vault only with `team push`)",
            ));
        }
        return run_on_server(url, cli.read_replica.as_deref(), cli.command);
    }
    let cx = Context::new(cli.vault, cli.recovery_key)?;
    let vault = || cx.unlock().map(Place::Vault);
    match cli.command {
        Command::Team(_) | Command::Member(_) => Err(Error::invalid(
            "server",
            "team and member commands work on a team server: give --server URL (or set PROBONO_SERVER)",
        )),
        Command::Init(a) => commands::vault::init(&cx, &a),
        Command::Status(a) => commands::vault::status(&cx, a.json),
        Command::Passwd => commands::vault::passwd(&cx),
        Command::Rekey => commands::vault::rekey(&cx),
        Command::Remember => commands::vault::remember(&cx),
        Command::Forget => commands::vault::forget(&cx),
        Command::RecoveryKey(c) => commands::vault::recovery_key(&cx, c),
        Command::Client(c) => commands::people::client(&mut vault()?, c),
        Command::Volunteer(c) => commands::people::volunteer(&mut vault()?, Some(&cx), c),
        Command::Org(c) => commands::people::org(&vault()?, c),
        Command::Matter(c) => commands::matters::run(&mut vault()?, c),
        Command::Time(c) => commands::time::time(&mut vault()?, c),
        Command::Hearing(c) => commands::time::hearing(&mut vault()?, c),
        Command::Deadline(c) => commands::deadlines::deadline(
            |read_only| if read_only { cx.unlock_read_only() } else { cx.unlock() }.map(Place::Vault),
            c,
        ),
        Command::Calendar(c) => commands::deadlines::calendar(vault, c),
        Command::Conflict(c) => commands::conflict::run(vault, c),
        Command::Settings(c) => commands::vault::settings(&mut vault()?, c),
        Command::Audit(a) => commands::vault::audit(vault, Some(&cx), &a),
        Command::Import(c) => commands::import::run(&cx, c),
        Command::Report(c) => commands::report::run(&cx, c),
        Command::Demo => commands::vault::demo(&cx),
        Command::Backup(a) => commands::backup::backup(&cx, &a),
        Command::Restore(a) => commands::backup::restore(&cx, &a),
        Command::Check => commands::backup::check(&cx),
        Command::Export(a) => commands::backup::export(&cx, &a),
        Command::ProgramKey { out } => commands::submission::program_key(&cx, out.as_deref()),
        Command::SubmitHours(a) => commands::submission::submit(&cx, &a),
    }
}
