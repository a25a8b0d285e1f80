// Connecting to a team server: the form's refusals land on the right field and the password
// is never kept in the window; once connected, the screens offer what the role allows.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import ConnectTeam from './ConnectTeam.svelte';
import Shell from '../Shell.svelte';
import { vaultState } from '../../test-support/fixtures';

const SERVER = 'postgres://sam@db.clinic.example/probono?sslrootcert=clinic-ca.pem';

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = null;
});

describe('connect to a team server', () => {
  it('asks for both fields before trying the server', async () => {
    const user = userEvent.setup();
    render(ConnectTeam);
    await user.click(screen.getByTestId('connect-team'));
    expect((await screen.findByTestId('error-server')).textContent).toMatch(/server address/);
    expect(screen.getByTestId('error-password').textContent).toMatch(/password/);
    expect(api.connectTeam).not.toHaveBeenCalled();
  });

  it('shows a refused login on the password field and clears it', async () => {
    vi.mocked(api.connectTeam).mockRejectedValue({
      code: 'server_login',
      message: 'the team server refused the login: wrong login name or password',
    });
    const user = userEvent.setup();
    render(ConnectTeam);
    await user.type(screen.getByTestId('team-server'), SERVER);
    await user.type(screen.getByTestId('team-password'), 'not my password');
    await user.click(screen.getByTestId('connect-team'));
    expect((await screen.findByTestId('error-password')).textContent).toMatch(/refused the login/);
    expect((screen.getByTestId('team-password') as HTMLInputElement).value).toBe('');
    expect(api.connectTeam).toHaveBeenCalledWith({ server: SERVER, password: 'not my password', remember: false });
  });

  it('offers the last server and its remembered password, and sends whether to remember', async () => {
    session.vault = vaultState({ last_team_server: SERVER, team_password_remembered: true });
    vi.mocked(api.connectTeam).mockResolvedValue(
      vaultState({ status: 'unlocked', team: { server: SERVER, login: 'sam', role: 'student', outbox_waiting: 0 } }),
    );
    const user = userEvent.setup();
    render(ConnectTeam);
    expect((screen.getByTestId('team-server') as HTMLInputElement).value).toBe(SERVER);
    expect((screen.getByTestId('team-remember') as HTMLInputElement).checked).toBe(true);
    expect(document.body.textContent).toMatch(/remembers your password for this server/);
    // An empty password uses the remembered one: no refusal on the form.
    await user.click(screen.getByTestId('connect-team'));
    await waitFor(() => expect(api.connectTeam).toHaveBeenCalledWith({ server: SERVER, password: '', remember: true }));
    expect(screen.queryByTestId('error-password')).toBeNull();
  });

  it('asks for the password of another server than the remembered one', async () => {
    session.vault = vaultState({ last_team_server: SERVER, team_password_remembered: true });
    const user = userEvent.setup();
    render(ConnectTeam);
    await user.clear(screen.getByTestId('team-server'));
    await user.type(screen.getByTestId('team-server'), 'postgres://sam@other.example/probono');
    await user.click(screen.getByTestId('connect-team'));
    expect((await screen.findByTestId('error-password')).textContent).toMatch(/password/);
    expect(api.connectTeam).not.toHaveBeenCalled();
  });

  it('puts a volunteer on the Time screen', async () => {
    vi.mocked(api.connectTeam).mockResolvedValue(
      vaultState({ status: 'unlocked', team: { server: SERVER, login: 'vic', role: 'volunteer', outbox_waiting: 0 } }),
    );
    const user = userEvent.setup();
    render(ConnectTeam);
    await user.type(screen.getByTestId('team-server'), SERVER);
    await user.type(screen.getByTestId('team-password'), 'a password');
    await user.click(screen.getByTestId('connect-team'));
    await waitFor(() => expect(session.route).toEqual({ name: 'time' }));
    expect(session.vault?.team?.role).toBe('volunteer');
  });
});

describe('screens on a team server', () => {
  it("offer a student no vault-only screens and no import, and a director the import and settings", async () => {
    const student = vaultState({ status: 'unlocked', team: { server: SERVER, login: 'sam', role: 'student', outbox_waiting: 0 } });
    session.vault = student;
    const { unmount } = render(Shell, { vault: student });
    await screen.findByTestId('team-badge');
    expect(screen.getByTestId('team-badge').textContent).toMatch(/student/);
    for (const shown of ['nav-dashboard', 'nav-matters', 'nav-clients', 'nav-time', 'nav-reports']) {
      expect(screen.queryByTestId(shown)).not.toBeNull();
    }
    for (const hidden of ['nav-import', 'nav-backups', 'nav-settings', 'file-menu']) {
      expect(screen.queryByTestId(hidden)).toBeNull();
    }
    expect(session.can('open-matter')).toBe(false);
    expect(session.can('import')).toBe(false);
    expect(session.can('add-note')).toBe(true);
    expect(screen.getByTestId('lock-button').textContent).toMatch(/Disconnect/);
    unmount();

    const director = vaultState({ status: 'unlocked', team: { server: SERVER, login: 'dana', role: 'director', outbox_waiting: 0 } });
    session.vault = director;
    render(Shell, { vault: director });
    await screen.findByTestId('team-badge');
    expect(session.can('open-matter')).toBe(true);
    expect(session.can('vault-only')).toBe(false);
    expect(session.can('import')).toBe(true);
    // The import works on the server (its policies decide); backups and settings stay a vault's.
    expect(screen.queryByTestId('nav-import')).not.toBeNull();
    expect(screen.queryByTestId('nav-backups')).toBeNull();
    expect(screen.queryByTestId('nav-settings')).not.toBeNull();
  });

  it('show the time entries waiting on this computer and send them on request', async () => {
    const waiting = vaultState({
      status: 'unlocked',
      team: { server: SERVER, login: 'sam', role: 'student', outbox_waiting: 2 },
    });
    session.vault = waiting;
    vi.mocked(api.sendOutbox).mockResolvedValue(
      vaultState({
        status: 'unlocked',
        team: { server: SERVER, login: 'sam', role: 'student', outbox_waiting: 0 },
        notice: 'Sent 2 kept time entries.',
      }),
    );
    const user = userEvent.setup();
    render(Shell, { vault: waiting });
    expect((await screen.findByTestId('outbox-waiting')).textContent).toMatch(/2 time entries waiting/);
    await user.click(screen.getByTestId('outbox-send'));
    await waitFor(() => expect(api.sendOutbox).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(session.vault?.team?.outbox_waiting).toBe(0));
    expect(screen.getByTestId('status-message').textContent).toMatch(/Sent 2 kept time entries/);
  });

  it('change nothing in a vault', () => {
    session.vault = vaultState({ status: 'unlocked' });
    expect(session.can('vault-only')).toBe(true);
    expect(session.can('open-matter')).toBe(true);
  });
});
