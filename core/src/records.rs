//! The data layer's interface: every read and write of a program's records that the
//! application layer makes, whatever engine keeps them.
//!
//! The encrypted vault ([`crate::Store`], SQLCipher) implements it today; team mode on a
//! PostgreSQL server is meant to be a second implementation behind the same trait, with the
//! same table names and report definitions (docs/architecture.md, "The seam"). Things only a
//! vault has (its key file, page encryption, backups of its file) stay on `Store`.
//!
//! References (`reference: &str`) take a record's id or what a person types for it: a case
//! reference for a matter, an e-mail for a volunteer, an A-number for a client.

use jiff::civil::Date;
use uuid::Uuid;

use crate::deadlines::{Closed, Rule};
use crate::error::Result;
use crate::model::{
    AuditEvent, Client, ClientDraft, Hearing, HearingDraft, Matter, MatterDetail, MatterDraft, Note, Organization,
    Party, TimeEntry, TimeEntryDraft, Volunteer, VolunteerDraft,
};
use crate::reports::Period;
use crate::reports::dashboard::Dashboard;
use crate::reports::hours::HoursReport;
use crate::reports::impact::ImpactReport;
use crate::store::{MatterFilter, OpenSuggestions, Settings, TimeFilter, VolunteerSummary};

/// A hearing or deadline search: from/to dates (inclusive) and one matter, each optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct HearingQuery<'a> {
    pub matter: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// Only the matters this volunteer (id, e-mail or name) is assigned to.
    pub volunteer: Option<&'a str>,
}

/// A party to add to a matter.
#[derive(Debug, Clone, Copy)]
pub struct NewParty<'a> {
    pub matter: &'a str,
    /// A [`crate::model::PartyRole`] code or label.
    pub role: &'a str,
    pub name: &'a str,
    pub relationship: Option<&'a str>,
}

pub trait Records {
    // Settings kept with the records.
    fn settings(&self) -> Result<Settings>;
    fn save_settings(&mut self, settings: &Settings) -> Result<()>;
    fn set_setting(&mut self, key: &str, value: &str) -> Result<Settings>;

    // Clients.
    fn list_clients(&self, search: Option<&str>) -> Result<Vec<Client>>;
    fn client(&self, id: Uuid) -> Result<Client>;
    fn find_client(&self, reference: &str) -> Result<Client>;
    fn create_client(&mut self, draft: &ClientDraft) -> Result<Client>;
    fn update_client(&mut self, id: Uuid, draft: &ClientDraft) -> Result<Client>;

