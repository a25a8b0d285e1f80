//! The records of a pro bono program: what the store returns and what callers send in.
//!
//! `*Draft` types carry input as people typed it (strings); the store validates them with
//! [`crate::validate`] and returns the stored record. Records serialise to the JSON that the
//! CLI prints with `--json` and the app receives.

mod choice;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use choice::choice;

/// A closed list (case types, outcomes, roles…): every value, its stored code and the label
/// people read. The desktop UI's labels are generated from it.
pub trait Choice: Sized + Copy + 'static {
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;
}

choice! {
    /// The kind of immigration (or other) matter.
    pub enum CaseType {
        Asylum = "asylum", "Asylum";
        Withholding = "withholding", "Withholding of removal";
        Cat = "cat", "Convention Against Torture", ["convention against torture"];
        Bond = "bond", "Bond";
        Parole = "parole", "Parole";
        Cancellation = "cancellation", "Cancellation of removal", ["cancellation of removal"];
        Sijs = "sijs", "Special Immigrant Juvenile Status";
        UVisa = "u_visa", "U visa";
        TVisa = "t_visa", "T visa";
        Tps = "tps", "Temporary Protected Status";
        Adjustment = "adjustment", "Adjustment of status", ["adjustment of status"];
        Naturalization = "naturalization", "Naturalization";
        Other = "other", "Other";
    }
}

choice! {
    /// The outcome of the relief sought (asylum or other relief).
    pub enum ReliefOutcome {
        Pending = "pending", "Pending";
        Granted = "granted", "Granted", ["won"];
        Denied = "denied", "Denied", ["lost"];
        Withdrawn = "withdrawn", "Withdrawn";
    }
}

choice! {
    /// The outcome of a request for release from detention (bond, parole).
    pub enum ReleaseOutcome {
        Pending = "pending", "Pending";
        Granted = "granted", "Granted", ["released"];
        Denied = "denied", "Denied";
    }
}

choice! {
    pub enum Role {
        Attorney = "attorney", "Attorney", ["lawyer"];
        LawStudent = "law_student", "Law student", ["student"];
        Interpreter = "interpreter", "Interpreter", ["translator"];
        Paralegal = "paralegal", "Paralegal";
        CommunityVolunteer = "community_volunteer", "Community volunteer", ["volunteer", "community"];
    }
}

choice! {
    /// Hearings and deadlines share one calendar.
    pub enum HearingKind {
        MasterCalendar = "master_calendar", "Master calendar hearing", ["master"];
        Individual = "individual", "Individual (merits) hearing", ["merits", "individual hearing"];
        Bond = "bond", "Bond hearing", ["bond hearing"];
        Interview = "interview", "Asylum interview", ["asylum interview"];
        FilingDeadline = "filing_deadline", "Filing deadline", ["filing", "deadline"];
        OtherDeadline = "other_deadline", "Other deadline";
        Other = "other", "Other";
    }
}

choice! {
    /// Who a party is to the matter. Vaults before schema 8 knew only "adverse" and
    /// "related", which read as adverse party and other.
    pub enum PartyRole {
        AdverseParty = "adverse_party", "Adverse party", ["adverse"];
        CoRespondent = "co_respondent", "Co-respondent";
        FamilyMember = "family_member", "Family member";
        Witness = "witness", "Witness";
        Interpreter = "interpreter", "Interpreter";
        OpposingCounsel = "opposing_counsel", "Opposing counsel";
        Other = "other", "Other", ["related"];
    }
}

/// Open until a closing date is set; derived, never stored, so it cannot disagree with
/// `closed`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatterStatus {
    Open,
    Closed,
}

