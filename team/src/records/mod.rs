//! The data layer on a team server: [`Records`] for [`Team`], so the application layer's use
//! cases (and the CLI's and the app's screens over them) work on either engine.
//!
//! - Every draft is checked by the vault's own rules (`probono_core::store::valid`) before it is
//!   sent; the server's constraints check again.
//! - What a member sees and may change is the server's decision (grants and row-level
//!   security): a read returns only the rows the policies let through, and a write the role
//!   may not make fails with "your role on the team server does not allow this".
//! - Shared records carry a version. This connection remembers the version of each client and
//!   matter it read, and an update sends it: if someone saved in between, the server refuses
//!   with "changed by NAME at TIME — reload to see it" and nothing is overwritten.
//! - Deadlines: the facts and decisions come from the server, the rules and closed days from
//!   the program's settings, and the counting is the core's `suggest`, as for a vault.
//! - Service statements: the facts read here, the statement made by the core's `assemble`.
//! - The Challenge figures: read here, made by the core's `challenge::assemble`.
//! - Spreadsheet import: the core's import rules over this engine (`import.rs`), in one
//!   transaction. Client merges: the core's merge plan, saved in one transaction.

mod clients;
mod conflicts;
mod deadlines;
mod figures;
mod import;
mod matters;
mod people;
mod statements;
mod time;

pub(crate) use people::{assign as assign_volunteer, resolve as resolve_volunteer};

use std::cell::RefCell;
use std::collections::HashMap;

use jiff::civil::Date;
use postgres::Client;
use postgres::types::ToSql;
use probono_core::deadlines::{Closed, Rule};
use probono_core::model::{
    AuditEvent, Client as ClientRecord, ClientDraft, Hearing, HearingDraft, Matter, MatterDetail, MatterDraft, Note,
    Organization, Party, TimeEntry, TimeEntryDraft, Volunteer, VolunteerDraft,
};
use probono_core::records::{HearingQuery, NewParty, Records};
use probono_core::reports::Period;
use probono_core::reports::dashboard::Dashboard;
use probono_core::reports::hours::HoursReport;
use probono_core::reports::impact::ImpactReport;
use probono_core::store::{MatterFilter, OpenSuggestions, Settings, TimeFilter, VolunteerSummary};
use probono_core::{Error, Result};
use uuid::Uuid;

use crate::Team;
use crate::error::PgResult;

/// The version of each record as this connection last read it.
#[derive(Debug, Default)]
pub(crate) struct Versions(RefCell<HashMap<Uuid, i32>>);

impl Versions {
    fn read(&self, id: Uuid, version: i32) {
        self.0.borrow_mut().insert(id, version);
    }

    /// The version an update of `id` sends: the one read, else the current one (the record
    /// was never shown on this connection, so there is nothing older to protect).
    fn for_update(&self, c: &mut Client, table: &str, id: Uuid) -> Result<i32> {
        if let Some(v) = self.0.borrow().get(&id) {
            return Ok(*v);
        }
        c.query_opt(&format!("SELECT version FROM {table} WHERE id = $1"), &[&id])
            .pg()?
            .map(|r| r.get(0))
            .ok_or_else(|| Error::not_found(format!("{table} {id}")))
    }
}

/// Parameters of a query built from a filter.
#[derive(Default)]
struct Args(Vec<Box<dyn ToSql + Sync>>);

impl Args {
    /// Adds a parameter; its placeholder (`$n`).
    fn push(&mut self, value: impl ToSql + Sync + 'static) -> String {
        self.0.push(Box::new(value));
        format!("${}", self.0.len())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|b| b.as_ref()).collect()
    }
}

/// A date column as the vault writes dates (`YYYY-MM-DD`).
fn date(column: &str) -> String {
    format!("to_char({column}, 'YYYY-MM-DD')")
}

/// A timestamp column as the vault writes them (RFC 3339, UTC, to the second).
fn stamp(column: &str) -> String {
    format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
}

