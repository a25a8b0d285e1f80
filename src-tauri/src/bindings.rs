//! TypeScript declarations of every type that crosses the IPC boundary, generated with ts-rs
//! into ui/src/lib/api/bindings.ts (checked in, "do not edit"). A test fails when the file is
//! stale; `UPDATE_BINDINGS=1 cargo test -p probono-desktop bindings` rewrites it.

use std::collections::BTreeSet;

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
        decl::<model::PartyKind>(cfg),
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
        decl::<store::MatterFilter>(cfg),
        decl::<store::TimeFilter>(cfg),
        decl::<store::VolunteerSummary>(cfg),
        decl::<store::ComparisonRate>(cfg),
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
        // Import
        decl::<import::RowError>(cfg),
        decl::<import::Counts>(cfg),
        decl::<import::ImportSummary>(cfg),
        // Boundary-only
        decl::<dto::VaultStatus>(cfg),
        decl::<dto::KeyringState>(cfg),
        decl::<dto::VaultState>(cfg),
        decl::<dto::CreateVaultRequest>(cfg),
        decl::<dto::CreatedVault>(cfg),
        decl::<dto::UnlockRequest>(cfg),
        decl::<dto::ChangePassphraseRequest>(cfg),
        decl::<dto::ReportKind>(cfg),
        decl::<dto::ExportFormat>(cfg),
        decl::<dto::PeriodRequest>(cfg),
        decl::<dto::ExportReportRequest>(cfg),
        decl::<dto::ExportCaseRequest>(cfg),
        decl::<dto::ExportResult>(cfg),
        decl::<dto::ImportKind>(cfg),
        decl::<dto::ImportFileRequest>(cfg),
        decl::<dto::ProgressEvent>(cfg),
        decl::<dto::CloseMatterRequest>(cfg),
        decl::<dto::NoteRequest>(cfg),
        decl::<dto::PartyRequest>(cfg),
        decl::<dto::AssignRequest>(cfg),
        decl::<dto::HearingRange>(cfg),
        decl::<dto::ClientPage>(cfg),
        decl::<dto::VolunteerPage>(cfg),
        decl::<probono_core::backup::BackupReport>(cfg),
        decl::<probono_core::backup::CheckReport>(cfg),
        decl::<probono_core::exchange::ExportFormat>(cfg),
        decl::<probono_core::exchange::ExportSummary>(cfg),
        decl::<probono_core::submission::SubmissionSummary>(cfg),
        decl::<dto::BackupStatus>(cfg),
        decl::<dto::BackupRequest>(cfg),
        decl::<dto::RestoreRequest>(cfg),
        decl::<dto::ExportRecordsRequest>(cfg),
        decl::<dto::CaseRefMapping>(cfg),
        decl::<dto::ImportSubmissionRequest>(cfg),
        decl::<dto::SubmitHoursRequest>(cfg),
        decl::<dto::SubmitHoursResult>(cfg),
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn bindings_are_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/api/bindings.ts");
        let fresh = super::generate().expect("every referenced type is declared");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, &fresh).expect("write bindings");
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == fresh,
            "ui/src/lib/api/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p probono-desktop bindings` and commit it"
        );
    }
}