impl Choice for MatterStatus {
    fn all() -> &'static [Self] {
        &[MatterStatus::Open, MatterStatus::Closed]
    }
    fn code(self) -> &'static str {
        match self {
            MatterStatus::Open => "open",
            MatterStatus::Closed => "closed",
        }
    }
    fn label(self) -> &'static str {
        match self {
            MatterStatus::Open => "Open",
            MatterStatus::Closed => "Closed",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Client {
    pub id: Uuid,
    pub name: String,
    pub other_names: Vec<String>,
    /// Nine digits; show with [`crate::validate::format_a_number`].
    pub a_number: Option<String>,
    pub date_of_birth: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub contact: Option<String>,
    pub entry_date: Option<String>,
    pub notes: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientDraft {
    pub name: String,
    pub other_names: Vec<String>,
    pub a_number: Option<String>,
    pub date_of_birth: Option<String>,
    pub country: Option<String>,
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub contact: Option<String>,
    pub entry_date: Option<String>,
    pub notes: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matter {
    pub id: Uuid,
    pub case_ref: String,
    pub client_id: Uuid,
    pub client_name: String,
    pub case_type: CaseType,
    pub detained: bool,
    pub facility: Option<String>,
    /// USPS code.
    pub state_of_residence: Option<String>,
    pub court: Option<String>,
    pub opened: String,
    pub closed: Option<String>,
    pub status: MatterStatus,
    pub relief_outcome: ReliefOutcome,
    /// When the judge decided (the appeal and motion deadlines count from it).
    pub decided_on: Option<String>,
    pub release_requested: bool,
    pub release_outcome: Option<ReleaseOutcome>,
    pub created_at: String,
    pub updated_at: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatterDraft {
    /// The program's own case number; one is generated (`PB-YYYY-NNNN`) when empty.
    pub case_ref: Option<String>,
    /// The client's id, A-number or exact name.
    pub client: String,
    pub case_type: String,
    pub detained: bool,
    /// Named as the spreadsheet column and the error field: the form's field is this one.
    pub detention_facility: Option<String>,
    pub state_of_residence: Option<String>,
    pub court: Option<String>,
    pub opened: String,
    pub closed: Option<String>,
    pub relief_outcome: Option<String>,
    /// When the judge decided; only with an outcome other than pending.
    pub decided_on: Option<String>,
    pub release_requested: bool,
    pub release_outcome: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    pub id: Uuid,
    pub role: PartyRole,
    pub name: String,
    pub relationship: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub volunteers: i64,
    pub minutes: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Volunteer {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub organization: Option<String>,
    pub role: Role,
    pub languages: Vec<String>,
    pub bar_number: Option<String>,
    /// A law student's law-school start date (YYYY-MM-DD): time before it does not count
    /// toward the New York bar's 50 hours.
    pub law_school_start: Option<String>,
    /// An attorney's bar admissions, one line each ("New York, 2019, 5512345").
    pub bar_admissions: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VolunteerDraft {
    pub name: String,
    pub email: Option<String>,
    pub organization: Option<String>,
    pub role: String,
    pub languages: Vec<String>,
    pub bar_number: Option<String>,
    /// YYYY-MM-DD (law students).
    pub law_school_start: Option<String>,
    /// One line each ("New York, 2019, 5512345"); at most 20.
    pub bar_admissions: Vec<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeEntry {
    pub id: Uuid,
    pub volunteer_id: Uuid,
    pub volunteer_name: String,
    pub matter_id: Uuid,
    pub case_ref: String,
    pub date: String,
    pub minutes: i64,
    pub activity: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeEntryDraft {
    /// The volunteer's id, e-mail or exact name.
    pub volunteer: String,
    /// The matter's case reference or id.
    pub matter: String,
    pub date: String,
    /// Decimal hours as typed ("1.5").
    pub hours: String,
    pub activity: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hearing {
    pub id: Uuid,
    pub matter_id: Uuid,
    pub case_ref: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    pub at: String,
    pub kind: HearingKind,
    pub place: Option<String>,
    pub description: Option<String>,
    /// The IANA time zone of the place (a calendar shows the time there); the program's when
    /// none is given.
    pub time_zone: Option<String>,
    /// For a deadline confirmed from a suggestion: the rule and the date it was counted from.
    pub rule: Option<String>,
    pub counted_from: Option<String>,
    /// When a deadline was marked done (filed); a deadline past its date and not done is overdue.
    pub done_at: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HearingDraft {
    pub matter: String,
    pub at: String,
    pub kind: String,
    pub place: Option<String>,
    pub description: Option<String>,
    pub time_zone: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: Uuid,
    pub matter_id: Uuid,
    pub author: Option<String>,
    pub body: String,
    pub created_at: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub volunteer_id: Uuid,
    pub volunteer_name: String,
    pub role: Role,
    pub organization: Option<String>,
    pub since: String,
    /// Minutes this volunteer logged on the matter.
    pub minutes: i64,
    /// The attorney named as this volunteer's supervisor on the matter; when none is named,
    /// the matter's lead attorney (the attorney assigned first) supervises.
    pub supervisor_id: Option<Uuid>,
    pub supervisor_name: Option<String>,
}

/// Everything about one matter: what the matter page and the case summary PDF show.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatterDetail {
    pub matter: Matter,
    pub client: Client,
    pub parties: Vec<Party>,
    pub volunteers: Vec<Assignment>,
    pub hearings: Vec<Hearing>,
    pub time_entries: Vec<TimeEntry>,
    pub notes: Vec<Note>,
    pub total_minutes: i64,
    /// Deadlines that follow from the rules (docs/deadlines.md), and what keeps one from being
    /// computed.
    pub deadlines: crate::deadlines::MatterDeadlines,
    /// The conflict checks recorded on the matter, newest first (none: the page says so).
    pub conflict_checks: Vec<ConflictCheck>,
}

/// What a conflict check decided.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictDecision {
    NoConflict,
    Conflict,
    /// A conflict the affected clients consented to waive (the note says how).
    Waived,
}

impl ConflictDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictDecision::NoConflict => "no_conflict",
            ConflictDecision::Conflict => "conflict",
            ConflictDecision::Waived => "waived",
        }
    }

    pub fn parse(field: &str, text: &str) -> crate::Result<ConflictDecision> {
        match text.trim() {
            "no_conflict" | "no-conflict" | "none" => Ok(ConflictDecision::NoConflict),
            "conflict" => Ok(ConflictDecision::Conflict),
            "waived" => Ok(ConflictDecision::Waived),
            _ => Err(crate::Error::invalid(field, "must be no_conflict, conflict or waived")),
        }
    }
}

/// A match as it was shown when a check was recorded.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownMatch {
    pub kind: crate::conflict::Kind,
    pub id: String,
    pub name: String,
    pub score: f64,
}

/// A conflict check recorded on a matter.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictCheck {
    pub id: Uuid,
    pub checked_at: String,
    pub checked_by: String,
    pub searched: Vec<String>,
    pub matches: Vec<ShownMatch>,
    pub decision: ConflictDecision,
    pub note: Option<String>,
}

/// A conflict check to record on a matter.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ConflictCheckDraft {
    /// Case reference or id.
    pub matter: String,
    /// Who ran it (a person's name).
    pub checked_by: String,
    pub searched: Vec<String>,
    pub matches: Vec<ShownMatch>,
    /// no_conflict, conflict or waived.
    pub decision: String,
    /// Required for a waiver (how the clients consented) and for a conflict.
    pub note: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub at: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<Uuid>,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_parse_codes_labels_and_aliases_in_any_case() {
        let cases = [
            ("asylum", CaseType::Asylum),
            ("ASYLUM", CaseType::Asylum),
            ("u_visa", CaseType::UVisa),
            ("U visa", CaseType::UVisa),
            ("u-visa", CaseType::UVisa),
            ("CAT", CaseType::Cat),
            ("Convention Against Torture", CaseType::Cat),
            ("sijs", CaseType::Sijs),
            ("T_VISA", CaseType::TVisa),
        ];
        for (input, expected) in cases {
            assert_eq!(CaseType::parse("case_type", input).expect(input), expected);
        }
        assert_eq!(Role::parse("role", "law student").expect("label"), Role::LawStudent);
        assert_eq!(Role::parse("role", "LAW_STUDENT").expect("code"), Role::LawStudent);
        assert_eq!(ReliefOutcome::parse("relief_outcome", "Granted").expect("x"), ReliefOutcome::Granted);
        assert_eq!(HearingKind::parse("kind", "master calendar").expect("x"), HearingKind::MasterCalendar);
    }

    #[test]
    fn unknown_choices_name_the_field_and_list_the_codes() {
        let err = CaseType::parse("case_type", "divorce").expect_err("not a case type");
        assert_eq!(err.field(), Some("case_type"));
        assert!(err.to_string().contains("asylum, withholding, cat"), "{err}");
        assert!(ReliefOutcome::parse("relief_outcome", "").is_err());
        assert!(ReleaseOutcome::parse("release_outcome", "withdrawn").is_err(), "withdrawn is a relief outcome only");
    }

    #[test]
    fn every_code_round_trips() {
        for t in CaseType::ALL {
            assert_eq!(CaseType::from_code(t.code()).expect("code"), *t);
            assert_eq!(serde_json::to_string(t).expect("json"), format!("\"{}\"", t.code()));
        }
        assert_eq!(CaseType::ALL.len(), 13);
    }
}
