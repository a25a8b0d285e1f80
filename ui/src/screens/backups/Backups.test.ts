// "Backups and data": the last verified backup and the reminder, Back up now (a task with
// progress and Cancel), the rotating set, the vault check, and exporting every record only
// after the user has said they understand the files are not encrypted and typed the
// passphrase again.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import { formatTimestamp, today } from '$lib/format/dates';
import Backups from './Backups.svelte';
import BackupSection from './BackupSection.svelte';
import CheckVault from './CheckVault.svelte';
import ExportRecords from './ExportRecords.svelte';
import { vaultState } from '../../test-support/fixtures';

const DOCS = vaultState().default_export_dir;
const PASSPHRASE = 'old river stone lantern';
const REPORT = { path: `${DOCS}/pro-bono-desk-${today()}.pbbackup`, bytes: 3 * 1024 * 1024, pages: 768, verified: true, seconds: 1.2 };

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = vaultState({ status: 'unlocked' });
  vi.mocked(api.getSettings).mockRejectedValue({ code: 'internal', message: 'not in this test' });
  // clearAllMocks keeps implementations: set the ones tests change.
  vi.mocked(api.newTask).mockResolvedValue(1);
  vi.mocked(api.backupStatus).mockResolvedValue({ last_verified_backup: null, due: false, reminder_days: 30 });
  vi.mocked(api.checkVault).mockResolvedValue({ cipher_problems: [], integrity_problems: [], audit_problem: null });
});

