// Settings, the sensitive actions: each asks for the current passphrase again (even when this
// computer unlocked the vault with a remembered key), sends what was typed in the request,
// shows a wrong one beside the field, and forgets it after each attempt. Replacing the
// vault's key and making a new recovery key show the new key once, until dismissed.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import Settings from './Settings.svelte';
import ChangePassphrase from './ChangePassphrase.svelte';
import ReplaceKey from './ReplaceKey.svelte';
import NewRecoveryKey from './NewRecoveryKey.svelte';
import { settings, vaultState } from '../../test-support/fixtures';

const OLD = 'old river stone lantern';
const NEW = 'seven quiet harbor kites';
const NEW_KEY = 'K7QX-9M2P-4TRW-8ZNB-3HJD-6FYC-2LVS-5GKE';
const WRONG = {
  code: 'wrong_passphrase',
  message: "is not this vault's passphrase; type the passphrase that opens the vault to confirm",
  field: 'current_passphrase',
};

type User = ReturnType<typeof userEvent.setup>;

function value(testid: string): string {
  return (screen.getByTestId(testid) as HTMLInputElement).value;
}

/** The field's error is announced and tied to the field. */
function expectErrorBeside(field: HTMLElement, error: HTMLElement, text: RegExp) {
  expect(error.getAttribute('role')).toBe('alert');
  expect(error.textContent).toMatch(text);
  expect(field.getAttribute('aria-invalid')).toBe('true');
  expect(field.getAttribute('aria-describedby')).toContain(error.id);
}

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = vaultState({ status: 'unlocked', keyring: { available: true, reason: null, remembered: true } });
  vi.mocked(api.getSettings).mockResolvedValue(settings());
  // clearAllMocks keeps implementations: set the ones tests change.
  vi.mocked(api.changePassphrase).mockResolvedValue(null);
  vi.mocked(api.rekey).mockReset();
  vi.mocked(api.newRecoveryKey).mockReset();
  vi.mocked(api.rememberKey).mockReset();
  vi.mocked(api.forgetKey).mockReset();
});

