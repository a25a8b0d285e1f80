//! Clients, matters, volunteers, time and the calendar: each command converts, calls the
//! application layer (which reaches the records through the data layer), and returns.

use std::sync::Arc;

use probono_app::session::{ClientPage, VolunteerPage, today};
use probono_app::team::Logged;
use probono_core::PublicError;
use probono_core::model::{
    Client, ClientDraft, Hearing, HearingDraft, Matter, MatterDetail, MatterDraft, Note, Organization, Party,
    TimeEntry, TimeEntryDraft, Volunteer, VolunteerDraft,
};
use probono_core::records::{HearingQuery, NewParty};
use probono_core::reports::dashboard::Dashboard;
use probono_core::store::{MatterFilter, TimeFilter, VolunteerSummary, checks};
use tauri::State;
use uuid::Uuid;

use crate::dto::{
    AssignRequest, CloseMatterRequest, HearingRange, LoggedTime, NoteRequest, OpenMatterRequest, PartyRequest,
};
use crate::state::{AppState, Res};

#[tauri::command]
pub async fn dashboard(state: State<'_, Arc<AppState>>) -> Res<Dashboard> {
    state.screens(|_, s| s.records()?.dashboard(today())).await
}

/// Clients whose name, other names or A-number contain `search` (all when null).
#[tauri::command]
pub async fn list_clients(state: State<'_, Arc<AppState>>, search: Option<String>) -> Res<Vec<Client>> {
    state.screens(move |_, s| s.records()?.list_clients(search.as_deref())).await
}

/// A client with their matters.
#[tauri::command]
pub async fn get_client(state: State<'_, Arc<AppState>>, id: Uuid) -> Res<ClientPage> {
    state.screens(move |_, s| s.client_page(id)).await
}

#[tauri::command]
pub async fn create_client(state: State<'_, Arc<AppState>>, draft: ClientDraft) -> Res<Client> {
    state.screens(move |_, s| s.records()?.create_client(&draft)).await
}

#[tauri::command]
pub async fn update_client(state: State<'_, Arc<AppState>>, id: Uuid, draft: ClientDraft) -> Res<Client> {
    state.screens(move |_, s| s.records()?.update_client(id, &draft)).await
}

/// Every problem with a client form, by the rules saving uses (no vault needed).
#[tauri::command]
pub fn check_client(draft: ClientDraft) -> Vec<PublicError> {
    checks::client(&draft)
}

#[tauri::command]
pub async fn list_matters(state: State<'_, Arc<AppState>>, filter: MatterFilter) -> Res<Vec<Matter>> {
    state.screens(move |_, s| s.records()?.list_matters(&filter)).await
}

/// A matter with its client, parties, volunteers, hearings, time and notes.
#[tauri::command]
pub async fn get_matter(state: State<'_, Arc<AppState>>, id: Uuid) -> Res<MatterDetail> {
    state.screens(move |_, s| s.records()?.matter_detail(&id.to_string())).await
}

#[tauri::command]
pub async fn create_matter(state: State<'_, Arc<AppState>>, request: OpenMatterRequest) -> Res<Matter> {
    state.screens(move |_, s| s.records()?.open_matter(&request.draft, &request.adverse_parties)).await
}

#[tauri::command]
pub async fn update_matter(state: State<'_, Arc<AppState>>, id: Uuid, draft: MatterDraft) -> Res<Matter> {
    state.screens(move |_, s| s.records()?.update_matter(id, &draft)).await
}

#[tauri::command]
pub fn check_matter(draft: MatterDraft) -> Vec<PublicError> {
    checks::matter(&draft)
}

#[tauri::command]
pub async fn close_matter(state: State<'_, Arc<AppState>>, request: CloseMatterRequest) -> Res<Matter> {
    state
        .screens(move |_, s| {
            s.records()?.close_matter(
                &request.matter_id.to_string(),
                request.date.as_deref(),
                request.outcome.as_deref(),
            )
        })
        .await
}

#[tauri::command]
pub async fn add_note(state: State<'_, Arc<AppState>>, request: NoteRequest) -> Res<Note> {
    state
        .screens(move |_, s| {
            s.records()?.add_note(&request.matter_id.to_string(), &request.body, request.author.as_deref())
        })
        .await
}

#[tauri::command]
pub async fn add_party(state: State<'_, Arc<AppState>>, request: PartyRequest) -> Res<Party> {
    state
        .screens(move |_, s| {
            s.records()?.add_party(NewParty {
                matter: &request.matter_id.to_string(),
                role: &request.role,
                name: &request.name,
                relationship: request.relationship.as_deref(),
            })
        })
        .await
}

