//! TypeScript declarations of every type that crosses the IPC boundary, generated with ts-rs
//! into ui/src/lib/api/bindings.ts (checked in, "do not edit"). A test fails when the file is
//! stale; `UPDATE_BINDINGS=1 cargo test -p probono-desktop bindings` rewrites it.

use std::collections::BTreeSet;

use probono_app as app;
use probono_core::{import, model, reports, store};
use ts_rs::{Config, TS};

use crate::dto;

/// One declaration per type, and the names of the types it refers to.
struct Decl {
    name: String,
    text: String,
    deps: Vec<String>,
}

fn decl<T: TS + 'static + ?Sized>(cfg: &Config) -> Decl {
    Decl {
        name: T::name(cfg),
        text: format!("export {}", T::decl(cfg)),
        deps: T::dependencies(cfg).into_iter().map(|d| d.ts_name).collect(),
    }
}

fn all(cfg: &Config) -> Vec<Decl> {
    vec![
        // Errors
        decl::<probono_core::ErrorCode>(cfg),
        decl::<probono_core::PublicError>(cfg),
        // Records
        decl::<model::CaseType>(cfg),
        decl::<model::ReliefOutcome>(cfg),
        decl::<model::ReleaseOutcome>(cfg),
        decl::<model::Role>(cfg),
        decl::<model::HearingKind>(cfg),
        decl::<model::PartyRole>(cfg),
        decl::<model::MatterStatus>(cfg),
        decl::<model::Client>(cfg),
        decl::<model::ClientDraft>(cfg),
        decl::<model::Matter>(cfg),
        decl::<model::MatterDraft>(cfg),
        decl::<model::Party>(cfg),
        decl::<model::Organization>(cfg),
        decl::<model::Volunteer>(cfg),
        decl::<model::VolunteerDraft>(cfg),
        decl::<model::TimeEntry>(cfg),
        decl::<model::TimeEntryDraft>(cfg),
        decl::<model::Hearing>(cfg),
        decl::<model::HearingDraft>(cfg),
        decl::<model::Note>(cfg),
        decl::<model::Assignment>(cfg),
        decl::<model::MatterDetail>(cfg),
        decl::<model::AuditEvent>(cfg),
        // Conflict checks
        decl::<probono_core::conflict::Kind>(cfg),
        decl::<probono_core::conflict::Match>(cfg),
        decl::<model::ConflictDecision>(cfg),
        decl::<model::ShownMatch>(cfg),
        decl::<model::ConflictCheck>(cfg),
        decl::<model::ConflictCheckDraft>(cfg),
        decl::<dto::ConflictQuery>(cfg),
        decl::<probono_core::conflict::Side>(cfg),
        decl::<probono_core::conflict::Duplicate>(cfg),
        decl::<probono_core::store::MergePlan>(cfg),
        decl::<dto::MergeRequest>(cfg),
        decl::<dto::OpenMatterRequest>(cfg),
        decl::<dto::StatementRequest>(cfg),
        decl::<dto::ExportStatementRequest>(cfg),
        decl::<dto::ExportStatementsRequest>(cfg),
        decl::<app::statements::StatementBatch>(cfg),
        decl::<app::statements::StatementFailure>(cfg),
        // Deadlines
        decl::<probono_core::deadlines::CountsFrom>(cfg),
        decl::<probono_core::deadlines::rules::Unit>(cfg),
        decl::<probono_core::deadlines::rules::Direction>(cfg),
        decl::<probono_core::deadlines::rules::IfClosed>(cfg),
        decl::<probono_core::deadlines::rules::AppliesTo>(cfg),
        decl::<probono_core::deadlines::Rule>(cfg),
        decl::<probono_core::deadlines::Computed>(cfg),
        decl::<probono_core::deadlines::ClosureDay>(cfg),
        decl::<probono_core::deadlines::SuggestedDeadline>(cfg),
        decl::<probono_core::deadlines::MatterDeadlines>(cfg),
        decl::<store::MatterSuggestion>(cfg),
        decl::<store::CannotCompute>(cfg),
        decl::<store::OpenSuggestions>(cfg),
        decl::<reports::dashboard::DueDeadline>(cfg),
        decl::<store::MatterFilter>(cfg),
        decl::<store::TimeFilter>(cfg),
        decl::<store::VolunteerSummary>(cfg),
        decl::<store::ComparisonRate>(cfg),
        decl::<store::StateGoal>(cfg),
        decl::<store::Settings>(cfg),
        decl::<probono_core::pdf::Paper>(cfg),
        // Reports
        decl::<reports::Period>(cfg),
        decl::<reports::Definition>(cfg),
        decl::<reports::impact::ImpactReport>(cfg),
        decl::<reports::hours::VolunteerHours>(cfg),
        decl::<reports::hours::OrganizationHours>(cfg),
        decl::<reports::hours::RoleHours>(cfg),
        decl::<reports::hours::MonthHours>(cfg),
        decl::<reports::hours::CaseTypeHours>(cfg),
        decl::<reports::hours::DetentionHours>(cfg),
        decl::<reports::hours::HoursReport>(cfg),
        decl::<reports::dashboard::Dashboard>(cfg),
        decl::<reports::statement::ServiceStatement>(cfg),
        decl::<reports::statement::StatementVolunteer>(cfg),
        decl::<reports::statement::StatementMatter>(cfg),
        decl::<reports::statement::StatementEntry>(cfg),
        decl::<reports::statement::Supervisor>(cfg),
        decl::<reports::statement::Qualifying>(cfg),
        decl::<reports::statement::LeftOut>(cfg),
        // Import
        decl::<import::RowError>(cfg),
        decl::<import::Counts>(cfg),
        decl::<import::ImportSummary>(cfg),
        decl::<probono_core::backup::BackupReport>(cfg),
        decl::<probono_core::backup::CheckReport>(cfg),
        decl::<probono_core::exchange::ExportFormat>(cfg),
        decl::<probono_core::exchange::ExportSummary>(cfg),
        decl::<probono_core::submission::SubmissionSummary>(cfg),
        decl::<probono_core::submission::SubmissionOutcome>(cfg),
        // The application layer's
        decl::<app::reports::PeriodChoice>(cfg),
        decl::<app::reports::ReportKind>(cfg),
        decl::<app::reports::ReportFormat>(cfg),
        decl::<app::reports::Exported>(cfg),
        decl::<app::session::ClientPage>(cfg),
        decl::<app::session::VolunteerPage>(cfg),
        decl::<app::session::BackupStatus>(cfg),
        decl::<app::hours::Submitted>(cfg),
        decl::<app::calendar::CalendarChoice>(cfg),
        decl::<app::calendar::CalendarWritten>(cfg),
        // Boundary-only
        decl::<dto::VaultStatus>(cfg),
        decl::<dto::KeyringState>(cfg),
        decl::<dto::VaultState>(cfg),
        decl::<dto::CreateVaultRequest>(cfg),
        decl::<dto::CreatedVault>(cfg),
        decl::<dto::UnlockRequest>(cfg),
        decl::<dto::TeamState>(cfg),
        decl::<dto::ConnectTeamRequest>(cfg),
        decl::<dto::LoggedTime>(cfg),
        decl::<dto::Confirmation>(cfg),
        decl::<dto::ConfirmedRequest>(cfg),
        decl::<dto::ChangePassphraseRequest>(cfg),
        decl::<dto::RekeyRequest>(cfg),
        decl::<dto::Rekeyed>(cfg),
        decl::<dto::NewRecoveryKey>(cfg),
        decl::<dto::ExportReportRequest>(cfg),
        decl::<dto::ExportCaseRequest>(cfg),
        decl::<dto::ImportKind>(cfg),
        decl::<dto::ImportFileRequest>(cfg),
        decl::<dto::ProgressEvent>(cfg),
        decl::<dto::CloseMatterRequest>(cfg),
        decl::<dto::NoteRequest>(cfg),
        decl::<dto::PartyRequest>(cfg),
        decl::<dto::AssignRequest>(cfg),
        decl::<dto::HearingRange>(cfg),
        decl::<dto::BackupRequest>(cfg),
        decl::<dto::RestoreRequest>(cfg),
        decl::<dto::ExportRecordsRequest>(cfg),
        decl::<dto::CaseRefMapping>(cfg),
        decl::<dto::ImportSubmissionRequest>(cfg),
        decl::<dto::SubmitHoursRequest>(cfg),
        decl::<dto::DeadlineRequest>(cfg),
        decl::<dto::DismissDeadlineRequest>(cfg),
        decl::<dto::DeadlineDoneRequest>(cfg),
        decl::<dto::ComputeDeadlineRequest>(cfg),
        decl::<dto::ExportCalendarRequest>(cfg),
    ]
}

