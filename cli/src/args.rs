//! The command line: every subcommand and flag, named after the fields they set.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "probono",
    version,
    about = "Pro Bono Desk from the command line: an encrypted vault of clients, matters, volunteers and hours",
    long_about = None,
    after_help = "The vault folder comes from --vault, else PROBONO_VAULT, else the platform data folder.\n\
                  The passphrase comes from PROBONO_PASSPHRASE when set, else the key remembered on this\n\
                  computer (see `probono remember`), else a hidden prompt."
)]
pub struct Cli {
    /// The vault folder.
    #[arg(long, global = true, env = "PROBONO_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// Unlock with the recovery key (from PROBONO_RECOVERY_KEY or a prompt) instead of the passphrase.
    #[arg(long, global = true)]
    pub recovery_key: bool,

    /// A team server instead of a vault: a PostgreSQL connection URL,
    /// postgres://LOGIN@HOST/DATABASE (TLS verify-full unless the server is this computer and
    /// the URL says sslmode=disable; a private CA with sslrootcert=FILE). The password comes
    /// from PROBONO_PASSWORD or a hidden prompt (docs/team-mode.md).
    #[arg(long, global = true, env = "PROBONO_SERVER", value_name = "URL")]
    pub server: Option<String>,

    /// With --server: read the figures of `report impact|hours` from this streaming replica
    /// of the team server (same login and password; the audit event goes to --server).
    #[arg(long, global = true, env = "PROBONO_READ_REPLICA", value_name = "URL", requires = "server")]
    pub read_replica: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault and show its recovery key (once).
    Init(InitArgs),
    /// Show where the vault is, what it holds and whether this computer remembers its key.
    Status(JsonFlag),
    /// Change the passphrase (the database is not re-encrypted; the key is rewrapped). Asks
    /// for the current passphrase again.
    Passwd,
    /// Replace the vault's data key: the records are re-encrypted under a new key, and a new
    /// recovery key is shown once. For when an old passphrase or recovery key may be known to
    /// someone. Asks for the current passphrase again.
    Rekey,
    /// Remember the vault key in this computer's keyring, so commands need no passphrase.
    /// Asks for the current passphrase again.
    Remember,
    /// Remove the vault key from this computer's keyring.
    Forget,
    /// The recovery key: `new` replaces a lost Recovery Kit.
    #[command(subcommand, name = "recovery-key")]
    RecoveryKey(RecoveryKeyCommand),
    /// Clients: the people the program represents.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Matters: cases, with type, detention, dates and outcomes.
    #[command(subcommand)]
    Matter(MatterCommand),
    /// Volunteers: attorneys, law students, interpreters, paralegals.
    #[command(subcommand)]
    Volunteer(VolunteerCommand),
    /// Organizations (firms, schools, nonprofits) and their volunteers' hours.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Time entries.
    #[command(subcommand)]
    Time(TimeCommand),
    /// Hearings and deadlines.
    #[command(subcommand)]
    Hearing(HearingCommand),
    /// Deadlines computed from the rules: the calculator, suggestions to confirm or dismiss,
    /// marking done, the program's own rules and closure days (docs/deadlines.md).
    #[command(subcommand)]
    Deadline(DeadlineCommand),
    /// Hearings and deadlines as a calendar file (.ics) for phone and desktop calendars.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Conflict checks: is this person already a client, a party or a volunteer, under any
    /// spelling or script (docs/conflict-checks.md)?
    #[command(subcommand)]
    Conflict(ConflictCommand),
    /// Program settings (program name, paper size, national comparison rates).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// The audit log: who changed what, when (newest first).
    Audit(AuditArgs),
    /// Import spreadsheets (CSV): matters with their clients, or volunteer hours.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Reports: impact, annual volunteer hours, and the case summary PDF.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Team mode: set up or upgrade a program's database on a team server (with --server).
    #[command(subcommand)]
    Team(TeamCommand),
    /// Team mode: the people who log in to the team server and their roles (with --server).
    #[command(subcommand)]
    Member(MemberCommand),
    /// Create a vault holding a fictional demo clinic (passphrase as for init).
    Demo,
    /// Write a verified, encrypted backup of the vault to FILE (or a dated one into --to-folder).
    Backup(BackupArgs),
    /// Restore a backup into a new vault folder (given with --vault); never overwrites.
    Restore(RestoreArgs),
    /// Check the vault's encryption and structure (cipher_integrity_check, integrity_check).
    Check,
    /// Write every record to a folder as JSON or CSV (UNENCRYPTED; docs/export-format.md).
    /// Asks for the current passphrase again.
    Export(ExportArgs),
    /// Coordinator: show (creating on first use) the program key volunteers encrypt hours to.
    ProgramKey {
        /// Also write it to this file, to hand to volunteers.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Volunteer: write your hours for a period as a signed submission encrypted to the program key.
    SubmitHours(SubmitHoursArgs),
}

#[derive(Debug, Subcommand)]
pub enum RecoveryKeyCommand {
    /// Make a new recovery key and show it once; the old key stops opening the vault (backups
    /// made before keep the key file of their day). Asks for the current passphrase again.
    New,
}

#[derive(Debug, Args)]
pub struct SubmitHoursArgs {
    #[arg(long)]
    pub from: String,
    #[arg(long)]
    pub to: String,
    /// The submission file to write (give it to the coordinator).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The program key from the coordinator (age1…), or a file holding it.
    #[arg(long)]
    pub program_key: String,
    /// Which volunteer you are in this vault (id, e-mail or name); needed only when it holds several.
    #[arg(long)]
    pub volunteer: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "json")]
    pub format: DataFormat,
    /// The folder to write into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DataFormat {
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (replaced atomically).
    #[arg(required_unless_present = "to_folder", conflicts_with = "to_folder")]
    pub file: Option<PathBuf>,
    /// Write pro-bono-desk-<vault id>-<date>-<time>.pbbackup into this folder instead,
    /// keeping this vault's newest --keep (other vaults' backups there are left alone).
    #[arg(long, value_name = "DIR")]
    pub to_folder: Option<PathBuf>,
    /// How many backups to keep in --to-folder.
    #[arg(long, default_value_t = 10, requires = "to_folder")]
    pub keep: usize,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file.
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The impact report: volunteers, cases, detention centers, states, countries, languages, outcomes.
    Impact(PeriodReportArgs),
    /// The annual volunteer-hour report: by volunteer, organization, role, month, case type.
    Hours(PeriodReportArgs),
    /// The case summary PDF of one matter.
    Case(CaseReportArgs),
    /// One volunteer's service statement: matters by case reference, supervising attorney, entries, total, certification block.
    Statement(StatementArgs),
    /// A service statement for every volunteer with time in the period, one file each, into a folder.
    Statements(StatementsArgs),
    /// An organization's Pro Bono Institute Challenge figures: share of billable hours, hours per attorney, participation.
    Challenge(ChallengeArgs),
}

