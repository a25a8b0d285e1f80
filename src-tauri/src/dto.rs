//! Types that exist only at the IPC boundary (the records themselves are the core's serde
//! types). TypeScript for all of them is generated into ui/src/lib/api/bindings.ts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Impact,
    Hours,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Pdf,
    Csv,
    Json,
}

/// A period as the report screen sends it: a year, or from/to dates.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct PeriodRequest {
    pub year: Option<i32>,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportReportRequest {
    pub kind: ReportKind,
    pub period: PeriodRequest,
    pub format: ExportFormat,
    pub path: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportCaseRequest {
    pub matter: String,
    pub include_notes: bool,
    pub path: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportResult {
    pub path: String,
    pub pages: Option<usize>,
    /// Scripts the PDF font could not show (the PDF says so too).
    pub unrenderable_scripts: Vec<String>,
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
    /// From `new_task`: lets the UI cancel, and tags the progress events.
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
    pub matter: String,
    pub date: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct NoteRequest {
    pub matter: String,
    pub body: String,
    pub author: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct PartyRequest {
    pub matter: String,
    pub kind: String,
    pub name: String,
    pub relationship: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct AssignRequest {
    pub volunteer: String,
    pub matter: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct HearingRange {
    pub from: Option<String>,
    pub to: Option<String>,
    pub matter: Option<String>,
}

/// A client with the matters of that client.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ClientPage {
    pub client: probono_core::model::Client,
    pub matters: Vec<probono_core::model::Matter>,
}

/// A volunteer with hours, matters and recent time.
#[derive(Debug, Clone, Serialize, TS)]
pub struct VolunteerPage {
    pub summary: probono_core::store::VolunteerSummary,
    pub matters: Vec<probono_core::model::Matter>,
    pub recent_time: Vec<probono_core::model::TimeEntry>,
}

/// When the vault was last backed up, and whether a reminder is due.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupStatus {
    pub last_verified_backup: Option<String>,
    pub due: bool,
    pub reminder_days: u32,
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
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportRecordsRequest {
    pub dir: String,
    pub format: probono_core::exchange::ExportFormat,
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

#[derive(Debug, Clone, Serialize, TS)]
pub struct SubmitHoursResult {
    pub path: String,
    /// This computer's signing-key fingerprint, for the coordinator to confirm.
    pub fingerprint: String,
}