/// The whole bindings file.
pub fn generate() -> Result<String, String> {
    // 64-bit integers are counts and minutes: plain numbers in JavaScript, not bigint.
    let cfg = Config::new().with_large_int("number");
    let decls = all(&cfg);
    let declared: BTreeSet<&str> = decls.iter().map(|d| d.name.as_str()).collect();
    if declared.len() != decls.len() {
        let mut seen = BTreeSet::new();
        let twice: Vec<&str> = decls.iter().map(|d| d.name.as_str()).filter(|n| !seen.insert(*n)).collect();
        return Err(format!("two Rust types share a TypeScript name: {twice:?}; rename one with #[ts(rename)]"));
    }
    let missing: BTreeSet<&str> =
        decls.iter().flat_map(|d| d.deps.iter().map(String::as_str)).filter(|n| !declared.contains(n)).collect();
    if !missing.is_empty() {
        return Err(format!("types used but not declared in bindings.rs: {missing:?}"));
    }
    let mut out = String::from(
        "// Generated by src-tauri/src/bindings.rs from the Rust types (ts-rs). Do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p probono-desktop bindings\n\n",
    );
    for d in decls {
        out.push_str(&d.text);
        out.push_str("\n\n");
    }
    Ok(out.trim_end().to_owned() + "\n")
}

