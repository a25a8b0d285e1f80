// The session's cached lists after a write: a loaded list is refreshed in place (what is on
// screen never blanks out), an unloaded one waits for first use, a failed refresh unloads it.

import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import type { VolunteerSummary } from '$lib/api';
import { session } from './session.svelte';
import { volunteerSummary as volunteer } from '../test-support/fixtures';

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
});

describe('invalidating lists after a write', () => {
  it('keeps a loaded list until the fresh one arrives, then shows the fresh one', async () => {
    const before = [volunteer('v1', 'Priya Sharma')];
    const after = [...before, volunteer('v2', 'Tomás Ruiz')];
    vi.mocked(api.listVolunteers).mockResolvedValueOnce(before);
    await session.loadVolunteers();
    let release: (v: VolunteerSummary[]) => void = () => {};
    vi.mocked(api.listVolunteers).mockReturnValueOnce(new Promise((resolve) => (release = resolve)));

    session.invalidate('volunteers');
    expect(session.volunteers).toEqual(before);
    expect(api.listVolunteers).toHaveBeenCalledTimes(2);
    release(after);
    await vi.waitFor(() => expect(session.volunteers).toEqual(after));
  });

  it('gives a screen that loads during the refresh the fresh list, not the old one', async () => {
    const before = [volunteer('v1', 'Priya Sharma')];
    const after = [volunteer('v1', 'Priya Sharma-Okafor')];
    vi.mocked(api.listVolunteers).mockResolvedValueOnce(before);
    await session.loadVolunteers();
    let release: (v: VolunteerSummary[]) => void = () => {};
    vi.mocked(api.listVolunteers).mockReturnValueOnce(new Promise((resolve) => (release = resolve)));
    session.invalidate('volunteers');
    const loading = session.loadVolunteers();
    release(after);
    expect(await loading).toEqual(after);
    expect(api.listVolunteers).toHaveBeenCalledTimes(2);
    // Once it has arrived, loads are served from the list again.
    expect(await session.loadVolunteers()).toEqual(after);
    expect(api.listVolunteers).toHaveBeenCalledTimes(2);
  });

  it('does not fetch a list nobody has loaded yet', () => {
    session.invalidate('matters', 'organizations');
    expect(api.listMatters).not.toHaveBeenCalled();
    expect(api.listOrganizations).not.toHaveBeenCalled();
    expect(session.matters).toBeNull();
  });

  it('unloads a list whose refresh fails, so the next use fetches it again', async () => {
    vi.mocked(api.listVolunteers).mockResolvedValueOnce([volunteer('v1', 'Priya Sharma')]);
    await session.loadVolunteers();
    vi.mocked(api.listVolunteers).mockRejectedValueOnce({ code: 'locked', message: 'locked' });
    session.invalidate('volunteers');
    await vi.waitFor(() => expect(session.volunteers).toBeNull());
  });

  it('does not bring back a list after the session was reset (locked) during the refresh', async () => {
    vi.mocked(api.listVolunteers).mockResolvedValueOnce([volunteer('v1', 'Priya Sharma')]);
    await session.loadVolunteers();
    let release: (v: VolunteerSummary[]) => void = () => {};
    vi.mocked(api.listVolunteers).mockReturnValueOnce(new Promise((resolve) => (release = resolve)));
    session.invalidate('volunteers');
    session.reset();
    release([volunteer('v1', 'Priya Sharma')]);
    await new Promise((r) => setTimeout(r, 0));
    expect(session.volunteers).toBeNull();
  });
});
