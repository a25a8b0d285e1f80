// A volunteer's page: forgetting their signing key (they moved to a new computer) asks for the
// passphrase again first, and sends it with the request.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import VolunteerPage from './VolunteerPage.svelte';
import { vaultState, volunteerSummary } from '../../test-support/fixtures';

const ID = '20000000-0000-7000-8000-000000000001';
const PASSPHRASE = 'old river stone lantern';

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = vaultState({ status: 'unlocked', keyring: { available: true, reason: null, remembered: true } });
  vi.mocked(api.getVolunteer).mockResolvedValue({
    summary: volunteerSummary(ID, 'Priya Sharma', 'priya@example.org'),
    matters: [],
    recent_time: [],
  });
  vi.mocked(api.resetVolunteerKey).mockResolvedValue(true);
});

async function openDialog(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  render(VolunteerPage, { id: ID });
  await user.click(await screen.findByTestId('reset-volunteer-key'));
  const dialog = screen.getByTestId('reset-key-dialog');
  expect(dialog.textContent).toContain('Priya Sharma');
  return dialog;
}

describe('forget a volunteer’s signing key', () => {
  it('asks for the passphrase first and sends it with the request', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user);
    expect(api.resetVolunteerKey).not.toHaveBeenCalled();
    await user.type(within(dialog).getByTestId('reset-key-passphrase'), PASSPHRASE);
    await user.click(within(dialog).getByTestId('reset-key-confirm'));
    await waitFor(() =>
      expect(api.resetVolunteerKey).toHaveBeenCalledWith(ID, { confirm: { passphrase: PASSPHRASE, recovery_key: null } }),
    );
    await waitFor(() => expect(within(dialog).queryByTestId('reset-key-passphrase')).toBeNull());
    expect(session.notice?.text).toMatch(/Their signing key is forgotten/);
  });

  it('does not call the backend when nothing was typed', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByTestId('reset-key-confirm'));
    expect((await within(dialog).findByTestId('error-current_passphrase')).textContent).toMatch(/Type your passphrase to confirm/);
    expect(api.resetVolunteerKey).not.toHaveBeenCalled();
  });

  it('shows a wrong passphrase beside the field, emptied, and keeps the dialog open', async () => {
    vi.mocked(api.resetVolunteerKey).mockRejectedValue({
      code: 'wrong_passphrase',
      message: "is not this vault's passphrase; type the passphrase that opens the vault to confirm",
      field: 'current_passphrase',
    });
    const user = userEvent.setup();
    const dialog = await openDialog(user);
    const field = within(dialog).getByTestId('reset-key-passphrase') as HTMLInputElement;
    await user.type(field, 'not it');
    await user.click(within(dialog).getByTestId('reset-key-confirm'));
    const error = await within(dialog).findByTestId('error-current_passphrase');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toMatch(/is not this vault's passphrase/);
    expect(field.getAttribute('aria-describedby')).toContain(error.id);
    expect(field.value).toBe('');
    expect(session.notice).toBeNull();
  });

  it('cancels without calling the backend', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByTestId('reset-key-passphrase'), PASSPHRASE);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(within(dialog).queryByTestId('reset-key-passphrase')).toBeNull();
    expect(api.resetVolunteerKey).not.toHaveBeenCalled();
  });
});
