//! Types that exist only at the IPC boundary: requests as the screens send them and the
//! app's own state. Records, reports and results are the core's and the application layer's
//! serde types. TypeScript for all of them is generated into ui/src/lib/api/bindings.ts.
//!
//! Records the screens already hold are named by id (`matter_id`); what a person types
//! (a volunteer's e-mail in a form) stays text and is resolved by the core.

use probono_app::Secret;
use probono_app::reports::{PeriodChoice, ReportFormat, ReportKind};
use probono_core::Passphrase;
use probono_core::model::MatterDraft;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use zeroize::Zeroizing;

/// Secret text as it crosses the boundary (a passphrase or recovery key typed in a form, a
/// recovery key shown once): its memory is wiped when it is dropped, `Debug` prints
/// `<redacted>`, and it cannot be cloned. (The JSON text of the IPC message that carried it is
/// Tauri's, and not wiped; the copy we keep is.)
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The passphrase, moved (not copied) into the core's own zeroizing type.
    pub fn into_passphrase(mut self) -> Passphrase {
        Passphrase::new(std::mem::take(&mut *self.0))
    }
}

impl From<Zeroizing<String>> for SecretText {
    fn from(text: Zeroizing<String>) -> Self {
        SecretText(text)
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|text| SecretText(Zeroizing::new(text)))
    }
}

impl Serialize for SecretText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The secret fields of a form: the recovery key when one was typed, else the passphrase.
pub fn secret_from_form(
    passphrase: Option<&SecretText>,
    recovery_key: Option<&SecretText>,
) -> probono_core::Result<Secret> {
    Secret::from_form(passphrase.map(SecretText::expose), recovery_key.map(SecretText::expose))
}

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
    /// The team server connected instead of a vault (docs/team-mode.md), when one is.
    pub team: Option<TeamState>,
    /// The team server last connected to, to fill in the connect form.
    pub last_team_server: Option<String>,
    /// Whether this computer remembers the password for that server.
    pub team_password_remembered: bool,
    /// Why the open vault is read-only: it was found damaged (on opening it, or by a read that
    /// reached a damaged page). The screens say so and point to restoring a backup.
    pub damaged: Option<String>,
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

#[derive(Debug, Deserialize, TS)]
pub struct CreateVaultRequest {
    pub dir: String,
    #[ts(type = "string")]
    pub passphrase: SecretText,
    pub remember: bool,
}

/// The recovery key of a vault just created: shown once, then kept only in the kit.
#[derive(Debug, Serialize, TS)]
pub struct CreatedVault {
    pub vault_dir: String,
    #[ts(type = "string")]
    pub recovery_key: SecretText,
}

/// A member connected to a team server: what the screens show and hide by.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TeamState {
    /// The server as shown (`postgres://login@host/database`; the URL never holds a password).
    pub server: String,
    pub login: String,
    /// `director`, `attorney`, `student` or `volunteer`.
    pub role: String,
    /// Time entries kept on this computer while the server could not be reached, waiting to
    /// be sent.
    pub outbox_waiting: u32,
}

/// What logging time did: saved (`entry`), or, on a team server that cannot be reached, kept
/// in this computer's outbox (`kept`: why) to be sent later.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LoggedTime {
    pub entry: Option<probono_core::model::TimeEntry>,
    pub kept: Option<String>,
    /// Entries waiting in the outbox (0 in a vault).
    pub outbox_waiting: u32,
}

/// The first screen's "Connect to a team server" form.
#[derive(Debug, Deserialize, TS)]
pub struct ConnectTeamRequest {
    /// A libpq connection URI (`postgres://login@host/database?sslrootcert=ca.pem`).
    pub server: String,
    /// Empty: the password this computer remembers for the server.
    #[ts(type = "string")]
    pub password: SecretText,
    /// Remember a typed password on this computer (OS keyring); unticked forgets any.
    #[serde(default)]
    pub remember: bool,
}

#[derive(Debug, Deserialize, TS)]
pub struct UnlockRequest {
    #[ts(type = "string | null")]
    pub passphrase: Option<SecretText>,
    #[ts(type = "string | null")]
    pub recovery_key: Option<SecretText>,
    pub remember: bool,
}

/// The passphrase (or the recovery key) typed again for a sensitive action.
#[derive(Debug, Deserialize, TS)]
pub struct Confirmation {
    #[ts(type = "string | null")]
    pub passphrase: Option<SecretText>,
    #[ts(type = "string | null")]
    pub recovery_key: Option<SecretText>,
}

impl Confirmation {
    /// Checked against the open vault; errors name `current_passphrase` (or
    /// `current_recovery_key`).
    pub fn check(&self, session: &probono_app::Session) -> probono_core::Result<probono_app::session::Confirmed> {
        let secret =
            secret_from_form(self.passphrase.as_ref(), self.recovery_key.as_ref()).map_err(|e| match e.field() {
                Some("passphrase") => probono_core::Error::invalid(
                    "current_passphrase",
                    "type the vault's passphrase again to confirm (or its recovery key)",
                ),
                Some("recovery_key") => probono_core::Error::invalid("current_recovery_key", e.message()),
                _ => e,
            })?;
        session.confirm(&secret)
    }
}

