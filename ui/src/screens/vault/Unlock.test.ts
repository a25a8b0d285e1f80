// The unlock screen: a wrong passphrase is said plainly and the field is emptied; the
// recovery key works the same way; a remembered key is tried once at start.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import Unlock from './Unlock.svelte';
import { vaultState } from '../../test-support/fixtures';

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = null;
  session.rememberedTried = false;
});

describe('unlock screen', () => {
  it('shows a wrong passphrase plainly and clears the field', async () => {
    vi.mocked(api.unlock).mockRejectedValue({ code: 'wrong_passphrase', message: 'wrong passphrase: the vault was not unlocked and nothing was changed' });
    const user = userEvent.setup();
    render(Unlock, { vault: vaultState() });

    const input = screen.getByTestId('unlock-passphrase') as HTMLInputElement;
    await user.type(input, 'not my passphrase');
    await user.click(screen.getByTestId('unlock-submit'));

    const error = await screen.findByTestId('unlock-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toMatch(/Wrong passphrase/);
    expect((screen.getByTestId('unlock-passphrase') as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('unlock-passphrase').getAttribute('aria-describedby')).toBe(error.id);
    expect(api.unlock).toHaveBeenCalledWith({ passphrase: 'not my passphrase', recovery_key: null, remember: false });
    expect(session.vault).toBeNull();
  });

  it('submits with Enter and opens the vault', async () => {
    vi.mocked(api.unlock).mockResolvedValue(vaultState({ status: 'unlocked' }));
    const user = userEvent.setup();
    render(Unlock, { vault: vaultState() });
    await user.type(screen.getByTestId('unlock-passphrase'), 'correct horse battery staple{Enter}');
    await waitFor(() => expect(session.vault?.status).toBe('unlocked'));
    expect((screen.getByTestId('unlock-passphrase') as HTMLInputElement).value).toBe('');
  });

  it('unlocks with the recovery key instead, and says when it is wrong', async () => {
    vi.mocked(api.unlock).mockRejectedValue({ code: 'wrong_recovery_key', message: 'wrong recovery key' });
    const user = userEvent.setup();
    render(Unlock, { vault: vaultState() });
    await user.click(screen.getByTestId('use-recovery-key'));
    const field = await screen.findByTestId('unlock-recovery-key');
    expect(screen.queryByTestId('unlock-passphrase')).toBeNull();
    await user.type(field, 'ABCD-EFGH');
    await user.click(screen.getByTestId('unlock-submit'));
    expect((await screen.findByTestId('unlock-error')).textContent).toMatch(/Wrong recovery key/);
    expect((screen.getByTestId('unlock-recovery-key') as HTMLInputElement).value).toBe('');
    expect(api.unlock).toHaveBeenCalledWith({ passphrase: null, recovery_key: 'ABCD-EFGH', remember: false });
  });

  it('disables "remember" with the plain reason when there is no keyring', () => {
    render(Unlock, {
      vault: vaultState({ keyring: { available: false, reason: 'no Secret Service is running', remembered: false } }),
    });
    const remember = screen.getByTestId('unlock-remember') as HTMLInputElement;
    expect(remember.disabled).toBe(true);
    expect(screen.getByText(/no Secret Service is running/)).toBeTruthy();
  });

  it('tries the remembered key first, once', async () => {
    vi.mocked(api.unlockRemembered).mockResolvedValue(true);
    vi.mocked(api.vaultState).mockResolvedValue(vaultState({ status: 'unlocked' }));
    render(Unlock, { vault: vaultState({ keyring: { available: true, reason: null, remembered: true } }) });
    await waitFor(() => expect(session.vault?.status).toBe('unlocked'));
    expect(api.unlockRemembered).toHaveBeenCalledTimes(1);
    expect(session.rememberedTried).toBe(true);
  });
});