/// Choice labels, US states, countries and the limits the forms check, as TypeScript
/// constants: the screens show exactly the words the PDFs print and check exactly the limits
/// the core enforces.
pub fn catalog() -> String {
    use probono_core::model::{
        CaseType, Choice, HearingKind, MatterStatus, PartyRole, ReleaseOutcome, ReliefOutcome, Role,
    };
    fn choices<C: Choice>(name: &str, ts_type: &str) -> String {
        let entries: Vec<String> = C::all().iter().map(|c| format!("  {}: {},", c.code(), js(c.label()))).collect();
        format!("export const {name}: Record<{ts_type}, string> = {{\n{}\n}};\n\n", entries.join("\n"))
    }
    fn js(text: &str) -> String {
        serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
    }
    fn table(name: &str, doc: &str, rows: &[(String, String)]) -> String {
        let entries: Vec<String> = rows.iter().map(|(k, v)| format!("  {}: {},", js(k), js(v))).collect();
        format!("/** {doc} */\nexport const {name}: Record<string, string> = {{\n{}\n}};\n\n", entries.join("\n"))
    }
    let mut out = String::from(
        "// Generated by src-tauri/src/bindings.rs from the core's definitions. Do not edit.\n\
         // Regenerate: make bindings\n\n\
         import type { CaseType, HearingKind, MatterStatus, PartyRole, ReleaseOutcome, ReliefOutcome, Role } from './bindings';\n\n",
    );
    out.push_str(&choices::<CaseType>("CASE_TYPES", "CaseType"));
    out.push_str(&choices::<Role>("ROLES", "Role"));
    out.push_str(&choices::<HearingKind>("HEARING_KINDS", "HearingKind"));
    out.push_str(&choices::<ReliefOutcome>("RELIEF_OUTCOMES", "ReliefOutcome"));
    out.push_str(&choices::<ReleaseOutcome>("RELEASE_OUTCOMES", "ReleaseOutcome"));
    out.push_str(&choices::<PartyRole>("PARTY_ROLES", "PartyRole"));
    out.push_str(&choices::<MatterStatus>("STATUSES", "MatterStatus"));
    let states: Vec<(String, String)> =
        probono_core::geo::US_STATES.iter().map(|(c, n)| ((*c).to_owned(), (*n).to_owned())).collect();
    out.push_str(&table("US_STATES", "USPS codes of the states and territories a client may live in.", &states));
    let countries: Vec<(String, String)> = probono_core::geo::country_codes()
        .into_iter()
        .map(|code| (code.to_owned(), probono_core::geo::country_name(code)))
        .collect();
    out.push_str(&table("COUNTRIES", "ISO 3166-1 alpha-2 codes and the names the reports print.", &countries));
    let a = probono_core::validate::A_NUMBER_DIGITS;
    out.push_str(&format!(
        "/** The limits the core checks, for forms that check as the person types. */\n\
         export const LIMITS = {{\n  minPassphraseChars: {},\n  firstYear: {},\n  lastYear: {},\n  \
         aNumberMinDigits: {},\n  aNumberMaxDigits: {},\n  maxEntryMinutes: {},\n  maxNameChars: {},\n}} as const;\n\n",
        probono_core::secret::MIN_PASSPHRASE_CHARS,
        probono_core::reports::FIRST_YEAR,
        probono_core::reports::LAST_YEAR,
        a.start(),
        a.end(),
        probono_core::validate::MAX_ENTRY_MINUTES,
        probono_core::validate::MAX_NAME_CHARS,
    ));
    out.push_str(&format!(
        "/** Shown before client names go into a calendar file. */\nexport const CLIENT_NAMES_WARNING = {};\n\n",
        js(probono_app::calendar::CLIENT_NAMES_WARNING)
    ));
    let examples: Vec<String> = ["A123-456-789", "a 12345678", "1234567"]
        .iter()
        .filter_map(|typed| probono_core::validate::a_number("a_number", typed).ok())
        .map(|stored| format!("  [{}, {}],", js(&stored), js(&probono_core::validate::format_a_number(&stored))))
        .collect();
    out.push_str(&format!(
        "/** Stored A-numbers and how the core shows them, for the UI's tests of its own formatting. */\n\
         export const A_NUMBER_EXAMPLES: [string, string][] = [\n{}\n];\n",
        examples.join("\n")
    ));
    out
}

