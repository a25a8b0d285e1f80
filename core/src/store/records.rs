//! The vault as the data layer: [`Records`] over the store's own methods.

use jiff::civil::Date;
use uuid::Uuid;

use super::{MatterFilter, OpenSuggestions, Settings, Store, TimeFilter, VolunteerSummary};
use crate::deadlines::{Closed, Rule};
use crate::error::Result;
use crate::model::{
    AuditEvent, Client, ClientDraft, Hearing, HearingDraft, Matter, MatterDetail, MatterDraft, Note, Organization,
    Party, TimeEntry, TimeEntryDraft, Volunteer, VolunteerDraft,
};
use crate::records::{HearingQuery, NewParty, Records};
use crate::reports::Period;
use crate::reports::dashboard::Dashboard;
use crate::reports::hours::HoursReport;
use crate::reports::impact::ImpactReport;

impl Records for Store {
    fn settings(&self) -> Result<Settings> {
        Store::settings(self)
    }
    fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        Store::save_settings(self, settings)
    }
    fn set_setting(&mut self, key: &str, value: &str) -> Result<Settings> {
        Store::set_setting(self, key, value)
    }

    fn list_clients(&self, search: Option<&str>) -> Result<Vec<Client>> {
        Store::list_clients(self, search)
    }
    fn client(&self, id: Uuid) -> Result<Client> {
        Store::client(self, id)
    }
    fn find_client(&self, reference: &str) -> Result<Client> {
        Store::find_client(self, reference)
    }
    fn create_client(&mut self, draft: &ClientDraft) -> Result<Client> {
        Store::create_client(self, draft)
    }
    fn update_client(&mut self, id: Uuid, draft: &ClientDraft) -> Result<Client> {
        Store::update_client(self, id, draft)
    }

    fn list_matters(&self, filter: &MatterFilter) -> Result<Vec<Matter>> {
        Store::list_matters(self, filter)
    }
    fn matter(&self, id: Uuid) -> Result<Matter> {
        Store::matter(self, id)
    }
    fn find_matter(&self, reference: &str) -> Result<Matter> {
        Store::find_matter(self, reference)
    }
    fn matter_detail(&self, reference: &str) -> Result<MatterDetail> {
        Store::matter_detail(self, reference)
    }
    fn create_matter(&mut self, draft: &MatterDraft) -> Result<Matter> {
        Store::create_matter(self, draft)
    }
    fn open_matter(&mut self, draft: &MatterDraft, adverse_parties: &[String]) -> Result<Matter> {
        Store::open_matter(self, draft, adverse_parties)
    }
    fn update_matter(&mut self, id: Uuid, draft: &MatterDraft) -> Result<Matter> {
        Store::update_matter(self, id, draft)
    }
    fn close_matter(&mut self, reference: &str, date: Option<&str>, outcome: Option<&str>) -> Result<Matter> {
        Store::close_matter(self, reference, date, outcome)
    }
    fn add_party(&mut self, party: NewParty<'_>) -> Result<Party> {
        Store::add_party(self, party.matter, party.role, party.name, party.relationship)
    }
    fn add_note(&mut self, matter: &str, body: &str, author: Option<&str>) -> Result<Note> {
        Store::add_note(self, matter, body, author)
    }
    fn add_hearing(&mut self, draft: &HearingDraft) -> Result<Hearing> {
        Store::add_hearing(self, draft)
    }
    fn list_hearings(&self, query: HearingQuery<'_>) -> Result<Vec<Hearing>> {
        Store::list_hearings(self, query)
    }

    fn list_volunteers(&self, search: Option<&str>) -> Result<Vec<Volunteer>> {
        Store::list_volunteers(self, search)
    }
    fn volunteer(&self, id: Uuid) -> Result<Volunteer> {
        Store::volunteer(self, id)
    }
    fn find_volunteer(&self, reference: &str) -> Result<Volunteer> {
        Store::find_volunteer(self, reference)
    }
    fn create_volunteer(&mut self, draft: &VolunteerDraft) -> Result<Volunteer> {
        Store::create_volunteer(self, draft)
    }
    fn volunteer_summaries(&self, search: Option<&str>, year: i16) -> Result<Vec<VolunteerSummary>> {
        Store::volunteer_summaries(self, search, year)
    }
    fn matters_of_volunteer(&self, volunteer: &str) -> Result<Vec<Matter>> {
        Store::matters_of_volunteer(self, volunteer)
    }
    fn assign(&mut self, volunteer: &str, matter: &str) -> Result<()> {
        Store::assign(self, volunteer, matter)
    }
    fn set_supervisor(&mut self, volunteer: &str, matter: &str, supervisor: Option<&str>) -> Result<()> {
        Store::set_supervisor(self, volunteer, matter, supervisor)
    }
    fn update_volunteer_service(
        &mut self,
        volunteer: &str,
        law_school_start: Option<&str>,
        bar_admissions: Option<&[String]>,
    ) -> Result<Volunteer> {
        Store::update_volunteer_service(self, volunteer, law_school_start, bar_admissions)
    }
    fn list_organizations(&self) -> Result<Vec<Organization>> {
        Store::list_organizations(self)
    }

    fn log_time(&mut self, draft: &TimeEntryDraft) -> Result<TimeEntry> {
        Store::log_time(self, draft)
    }
    fn list_time(&self, filter: &TimeFilter) -> Result<Vec<TimeEntry>> {
        Store::list_time(self, filter)
    }
    fn delete_time_entry(&mut self, id: Uuid) -> Result<()> {
        Store::delete_time_entry(self, id)
    }

    fn deadline_rules(&self) -> Result<Vec<Rule>> {
        Store::deadline_rules(self)
    }
    fn closed_days(&self) -> Result<Closed> {
        Store::closed_days(self)
    }
    fn suggested_deadlines(&self) -> Result<OpenSuggestions> {
        Store::suggested_deadlines(self)
    }
    fn confirm_deadline(&mut self, matter: &str, rule: &str, source: Option<&str>) -> Result<Hearing> {
        Store::confirm_deadline(self, matter, rule, source)
    }
    fn dismiss_deadline(&mut self, matter: &str, rule: &str, source: Option<&str>, reason: &str) -> Result<()> {
        Store::dismiss_deadline(self, matter, rule, source, reason)
    }
    fn mark_deadline_done(&mut self, id: Uuid, done: bool) -> Result<Hearing> {
        Store::mark_deadline_done(self, id, done)
    }

    fn dashboard(&self, today: Date) -> Result<Dashboard> {
        Store::dashboard(self, today)
    }
    fn impact_report(&self, period: Period) -> Result<ImpactReport> {
        Store::impact_report(self, period)
    }
    fn hours_report(&self, period: Period) -> Result<HoursReport> {
        Store::hours_report(self, period)
    }
    fn service_statement(
        &self,
        volunteer: &str,
        period: Period,
        with_client_names: bool,
        project: Option<&str>,
    ) -> Result<crate::reports::statement::ServiceStatement> {
        Store::service_statement(self, volunteer, period, with_client_names, project)
    }
    fn challenge_report(
        &self,
        organization: &str,
        period: Period,
        billable_hours: f64,
    ) -> Result<crate::reports::challenge::ChallengeReport> {
        Store::challenge_report(self, organization, period, billable_hours)
    }
    fn volunteers_with_time(&self, period: Period) -> Result<Vec<(Uuid, String)>> {
        Store::volunteers_with_time(self, period)
    }

    fn audit_events(&self, limit: usize) -> Result<Vec<AuditEvent>> {
        Store::audit_events(self, limit)
    }
    fn record_view(&mut self, entity: &str, id: Uuid) -> Result<()> {
        Store::record_view(self, entity, id)
    }
    fn record_export(&mut self, what: &str) -> Result<()> {
        Store::record_export(self, what)
    }
    fn counts(&self) -> Result<Vec<(&'static str, i64)>> {
        Store::counts(self)
    }

    fn conflict_people(&self) -> Result<Vec<crate::conflict::Person>> {
        Store::conflict_people(self)
    }
    fn merge_preview(&self, keep: &str, drop: &str) -> Result<super::MergePlan> {
        Store::merge_preview(self, keep, drop)
    }
    fn merge_clients(&mut self, keep: &str, drop: &str) -> Result<super::MergePlan> {
        Store::merge_clients(self, keep, drop)
    }
    fn import(
        &mut self,
        request: crate::import::ImportRequest<'_>,
        task: &crate::task::TaskContext,
    ) -> Result<crate::import::ImportSummary> {
        Store::import(self, request, task)
    }
    fn record_conflict_check(
        &mut self,
        draft: &crate::model::ConflictCheckDraft,
    ) -> Result<crate::model::ConflictCheck> {
        Store::record_conflict_check(self, draft)
    }
}