describe('change passphrase', () => {
  async function fillNew(user: User) {
    await user.type(screen.getByTestId('new-passphrase'), NEW);
    await user.type(screen.getByTestId('new-passphrase-confirm'), NEW);
  }

  it('sends the current passphrase with the new one, then clears every field', async () => {
    const user = userEvent.setup();
    render(ChangePassphrase);
    await user.type(screen.getByLabelText('Current passphrase'), OLD);
    await fillNew(user);
    await user.click(screen.getByTestId('change-passphrase'));
    await waitFor(() =>
      expect(api.changePassphrase).toHaveBeenCalledWith({ confirm: { passphrase: OLD, recovery_key: null }, new_passphrase: NEW }),
    );
    expect(value('change-current-passphrase')).toBe('');
    expect(value('new-passphrase')).toBe('');
    expect(value('new-passphrase-confirm')).toBe('');
  });

  it('does not call the backend when the current passphrase was not typed', async () => {
    const user = userEvent.setup();
    render(ChangePassphrase);
    await fillNew(user);
    await user.click(screen.getByTestId('change-passphrase'));
    const field = screen.getByTestId('change-current-passphrase');
    expectErrorBeside(field, await screen.findByTestId('error-current_passphrase'), /Type your passphrase to confirm/);
    expect(api.changePassphrase).not.toHaveBeenCalled();
    // The new passphrase is kept: nothing was sent.
    expect(value('new-passphrase')).toBe(NEW);
  });

  it('shows a wrong current passphrase beside its field, emptied', async () => {
    vi.mocked(api.changePassphrase).mockRejectedValue(WRONG);
    const user = userEvent.setup();
    render(ChangePassphrase);
    await user.type(screen.getByTestId('change-current-passphrase'), 'not it');
    await fillNew(user);
    await user.click(screen.getByTestId('change-passphrase'));
    const error = await screen.findByTestId('error-current_passphrase');
    expectErrorBeside(screen.getByTestId('change-current-passphrase'), error, /is not this vault's passphrase/);
    expect(value('change-current-passphrase')).toBe('');
    expect(screen.queryByTestId('passphrase-changed')).toBeNull();
  });

  it('confirms with the recovery key instead, and shows a wrong one beside that field', async () => {
    vi.mocked(api.changePassphrase).mockRejectedValue({ code: 'wrong_recovery_key', message: "is not this vault's recovery key", field: 'current_recovery_key' });
    const user = userEvent.setup();
    render(ChangePassphrase);
    await user.click(screen.getByTestId('change-current-passphrase-use-recovery-key'));
    expect(screen.queryByTestId('change-current-passphrase')).toBeNull();
    await user.type(screen.getByTestId('change-current-passphrase-recovery-key'), 'ABCD-EFGH');
    await fillNew(user);
    await user.click(screen.getByTestId('change-passphrase'));
    await waitFor(() =>
      expect(api.changePassphrase).toHaveBeenCalledWith({ confirm: { passphrase: null, recovery_key: 'ABCD-EFGH' }, new_passphrase: NEW }),
    );
    const error = await screen.findByTestId('error-current_recovery_key');
    expectErrorBeside(screen.getByTestId('change-current-passphrase-recovery-key'), error, /is not this vault's recovery key/);
    expect(value('change-current-passphrase-recovery-key')).toBe('');
  });

  it('drops the passphrase error when switching to the recovery key, and sends the switch', async () => {
    vi.mocked(api.changePassphrase).mockRejectedValueOnce(WRONG);
    const user = userEvent.setup();
    render(ChangePassphrase);
    await user.type(screen.getByTestId('change-current-passphrase'), 'not it');
    await fillNew(user);
    await user.click(screen.getByTestId('change-passphrase'));
    await screen.findByTestId('error-current_passphrase');
    await user.click(screen.getByTestId('change-current-passphrase-use-recovery-key'));
    expect(screen.queryByTestId('error-current_passphrase')).toBeNull();
    expect(screen.queryByTestId('error-current_recovery_key')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('change-current-passphrase-recovery-key'));
  });

  it("after a change, offers to replace the vault's key and goes there", async () => {
    const user = userEvent.setup();
    render(Settings);
    await user.type(screen.getByTestId('change-current-passphrase'), OLD);
    await fillNew(user);
    await user.click(screen.getByTestId('change-passphrase'));
    const notice = await screen.findByTestId('passphrase-changed');
    expect(notice.textContent).toMatch(/If someone may know the old passphrase, also replace the vault's key/);
    await user.click(within(notice).getByTestId('go-rekey'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('rekey-passphrase')));
  });
});

describe("replace the vault's key", () => {
  it('explains what it does, sends the passphrase, shows "Re-encrypting…", then the new key once', async () => {
    let resolve: (value: api.Rekeyed) => void = () => {};
    vi.mocked(api.rekey).mockImplementation(() => new Promise((r) => (resolve = r)));
    const user = userEvent.setup();
    render(ReplaceKey);
    const section = screen.getByTestId('rekey-section');
    const text = section.textContent?.replace(/\s+/g, ' ');
    expect(text).toMatch(/every record is encrypted again/);
    expect(text).toMatch(/Your passphrase stays the same/);
    expect(text).toMatch(/new recovery key, shown once\. The old recovery key stops working/);
    expect(text).toMatch(/Backups made before still open with the old passphrase and the old recovery key/);
    expect(text).toMatch(/destroy old backups/);
    // Only the passphrase: the request has no room for the recovery key.
    expect(screen.queryByTestId('rekey-passphrase-use-recovery-key')).toBeNull();

    await user.type(screen.getByTestId('rekey-passphrase'), OLD);
    await user.click(screen.getByTestId('rekey-button'));
    expect(api.rekey).toHaveBeenCalledWith({ current_passphrase: OLD });
    const button = screen.getByTestId('rekey-button') as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(true));
    expect(button.textContent).toMatch(/Re-encrypting…/);
    expect(screen.getByTestId('rekey-progress').textContent).toMatch(/Re-encrypting/);
    expect(value('rekey-passphrase')).toBe('');

    resolve({ recovery_key: NEW_KEY, remembered: true, keyring_problem: null });
    expect((await screen.findByTestId('rekey-recovery-key')).textContent).toBe(NEW_KEY);
    expect(screen.getByText(/only time the new recovery key is shown/)).toBeTruthy();
    expect(screen.getByText(/old recovery key no longer opens the vault/)).toBeTruthy();
    expect(screen.queryByTestId('rekey-keyring-problem')).toBeNull();

    await user.click(screen.getByTestId('rekey-recovery-key-done'));
    expect(screen.queryByTestId('rekey-recovery-key')).toBeNull();
    expect(document.body.textContent).not.toContain(NEW_KEY);
    expect(screen.getByTestId('rekey-done').textContent).toMatch(/Make a new backup now/);
  });

  it('does not call the backend when nothing was typed', async () => {
    const user = userEvent.setup();
    render(ReplaceKey);
    await user.click(screen.getByTestId('rekey-button'));
    expectErrorBeside(screen.getByTestId('rekey-passphrase'), await screen.findByTestId('error-current_passphrase'), /Type your passphrase/);
    expect(api.rekey).not.toHaveBeenCalled();
  });

  it('shows a wrong passphrase, or a task still running, beside the field', async () => {
    vi.mocked(api.rekey).mockRejectedValueOnce(WRONG).mockRejectedValueOnce({
      code: 'vault_busy',
      message: 'a backup is running; wait for it to finish',
      field: 'current_passphrase',
    });
    const user = userEvent.setup();
    render(ReplaceKey);
    await user.type(screen.getByTestId('rekey-passphrase'), 'not it');
    await user.click(screen.getByTestId('rekey-button'));
    const error = await screen.findByTestId('error-current_passphrase');
    expectErrorBeside(screen.getByTestId('rekey-passphrase'), error, /is not this vault's passphrase/);
    expect(value('rekey-passphrase')).toBe('');
    expect((screen.getByTestId('rekey-button') as HTMLButtonElement).disabled).toBe(false);

    await user.type(screen.getByTestId('rekey-passphrase'), OLD);
    await user.click(screen.getByTestId('rekey-button'));
    await waitFor(() => expect(screen.getByTestId('error-current_passphrase').textContent).toMatch(/wait for it to finish/));
    expect(screen.queryByTestId('rekey-recovery-key')).toBeNull();
  });

  it('says when this computer could not remember the new key', async () => {
    vi.mocked(api.rekey).mockResolvedValue({ recovery_key: NEW_KEY, remembered: false, keyring_problem: 'the keyring is locked' });
    const user = userEvent.setup();
    render(ReplaceKey);
    await user.type(screen.getByTestId('rekey-passphrase'), `${OLD}{Enter}`);
    expect((await screen.findByTestId('rekey-keyring-problem')).textContent).toMatch(/could not remember the new key: the keyring is locked/);
    expect(session.vault?.keyring.remembered).toBe(false);
  });
});

describe('new recovery key', () => {
  it('sends the typed passphrase, shows the new key once, and forgets it when dismissed', async () => {
    vi.mocked(api.newRecoveryKey).mockResolvedValue({ recovery_key: NEW_KEY });
    const user = userEvent.setup();
    render(NewRecoveryKey);
    expect(screen.getByTestId('new-recovery-key-section').textContent).toMatch(/the old one stops working/);
    await user.type(screen.getByTestId('new-recovery-key-passphrase'), OLD);
    await user.click(screen.getByTestId('new-recovery-key-button'));
    expect(api.newRecoveryKey).toHaveBeenCalledWith({ confirm: { passphrase: OLD, recovery_key: null } });
    expect((await screen.findByTestId('new-recovery-key')).textContent).toBe(NEW_KEY);
    expect(screen.getByText(/old recovery key no longer opens the vault/)).toBeTruthy();

    await user.click(screen.getByTestId('new-recovery-key-done'));
    expect(screen.queryByTestId('new-recovery-key')).toBeNull();
    expect(document.body.textContent).not.toContain(NEW_KEY);
    // The form is back, empty.
    expect(value('new-recovery-key-passphrase')).toBe('');
  });

  it('does not call the backend when nothing was typed, and shows a wrong passphrase beside the field', async () => {
    vi.mocked(api.newRecoveryKey).mockRejectedValue(WRONG);
    const user = userEvent.setup();
    render(NewRecoveryKey);
    await user.click(screen.getByTestId('new-recovery-key-button'));
    expect((await screen.findByTestId('error-current_passphrase')).textContent).toMatch(/Type your passphrase/);
    expect(api.newRecoveryKey).not.toHaveBeenCalled();

    await user.type(screen.getByTestId('new-recovery-key-passphrase'), 'not it');
    await user.click(screen.getByTestId('new-recovery-key-button'));
    await waitFor(() => expect(screen.getByTestId('error-current_passphrase').textContent).toMatch(/is not this vault's passphrase/));
    expectErrorBeside(screen.getByTestId('new-recovery-key-passphrase'), screen.getByTestId('error-current_passphrase'), /is not/);
    expect(value('new-recovery-key-passphrase')).toBe('');
    expect(screen.queryByTestId('new-recovery-key')).toBeNull();
  });
});

describe('remember the key on this computer', () => {
  beforeEach(() => {
    session.vault = vaultState({ status: 'unlocked', keyring: { available: true, reason: null, remembered: false } });
  });

  it('asks for the passphrase before turning it on, and sends it', async () => {
    vi.mocked(api.rememberKey).mockResolvedValue(
      vaultState({ status: 'unlocked', keyring: { available: true, reason: null, remembered: true } }),
    );
    const user = userEvent.setup();
    render(Settings);
    const toggle = screen.getByTestId('remember-toggle') as HTMLInputElement;
    await user.click(toggle);
    const dialog = screen.getByTestId('remember-dialog');
    // Still off until confirmed.
    expect(toggle.checked).toBe(false);
    expect(api.rememberKey).not.toHaveBeenCalled();

    await user.type(within(dialog).getByTestId('remember-passphrase'), OLD);
    await user.click(within(dialog).getByTestId('remember-confirm'));
    await waitFor(() => expect(api.rememberKey).toHaveBeenCalledWith({ confirm: { passphrase: OLD, recovery_key: null } }));
    await waitFor(() => expect(toggle.checked).toBe(true));
    expect(session.vault?.keyring.remembered).toBe(true);
    expect(within(dialog).queryByTestId('remember-passphrase')).toBeNull();
  });

  it('stays off when cancelled', async () => {
    const user = userEvent.setup();
    render(Settings);
    const toggle = screen.getByTestId('remember-toggle') as HTMLInputElement;
    await user.click(toggle);
    await user.type(within(screen.getByTestId('remember-dialog')).getByTestId('remember-passphrase'), OLD);
    await user.click(screen.getByTestId('remember-cancel'));
    expect(screen.queryByTestId('remember-passphrase')).toBeNull();
    expect(toggle.checked).toBe(false);
    expect(api.rememberKey).not.toHaveBeenCalled();
  });

  it('shows a wrong passphrase beside the field and does not call without one', async () => {
    vi.mocked(api.rememberKey).mockRejectedValue(WRONG);
    const user = userEvent.setup();
    render(Settings);
    await user.click(screen.getByTestId('remember-toggle'));
    const dialog = screen.getByTestId('remember-dialog');
    await user.click(within(dialog).getByTestId('remember-confirm'));
    expect((await within(dialog).findByTestId('error-current_passphrase')).textContent).toMatch(/Type your passphrase/);
    expect(api.rememberKey).not.toHaveBeenCalled();

    await user.type(within(dialog).getByTestId('remember-passphrase'), 'not it');
    await user.click(within(dialog).getByTestId('remember-confirm'));
    await waitFor(() => expect(within(dialog).getByTestId('error-current_passphrase').textContent).toMatch(/is not this vault's passphrase/));
    expect((within(dialog).getByTestId('remember-passphrase') as HTMLInputElement).value).toBe('');
    expect((screen.getByTestId('remember-toggle') as HTMLInputElement).checked).toBe(false);
  });

  it('turns off without asking', async () => {
    session.vault = vaultState({ status: 'unlocked', keyring: { available: true, reason: null, remembered: true } });
    vi.mocked(api.forgetKey).mockResolvedValue(vaultState({ status: 'unlocked' }));
    const user = userEvent.setup();
    render(Settings);
    await user.click(screen.getByTestId('remember-toggle'));
    await waitFor(() => expect(api.forgetKey).toHaveBeenCalledWith());
    expect(screen.queryByTestId('remember-passphrase')).toBeNull();
    await waitFor(() => expect(session.vault?.keyring.remembered).toBe(false));
  });
});

describe('state pro bono goal', () => {
  it('keeps a goal already set when other settings are saved', async () => {
    const goal = { hours: 50, year: 2026, reporting_required: true, source: 'New York Rule 6.1' };
    vi.mocked(api.getSettings).mockResolvedValue(settings({ state_goal: goal }));
    vi.mocked(api.saveSettings).mockImplementation(async (s) => s);
    const user = userEvent.setup();
    render(Settings);
    expect((await screen.findByTestId('settings-goal-hours')) as HTMLInputElement).toHaveProperty('value', '50');
    await user.click(screen.getByTestId('save-settings'));
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalledTimes(1));
    expect(vi.mocked(api.saveSettings).mock.calls[0][0].state_goal).toEqual(goal);
  });

  it('sends a new goal, and refuses one without its source beside the field', async () => {
    vi.mocked(api.saveSettings).mockImplementation(async (s) => s);
    const user = userEvent.setup();
    render(Settings);
    await user.type(await screen.findByTestId('settings-goal-hours'), '20');
    await user.type(screen.getByLabelText('Year of that goal'), '2026');
    await user.click(screen.getByTestId('save-settings'));
    expect((await screen.findByTestId('error-state_goal')).textContent).toMatch(/Name the state and its rule/);
    expect(api.saveSettings).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText('State and rule'), 'Illinois, voluntary reporting');
    await user.click(screen.getByTestId('save-settings'));
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalledTimes(1));
    expect(vi.mocked(api.saveSettings).mock.calls[0][0].state_goal).toEqual({
      hours: 20,
      year: 2026,
      reporting_required: false,
      source: 'Illinois, voluntary reporting',
    });
  });
});

describe('on a team server', () => {
  it("shows the program's settings and saves them, without the vault's passphrase, keys or backups", async () => {
    session.vault = vaultState({
      status: 'unlocked',
      team: { server: 'postgres://db.clinic.example/clinic', login: 'dana', role: 'director', outbox_waiting: 0 },
    });
    vi.mocked(api.saveSettings).mockImplementation(async (s) => s);
    const user = userEvent.setup();
    render(Settings);
    const name = await screen.findByTestId('settings-program-name');
    expect(screen.getByTestId('settings-team-note').textContent).toMatch(/kept on the team server/);
    for (const vaultOnly of ['change-current-passphrase', 'rekey-section', 'remember-toggle', 'settings-backups']) {
      expect(screen.queryByTestId(vaultOnly)).toBeNull();
    }
    await user.clear(name);
    await user.type(name, 'Riverside Clinic');
    await user.click(screen.getByTestId('save-settings'));
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalledTimes(1));
    expect(vi.mocked(api.saveSettings).mock.calls[0][0].program_name).toBe('Riverside Clinic');
  });
});
