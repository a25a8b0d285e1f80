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

describe('deadlines', () => {
  const matter = '00000000-0000-7000-8000-000000000001';
  const hearing = '00000000-0000-7000-8000-0000000000aa';

  it('lists overdue deadlines first in red, the next ones in amber, and marks one done', async () => {
    const { dashboard } = await import('../test-support/fixtures');
    vi.mocked(api.dashboard).mockResolvedValue(
      dashboard({
        deadlines: [
          { matter_id: matter, case_ref: 'PB-2026-0001', title: 'Appeal to the BIA', due: '2026-11-27', overdue: true, suggested: false, hearing_id: hearing },
          { matter_id: matter, case_ref: 'PB-2026-0002', title: 'Motion to reopen', due: '2026-12-10', overdue: false, suggested: true, hearing_id: null },
        ],
        cannot_compute: [
          { matter_id: matter, case_ref: 'PB-2026-0003', message: 'One-year asylum filing deadline (Form I-589) cannot be computed: the client\'s last arrival date is not recorded.' },
        ],
        cannot_compute_total: 12,
      }),
    );
    vi.mocked(api.markDeadlineDone).mockResolvedValue({} as never);
    const user = userEvent.setup();
    render(Dashboard);
    const rows = await screen.findAllByTestId('dashboard-deadline');
    expect(rows.map((r) => r.className.includes('overdue'))).toEqual([true, false]);
    expect(rows[0].textContent).toContain('Overdue 2026-11-27');
    expect(rows[1].className).toContain('soon');
    expect(rows[1].textContent).toContain('suggested');
    expect(rows[1].querySelector('button.secondary')).toBeNull();
    expect(screen.getByTestId('dashboard-cannot-compute').textContent).toContain('cannot be computed');
    expect(screen.getByTestId('dashboard-cannot-compute-more').textContent).toContain('And 11 more matters');

    await user.click(screen.getByRole('button', { name: 'Mark done' }));
    expect(api.markDeadlineDone).toHaveBeenCalledWith({ id: hearing, done: true });
    await waitFor(() => expect(api.dashboard).toHaveBeenCalledTimes(2));
  });

  it('shows no deadline card when nothing is due', async () => {
    const { dashboard } = await import('../test-support/fixtures');
    vi.mocked(api.dashboard).mockResolvedValue(dashboard());
    render(Dashboard);
    await screen.findByTestId('impact-headline');
    expect(screen.queryByTestId('dashboard-deadlines')).toBeNull();
  });
});