#[tauri::command]
pub async fn add_hearing(state: State<'_, Arc<AppState>>, draft: HearingDraft) -> Res<Hearing> {
    state.screens(move |_, s| s.records()?.add_hearing(&draft)).await
}

/// Hearings and deadlines between two dates (inclusive), of one matter or all.
#[tauri::command]
pub async fn list_hearings(state: State<'_, Arc<AppState>>, range: HearingRange) -> Res<Vec<Hearing>> {
    state
        .screens(move |_, s| {
            let matter = range.matter_id.map(|id| id.to_string());
            s.records()?.list_hearings(HearingQuery {
                matter: matter.as_deref(),
                from: range.from.as_deref(),
                to: range.to.as_deref(),
                volunteer: None,
            })
        })
        .await
}

#[tauri::command]
pub async fn assign_volunteer(state: State<'_, Arc<AppState>>, request: AssignRequest) -> Res<()> {
    state
        .screens(move |_, s| {
            let records = s.records()?;
            let matter = request.matter_id.to_string();
            match request.supervisor.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                Some(supervisor) => records.set_supervisor(&request.volunteer, &matter, Some(supervisor)),
                None => records.assign(&request.volunteer, &matter),
            }
        })
        .await
}

/// Volunteers with their hours this year (all when `search` is null).
#[tauri::command]
pub async fn list_volunteers(state: State<'_, Arc<AppState>>, search: Option<String>) -> Res<Vec<VolunteerSummary>> {
    state.screens(move |_, s| s.records()?.volunteer_summaries(search.as_deref(), today().year())).await
}

/// A volunteer with this year's hours, their matters and recent time.
#[tauri::command]
pub async fn get_volunteer(state: State<'_, Arc<AppState>>, id: Uuid) -> Res<VolunteerPage> {
    state.screens(move |_, s| probono_app::session::volunteer_page(s.records()?, id, today().year())).await
}

#[tauri::command]
pub async fn create_volunteer(state: State<'_, Arc<AppState>>, draft: VolunteerDraft) -> Res<Volunteer> {
    state.screens(move |_, s| s.records()?.create_volunteer(&draft)).await
}

#[tauri::command]
pub fn check_volunteer(draft: VolunteerDraft) -> Vec<PublicError> {
    checks::volunteer(&draft)
}

/// Forgets the signing key accepted for a volunteer's hour submissions (a new computer);
/// returns whether one was on record.
#[tauri::command]
pub async fn reset_volunteer_key(
    state: State<'_, Arc<AppState>>,
    id: Uuid,
    request: crate::dto::ConfirmedRequest,
) -> Res<bool> {
    state
        .screens(move |_, s| {
            let session = s.session()?;
            let proof = request.confirm.check(session)?;
            probono_app::hours::reset_volunteer_key(session, &proof, &id.to_string())
        })
        .await
}

#[tauri::command]
pub async fn list_organizations(state: State<'_, Arc<AppState>>) -> Res<Vec<Organization>> {
    state.screens(|_, s| s.records()?.list_organizations()).await
}

#[tauri::command]
pub async fn log_time(state: State<'_, Arc<AppState>>, draft: TimeEntryDraft) -> Res<LoggedTime> {
    state
        .screens(move |app, s| {
            // On a team server, time is what may be logged while it cannot be reached.
            if let Some(connected) = s.team.as_mut() {
                let waiting = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                return Ok(match connected.log_time(&app.locations, &draft)? {
                    Logged::Saved(entry) => {
                        LoggedTime { entry: Some(entry), kept: None, outbox_waiting: waiting(connected.waiting) }
                    }
                    Logged::Kept { waiting: n, why } => {
                        LoggedTime { entry: None, kept: Some(why), outbox_waiting: waiting(n) }
                    }
                });
            }
            Ok(LoggedTime { entry: Some(s.records()?.log_time(&draft)?), kept: None, outbox_waiting: 0 })
        })
        .await
}

#[tauri::command]
pub fn check_time(draft: TimeEntryDraft) -> Vec<PublicError> {
    checks::time_entry(&draft)
}

/// Time entries, newest first.
#[tauri::command]
pub async fn list_time(state: State<'_, Arc<AppState>>, filter: TimeFilter) -> Res<Vec<TimeEntry>> {
    state.screens(move |_, s| s.records()?.list_time(&filter)).await
}

#[tauri::command]
pub async fn delete_time_entry(state: State<'_, Arc<AppState>>, id: Uuid) -> Res<()> {
    state.screens(move |_, s| s.records()?.delete_time_entry(id)).await
}
