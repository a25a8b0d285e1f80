// The typed API of the backend: one async function per Tauri command (names as in
// src-tauri/src/commands/names.in), plus events and dialogs. This folder is the only code that
// imports @tauri-apps; every screen calls these functions instead.

import type {
  BackupReport,
  BackupRequest,
  BackupStatus,
  ChangePassphraseRequest,
  CheckReport,
  Client,
  ClientDraft,
  ClientPage,
  CloseMatterRequest,
  CreateVaultRequest,
  CreatedVault,
  Dashboard,
  ExportCaseRequest,
  ExportRecordsRequest,
  ExportReportRequest,
  ExportResult,
  ExportSummary,
  Hearing,
  HearingDraft,
  HearingRange,
  HoursReport,
  ImpactReport,
  ImportFileRequest,
  ImportSubmissionRequest,
  ImportSummary,
  Matter,
  MatterDetail,
  MatterDraft,
  MatterFilter,
  Note,
  NoteRequest,
  Organization,
  Party,
  PartyRequest,
  PeriodRequest,
  PublicError,
  RestoreRequest,
  Settings,
  AssignRequest,
  SubmissionSummary,
  SubmitHoursRequest,
  SubmitHoursResult,
  TimeEntry,
  TimeEntryDraft,
  TimeFilter,
  UnlockRequest,
  VaultState,
  Volunteer,
  VolunteerDraft,
  VolunteerPage,
  VolunteerSummary,
} from './bindings';
import { call } from './transport';

export type * from './bindings';
export { ApiError, toApiError, errorsByField } from './errors';
export { setLockedListener } from './transport';
export { onProgress, onVaultLocked, type Unsubscribe } from './events';
export { chooseSavePath, chooseOpenPath, chooseFolder, type FileFilter } from './dialogs';

// --- Vault: first run, unlock, lock, keys -------------------------------------------------

export const vaultState = () => call<VaultState>('vault_state');
export const createVault = (request: CreateVaultRequest) => call<CreatedVault>('create_vault', { request });
export const saveRecoveryKit = (path: string) => call<ExportResult>('save_recovery_kit', { path });
export const dismissRecoveryKey = () => call<null>('dismiss_recovery_key');
export const openVault = (dir: string) => call<VaultState>('open_vault', { dir });
export const unlock = (request: UnlockRequest) => call<VaultState>('unlock', { request });
/** Unlocks with the key this computer remembers; resolves to whether it did. */
export const unlockRemembered = () => call<boolean>('unlock_remembered');
export const lock = () => call<null>('lock');
/** Tells the backend the user is active (postpones auto-lock). */
export const touch = () => call<null>('touch');
export const openDemo = () => call<VaultState>('open_demo');
export const changePassphrase = (request: ChangePassphraseRequest) => call<null>('change_passphrase', { request });
export const rememberKey = () => call<VaultState>('remember_key');
export const forgetKey = () => call<VaultState>('forget_key');
/** A task id for a cancellable export or import (tags its progress events). */
export const newTask = () => call<number>('new_task');
export const cancelTask = (task: number) => call<boolean>('cancel_task', { task });

// --- Records -------------------------------------------------------------------------------

export const dashboard = () => call<Dashboard>('dashboard');

export const listClients = (search: string | null = null) => call<Client[]>('list_clients', { search });
export const getClient = (id: string) => call<ClientPage>('get_client', { id });
export const createClient = (draft: ClientDraft) => call<Client>('create_client', { draft });
export const updateClient = (id: string, draft: ClientDraft) => call<Client>('update_client', { id, draft });
/** Every problem with a client form (empty when it would save). */
export const checkClient = (draft: ClientDraft) => call<PublicError[]>('check_client', { draft });