/// The generated files the UI checks in, with what this build makes of each.
pub fn generated_files() -> Result<Vec<(&'static str, String)>, String> {
    Ok(vec![
        ("ui/src/lib/api/bindings.ts", generate()?),
        ("ui/src/lib/api/commands.ts", include_str!(concat!(env!("OUT_DIR"), "/commands.ts")).to_owned()),
        ("ui/src/lib/api/catalog.ts", catalog()),
    ])
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Fails when a command, a type, a label or a limit changed on the Rust side without the
    /// UI's generated files (or when those were edited by hand): a command added on one side
    /// only cannot go unnoticed. `make bindings` (UPDATE_BINDINGS=1) rewrites them.
    #[test]
    fn the_uis_generated_files_are_up_to_date() {
        let root = Path::new(
            &std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR when it runs tests"),
        )
        .join("..");
        let mut stale = Vec::new();
        for (file, fresh) in super::generated_files().expect("every referenced type is declared") {
            let path = root.join(file);
            if std::env::var_os("UPDATE_BINDINGS").is_some() {
                std::fs::write(&path, &fresh).expect("write generated file");
            }
            if std::fs::read_to_string(&path).unwrap_or_default() != fresh {
                stale.push(file);
            }
        }
        assert!(stale.is_empty(), "stale: {stale:?}; run `make bindings` and commit the files");
    }

    #[test]
    fn every_command_has_a_typescript_wrapper_and_nothing_else_does() {
        let ts = include_str!(concat!(env!("OUT_DIR"), "/commands.ts"));
        for name in crate::COMMANDS {
            assert!(ts.contains(&format!("('{name}'")), "{name} has no wrapper");
        }
        let wrappers = ts.matches("export const ").count();
        assert_eq!(wrappers, crate::COMMANDS.len(), "one wrapper per command");
    }
}
