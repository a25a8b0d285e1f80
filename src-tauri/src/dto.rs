//! Types that exist only at the IPC boundary: requests as the screens send them and the
//! app's own state. Records, reports and results are the core's and the application layer's
//! serde types. TypeScript for all of them is generated into ui/src/lib/api/bindings.ts.
//!
//! Records the screens already hold are named by id (`matter_id`); what a person types
//! (a volunteer's e-mail in a form) stays text and is resolved by the core.

use probono_app::reports::{PeriodChoice, ReportFormat, ReportKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Where the app stands, for choosing the first screen.
#[derive(Debug, Clone, Serialize, TS)]
pub struct VaultState {
    /// `no_vault`: the chosen folder holds no vault (first run); `locked`; `unlocked`.
    pub status: VaultStatus,
    pub vault_dir: String,
    pub default_dir: String,
    pub demo_dir: String,
    pub is_demo: bool,
    pub keyring: KeyringState,
    pub auto_lock_minutes: u32,
    /// The passphrase of the demo vault (its data is fictional).
    pub demo_passphrase: String,
    /// Where save fields start when the vault has no export folder set: the user's Documents
    /// (or home) folder.
    pub default_export_dir: String,
    /// Something to tell the person once (the vault was found where an earlier version kept it).
    pub notice: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VaultStatus {
    NoVault,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct KeyringState {
    pub available: bool,
    /// Why not, in plain words, when not available.
    pub reason: Option<String>,
    pub remembered: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct CreateVaultRequest {
    pub dir: String,
    pub passphrase: String,
    pub remember: bool,
}

/// The recovery key of a vault just created: shown once, then kept only in the kit.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CreatedVault {
    pub vault_dir: String,
    pub recovery_key: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct UnlockRequest {
    pub passphrase: Option<String>,
    pub recovery_key: Option<String>,
    pub remember: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ChangePassphraseRequest {
    pub new_passphrase: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportReportRequest {
    pub kind: ReportKind,
    pub period: PeriodChoice,
    pub format: ReportFormat,
    pub path: String,
    /// From `new_task`: tags the progress events and lets the UI cancel.
    pub task: u64,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportCaseRequest {
    pub matter_id: Uuid,
    pub include_notes: bool,
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Matters,
    Hours,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ImportFileRequest {
    pub kind: ImportKind,
    pub path: String,
    pub dry_run: bool,
    pub task: u64,
}

/// Sent as the `progress` event while a long task runs.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProgressEvent {
    pub task: u64,
    pub stage: String,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct CloseMatterRequest {
    pub matter_id: Uuid,
    pub date: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct NoteRequest {
    pub matter_id: Uuid,
    pub body: String,
    pub author: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct PartyRequest {
    pub matter_id: Uuid,
    pub kind: String,
    pub name: String,
    pub relationship: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct AssignRequest {
    /// As typed: an e-mail, a name or an id.
    pub volunteer: String,
    pub matter_id: Uuid,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct HearingRange {
    #[ts(optional)]
    pub from: Option<String>,
    #[ts(optional)]
    pub to: Option<String>,
    #[ts(optional)]
    pub matter_id: Option<Uuid>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct BackupRequest {
    /// A backup file to write, or (with `keep`) a folder for a rotating set.
    pub path: String,
    /// When set, `path` is a folder and only the newest `keep` backups are kept there.
    pub keep: Option<usize>,
    pub task: u64,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct RestoreRequest {
    pub file: String,
    pub new_dir: String,
    pub passphrase: Option<String>,
    pub recovery_key: Option<String>,
    pub task: u64,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportRecordsRequest {
    pub dir: String,
    pub format: probono_core::exchange::ExportFormat,
    pub task: u64,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct CaseRefMapping {
    pub submitted: String,
    pub ours: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ImportSubmissionRequest {
    pub path: String,
    /// The fingerprint confirmed with the volunteer (first submission only).
    pub accept_key: Option<String>,
    pub map: Vec<CaseRefMapping>,
    pub task: u64,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct SubmitHoursRequest {
    pub from: String,
    pub to: String,
    pub program_key: String,
    /// Which volunteer of this vault is submitting (id, e-mail or name); optional when there is one.
    pub volunteer: Option<String>,
    pub path: String,
}

/// A suggested deadline, named by its matter, rule and (when the rule gives several) source.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct DeadlineRequest {
    pub matter_id: Uuid,
    pub rule: String,
    #[ts(optional)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct DismissDeadlineRequest {
    pub matter_id: Uuid,
    pub rule: String,
    #[ts(optional)]
    pub source: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct DeadlineDoneRequest {
    pub id: Uuid,
    pub done: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ComputeDeadlineRequest {
    pub rule: String,
    pub from: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportCalendarRequest {
    pub choice: probono_app::calendar::CalendarChoice,
    pub path: String,
}