    // Matters and what hangs off them.
    fn list_matters(&self, filter: &MatterFilter) -> Result<Vec<Matter>>;
    fn matter(&self, id: Uuid) -> Result<Matter>;
    fn find_matter(&self, reference: &str) -> Result<Matter>;
    fn matter_detail(&self, reference: &str) -> Result<MatterDetail>;
    fn create_matter(&mut self, draft: &MatterDraft) -> Result<Matter>;
    /// A new matter with the adverse parties named on its form, in one step: a bad name
    /// refuses the whole.
    fn open_matter(&mut self, draft: &MatterDraft, adverse_parties: &[String]) -> Result<Matter>;
    fn update_matter(&mut self, id: Uuid, draft: &MatterDraft) -> Result<Matter>;
    fn close_matter(&mut self, reference: &str, date: Option<&str>, outcome: Option<&str>) -> Result<Matter>;
    fn add_party(&mut self, party: NewParty<'_>) -> Result<Party>;
    fn add_note(&mut self, matter: &str, body: &str, author: Option<&str>) -> Result<Note>;
    fn add_hearing(&mut self, draft: &HearingDraft) -> Result<Hearing>;
    fn list_hearings(&self, query: HearingQuery<'_>) -> Result<Vec<Hearing>>;

    // Volunteers, their organizations and assignments.
    fn list_volunteers(&self, search: Option<&str>) -> Result<Vec<Volunteer>>;
    fn volunteer(&self, id: Uuid) -> Result<Volunteer>;
    fn find_volunteer(&self, reference: &str) -> Result<Volunteer>;
    fn create_volunteer(&mut self, draft: &VolunteerDraft) -> Result<Volunteer>;
    fn volunteer_summaries(&self, search: Option<&str>, year: i16) -> Result<Vec<VolunteerSummary>>;
    fn matters_of_volunteer(&self, volunteer: &str) -> Result<Vec<Matter>>;
    fn assign(&mut self, volunteer: &str, matter: &str) -> Result<()>;
    /// Names the attorney who supervises `volunteer` on `matter` (putting them on it if
    /// needed); `None`: the matter's lead attorney.
    fn set_supervisor(&mut self, volunteer: &str, matter: &str, supervisor: Option<&str>) -> Result<()>;
    /// Sets a volunteer's law-school start date and bar admissions (`None` leaves one as it is).
    fn update_volunteer_service(
        &mut self,
        volunteer: &str,
        law_school_start: Option<&str>,
        bar_admissions: Option<&[String]>,
    ) -> Result<Volunteer>;
    fn list_organizations(&self) -> Result<Vec<Organization>>;

    // Time.
    fn log_time(&mut self, draft: &TimeEntryDraft) -> Result<TimeEntry>;
    fn list_time(&self, filter: &TimeFilter) -> Result<Vec<TimeEntry>>;
    fn delete_time_entry(&mut self, id: Uuid) -> Result<()>;

    // Deadlines that follow from the rules (docs/deadlines.md).
    fn deadline_rules(&self) -> Result<Vec<Rule>>;
    fn closed_days(&self) -> Result<Closed>;
    fn suggested_deadlines(&self) -> Result<OpenSuggestions>;
    fn confirm_deadline(&mut self, matter: &str, rule: &str, source: Option<&str>) -> Result<Hearing>;
    fn dismiss_deadline(&mut self, matter: &str, rule: &str, source: Option<&str>, reason: &str) -> Result<()>;
    fn mark_deadline_done(&mut self, id: Uuid, done: bool) -> Result<Hearing>;

    // Figures, by the definitions in docs/report-definitions.md.
    fn dashboard(&self, today: Date) -> Result<Dashboard>;
    fn impact_report(&self, period: Period) -> Result<ImpactReport>;
    fn hours_report(&self, period: Period) -> Result<HoursReport>;
    /// One volunteer's service statement (client names only when asked), of one project
    /// (matter: case reference or id) when one is given.
    fn service_statement(
        &self,
        volunteer: &str,
        period: Period,
        with_client_names: bool,
        project: Option<&str>,
    ) -> Result<crate::reports::statement::ServiceStatement>;
    /// The Pro Bono Institute Challenge figures of one organization, given its billable hours.
    fn challenge_report(
        &self,
        organization: &str,
        period: Period,
        billable_hours: f64,
    ) -> Result<crate::reports::challenge::ChallengeReport>;
    /// The volunteers with time in `period` (id and name), by name.
    fn volunteers_with_time(&self, period: Period) -> Result<Vec<(Uuid, String)>>;

    // The audit log and counts.
    fn audit_events(&self, limit: usize) -> Result<Vec<AuditEvent>>;
    /// Records that the person took something out of the records (a PDF, a CSV).
    fn record_view(&mut self, entity: &str, id: Uuid) -> Result<()>;
    fn record_export(&mut self, what: &str) -> Result<()>;
    fn counts(&self) -> Result<Vec<(&'static str, i64)>>;

    // Conflict checks
    /// Every client, party and volunteer, as the conflict check searches them.
    fn conflict_people(&self) -> Result<Vec<crate::conflict::Person>>;
    /// What merging the duplicate client `drop` into `keep` would do.
    fn merge_preview(&self, keep: &str, drop: &str) -> Result<crate::store::MergePlan>;
    /// Merges the duplicate client `drop` into `keep` (audited).
    fn merge_clients(&mut self, keep: &str, drop: &str) -> Result<crate::store::MergePlan>;
    /// Records a conflict check on a matter (audited).
    fn record_conflict_check(
        &mut self,
        draft: &crate::model::ConflictCheckDraft,
    ) -> Result<crate::model::ConflictCheck>;

    // Import
    /// Imports matters and/or hours from spreadsheets (docs/import-format.md): every row is
    /// checked first, then all are written in one transaction or none (see the summary's
    /// `errors`); a dry run writes nothing.
    fn import(
        &mut self,
        request: crate::import::ImportRequest<'_>,
        task: &crate::task::TaskContext,
    ) -> Result<crate::import::ImportSummary>;
}
