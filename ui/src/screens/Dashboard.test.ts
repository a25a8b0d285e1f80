// The dashboard's backup reminder: shown when a backup is due, never in the demo clinic.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import { formatTimestamp } from '$lib/format/dates';
import Dashboard from './Dashboard.svelte';
import { vaultState } from '../test-support/fixtures';

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = vaultState({ status: 'unlocked' });
});

describe('backup reminder', () => {
  it('shows the last backup and goes to "Back up now"', async () => {
    vi.mocked(api.backupStatus).mockResolvedValue({ last_verified_backup: '2026-01-02T10:30:00Z', due: true, reminder_days: 30 });
    const user = userEvent.setup();
    render(Dashboard);
    const banner = await screen.findByTestId('backup-due-banner');
    expect(banner.textContent).toContain(`Last backup: ${formatTimestamp('2026-01-02T10:30:00Z')}`);
    await user.click(screen.getByRole('button', { name: 'Back up now' }));
    expect(session.route).toEqual({ name: 'backups', focus: 'backup' });
  });

  it('says "never" for a vault never backed up', async () => {
    vi.mocked(api.backupStatus).mockResolvedValue({ last_verified_backup: null, due: true, reminder_days: 30 });
    render(Dashboard);
    expect((await screen.findByTestId('backup-due-banner')).textContent).toMatch(/Last backup: never/);
  });

  it('stays quiet when no backup is due', async () => {
    vi.mocked(api.backupStatus).mockResolvedValue({ last_verified_backup: '2026-11-01T08:00:00Z', due: false, reminder_days: 30 });
    render(Dashboard);
    await screen.findByTestId('impact-headline');
    await waitFor(() => expect(api.backupStatus).toHaveBeenCalled());
    expect(screen.queryByTestId('backup-due-banner')).toBeNull();
  });

  it('does not nag in the demo clinic', async () => {
    session.vault = vaultState({ status: 'unlocked', is_demo: true });
    vi.mocked(api.backupStatus).mockResolvedValue({ last_verified_backup: null, due: true, reminder_days: 30 });
    render(Dashboard);
    await screen.findByTestId('impact-headline');
    expect(api.backupStatus).not.toHaveBeenCalled();
    expect(screen.queryByTestId('backup-due-banner')).toBeNull();
  });
});
