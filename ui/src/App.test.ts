// Locking (the button, the backend's "vault-locked" event, or a command answering "locked")
// clears every list, filter, screen and message, and shows the unlock screen.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('./test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import App from './App.svelte';
import { client, generateMatters, vaultState } from './test-support/fixtures';

let fireVaultLocked: () => void = () => {};
let lockedListener: (() => void) | null = null;
let damagedListener: (() => void) | null = null;

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = null;
  session.rememberedTried = false;
  vi.mocked(api.vaultState).mockResolvedValue(vaultState({ status: 'unlocked' }));
  vi.mocked(api.onVaultLocked).mockImplementation(async (cb) => {
    fireVaultLocked = cb;
    return () => {};
  });
  vi.mocked(api.setLockedListener).mockImplementation((l) => {
    lockedListener = l;
  });
  vi.mocked(api.setDamagedListener).mockImplementation((l) => {
    damagedListener = l;
  });
});

/** Opens the app unlocked with records in every list, a filter and a message. */
async function openWithRecords() {
  render(App);
  await screen.findByTestId('dashboard');
  session.matters = generateMatters(20);
  session.clients = [client()];
  session.volunteers = [];
  session.organizations = [];
  session.matterFilters.search = 'Hernández';
  session.clientSearch = 'María';
  session.go({ name: 'matter', id: 'm-00001' });
  session.notify('Client saved');
  vi.mocked(api.vaultState).mockResolvedValue(vaultState({ status: 'locked' }));
}

function expectEverythingCleared() {
  expect(session.matters).toBeNull();
  expect(session.clients).toBeNull();
  expect(session.volunteers).toBeNull();
  expect(session.organizations).toBeNull();
  expect(session.settings).toBeNull();
  expect(session.matterFilters.search).toBe('');
  expect(session.clientSearch).toBe('');
  expect(session.route).toEqual({ name: 'dashboard' });
  expect(session.notice).toBeNull();
}

describe('locking', () => {
  it('the Lock button locks the vault, clears all UI state and shows Unlock', async () => {
    const user = userEvent.setup();
    await openWithRecords();
    await user.click(screen.getByTestId('lock-button'));
    await screen.findByTestId('unlock-passphrase');
    expect(api.lock).toHaveBeenCalledTimes(1);
    expectEverythingCleared();
    expect(screen.queryByTestId('nav-matters')).toBeNull();
    expect(screen.queryByText('Client saved')).toBeNull();
  });

  it('the "vault-locked" event (idle auto-lock) does the same', async () => {
    await openWithRecords();
    fireVaultLocked();
    await screen.findByTestId('unlock-passphrase');
    expectEverythingCleared();
    expect(api.lock).not.toHaveBeenCalled();
  });

  it('a command answering "locked" does the same', async () => {
    await openWithRecords();
    expect(lockedListener).not.toBeNull();
    lockedListener?.();
    await screen.findByTestId('unlock-passphrase');
    expectEverythingCleared();
  });

  it('still clears the window when the lock command itself fails', async () => {
    vi.mocked(api.lock).mockRejectedValue({ code: 'internal', message: 'x' });
    const user = userEvent.setup();
    await openWithRecords();
    await user.click(screen.getByTestId('lock-button'));
    await screen.findByTestId('unlock-passphrase');
    expectEverythingCleared();
  });
});

describe('a damaged vault', () => {
  it('a command answering "vault damaged" brings up the read-only banner, which leads to Restore', async () => {
    render(App);
    await screen.findByTestId('dashboard');
    expect(screen.queryByTestId('damaged-banner')).toBeNull();
    vi.mocked(api.vaultState).mockResolvedValue(
      vaultState({ status: 'unlocked', damaged: 'corrupt database pages' }),
    );
    damagedListener?.();
    const banner = await screen.findByTestId('damaged-banner');
    expect(banner.textContent).toMatch(/damaged and is open read-only/);
    expect(banner.textContent).toContain('corrupt database pages');
    await userEvent.setup().click(screen.getByTestId('damaged-restore'));
    expect(session.route).toEqual({ name: 'restore' });
  });
});

describe('the window', () => {
  it('starts on the first-run screen when there is no vault', async () => {
    vi.mocked(api.vaultState).mockResolvedValue(vaultState({ status: 'no_vault' }));
    render(App);
    await screen.findByTestId('first-run');
    expect((screen.getByTestId('vault-dir') as HTMLInputElement).value).toBe(vaultState().default_dir);
    expect(document.title === '' || document.title === 'Pro Bono Desk').toBe(true);
  });

  it('pings the backend on activity at most once every 30 seconds', async () => {
    render(App);
    await screen.findByTestId('dashboard');
    await fireEvent.keyDown(window, { key: 'a' });
    await fireEvent.pointerDown(window);
    await fireEvent.keyDown(window, { key: 'b' });
    await waitFor(() => expect(api.touch).toHaveBeenCalledTimes(1));
  });

  it('the File menu opens "Backups and data" at Back up now, with the navigation entry current', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('dashboard');
    await user.click(screen.getByTestId('file-menu'));
    await user.click(screen.getByRole('menuitem', { name: 'Back up now…' }));
    expect(await screen.findByTestId('backup-now')).toBeTruthy();
    expect(screen.getByTestId('nav-backups').getAttribute('aria-current')).toBe('page');
    await waitFor(() => expect(document.activeElement?.id).toBe('backup-title'));
  });

  it('navigates with the left navigation', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('dashboard');
    await user.click(screen.getByTestId('nav-settings'));
    expect(session.route).toEqual({ name: 'settings' });
    expect(screen.getByTestId('nav-settings').getAttribute('aria-current')).toBe('page');
  });
});
