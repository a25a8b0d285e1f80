//! `probono`: Pro Bono Desk without the window, for scripts, administrators and tests.
//!
//! Exit codes: 0 success, 1 a runtime error (one plain line on stderr, no client data),
//! 2 a usage error (from clap).

mod args;
mod commands;
mod output;
mod session;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use session::Session;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> probono_core::Result<()> {
    let session = Session::new(cli.vault, cli.recovery_key)?;
    match cli.command {
        Command::Init(a) => commands::vault::init(&session, &a),
        Command::Status(a) => commands::vault::status(&session, a.json),
        Command::Passwd => commands::vault::passwd(&session),
        Command::Remember => commands::vault::remember(&session),
        Command::Forget => commands::vault::forget(&session),
        Command::Client(c) => commands::people::client(&session, c),
        Command::Volunteer(c) => commands::people::volunteer(&session, c),
        Command::Org(c) => commands::people::org(&session, c),
        Command::Matter(c) => commands::matters::run(&session, c),
        Command::Time(c) => commands::time::time(&session, c),
        Command::Hearing(c) => commands::time::hearing(&session, c),
        Command::Settings(c) => commands::vault::settings(&session, c),
        Command::Audit(a) => commands::vault::audit(&session, &a),
        Command::Import(c) => commands::import::run(&session, c),
        Command::Report(c) => commands::report::run(&session, c),
        Command::Demo => commands::vault::demo(&session),
        Command::Backup(a) => commands::backup::backup(&session, &a),
        Command::Restore(a) => commands::backup::restore(&session, &a),
        Command::Check => commands::backup::check(&session),
        Command::Export(a) => commands::backup::export(&session, &a),
        Command::ProgramKey { out } => commands::submission::program_key(&session, out.as_deref()),
        Command::SubmitHours(a) => commands::submission::submit(&session, &a),
    }
}
