//! Clients, matters, volunteers, time and the calendar: each command converts, calls the
//! core, and returns.

use std::sync::Arc;

use probono_core::PublicError;
use probono_core::model::{
    Client, ClientDraft, Hearing, HearingDraft, Matter, MatterDetail, MatterDraft, Note, Organization, Party,
    TimeEntry, TimeEntryDraft, Volunteer, VolunteerDraft,
};
use probono_core::reports::dashboard::Dashboard;
use probono_core::store::{MatterFilter, TimeFilter, VolunteerSummary, checks};
use tauri::State;
use uuid::Uuid;

use crate::dto::{
    AssignRequest, ClientPage, CloseMatterRequest, HearingRange, NoteRequest, PartyRequest, VolunteerPage,
};
use crate::state::AppState;

type Res<T> = Result<T, PublicError>;

fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

#[tauri::command]
pub async fn dashboard(state: State<'_, Arc<AppState>>) -> Res<Dashboard> {
    state.run(|inner| inner.store()?.dashboard(today())).await
}

#[tauri::command]
pub async fn list_clients(state: State<'_, Arc<AppState>>, search: Option<String>) -> Res<Vec<Client>> {
    state.run(move |inner| inner.store()?.list_clients(search.as_deref())).await
}

#[tauri::command]
pub async fn get_client(state: State<'_, Arc<AppState>>, id: Uuid) -> Res<ClientPage> {
    state
        .run(move |inner| {
            let store = inner.store()?;
            let client = store.client(id)?;
            let matters = store.list_matters(&MatterFilter { client: Some(id.to_string()), ..Default::default() })?;
            Ok(ClientPage { client, matters })
        })
        .await
}

#[tauri::command]
pub async fn create_client(state: State<'_, Arc<AppState>>, draft: ClientDraft) -> Res<Client> {
    state.run(move |inner| inner.store()?.create_client(&draft)).await
}

#[tauri::command]
pub async fn update_client(state: State<'_, Arc<AppState>>, id: Uuid, draft: ClientDraft) -> Res<Client> {
    state.run(move |inner| inner.store()?.update_client(id, &draft)).await
}

/// Every problem with a client form, by the rules saving uses (no vault needed).
#[tauri::command]
pub fn check_client(draft: ClientDraft) -> Vec<PublicError> {
    checks::client(&draft)
}

#[tauri::command]
pub async fn list_matters(state: State<'_, Arc<AppState>>, filter: MatterFilter) -> Res<Vec<Matter>> {
    state.run(move |inner| inner.store()?.list_matters(&filter)).await
}

#[tauri::command]
pub async fn get_matter(state: State<'_, Arc<AppState>>, reference: String) -> Res<MatterDetail> {
    state.run(move |inner| inner.store()?.matter_detail(&reference)).await
}

#[tauri::command]
pub async fn create_matter(state: State<'_, Arc<AppState>>, draft: MatterDraft) -> Res<Matter> {
    state.run(move |inner| inner.store()?.create_matter(&draft)).await
}

#[tauri::command]
pub async fn update_matter(state: State<'_, Arc<AppState>>, id: Uuid, draft: MatterDraft) -> Res<Matter> {
    state.run(move |inner| inner.store()?.update_matter(id, &draft)).await
}

#[tauri::command]
pub fn check_matter(draft: MatterDraft) -> Vec<PublicError> {
    checks::matter(&draft)
}

#[tauri::command]
pub async fn close_matter(state: State<'_, Arc<AppState>>, request: CloseMatterRequest) -> Res<Matter> {
    state
        .run(move |inner| {
            inner.store()?.close_matter(&request.matter, request.date.as_deref(), request.outcome.as_deref())
        })
        .await
}

#[tauri::command]
pub async fn add_note(state: State<'_, Arc<AppState>>, request: NoteRequest) -> Res<Note> {
    state.run(move |inner| inner.store()?.add_note(&request.matter, &request.body, request.author.as_deref())).await
}

#[tauri::command]
pub async fn add_party(state: State<'_, Arc<AppState>>, request: PartyRequest) -> Res<Party> {
    state
        .run(move |inner| {
            inner.store()?.add_party(&request.matter, &request.kind, &request.name, request.relationship.as_deref())
        })
        .await
}

#[tauri::command]
pub async fn add_hearing(state: State<'_, Arc<AppState>>, draft: HearingDraft) -> Res<Hearing> {
    state.run(move |inner| inner.store()?.add_hearing(&draft)).await
}

#[tauri::command]
pub async fn list_hearings(state: State<'_, Arc<AppState>>, range: HearingRange) -> Res<Vec<Hearing>> {
    state
        .run(move |inner| {
            inner.store()?.list_hearings(range.matter.as_deref(), range.from.as_deref(), range.to.as_deref())
        })
        .await
}

#[tauri::command]
pub async fn assign_volunteer(state: State<'_, Arc<AppState>>, request: AssignRequest) -> Res<()> {
    state.run(move |inner| inner.store()?.assign(&request.volunteer, &request.matter)).await
}

#[tauri::command]
pub async fn list_volunteers(state: State<'_, Arc<AppState>>, search: Option<String>) -> Res<Vec<VolunteerSummary>> {
    state.run(move |inner| inner.store()?.volunteer_summaries(search.as_deref(), today().year())).await
}

#[tauri::command]
pub async fn get_volunteer(state: State<'_, Arc<AppState>>, id: Uuid) -> Res<VolunteerPage> {
    state
        .run(move |inner| {
            let store = inner.store()?;
            let volunteer = store.volunteer(id)?;
            let summary = store
                .volunteer_summaries(None, today().year())?
                .into_iter()
                .find(|s| s.volunteer.id == volunteer.id)
                .ok_or_else(|| probono_core::Error::not_found(format!("volunteer {id}")))?;
            let matters = store.matters_of_volunteer(&id.to_string())?;
            let recent_time = store.list_time(&TimeFilter {
                volunteer: Some(id.to_string()),
                limit: Some(50),
                ..Default::default()
            })?;
            Ok(VolunteerPage { summary, matters, recent_time })
        })
        .await
}

#[tauri::command]
pub async fn create_volunteer(state: State<'_, Arc<AppState>>, draft: VolunteerDraft) -> Res<Volunteer> {
    state.run(move |inner| inner.store()?.create_volunteer(&draft)).await
}

#[tauri::command]
pub fn check_volunteer(draft: VolunteerDraft) -> Vec<PublicError> {
    checks::volunteer(&draft)
}

#[tauri::command]
pub async fn list_organizations(state: State<'_, Arc<AppState>>) -> Res<Vec<Organization>> {
    state.run(|inner| inner.store()?.list_organizations()).await
}

#[tauri::command]
pub async fn log_time(state: State<'_, Arc<AppState>>, draft: TimeEntryDraft) -> Res<TimeEntry> {
    state.run(move |inner| inner.store()?.log_time(&draft)).await
}

#[tauri::command]
pub fn check_time(draft: TimeEntryDraft) -> Vec<PublicError> {
    checks::time_entry(&draft)
}

#[tauri::command]
pub async fn list_time(state: State<'_, Arc<AppState>>, filter: TimeFilter) -> Res<Vec<TimeEntry>> {
    state.run(move |inner| inner.store()?.list_time(&filter)).await
}

#[tauri::command]
pub async fn delete_time_entry(state: State<'_, Arc<AppState>>, id: Uuid) -> Res<()> {
    state.run(move |inner| inner.store()?.delete_time_entry(id)).await
}