#[derive(Debug, Args)]
pub struct ChallengeArgs {
    /// The organization (firm), by name.
    #[arg(long)]
    pub org: String,
    /// The organization's total billable hours for the period.
    #[arg(long, allow_hyphen_values = true)]
    pub billable_hours: String,
    #[command(flatten)]
    pub report: PeriodReportArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatementFormat {
    Json,
    Pdf,
}

#[derive(Debug, Args)]
pub struct StatementPeriodArgs {
    /// A calendar year (default: this year).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// First day of the period (with --to).
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// Last day of the period (with --from).
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// Name each matter's client too (left out by default: matters are named by case reference).
    #[arg(long)]
    pub client_names: bool,
}

#[derive(Debug, Args)]
pub struct StatementArgs {
    /// The volunteer: e-mail, id or exact name.
    #[arg(long)]
    pub volunteer: String,
    /// One project only (case reference or id), for a per-project affidavit.
    #[arg(long)]
    pub matter: Option<String>,
    #[command(flatten)]
    pub period: StatementPeriodArgs,
    #[arg(long, value_enum, default_value = "json")]
    pub format: StatementFormat,
    /// Write to this file (required for PDF); standard output otherwise.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StatementsArgs {
    #[command(flatten)]
    pub period: StatementPeriodArgs,
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: StatementFormat,
    /// The folder to write into (made when missing).
    #[arg(long, value_name = "FOLDER")]
    pub out_dir: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Json,
    Csv,
    Pdf,
}

#[derive(Debug, Args)]
pub struct PeriodReportArgs {
    /// A calendar year (default: this year).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// First day of the period (with --to).
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// Last day of the period (with --from).
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: ReportFormat,
    /// Write to this file (required for PDF); standard output otherwise.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CaseReportArgs {
    /// Case reference or id.
    pub reference: String,
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// Leave the notes out (they may be privileged).
    #[arg(long)]
    pub no_notes: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import matters.csv (one row per matter, with its client). See docs/import-format.md.
    Matters(ImportArgs),
    /// Import hours.csv (one row per time entry, with its volunteer). See docs/import-format.md.
    Hours(ImportHoursArgs),
    /// Coordinator: import a volunteer's hours submission (entries merge by id).
    Submission(ImportSubmissionArgs),
    /// Import a JSON export (`probono export`) into an empty vault, ids included.
    VaultExport {
        /// The export folder (with manifest.json).
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// Check the file and show what would be created, without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportSubmissionArgs {
    pub file: PathBuf,
    /// The volunteer's key fingerprint, confirmed with them out of band (first submission only).
    #[arg(long, value_name = "FINGERPRINT")]
    pub accept_key: Option<String>,
    /// Rename a case reference: SUBMITTED=OURS (repeatable).
    #[arg(long = "map", value_name = "SUBMITTED=OURS")]
    pub map: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ImportHoursArgs {
    pub file: PathBuf,
    /// A matters.csv to import in the same transaction (its case references count as known).
    #[arg(long, value_name = "FILE")]
    pub matters: Option<PathBuf>,
    /// Check the file and show what would be created, without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Also remember the key on this computer.
    #[arg(long)]
    pub remember: bool,
}

#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Add a client.
    Add(ClientAddArgs),
    /// List clients.
    List(ClientListArgs),
    /// Show one client (by id, A-number or exact name) and their matters.
    Show(ShowArgs),
    /// List likely duplicate clients (any spelling or script, the same A-number), with scores
    /// and reasons (docs/conflict-checks.md).
    Duplicates(JsonFlag),
    /// Merge a duplicate client into another: matters (with their parties, hearings, notes and
    /// time) and languages move, the other's names become other names, empty fields are filled;
    /// refused when the two have different A-numbers. Audited.
    Merge(ClientMergeArgs),
}

#[derive(Debug, Args)]
pub struct ClientMergeArgs {
    /// The client to keep: id, A-number or exact name.
    pub keep: String,
    /// The duplicate to merge into it and remove.
    pub drop: String,
    /// Show what would move and be filled; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ClientAddArgs {
    #[arg(long)]
    pub name: String,
    /// Another name the client is known by (repeatable).
    #[arg(long = "other-name", value_name = "NAME")]
    pub other_names: Vec<String>,
    /// Alien registration number: 7 to 9 digits, `A`, spaces and dashes allowed.
    #[arg(long)]
    pub a_number: Option<String>,
    /// YYYY-MM-DD or M/D/YYYY.
    #[arg(long, alias = "dob")]
    pub date_of_birth: Option<String>,
    /// Country of origin: ISO 3166 code (SV) or English name (El Salvador).
    #[arg(long, alias = "country-of-origin")]
    pub country: Option<String>,
    /// A language the client speaks (repeatable, or separated by `;`).
    #[arg(long = "language", value_name = "LANGUAGE")]
    pub languages: Vec<String>,
    #[arg(long)]
    pub interpreter_needed: bool,
    #[arg(long)]
    pub contact: Option<String>,
    /// Date of last entry to the US (drives the one-year asylum filing deadline).
    #[arg(long)]
    pub entry_date: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ClientListArgs {
    /// Text in the name, other names or A-number.
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    pub reference: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum MatterCommand {
    /// Put a volunteer on a matter (with --supervisor: name the attorney who supervises them there).
    Assign(MatterAssignArgs),
    /// Open a matter for a client.
    Add(MatterAddArgs),
    /// List matters, newest first.
    List(MatterListArgs),
    /// Show a matter (by case reference or id) with volunteers, hearings, time and notes.
    Show(ShowArgs),
    /// Close a matter, optionally recording the relief outcome.
    Close(MatterCloseArgs),
    /// Add a note to a matter.
    Note(MatterNoteArgs),
    /// Add an adverse or related party to a matter.
    Party(MatterPartyArgs),
}

#[derive(Debug, Args)]
pub struct MatterAddArgs {
    /// The client: id, A-number or exact name.
    #[arg(long)]
    pub client: String,
    /// asylum, withholding, cat, bond, parole, cancellation, sijs, u_visa, t_visa, tps, adjustment, naturalization, other.
    #[arg(long)]
    pub case_type: String,
    /// Date opened (YYYY-MM-DD); today when omitted.
    #[arg(long)]
    pub opened: Option<String>,
    /// The program's own case number (generated as PB-YYYY-NNNN when omitted).
    #[arg(long)]
    pub case_ref: Option<String>,
    #[arg(long)]
    pub detained: bool,
    #[arg(long, alias = "facility")]
    pub detention_facility: Option<String>,
    /// USPS code or state name.
    #[arg(long, alias = "state")]
    pub state_of_residence: Option<String>,
    /// Court or venue.
    #[arg(long)]
    pub court: Option<String>,
    #[arg(long)]
    pub closed: Option<String>,
    /// pending, granted, denied or withdrawn.
    #[arg(long)]
    pub relief_outcome: Option<String>,
    #[arg(long)]
    pub release_requested: bool,
    /// pending, granted or denied.
    #[arg(long)]
    pub release_outcome: Option<String>,
    /// Date of the decision (YYYY-MM-DD); deadlines to appeal or reopen count from it.
    #[arg(long)]
    pub decided_on: Option<String>,
    /// The other side, added as an adverse party in the same step (repeat for more; run
    /// `probono conflict check` on the names first).
    #[arg(long = "adverse-party", value_name = "NAME")]
    pub adverse_parties: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Open,
    Closed,
}

#[derive(Debug, Args)]
pub struct MatterListArgs {
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    #[arg(long)]
    pub case_type: Option<String>,
    /// Only matters of detained clients.
    #[arg(long, conflicts_with = "not_detained")]
    pub detained: bool,
    /// Only matters of clients not detained.
    #[arg(long)]
    pub not_detained: bool,
    /// Matters this volunteer (id, e-mail or name) is on.
    #[arg(long)]
    pub volunteer: Option<String>,
    /// Matters of this client (id, A-number or name).
    #[arg(long)]
    pub client: Option<String>,
    /// Text in the case reference or client name.
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MatterCloseArgs {
    pub reference: String,
    /// Closing date (today when omitted).
    #[arg(long)]
    pub date: Option<String>,
    /// Relief outcome: granted, denied, withdrawn or pending.
    #[arg(long, alias = "relief-outcome")]
    pub outcome: Option<String>,
}

#[derive(Debug, Args)]
pub struct MatterNoteArgs {
    pub reference: String,
    #[arg(long)]
    pub text: String,
    #[arg(long)]
    pub author: Option<String>,
}

#[derive(Debug, Args)]
pub struct MatterPartyArgs {
    pub reference: String,
    /// adverse_party, co_respondent, family_member, witness, interpreter, opposing_counsel or
    /// other (labels such as "opposing counsel" work too; --kind adverse|related still does).
    #[arg(long, alias = "kind")]
    pub role: String,
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub relationship: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum VolunteerCommand {
    /// Add a volunteer.
    Add(VolunteerAddArgs),
    /// List volunteers.
    List(ClientListArgs),
    /// Show a volunteer (id, e-mail or name) and their matters.
    Show(ShowArgs),
    /// Put a volunteer on a matter (with --supervisor: name the attorney who supervises them there).
    Assign(AssignArgs),
    /// Set a volunteer's law-school start date or bar admissions (for service statements).
    Set(VolunteerSetArgs),
    /// Forget the hour-submission signing key accepted for a volunteer (e.g. a new computer).
    /// Asks for the current passphrase again.
    ResetKey {
        /// The volunteer: id, e-mail or name.
        volunteer: String,
    },
}

#[derive(Debug, Args)]
pub struct VolunteerAddArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub email: Option<String>,
    /// Firm, school or nonprofit.
    #[arg(long)]
    pub organization: Option<String>,
    /// attorney, law_student, interpreter, paralegal or community_volunteer.
    #[arg(long)]
    pub role: String,
    /// A language the volunteer works in (repeatable).
    #[arg(long = "language", value_name = "LANGUAGE")]
    pub languages: Vec<String>,
    #[arg(long)]
    pub bar_number: Option<String>,
    /// A law student's law-school start date (YYYY-MM-DD).
    #[arg(long)]
    pub law_school_start: Option<String>,
    /// An attorney's bar admission, e.g. "New York, 2019, 5512345" (repeatable).
    #[arg(long = "bar-admission", value_name = "ADMISSION")]
    pub bar_admissions: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    pub volunteer: String,
    #[arg(long)]
    pub matter: String,
    /// The attorney who supervises this volunteer on the matter (id, e-mail or name); the
    /// matter's lead attorney (the attorney assigned first) when not named.
    #[arg(long)]
    pub supervisor: Option<String>,
}

#[derive(Debug, Args)]
pub struct VolunteerSetArgs {
    /// The volunteer: id, e-mail or name.
    pub volunteer: String,
    /// A law student's law-school start date (YYYY-MM-DD; an empty value clears it).
    #[arg(long)]
    pub law_school_start: Option<String>,
    /// Bar admissions, replacing those recorded (repeatable; an empty value clears them).
    #[arg(long = "bar-admission", value_name = "ADMISSION")]
    pub bar_admissions: Option<Vec<String>>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// List organizations with their volunteers and hours.
    List(JsonFlag),
}

#[derive(Debug, Subcommand)]
pub enum TimeCommand {
    /// Log time on a matter.
    Log(TimeLogArgs),
    /// List time entries, newest first.
    List(TimeListArgs),
}

#[derive(Debug, Args)]
pub struct TimeLogArgs {
    /// Volunteer: id, e-mail or exact name.
    #[arg(long)]
    pub volunteer: String,
    /// Matter: case reference or id.
    #[arg(long)]
    pub matter: String,
    /// YYYY-MM-DD (today when omitted).
    #[arg(long)]
    pub date: Option<String>,
    /// Hours in tenths, e.g. 1.5 (more than 0, at most 24).
    #[arg(long, allow_hyphen_values = true)]
    pub hours: String,
    #[arg(long)]
    pub activity: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TimeListArgs {
    #[arg(long)]
    pub volunteer: Option<String>,
    #[arg(long)]
    pub matter: Option<String>,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    /// Show at most this many entries.
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum HearingCommand {
    /// Add a hearing or deadline to a matter.
    Add(HearingAddArgs),
    /// List hearings and deadlines, soonest first.
    List(HearingListArgs),
}

#[derive(Debug, Args)]
pub struct HearingAddArgs {
    /// Matter: case reference or id.
    #[arg(long)]
    pub matter: String,
    /// YYYY-MM-DD or YYYY-MM-DD HH:MM.
    #[arg(long)]
    pub at: String,
    /// master_calendar, individual, bond, interview, filing_deadline, other_deadline or other.
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub place: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// IANA time zone of the court, e.g. America/Chicago (the program's time zone when omitted).
    #[arg(long)]
    pub time_zone: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct HearingListArgs {
    #[arg(long)]
    pub matter: Option<String>,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    /// Only the next 30 days.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub upcoming: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show all settings.
    Show(JsonFlag),
    /// Change one setting, e.g. `settings set program_name "Justice Clinic"` or
    /// `settings set national_relief_rate "40%,2022,EOIR statistics"`.
    Set { key: String, value: String },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: Option<AuditCommand>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain from the first event; name the first broken link.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum DeadlineCommand {
    /// List the rules in force with their citations; load or unload the program's own.
    Rules(DeadlineRulesArgs),
    /// Compute a due date: `deadline compute --rule bia-appeal --from 2026-10-27`.
    Compute(DeadlineComputeArgs),
    /// Deadlines the rules suggest for open matters, waiting to be confirmed or dismissed.
    Suggested(DeadlineSuggestedArgs),
    /// Confirm a suggested deadline: it goes on the matter's calendar with its rule.
    Confirm(DeadlineConfirmArgs),
    /// Dismiss a suggested deadline, with the reason.
    Dismiss(DeadlineDismissArgs),
    /// Mark a deadline done (filed), or not done again with --undo.
    Done(DeadlineDoneArgs),
    /// Days the court or office is closed (deadlines ending on one move as their rule says).
    #[command(subcommand)]
    Closure(ClosureCommand),
}

#[derive(Debug, Args)]
pub struct DeadlineRulesArgs {
    /// Load the program's own rules from this TOML file (same format as the built-in
    /// core/deadlines/rules.toml); a rule with a built-in id replaces it.
    #[arg(long, value_name = "FILE", conflicts_with = "unload")]
    pub load: Option<PathBuf>,
    /// Go back to the built-in rules only.
    #[arg(long)]
    pub unload: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DeadlineComputeArgs {
    /// The rule's id (see `probono deadline rules`).
    #[arg(long)]
    pub rule: String,
    /// The date it counts from (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DeadlineSuggestedArgs {
    /// Only this matter (case reference or id).
    #[arg(long)]
    pub matter: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// Which suggested deadline: its matter, its rule and, when the rule gives the matter
/// several (one per hearing), which date.
#[derive(Debug, Args)]
pub struct DeadlineRefArgs {
    /// Case reference or id.
    #[arg(long)]
    pub matter: String,
    /// The rule's id.
    #[arg(long)]
    pub rule: String,
    /// Which date, when a rule gives the matter several (as `deadline suggested` shows it).
    #[arg(long)]
    pub source: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeadlineConfirmArgs {
    #[command(flatten)]
    pub deadline: DeadlineRefArgs,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DeadlineDismissArgs {
    #[command(flatten)]
    pub deadline: DeadlineRefArgs,
    /// Why it does not apply (kept with the decision and shown on the matter page).
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct DeadlineDoneArgs {
    /// The deadline's id (as `hearing list --json` or `deadline confirm` shows it).
    pub id: String,
    /// Mark it not done again.
    #[arg(long)]
    pub undo: bool,
}

#[derive(Debug, Subcommand)]
pub enum ClosureCommand {
    /// Add a closure day: `deadline closure add 2026-12-24 --reason "Court closed"`.
    Add {
        /// YYYY-MM-DD.
        date: String,
        #[arg(long)]
        reason: String,
    },
    /// Remove a closure day.
    Remove {
        /// YYYY-MM-DD.
        date: String,
    },
    /// List the closure days.
    List(JsonFlag),
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Write hearings and deadlines as an iCalendar file. Events name the case reference, the
    /// kind and the place, not the client, unless --with-client-names is given.
    Export(CalendarExportArgs),
}

#[derive(Debug, Args)]
pub struct CalendarExportArgs {
    /// The .ics file to write (replaced if it exists).
    #[arg(long, value_name = "FILE.ics")]
    pub out: PathBuf,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Only the matters this volunteer (id, e-mail or name) is assigned to.
    #[arg(long)]
    pub volunteer: Option<String>,
    /// Put clients' names (and the hearings' descriptions) into the events. Calendars are
    /// often synced to phones and cloud services: see the warning printed.
    #[arg(long)]
    pub with_client_names: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConflictCommand {
    /// Search every client, party and volunteer for a name (and an A-number, a date of
    /// birth), or for each name in a file. Exits 0 whether or not anything matched.
    Check(ConflictCheckArgs),
    /// Run a check for a matter's names and record it on the matter with the decision: who
    /// ran it, the names searched, the matches shown (audited).
    Record(ConflictRecordArgs),
}

#[derive(Debug, Args)]
pub struct ConflictRecordArgs {
    /// The matter: case reference or id.
    #[arg(long)]
    pub matter: String,
    /// A name searched (repeat for each: the client, the adverse parties…).
    #[arg(long = "name", value_name = "NAME", required = true)]
    pub names: Vec<String>,
    /// Who ran the check.
    #[arg(long)]
    pub checked_by: String,
    /// no_conflict, conflict or waived.
    #[arg(long)]
    pub decision: String,
    /// What was found and, for a waiver, how the clients consented (required unless no_conflict).
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["name", "names_file"])))]
pub struct ConflictCheckArgs {
    /// The name to search for, as written (any script, any order).
    #[arg(long)]
    pub name: Option<String>,
    /// The person's A-number: a match whatever the names say.
    #[arg(long, value_name = "A-NUMBER", requires = "name")]
    pub a_number: Option<String>,
    /// The person's date of birth (YYYY-MM-DD): agreeing raises a score, disagreeing lowers it.
    #[arg(long, value_name = "DATE", requires = "name")]
    pub dob: Option<String>,
    /// A file of names, one per line (e.g. the adverse parties of a new case).
    #[arg(long, value_name = "FILE")]
    pub names_file: Option<PathBuf>,
    /// Print JSON: {"results": [{"query", "matches": [{"kind", "id", "name", "score", "reasons", "matters"}]}]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MatterAssignArgs {
    /// The matter: case reference or id.
    pub matter: String,
    /// The volunteer: id, e-mail or name (on a team server: a member's login, e-mail or id).
    #[arg(long)]
    pub volunteer: String,
    /// The attorney who supervises this volunteer on the matter (vault only for now).
    #[arg(long)]
    pub supervisor: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Set up the team database (run once by its director, the login that owns the database
    /// and may create roles), or bring it up to this program's schema after an upgrade.
    Init {
        /// The director's name, as it appears on their work and in the audit trail.
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Copy a vault (--vault DIR, its passphrase asked again) into the empty team database:
    /// every record, ids kept, in one transaction (director only).
    Push,
    /// Remember your server password in this computer's keyring (typed now, checked with the
    /// server), so commands need not ask for it.
    Remember,
    /// Forget the server password this computer remembers.
    Forget,
    /// Who you are on the team server and the schema version.
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member: a login on the server in one role, and the volunteer record their time
    /// goes to. Prints a one-time password unless --password-stdin gives one (director only).
    Add {
        /// The login (lower-case letters, digits, '_' or '.').
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        /// director, attorney, student or volunteer.
        #[arg(long)]
        role: String,
        /// Read the member's password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// List the members, their roles, and who was removed.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a member's role (director only).
    Role {
        login: String,
        /// director, attorney, student or volunteer.
        role: String,
    },
    /// Remove a member: their login stops working; their records and history stay (director only).
    Remove { login: String },
    /// Change your own password on the team server (the new one from PROBONO_NEW_PASSWORD or a prompt).
    Passwd,
    /// Give a member a new password, e.g. a forgotten one: prints a one-time password unless
    /// --password-stdin gives one (director only).
    ResetPassword {
        login: String,
        #[arg(long)]
        password_stdin: bool,
    },
}
