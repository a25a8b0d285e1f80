// Restoring a backup: file, a new folder and the backed-up vault's passphrase (or recovery
// key). The secret is cleared as soon as the request is made; errors are said plainly and tied
// to the field they are about; success opens the restored vault.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import { today } from '$lib/format/dates';
import RestoreBackup from './RestoreBackup.svelte';
import FirstRun from './FirstRun.svelte';
import { vaultState } from '../../test-support/fixtures';

const FILE = '/media/usb/pro-bono-desk-2026-11-01.pbbackup';

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = null;
});

async function fill(user: ReturnType<typeof userEvent.setup>, secret = 'correct horse battery staple') {
  await user.type(screen.getByTestId('restore-file'), FILE);
  await user.type(screen.getByTestId('restore-passphrase'), secret);
}

describe('restore a backup', () => {
  it('offers a new folder beside the usual vault folder', () => {
    render(RestoreBackup, { vault: vaultState({ status: 'no_vault' }) });
    expect((screen.getByTestId('restore-dir') as HTMLInputElement).value).toBe(
      `/home/test/.local/share/pro-bono-desk/vault-restored-${today()}`,
    );
  });

  it('restores, clears the passphrase, and opens the restored vault unlocked', async () => {
    const restored = vaultState({ status: 'unlocked', vault_dir: '/home/test/restored' });
    let resolve: (v: typeof restored) => void = () => {};
    vi.mocked(api.restoreBackup).mockImplementation(() => new Promise((r) => (resolve = r)));
    const user = userEvent.setup();
    render(RestoreBackup, { vault: vaultState({ status: 'no_vault' }) });
    await fill(user);
    await user.clear(screen.getByTestId('restore-dir'));
    await user.type(screen.getByTestId('restore-dir'), '/home/test/restored');
    await user.click(screen.getByTestId('restore-submit'));

    expect(api.restoreBackup).toHaveBeenCalledWith({
      file: FILE,
      new_dir: '/home/test/restored',
      passphrase: 'correct horse battery staple',
      recovery_key: null,
      task: 1,
    });
    // Cleared while the restore is still running.
    expect((screen.getByTestId('restore-passphrase') as HTMLInputElement).value).toBe('');
    resolve(restored);
    await waitFor(() => expect(session.vault).toEqual(restored));
    expect(session.notice?.text).toMatch(/\/home\/test\/restored/);
  });

  it('says a wrong passphrase plainly, tied to the field, and clears it', async () => {
    vi.mocked(api.restoreBackup).mockRejectedValue({ code: 'wrong_passphrase', message: 'wrong passphrase: nothing was changed' });
    const user = userEvent.setup();
    render(RestoreBackup, { vault: vaultState({ status: 'no_vault' }) });
    await fill(user, 'not it');
    await user.click(screen.getByTestId('restore-submit'));

    const error = await screen.findByTestId('restore-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toMatch(/Wrong passphrase for this backup/);
    const input = screen.getByTestId('restore-passphrase') as HTMLInputElement;
    expect(input.value).toBe('');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    expect(document.activeElement).toBe(input);
    expect(session.vault).toBeNull();
  });

  it('ties "the folder is not empty" to the folder field', async () => {
    vi.mocked(api.restoreBackup).mockRejectedValue({
      code: 'vault_exists',
      message: 'a vault already exists at /home/test/Documents (restore only into a new or empty folder; it never overwrites); nothing was changed',
    });
    const user = userEvent.setup();
    render(RestoreBackup, { vault: vaultState({ status: 'no_vault' }) });
    await fill(user);
    await user.click(screen.getByTestId('restore-submit'));
    const error = await screen.findByTestId('restore-error');
    expect(error.textContent).toMatch(/it never overwrites/);
    const dir = screen.getByTestId('restore-dir');
    expect(dir.getAttribute('aria-invalid')).toBe('true');
    expect(dir.getAttribute('aria-describedby')).toContain(error.id);
    expect(screen.getByTestId('restore-passphrase').getAttribute('aria-invalid')).toBeNull();
  });

  it('names the field of a validation error', async () => {
    vi.mocked(api.restoreBackup).mockRejectedValue({ code: 'invalid', message: 'must be a .pbbackup file', field: 'file' });
    const user = userEvent.setup();
    render(RestoreBackup, { vault: vaultState({ status: 'no_vault' }) });
    await fill(user);
    await user.click(screen.getByTestId('restore-submit'));
    expect((await screen.findByTestId('restore-error')).textContent).toBe('Backup file: must be a .pbbackup file');
    expect(screen.getByTestId('restore-file').getAttribute('aria-invalid')).toBe('true');
  });

  it('asks for what is missing before calling the backend', async () => {
    const user = userEvent.setup();
    render(RestoreBackup, { vault: vaultState({ status: 'no_vault' }) });
    await user.click(screen.getByTestId('restore-submit'));
    expect((await screen.findByTestId('restore-error')).textContent).toMatch(/Choose the backup file/);
    await user.type(screen.getByTestId('restore-file'), FILE);
    await user.click(screen.getByTestId('restore-submit'));
    expect((await screen.findByTestId('restore-error')).textContent).toMatch(/Type the passphrase/);
    expect(api.restoreBackup).not.toHaveBeenCalled();
  });

  it('uses the recovery key instead, and clears it too', async () => {
    vi.mocked(api.restoreBackup).mockRejectedValue({ code: 'wrong_recovery_key', message: 'wrong recovery key' });
    const user = userEvent.setup();
    render(RestoreBackup, { vault: vaultState({ status: 'no_vault' }) });
    await user.type(screen.getByTestId('restore-file'), FILE);
    await user.click(screen.getByTestId('restore-use-recovery-key'));
    expect(screen.queryByTestId('restore-passphrase')).toBeNull();
    const key = screen.getByTestId('restore-recovery-key') as HTMLInputElement;
    expect(document.activeElement).toBe(key);
    await user.type(key, 'ABCD-EFGH-JKMN');
    await user.click(screen.getByTestId('restore-submit'));
    expect((await screen.findByTestId('restore-error')).textContent).toMatch(/Wrong recovery key/);
    expect(api.restoreBackup).toHaveBeenCalledWith(expect.objectContaining({ passphrase: null, recovery_key: 'ABCD-EFGH-JKMN' }));
    expect((screen.getByTestId('restore-recovery-key') as HTMLInputElement).value).toBe('');
  });

  it('is the third way on the first-run screen', async () => {
    const user = userEvent.setup();
    render(FirstRun, { vault: vaultState({ status: 'no_vault' }) });
    const tab = screen.getByTestId('restore-tab');
    expect(tab.getAttribute('role')).toBe('tab');
    // Keyboard: from "Open" the right arrow reaches "Restore".
    screen.getByTestId('open-vault-tab').focus();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(tab);
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('restore-file')).toBeTruthy();
    // Then the team server's tab, then round to the first.
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByTestId('team-tab'));
    expect(screen.getByTestId('team-server')).toBeTruthy();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByTestId('create-vault-tab'));
  });
});