export const listMatters = (filter: Partial<MatterFilter> = {}) => call<Matter[]>('list_matters', { filter });
/** A matter by case reference or id. */
export const getMatter = (reference: string) => call<MatterDetail>('get_matter', { reference });
export const createMatter = (draft: MatterDraft) => call<Matter>('create_matter', { draft });
export const updateMatter = (id: string, draft: MatterDraft) => call<Matter>('update_matter', { id, draft });
export const checkMatter = (draft: MatterDraft) => call<PublicError[]>('check_matter', { draft });
export const closeMatter = (request: CloseMatterRequest) => call<Matter>('close_matter', { request });
export const addNote = (request: NoteRequest) => call<Note>('add_note', { request });
export const addParty = (request: PartyRequest) => call<Party>('add_party', { request });
export const addHearing = (draft: HearingDraft) => call<Hearing>('add_hearing', { draft });
export const listHearings = (range: Partial<HearingRange> = {}) =>
  call<Hearing[]>('list_hearings', { range: { from: null, to: null, matter: null, ...range } });
export const assignVolunteer = (request: AssignRequest) => call<null>('assign_volunteer', { request });

export const listVolunteers = (search: string | null = null) =>
  call<VolunteerSummary[]>('list_volunteers', { search });
export const getVolunteer = (id: string) => call<VolunteerPage>('get_volunteer', { id });
export const createVolunteer = (draft: VolunteerDraft) => call<Volunteer>('create_volunteer', { draft });
export const checkVolunteer = (draft: VolunteerDraft) => call<PublicError[]>('check_volunteer', { draft });
export const listOrganizations = () => call<Organization[]>('list_organizations');

export const logTime = (draft: TimeEntryDraft) => call<TimeEntry>('log_time', { draft });
export const checkTime = (draft: TimeEntryDraft) => call<PublicError[]>('check_time', { draft });
export const listTime = (filter: Partial<TimeFilter> = {}) => call<TimeEntry[]>('list_time', { filter });
export const deleteTimeEntry = (id: string) => call<null>('delete_time_entry', { id });

// --- Reports, exports, import, settings ----------------------------------------------------

export const impactReport = (period: PeriodRequest) => call<ImpactReport>('impact_report', { period });
export const hoursReport = (period: PeriodRequest) => call<HoursReport>('hours_report', { period });
/** Writes a report file; `task` comes from newTask() and tags the progress events. */
export const exportReport = (request: ExportReportRequest, task: number) =>
  call<ExportResult>('export_report', { request, task });
export const exportCaseSummary = (request: ExportCaseRequest) =>
  call<ExportResult>('export_case_summary', { request });
export const importFile = (request: ImportFileRequest) => call<ImportSummary>('import_file', { request });

export const getSettings = () => call<Settings>('get_settings');
export const saveSettings = (settings: Settings) => call<Settings>('save_settings', { settings });

// --- Backups, checks, data exit, hours from other computers --------------------------------

/** When the last verified backup was made, and whether a reminder is due. */
export const backupStatus = () => call<BackupStatus>('backup_status');
/**
 * Writes a verified backup: `path` is a .pbbackup file, or with `keep` a folder for a rotating
 * set. `request.task` comes from newTask() and tags the progress events (stage "backup").
 */
export const backupNow = (request: BackupRequest) => call<BackupReport>('backup_now', { request });
/** Checks the open vault's encryption and structure (empty lists: sound). */
export const checkVault = () => call<CheckReport>('check_vault');
/** Restores a backup into a new or empty folder; the restored vault becomes the open one, unlocked. */
export const restoreBackup = (request: RestoreRequest) => call<VaultState>('restore_backup', { request });
/** Writes every record to NOT encrypted JSON or CSV files in a folder. */
export const exportRecords = (request: ExportRecordsRequest) => call<ExportSummary>('export_records', { request });
/** The program's public key ("age1…"), made on first use; volunteers encrypt their hours to it. */
export const programKey = () => call<string>('program_key');
export const importSubmission = (request: ImportSubmissionRequest) =>
  call<SubmissionSummary>('import_submission', { request });
export const submitHours = (request: SubmitHoursRequest) => call<SubmitHoursResult>('submit_hours', { request });