describe('backups', () => {
  it('shows when the last verified backup was made, and warns when one is due', async () => {
    vi.mocked(api.backupStatus).mockResolvedValue({ last_verified_backup: '2026-01-02T10:30:00Z', due: true, reminder_days: 30 });
    render(BackupSection);
    const status = await screen.findByTestId('backup-status');
    await waitFor(() => expect(status.textContent).toContain(formatTimestamp('2026-01-02T10:30:00Z')));
    expect(status.textContent?.replace(/\s+/g, ' ')).toMatch(/A backup is due: the last verified one is more than 30 days old/);
  });

  it('says "never" for a vault never backed up, and no warning when none is due', async () => {
    vi.mocked(api.backupStatus).mockResolvedValue({ last_verified_backup: null, due: true, reminder_days: 30 });
    const { unmount } = render(BackupSection);
    const status = await screen.findByTestId('backup-status');
    await waitFor(() => expect(status.textContent).toMatch(/Last verified backup:\s*never/));
    expect(status.textContent).toMatch(/never been backed up/);
    unmount();

    vi.mocked(api.backupStatus).mockResolvedValue({ last_verified_backup: '2026-11-01T08:00:00Z', due: false, reminder_days: 30 });
    render(BackupSection);
    await waitFor(() => expect(screen.getByTestId('backup-status').textContent).toContain(formatTimestamp('2026-11-01T08:00:00Z')));
    expect(screen.getByTestId('backup-status').textContent).not.toMatch(/due/);
  });

  it('offers <export folder>/pro-bono-desk-<date>.pbbackup, backs up with a task, and says it was verified', async () => {
    vi.mocked(api.newTask).mockResolvedValue(42);
    vi.mocked(api.backupNow).mockResolvedValue(REPORT);
    const user = userEvent.setup();
    render(BackupSection);
    const path = screen.getByTestId('backup-path') as HTMLInputElement;
    expect(path.value).toBe(`${DOCS}/pro-bono-desk-${today()}.pbbackup`);

    await user.click(screen.getByTestId('backup-now'));
    const result = await screen.findByTestId('backup-result');
    expect(api.backupNow).toHaveBeenCalledWith({ path: path.value, keep: null, task: 42 });
    expect(api.onProgress).toHaveBeenCalledWith(42, expect.any(Function));
    expect(result.textContent).toMatch(/written and verified/);
    expect(result.textContent).toContain(REPORT.path);
    // The status is read again, so "last verified backup" moves on.
    expect(api.backupStatus).toHaveBeenCalledTimes(2);
  });

  it('uses the path the user typed, and shows a path problem beside the field', async () => {
    vi.mocked(api.backupNow).mockRejectedValue({ code: 'invalid', message: 'its folder does not exist', field: 'path' });
    const user = userEvent.setup();
    render(BackupSection);
    const path = screen.getByTestId('backup-path');
    await user.clear(path);
    await user.type(path, '/media/usb/clinic.pbbackup');
    await user.click(screen.getByTestId('backup-now'));
    const error = await screen.findByTestId('error-path');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toMatch(/its folder does not exist/);
    expect(path.getAttribute('aria-describedby')).toContain(error.id);
    expect(vi.mocked(api.backupNow).mock.calls[0][0]).toMatchObject({ path: '/media/usb/clinic.pbbackup', keep: null });
    expect(screen.queryByTestId('backup-result')).toBeNull();
  });

  it('shows progress while it runs and cancels the task', async () => {
    vi.mocked(api.newTask).mockResolvedValue(7);
    let reject: (reason: unknown) => void = () => {};
    vi.mocked(api.backupNow).mockImplementation(() => new Promise((_, r) => (reject = r)));
    const user = userEvent.setup();
    render(BackupSection);
    await user.click(screen.getByTestId('backup-now'));
    await screen.findByTestId('progress-bar');
    expect((screen.getByTestId('backup-now') as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByTestId('cancel-task'));
    expect(api.cancelTask).toHaveBeenCalledWith(7);
    reject({ code: 'cancelled', message: 'cancelled' });
    expect(await screen.findByText(/Backup cancelled; no backup file was written/)).toBeTruthy();
    expect(screen.queryByTestId('progress-bar')).toBeNull();
  });

  it('keeps a rotating set: the folder and how many to keep', async () => {
    vi.mocked(api.backupNow).mockResolvedValue({ ...REPORT, path: '/media/usb/pro-bono-desk-20261127-101500.pbbackup' });
    const user = userEvent.setup();
    render(BackupSection);
    await user.click(screen.getByTestId('rotate-now'));
    expect((await screen.findByTestId('error-folder')).textContent).toMatch(/Choose the folder/);
    expect(api.backupNow).not.toHaveBeenCalled();

    await user.type(screen.getByTestId('rotate-folder'), '/media/usb');
    expect((screen.getByTestId('rotate-keep') as HTMLInputElement).value).toBe('10');
    await user.clear(screen.getByTestId('rotate-keep'));
    await user.type(screen.getByTestId('rotate-keep'), '5');
    await user.click(screen.getByTestId('rotate-now'));
    const result = await screen.findByTestId('backup-result');
    expect(api.backupNow).toHaveBeenCalledWith({ path: '/media/usb', keep: 5, task: 1 });
    expect(result.textContent).toMatch(/keeps the newest 5/);
  });
});

describe('check the vault', () => {
  it('says the vault is sound', async () => {
    const user = userEvent.setup();
    render(CheckVault);
    await user.click(screen.getByTestId('check-vault'));
    expect((await screen.findByTestId('check-result')).textContent).toMatch(/The vault is sound/);
  });

  it('lists the problems and advises restoring the last good backup into a new folder', async () => {
    vi.mocked(api.checkVault).mockResolvedValue({
      cipher_problems: ['page 12: HMAC check failed'],
      integrity_problems: ['row 4 missing from index'],
      audit_problem: null,
    });
    const user = userEvent.setup();
    render(CheckVault);
    await user.click(screen.getByTestId('check-vault'));
    const result = await screen.findByTestId('check-result');
    expect(result.textContent).toContain('page 12: HMAC check failed');
    expect(result.textContent).toContain('row 4 missing from index');
    expect(result.textContent).toMatch(/Restore the last good backup into a new folder/);
    expect(within(result).getByRole('alert')).toBeTruthy();
    await user.click(within(result).getByRole('button', { name: /Restore a backup/ }));
    expect(session.route).toEqual({ name: 'restore' });
  });

  it('says when the audit log was altered, even when the pages are sound', async () => {
    const altered = 'the audit log was altered: event 3 of 9 (create client at 2026-03-01T10:00:00Z) does not follow';
    vi.mocked(api.checkVault).mockResolvedValue({ cipher_problems: [], integrity_problems: [], audit_problem: altered });
    const user = userEvent.setup();
    render(CheckVault);
    await user.click(screen.getByTestId('check-vault'));
    const result = await screen.findByTestId('check-result');
    expect(result.textContent).not.toMatch(/The vault is sound/);
    expect(screen.getByTestId('check-audit-problem').textContent).toBe(altered);
  });
});

describe('export all records', () => {
  it('keeps the button disabled until the unencrypted-files warning is ticked', async () => {
    vi.mocked(api.exportRecords).mockResolvedValue({
      dir: `${DOCS}/pro-bono-desk-records-${today()}`,
      format: 'csv',
      files: [
        ['clients.csv', 540],
        ['matters.csv', 556],
      ],
    });
    const user = userEvent.setup();
    render(ExportRecords);
    const button = screen.getByTestId('export-records-button') as HTMLButtonElement;
    const confirm = screen.getByTestId('export-records-confirm') as HTMLInputElement;
    expect(screen.getByLabelText(/I understand these files are not encrypted and hold confidential client data/)).toBe(confirm);
    expect(button.disabled).toBe(true);
    // Enter in the folder field does not get round the warning either.
    await user.type(screen.getByTestId('export-records-dir'), '{Enter}');
    expect(api.exportRecords).not.toHaveBeenCalled();

    await user.click(confirm);
    expect(button.disabled).toBe(false);
    await user.click(confirm);
    expect(button.disabled).toBe(true);
    await user.click(confirm);

    await user.selectOptions(screen.getByTestId('export-records-format'), 'csv');
    await user.type(screen.getByTestId('export-records-passphrase'), PASSPHRASE);
    await user.click(button);
    const result = await screen.findByTestId('export-records-result');
    expect(api.exportRecords).toHaveBeenCalledWith({
      dir: `${DOCS}/pro-bono-desk-records-${today()}`,
      format: 'csv',
      task: 1,
      confirm: { passphrase: PASSPHRASE, recovery_key: null },
    });
    expect((screen.getByTestId('export-records-passphrase') as HTMLInputElement).value).toBe('');
    expect(result.textContent).toContain('clients.csv');
    expect(result.textContent).toContain('556');
    expect(result.textContent).toMatch(/not encrypted/);
    // The next export asks again.
    expect(confirm.checked).toBe(false);
    expect(button.disabled).toBe(true);
  });

  it('does not export until the passphrase is typed again', async () => {
    const user = userEvent.setup();
    render(ExportRecords);
    await user.click(screen.getByTestId('export-records-confirm'));
    await user.click(screen.getByTestId('export-records-button'));
    const error = await screen.findByTestId('error-current_passphrase');
    expect(error.textContent).toMatch(/Type your passphrase to confirm/);
    expect(screen.getByTestId('export-records-passphrase').getAttribute('aria-describedby')).toContain(error.id);
    expect(api.exportRecords).not.toHaveBeenCalled();
    expect(api.newTask).not.toHaveBeenCalled();
  });

  it('shows a wrong passphrase beside its field, emptied, and writes nothing', async () => {
    vi.mocked(api.exportRecords).mockRejectedValue({
      code: 'wrong_passphrase',
      message: "is not this vault's passphrase; type the passphrase that opens the vault to confirm",
      field: 'current_passphrase',
    });
    const user = userEvent.setup();
    render(ExportRecords);
    await user.click(screen.getByTestId('export-records-confirm'));
    await user.type(screen.getByTestId('export-records-passphrase'), 'not it');
    await user.click(screen.getByTestId('export-records-button'));
    const error = await screen.findByTestId('error-current_passphrase');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toMatch(/is not this vault's passphrase/);
    const field = screen.getByTestId('export-records-passphrase') as HTMLInputElement;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain(error.id);
    expect(field.value).toBe('');
    expect(vi.mocked(api.exportRecords).mock.calls[0][0].confirm).toEqual({ passphrase: 'not it', recovery_key: null });
    expect(screen.queryByTestId('export-records-result')).toBeNull();
    // Beside the field only, not as a problem with the whole export.
    expect(document.querySelector('.form-alert')).toBeNull();
  });

  it('can confirm with the recovery key instead', async () => {
    vi.mocked(api.exportRecords).mockResolvedValue({ dir: '/media/usb/records', format: 'json', files: [['clients.json', 3]] });
    const user = userEvent.setup();
    render(ExportRecords);
    await user.click(screen.getByTestId('export-records-confirm'));
    await user.click(screen.getByTestId('export-records-passphrase-use-recovery-key'));
    await user.type(screen.getByTestId('export-records-passphrase-recovery-key'), 'ABCD-EFGH');
    await user.click(screen.getByTestId('export-records-button'));
    await screen.findByTestId('export-records-result');
    expect(vi.mocked(api.exportRecords).mock.calls[0][0].confirm).toEqual({ passphrase: null, recovery_key: 'ABCD-EFGH' });
  });
});

describe('the screen', () => {
  it('goes straight to the part the File menu named', async () => {
    render(Backups, { focus: 'export' });
    await waitFor(() => expect(document.activeElement?.id).toBe('export-records-title'));
  });
});
