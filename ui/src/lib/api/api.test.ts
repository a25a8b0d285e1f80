// The API module against a mocked Tauri: every command name and argument key the backend
// expects, and errors turned into ApiError.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
const listen = vi.fn();
const save = vi.fn();
const open = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock('@tauri-apps/api/event', () => ({ listen: (...args: unknown[]) => listen(...args) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({
  save: (...args: unknown[]) => save(...args),
  open: (...args: unknown[]) => open(...args),
}));

import * as api from './index';
import { ApiError, errorsByField, toApiError } from './errors';

const draftClient = {
  name: 'Ana',
  other_names: [],
  a_number: null,
  date_of_birth: null,
  country: null,
  languages: [],
  interpreter_needed: false,
  contact: null,
  entry_date: null,
  notes: null,
};
const draftMatter = {
  case_ref: null,
  client: 'Ana',
  case_type: 'asylum',
  detained: false,
  facility: null,
  state_of_residence: null,
  court: null,
  opened: '2026-01-01',
  closed: null,
  relief_outcome: null,
  release_requested: false,
  release_outcome: null,
};
const draftVolunteer = { name: 'Priya', email: null, organization: null, role: 'attorney', languages: [], bar_number: null };
const draftTime = { volunteer: 'Priya', matter: 'PB-2026-0001', date: '2026-01-02', hours: '1.5', activity: null };
const period = { year: 2026, from: null, to: null };
const settings = {
  program_name: 'P',
  paper: 'letter' as const,
  national_relief_rate: { value: 0.4, year: 2023, source: 's' },
  national_release_rate: { value: 0.32, year: 2023, source: 's' },
  auto_lock_minutes: 10,
  backup_reminder_days: 30,
  export_folder: null,
};

/** [what the UI calls, the Rust command, the arguments as Tauri must receive them]. */
const CALLS: [string, () => Promise<unknown>, string, Record<string, unknown> | undefined][] = [
  ['vaultState', () => api.vaultState(), 'vault_state', undefined],
  ['createVault', () => api.createVault({ dir: '/v', passphrase: 'p', remember: false }), 'create_vault', { request: { dir: '/v', passphrase: 'p', remember: false } }],
  ['saveRecoveryKit', () => api.saveRecoveryKit('/k.pdf'), 'save_recovery_kit', { path: '/k.pdf' }],
  ['dismissRecoveryKey', () => api.dismissRecoveryKey(), 'dismiss_recovery_key', undefined],
  ['openVault', () => api.openVault('/v'), 'open_vault', { dir: '/v' }],
  ['unlock', () => api.unlock({ passphrase: 'p', recovery_key: null, remember: true }), 'unlock', { request: { passphrase: 'p', recovery_key: null, remember: true } }],
  ['unlockRemembered', () => api.unlockRemembered(), 'unlock_remembered', undefined],
  ['lock', () => api.lock(), 'lock', undefined],
  ['touch', () => api.touch(), 'touch', undefined],
  ['openDemo', () => api.openDemo(), 'open_demo', undefined],
  ['changePassphrase', () => api.changePassphrase({ new_passphrase: 'n' }), 'change_passphrase', { request: { new_passphrase: 'n' } }],
  ['rememberKey', () => api.rememberKey(), 'remember_key', undefined],
  ['forgetKey', () => api.forgetKey(), 'forget_key', undefined],
  ['newTask', () => api.newTask(), 'new_task', undefined],
  ['cancelTask', () => api.cancelTask(7), 'cancel_task', { task: 7 }],
  ['dashboard', () => api.dashboard(), 'dashboard', undefined],
  ['listClients', () => api.listClients(), 'list_clients', { search: null }],
  ['getClient', () => api.getClient('id-1'), 'get_client', { id: 'id-1' }],
  ['createClient', () => api.createClient(draftClient), 'create_client', { draft: draftClient }],
  ['updateClient', () => api.updateClient('id-1', draftClient), 'update_client', { id: 'id-1', draft: draftClient }],
  ['checkClient', () => api.checkClient(draftClient), 'check_client', { draft: draftClient }],
  ['listMatters', () => api.listMatters({}), 'list_matters', { filter: {} }],
  ['getMatter', () => api.getMatter('PB-2026-0001'), 'get_matter', { reference: 'PB-2026-0001' }],
  ['createMatter', () => api.createMatter(draftMatter), 'create_matter', { draft: draftMatter }],
  ['updateMatter', () => api.updateMatter('m-1', draftMatter), 'update_matter', { id: 'm-1', draft: draftMatter }],
  ['checkMatter', () => api.checkMatter(draftMatter), 'check_matter', { draft: draftMatter }],
  ['closeMatter', () => api.closeMatter({ matter: 'PB', date: null, outcome: 'granted' }), 'close_matter', { request: { matter: 'PB', date: null, outcome: 'granted' } }],
  ['addNote', () => api.addNote({ matter: 'PB', body: 'b', author: null }), 'add_note', { request: { matter: 'PB', body: 'b', author: null } }],
  ['addParty', () => api.addParty({ matter: 'PB', kind: 'adverse', name: 'n', relationship: null }), 'add_party', { request: { matter: 'PB', kind: 'adverse', name: 'n', relationship: null } }],
  ['addHearing', () => api.addHearing({ matter: 'PB', at: '2026-01-01', kind: 'bond', place: null, description: null }), 'add_hearing', { draft: { matter: 'PB', at: '2026-01-01', kind: 'bond', place: null, description: null } }],
  ['listHearings', () => api.listHearings({ matter: 'PB' }), 'list_hearings', { range: { from: null, to: null, matter: 'PB' } }],
  ['assignVolunteer', () => api.assignVolunteer({ volunteer: 'v', matter: 'PB' }), 'assign_volunteer', { request: { volunteer: 'v', matter: 'PB' } }],
  ['listVolunteers', () => api.listVolunteers(), 'list_volunteers', { search: null }],
  ['getVolunteer', () => api.getVolunteer('v-1'), 'get_volunteer', { id: 'v-1' }],
  ['createVolunteer', () => api.createVolunteer(draftVolunteer), 'create_volunteer', { draft: draftVolunteer }],
  ['checkVolunteer', () => api.checkVolunteer(draftVolunteer), 'check_volunteer', { draft: draftVolunteer }],
  ['listOrganizations', () => api.listOrganizations(), 'list_organizations', undefined],
  ['logTime', () => api.logTime(draftTime), 'log_time', { draft: draftTime }],
  ['checkTime', () => api.checkTime(draftTime), 'check_time', { draft: draftTime }],
  ['listTime', () => api.listTime({ limit: 50 }), 'list_time', { filter: { limit: 50 } }],
  ['deleteTimeEntry', () => api.deleteTimeEntry('t-1'), 'delete_time_entry', { id: 't-1' }],
  ['impactReport', () => api.impactReport(period), 'impact_report', { period }],
  ['hoursReport', () => api.hoursReport(period), 'hours_report', { period }],
  ['exportReport', () => api.exportReport({ kind: 'impact', period, format: 'pdf', path: '/r.pdf' }, 3), 'export_report', { request: { kind: 'impact', period, format: 'pdf', path: '/r.pdf' }, task: 3 }],
  ['exportCaseSummary', () => api.exportCaseSummary({ matter: 'PB', include_notes: true, path: '/c.pdf' }), 'export_case_summary', { request: { matter: 'PB', include_notes: true, path: '/c.pdf' } }],
  ['importFile', () => api.importFile({ kind: 'hours', path: '/h.csv', dry_run: true, task: 4 }), 'import_file', { request: { kind: 'hours', path: '/h.csv', dry_run: true, task: 4 } }],
  ['getSettings', () => api.getSettings(), 'get_settings', undefined],
  ['saveSettings', () => api.saveSettings(settings), 'save_settings', { settings }],
  ['backupStatus', () => api.backupStatus(), 'backup_status', undefined],
  ['backupNow', () => api.backupNow({ path: '/b/x.pbbackup', keep: null, task: 5 }), 'backup_now', { request: { path: '/b/x.pbbackup', keep: null, task: 5 } }],
  ['backupNow (rotating)', () => api.backupNow({ path: '/b', keep: 10, task: 6 }), 'backup_now', { request: { path: '/b', keep: 10, task: 6 } }],
  ['checkVault', () => api.checkVault(), 'check_vault', undefined],
  ['restoreBackup', () => api.restoreBackup({ file: '/b/x.pbbackup', new_dir: '/v2', passphrase: 'p', recovery_key: null }), 'restore_backup', { request: { file: '/b/x.pbbackup', new_dir: '/v2', passphrase: 'p', recovery_key: null } }],
  ['exportRecords', () => api.exportRecords({ dir: '/e', format: 'csv' }), 'export_records', { request: { dir: '/e', format: 'csv' } }],
  ['programKey', () => api.programKey(), 'program_key', undefined],
  ['importSubmission', () => api.importSubmission({ path: '/h.pbhours', accept_key: 'AB12', map: [{ submitted: 'X-1', ours: 'PB-1' }] }), 'import_submission', { request: { path: '/h.pbhours', accept_key: 'AB12', map: [{ submitted: 'X-1', ours: 'PB-1' }] } }],
  ['submitHours', () => api.submitHours({ from: '2026-01-01', to: '2026-03-31', program_key: 'age1x', volunteer: null, path: '/h.pbhours' }), 'submit_hours', { request: { from: '2026-01-01', to: '2026-03-31', program_key: 'age1x', volunteer: null, path: '/h.pbhours' } }],
];

beforeEach(() => {
  invoke.mockReset();
  listen.mockReset();
  save.mockReset();
  open.mockReset();
  api.setLockedListener(null);
});

describe('one function per command', () => {
  it.each(CALLS)('%s invokes %s with the Rust parameter names', async (_name, call, command, args) => {
    invoke.mockResolvedValue(null);
    await call();
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith(command, args);
  });

  // Vitest runs from ui/; the backend's command list sits beside it in the repository.
  const namesFile = resolve(process.cwd(), '..', 'src-tauri', 'src', 'commands', 'names.in');
  it.skipIf(!existsSync(namesFile))('covers every command the backend registers (names.in)', () => {
    const registered = [...readFileSync(namesFile, 'utf8').matchAll(/"([a-z_]+)"/g)].map((m) => m[1]).sort();
    const covered = [...new Set(CALLS.map(([, , command]) => command))].sort();
    expect(covered).toEqual(registered);
  });
});

describe('errors', () => {
  it('rejects with an ApiError carrying the PublicError’s code, message and field', async () => {
    invoke.mockRejectedValue({ code: 'invalid', message: 'must have 7 to 9 digits (found 3)', field: 'a_number' });
    const error = await api.createClient(draftClient).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid', message: 'must have 7 to 9 digits (found 3)', field: 'a_number' });
  });

  it('maps IPC failures and unknown shapes to "internal" without losing the text', () => {
    expect(toApiError('command unlock not found')).toMatchObject({ code: 'internal', message: 'command unlock not found' });
    expect(toApiError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    expect(toApiError({ code: 'made_up', message: 'x' }).code).toBe('internal');
    expect(toApiError(undefined).message).toMatch(/went wrong/);
    expect(toApiError({ code: 'backup_damaged', message: 'the backup file is damaged' }).code).toBe('backup_damaged');
    const e = toApiError({ code: 'wrong_passphrase', message: 'wrong passphrase' });
    expect(e.field).toBeUndefined();
    expect(e.toPublic()).toEqual({ code: 'wrong_passphrase', message: 'wrong passphrase' });
  });

  it('tells the app when a command finds the vault locked', async () => {
    const locked = vi.fn();
    api.setLockedListener(locked);
    invoke.mockRejectedValue({ code: 'locked', message: 'the vault is locked' });
    await expect(api.dashboard()).rejects.toMatchObject({ code: 'locked' });
    expect(locked).toHaveBeenCalledTimes(1);
    invoke.mockRejectedValue({ code: 'invalid', message: 'x', field: 'name' });
    await expect(api.createClient(draftClient)).rejects.toMatchObject({ code: 'invalid' });
    expect(locked).toHaveBeenCalledTimes(1);
  });

  it('groups check results by field, first message per field', () => {
    expect(
      errorsByField([
        { code: 'invalid', message: 'is required', field: 'name' },
        { code: 'invalid', message: 'second', field: 'name' },
        { code: 'invalid', message: 'bad date', field: 'opened' },
        { code: 'internal', message: 'no field' },
      ]),
    ).toEqual({ name: 'is required', opened: 'bad date', '': 'no field' });
  });
});

describe('events and dialogs', () => {
  it('passes on only the progress events of its own task', async () => {
    let handler: ((e: { payload: unknown }) => void) | undefined;
    const unlisten = vi.fn();
    listen.mockImplementation(async (name: string, h: (e: { payload: unknown }) => void) => {
      expect(name).toBe('progress');
      handler = h;
      return unlisten;
    });
    const seen: unknown[] = [];
    const stop = await api.onProgress(5, (e) => seen.push(e));
    handler?.({ payload: { task: 4, stage: 'writing', done: 1, total: 2 } });
    handler?.({ payload: { task: 5, stage: 'writing', done: 1, total: 2 } });
    expect(seen).toEqual([{ task: 5, stage: 'writing', done: 1, total: 2 }]);
    stop();
    expect(unlisten).toHaveBeenCalled();
  });

  it('listens for the vault locking itself', async () => {
    listen.mockResolvedValue(() => {});
    const cb = vi.fn();
    await api.onVaultLocked(cb);
    expect(listen.mock.calls[0][0]).toBe('vault-locked');
    listen.mock.calls[0][1]({ payload: 'idle' });
    expect(cb).toHaveBeenCalled();
  });

  it('wraps the save and open dialogs', async () => {
    save.mockResolvedValue('/home/a/r.pdf');
    expect(await api.chooseSavePath('/home/a/x.pdf', 'PDF', ['pdf'])).toBe('/home/a/r.pdf');
    expect(save).toHaveBeenCalledWith({ defaultPath: '/home/a/x.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    open.mockResolvedValue(null);
    expect(await api.chooseOpenPath([{ name: 'CSV', extensions: ['csv'] }])).toBeNull();
    open.mockResolvedValue(['/home/a/vault']);
    expect(await api.chooseFolder('/home/a')).toBe('/home/a/vault');
    expect(open).toHaveBeenLastCalledWith({ multiple: false, directory: true, defaultPath: '/home/a' });
  });
});
