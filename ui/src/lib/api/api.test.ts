// The API module against a mocked Tauri: every command name and argument key the backend
// expects, and errors turned into ApiError.

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

import * as commands from './commands';

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

beforeEach(() => {
  invoke.mockReset();
  listen.mockReset();
  save.mockReset();
  open.mockReset();
  api.setLockedListener(null);
});

describe('one function per command (generated from the Rust commands)', () => {
  const wrappers = Object.entries(commands).filter(([, v]) => typeof v === 'function') as [
    string,
    (...args: unknown[]) => Promise<unknown>,
  ][];

  it('finds the wrappers (the checks below are not vacuous)', () => {
    expect(wrappers.length).toBeGreaterThan(50);
    expect(api.createClient).toBe(commands.createClient);
  });

  it.each(wrappers)('%s invokes the command of the same name, each argument under its own key', async (name, fn) => {
    invoke.mockResolvedValue(null);
    const args = Array.from({ length: fn.length }, (_, i) => `argument ${i}`);
    await fn(...args);
    expect(invoke).toHaveBeenCalledTimes(1);
    const [command, sent] = invoke.mock.calls[0] as [string, Record<string, unknown> | undefined];
    expect(command).toBe(name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    expect(Object.values(sent ?? {}).slice(0, args.length)).toEqual(args);
  });

  it('sends the Rust parameter names in camelCase and the structs with their snake_case fields', async () => {
    invoke.mockResolvedValue(null);
    await api.updateClient('id-1', draftClient);
    expect(invoke).toHaveBeenLastCalledWith('update_client', { id: 'id-1', draft: draftClient });
    await api.listClients();
    expect(invoke).toHaveBeenLastCalledWith('list_clients', { search: null });
    await api.closeMatter({ matter_id: 'm-1', date: null, outcome: 'granted' });
    expect(invoke).toHaveBeenLastCalledWith('close_matter', { request: { matter_id: 'm-1', date: null, outcome: 'granted' } });
    await api.newTask();
    expect(invoke).toHaveBeenLastCalledWith('new_task', undefined);
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