#[derive(Debug, Deserialize, TS)]
pub struct ChangePassphraseRequest {
    pub confirm: Confirmation,
    #[ts(type = "string")]
    pub new_passphrase: SecretText,
}

/// A sensitive action with nothing to say but the confirmation.
#[derive(Debug, Deserialize, TS)]
pub struct ConfirmedRequest {
    pub confirm: Confirmation,
}

#[derive(Debug, Deserialize, TS)]
pub struct RekeyRequest {
    #[ts(type = "string")]
    pub current_passphrase: SecretText,
}

/// A key rotation done: the new recovery key, shown once.
#[derive(Debug, Serialize, TS)]
pub struct Rekeyed {
    #[ts(type = "string")]
    pub recovery_key: SecretText,
    /// This computer remembers the new key (it remembered the old one).
    pub remembered: bool,
    /// Why the new key could not be remembered, when the old one was.
    pub keyring_problem: Option<String>,
}

/// A new recovery key, shown once.
#[derive(Debug, Serialize, TS)]
pub struct NewRecoveryKey {
    #[ts(type = "string")]
    pub recovery_key: SecretText,
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

/// A volunteer's service statement for a period, without client names (the volunteer page).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct StatementRequest {
    pub volunteer_id: Uuid,
    pub period: PeriodChoice,
}

/// A volunteer's service statement as a PDF, written to `path`.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportStatementRequest {
    pub volunteer_id: Uuid,
    pub period: PeriodChoice,
    /// Name each matter's client (left out by default).
    pub with_client_names: bool,
    pub path: String,
}

/// A service statement (PDF) for every volunteer with time in the period, into `folder`.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportStatementsRequest {
    pub period: PeriodChoice,
    pub with_client_names: bool,
    pub folder: String,
    /// From `new_task`: tags the progress events and lets the UI cancel.
    pub task: u64,
}

/// A matter's case summary PDF, written to `path`.
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
    /// A party role code (see `PARTY_ROLES`).
    pub role: String,
    pub name: String,
    pub relationship: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct AssignRequest {
    /// As typed: an e-mail, a name or an id.
    pub volunteer: String,
    pub matter_id: Uuid,
    /// The attorney who supervises the volunteer on the matter (as typed); null or empty:
    /// the matter's lead attorney.
    #[serde(default)]
    pub supervisor: Option<String>,
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

#[derive(Debug, Deserialize, TS)]
pub struct RestoreRequest {
    pub file: String,
    pub new_dir: String,
    #[ts(type = "string | null")]
    pub passphrase: Option<SecretText>,
    #[ts(type = "string | null")]
    pub recovery_key: Option<SecretText>,
    pub task: u64,
}

#[derive(Debug, Deserialize, TS)]
pub struct ExportRecordsRequest {
    pub dir: String,
    pub format: probono_core::exchange::ExportFormat,
    pub task: u64,
    pub confirm: Confirmation,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_requests_never_show_in_debug_output_and_the_shown_key_still_reaches_the_screen() {
        let unlock: UnlockRequest =
            serde_json::from_str(r#"{"passphrase":"hunter2 hunter2","recovery_key":null,"remember":false}"#)
                .expect("an unlock request");
        assert_eq!(unlock.passphrase.as_ref().map(SecretText::expose), Some("hunter2 hunter2"));
        let shown = format!("{unlock:?}");
        assert!(!shown.contains("hunter2") && shown.contains("<redacted>"), "{shown}");

        let change: ChangePassphraseRequest = serde_json::from_str(
            r#"{"confirm":{"passphrase":"the current one","recovery_key":null},"new_passphrase":"a brand new one"}"#,
        )
        .expect("a change request");
        let shown = format!("{change:?}");
        assert!(!shown.contains("brand new") && !shown.contains("current one"), "{shown}");
        let rekey: RekeyRequest =
            serde_json::from_str(r#"{"current_passphrase":"the current one"}"#).expect("a rekey request");
        assert!(!format!("{rekey:?}").contains("current one"));
        assert_eq!(change.new_passphrase.into_passphrase().expose(), "a brand new one");

        let created = CreatedVault {
            vault_dir: "/v".into(),
            recovery_key: SecretText::from(Zeroizing::new("ABCD-EFGH".to_owned())),
        };
        assert!(!format!("{created:?}").contains("ABCD"));
        assert_eq!(serde_json::to_value(&created).expect("json")["recovery_key"], "ABCD-EFGH");
    }
}

/// A new matter and the adverse parties named on its form, written in one step.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct OpenMatterRequest {
    pub draft: MatterDraft,
    /// Names of the other side (each added as an adverse party); may be empty.
    pub adverse_parties: Vec<String>,
}

/// Two clients to merge: `drop` is merged into `keep` (see `MergePlan`).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct MergeRequest {
    pub keep: Uuid,
    pub drop: Uuid,
}

/// A name (and A-number, date of birth) to check for conflicts as a form is typed.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ConflictQuery {
    pub name: String,
    pub a_number: Option<String>,
    pub date_of_birth: Option<String>,
}