/// An UPDATE of a record this member can see that changed nothing: the policies let them read
/// it but not change it.
pub(crate) fn changed(rows: u64, what: &str) -> Result<()> {
    if rows == 0 {
        return Err(Error::NotAllowed(format!("your role on the team server does not allow changing this {what}")));
    }
    Ok(())
}

fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

impl Team {
    fn db(&self) -> std::cell::RefMut<'_, Client> {
        self.client.borrow_mut()
    }
}

impl Records for Team {
    fn settings(&self) -> Result<Settings> {
        let settings = crate::reports::settings(&mut *self.db())?;
        *self.settings_read.borrow_mut() = Some(settings.to_pairs()?);
        Ok(settings)
    }

    /// Writes the settings changed from those this connection read; a setting someone else
    /// changed since is refused ("changed by NAME at TIME — reload to see it") and nothing is
    /// written. Settings never read here count as read just now.
    fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        let pairs = settings.to_pairs()?;
        let read = self.settings_read.get_mut().clone();
        let mut tx = self.client.get_mut().transaction().pg()?;
        // One save at a time: the check and the write see the same settings.
        tx.batch_execute("LOCK TABLE settings IN SHARE ROW EXCLUSIVE MODE").pg()?;
        let current = crate::reports::settings(&mut tx)?.to_pairs()?;
        let read = read.unwrap_or_else(|| current.clone());
        let value_in =
            |list: &[(String, String)], key: &str| list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        for (key, value) in &pairs {
            let was = value_in(&read, key);
            if was.as_deref() == Some(value.as_str()) {
                continue; // not changed here: someone else's newer value stays
            }
            if value_in(&current, key) != was {
                let who = tx
                    .query_opt(
                        "SELECT member_name(actor), to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"')
                         FROM audit_event WHERE entity = 'settings' AND entity_id = $1 ORDER BY seq DESC LIMIT 1",
                        &[key],
                    )
                    .pg()?;
                let message = match who {
                    Some(r) => {
                        format!("changed by {} at {} — reload to see it", r.get::<_, String>(0), r.get::<_, String>(1))
                    }
                    None => "changed by someone else since you read it — reload to see it".to_owned(),
                };
                return Err(Error::Conflict(format!("the setting {key} was {message}")));
            }
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE settings.value IS DISTINCT FROM excluded.value",
                &[key, value],
            )
            .pg()?;
        }
        // What this connection now holds as read: ours, and others' newer values of the rest.
        let now = crate::reports::settings(&mut tx)?.to_pairs()?;
        tx.commit().pg()?;
        *self.settings_read.get_mut() = Some(now);
        Ok(())
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<Settings> {
        let s = self.settings()?.with(key, value)?;
        self.save_settings(&s)?;
        Ok(s)
    }

    fn list_clients(&self, search: Option<&str>) -> Result<Vec<ClientRecord>> {
        clients::list(&mut self.db(), search)
    }

    fn client(&self, id: Uuid) -> Result<ClientRecord> {
        clients::by_id(&mut self.db(), &self.versions, id)
    }

    fn find_client(&self, reference: &str) -> Result<ClientRecord> {
        let mut c = self.db();
        let id = clients::resolve(&mut c, reference, "client")?;
        clients::by_id(&mut c, &self.versions, id)
    }

    fn create_client(&mut self, draft: &ClientDraft) -> Result<ClientRecord> {
        clients::create(self.client.get_mut(), &self.versions, draft)
    }

    fn update_client(&mut self, id: Uuid, draft: &ClientDraft) -> Result<ClientRecord> {
        clients::update(self.client.get_mut(), &self.versions, id, draft)
    }

    fn list_matters(&self, filter: &MatterFilter) -> Result<Vec<Matter>> {
        matters::list(&mut self.db(), filter)
    }

    fn matter(&self, id: Uuid) -> Result<Matter> {
        matters::by_id(&mut self.db(), &self.versions, id)
    }

    fn find_matter(&self, reference: &str) -> Result<Matter> {
        let mut c = self.db();
        let id = matters::resolve(&mut c, reference, "matter")?;
        matters::by_id(&mut c, &self.versions, id)
    }

    fn matter_detail(&self, reference: &str) -> Result<MatterDetail> {
        matters::detail(&mut self.db(), &self.versions, reference)
    }

    fn create_matter(&mut self, draft: &MatterDraft) -> Result<Matter> {
        matters::open(self.client.get_mut(), &self.versions, draft, &[])
    }

    fn open_matter(&mut self, draft: &MatterDraft, adverse_parties: &[String]) -> Result<Matter> {
        matters::open(self.client.get_mut(), &self.versions, draft, adverse_parties)
    }

    fn update_matter(&mut self, id: Uuid, draft: &MatterDraft) -> Result<Matter> {
        matters::update(self.client.get_mut(), &self.versions, id, draft)
    }

    fn close_matter(&mut self, reference: &str, date: Option<&str>, outcome: Option<&str>) -> Result<Matter> {
        matters::close(self.client.get_mut(), &self.versions, reference, date, outcome, today())
    }

    fn add_party(&mut self, party: NewParty<'_>) -> Result<Party> {
        matters::add_party(self.client.get_mut(), party)
    }

    fn add_note(&mut self, matter: &str, body: &str, author: Option<&str>) -> Result<Note> {
        matters::add_note(self.client.get_mut(), matter, body, author)
    }

    fn add_hearing(&mut self, draft: &HearingDraft) -> Result<Hearing> {
        matters::add_hearing(self.client.get_mut(), draft)
    }

    fn list_hearings(&self, query: HearingQuery<'_>) -> Result<Vec<Hearing>> {
        matters::list_hearings(&mut self.db(), query)
    }

    fn list_volunteers(&self, search: Option<&str>) -> Result<Vec<Volunteer>> {
        people::list(&mut self.db(), search)
    }

    fn volunteer(&self, id: Uuid) -> Result<Volunteer> {
        people::by_id(&mut *self.db(), id)
    }

    fn find_volunteer(&self, reference: &str) -> Result<Volunteer> {
        let mut c = self.db();
        let id = people::resolve(&mut *c, reference, "volunteer")?;
        people::by_id(&mut *c, id)
    }

    fn create_volunteer(&mut self, draft: &VolunteerDraft) -> Result<Volunteer> {
        people::create(self.client.get_mut(), draft)
    }

    fn volunteer_summaries(&self, search: Option<&str>, year: i16) -> Result<Vec<VolunteerSummary>> {
        people::summaries(&mut self.db(), search, year)
    }

    fn matters_of_volunteer(&self, volunteer: &str) -> Result<Vec<Matter>> {
        people::matters_of(&mut self.db(), volunteer)
    }

    fn assign(&mut self, volunteer: &str, matter: &str) -> Result<()> {
        people::assign(self.client.get_mut(), volunteer, matter).map(|_| ())
    }

    fn set_supervisor(&mut self, volunteer: &str, matter: &str, supervisor: Option<&str>) -> Result<()> {
        people::set_supervisor(self.client.get_mut(), volunteer, matter, supervisor)
    }

    fn update_volunteer_service(
        &mut self,
        volunteer: &str,
        law_school_start: Option<&str>,
        bar_admissions: Option<&[String]>,
    ) -> Result<Volunteer> {
        people::update_service(self.client.get_mut(), volunteer, law_school_start, bar_admissions)
    }

    fn list_organizations(&self) -> Result<Vec<Organization>> {
        people::organizations(&mut self.db())
    }

    fn log_time(&mut self, draft: &TimeEntryDraft) -> Result<TimeEntry> {
        crate::time::log(self.client.get_mut(), Uuid::now_v7(), draft, today())
    }

    fn list_time(&self, filter: &TimeFilter) -> Result<Vec<TimeEntry>> {
        time::list(&mut self.db(), filter)
    }

    fn delete_time_entry(&mut self, id: Uuid) -> Result<()> {
        time::delete(self.client.get_mut(), id)
    }

    fn deadline_rules(&self) -> Result<Vec<Rule>> {
        Ok(deadlines::rules_and_closures(&mut self.db())?.0)
    }

    fn closed_days(&self) -> Result<Closed> {
        Ok(deadlines::rules_and_closures(&mut self.db())?.1)
    }

    fn suggested_deadlines(&self) -> Result<OpenSuggestions> {
        deadlines::open_suggestions(&mut self.db())
    }

    fn confirm_deadline(&mut self, matter: &str, rule: &str, source: Option<&str>) -> Result<Hearing> {
        deadlines::confirm(self.client.get_mut(), matter, rule, source)
    }

    fn dismiss_deadline(&mut self, matter: &str, rule: &str, source: Option<&str>, reason: &str) -> Result<()> {
        deadlines::dismiss(self.client.get_mut(), matter, rule, source, reason)
    }

    fn mark_deadline_done(&mut self, id: Uuid, done: bool) -> Result<Hearing> {
        figures::mark_deadline_done(self.client.get_mut(), id, done)
    }

    fn dashboard(&self, today: Date) -> Result<Dashboard> {
        figures::dashboard(&mut self.db(), today)
    }

    fn impact_report(&self, period: Period) -> Result<ImpactReport> {
        crate::reports::impact(&mut self.db(), period)
    }

    fn hours_report(&self, period: Period) -> Result<HoursReport> {
        crate::reports::hours(&mut self.db(), period)
    }

    fn service_statement(
        &self,
        volunteer: &str,
        period: Period,
        with_client_names: bool,
        project: Option<&str>,
    ) -> Result<probono_core::reports::statement::ServiceStatement> {
        statements::statement(&mut self.db(), volunteer, period, with_client_names, project)
    }

    fn challenge_report(
        &self,
        organization: &str,
        period: Period,
        billable_hours: f64,
    ) -> Result<probono_core::reports::challenge::ChallengeReport> {
        statements::challenge(&mut self.db(), organization, period, billable_hours)
    }

    fn volunteers_with_time(&self, period: Period) -> Result<Vec<(Uuid, String)>> {
        statements::volunteers_with_time(&mut self.db(), period)
    }

    fn audit_events(&self, limit: usize) -> Result<Vec<AuditEvent>> {
        figures::audit_events(&mut self.db(), limit)
    }

    fn record_view(&mut self, entity: &str, id: Uuid) -> Result<()> {
        self.record_access("view", entity, &id.to_string())
    }

    fn record_export(&mut self, what: &str) -> Result<()> {
        self.record_access("export", what, "")
    }

    fn counts(&self) -> Result<Vec<(&'static str, i64)>> {
        figures::counts(&mut self.db())
    }

    fn conflict_people(&self) -> Result<Vec<probono_core::conflict::Person>> {
        conflicts::people(&mut *self.db())
    }

    fn merge_preview(&self, keep: &str, drop: &str) -> Result<probono_core::store::MergePlan> {
        clients::merge(&mut self.db(), &self.versions, keep, drop, false)
    }

    fn merge_clients(&mut self, keep: &str, drop: &str) -> Result<probono_core::store::MergePlan> {
        clients::merge(self.client.get_mut(), &self.versions, keep, drop, true)
    }

    fn import(
        &mut self,
        request: probono_core::import::ImportRequest<'_>,
        task: &probono_core::task::TaskContext,
    ) -> Result<probono_core::import::ImportSummary> {
        import::import(self.client.get_mut(), request, task)
    }

    fn record_conflict_check(
        &mut self,
        draft: &probono_core::model::ConflictCheckDraft,
    ) -> Result<probono_core::model::ConflictCheck> {
        conflicts::record(self.client.get_mut(), draft)
    }
}
