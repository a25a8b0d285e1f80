// The matter page's conflict check: a plain warning when none is recorded, the newest check
// (and the earlier ones) when there are, and running one: search the client's and parties'
// names, choose a decision, record it (with what was shown), the page reloads to show it.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import type { ConflictQuery, Match, MatterDetail } from '$lib/api';
import { session } from '$lib/session.svelte';
import { formatTimestamp } from '$lib/format/dates';
import MatterPage from './MatterPage.svelte';
import { conflictCheck, conflictMatch, matterDetail } from '../../test-support/fixtures';

const PARTY_ID = '30000000-0000-7000-8000-000000000001';

function renderPage(detail: MatterDetail) {
  vi.mocked(api.getMatter).mockResolvedValue(detail);
  render(MatterPage, { id: detail.matter.id });
}

beforeEach(() => {
  vi.clearAllMocks();
  // What one test told these to answer does not carry over to the next.
  vi.mocked(api.conflictCheck).mockReset().mockResolvedValue([]);
  vi.mocked(api.recordConflictCheck).mockReset();
  session.reset();
});

describe('matter page: conflict check', () => {
  it('says plainly when no conflict check is recorded', async () => {
    renderPage(matterDetail());
    const none = await screen.findByTestId('conflict-none');
    expect(none.textContent).toBe('No conflict check recorded for this matter.');
    expect(none.classList.contains('notice-box')).toBe(true);
    expect(screen.queryByTestId('conflict-latest')).toBeNull();
  });

  it('shows the newest check: decision, who, when, names searched, matches shown and note; and the earlier ones', async () => {
    const newest = conflictCheck({
      id: 'c-2',
      checked_at: '2026-04-10T14:30:00Z',
      checked_by: 'Dana Whitfield',
      searched: ['Bilal Alvarez', 'Juan Pérez'],
      matches: [{ kind: 'party', id: 'p-9', name: 'Juan Perez Gómez', score: 0.86 }],
      decision: 'waived',
      note: 'Both clients consented in writing on 2026-04-09.',
    });
    const older = conflictCheck({ id: 'c-1', checked_at: '2026-03-02T15:04:00Z', checked_by: 'Sam Okafor' });
    renderPage(matterDetail({ conflict_checks: [newest, older] }));

    const latest = await screen.findByTestId('conflict-latest');
    expect(screen.queryByTestId('conflict-none')).toBeNull();
    expect(within(latest).getByTestId('conflict-decision').textContent).toBe('Waived');
    expect(latest.textContent).toContain('Dana Whitfield');
    expect(latest.textContent).toContain(formatTimestamp('2026-04-10T14:30:00Z'));
    expect(latest.textContent).toContain('Bilal Alvarez, Juan Pérez');
    expect(latest.textContent).toContain('Party: Juan Perez Gómez (86%)');
    expect(latest.textContent).toContain('Both clients consented in writing');
    const bdis = [...latest.querySelectorAll('bdi')].map((b) => b.textContent);
    expect(bdis).toEqual(expect.arrayContaining(['Dana Whitfield', 'Bilal Alvarez', 'Juan Pérez', 'Juan Perez Gómez']));

    const earlier = screen.getByTestId('conflict-earlier');
    expect(earlier.textContent).toContain('1 earlier check');
    expect(earlier.textContent).toContain('No conflict');
    expect(earlier.textContent).toContain('Sam Okafor');
  });

  it('runs a check on the prefilled names, records what was shown and the decision, and shows it', async () => {
    const detail = matterDetail({ parties: [{ id: PARTY_ID, role: 'adverse_party', name: 'Juan Pérez', relationship: 'spouse' }] });
    const self = conflictMatch({ kind: 'client', id: detail.client.id, name: 'Bilal Alvarez', score: 1, matters: [detail.matter.case_ref] });
    const other = conflictMatch({
      kind: 'client',
      id: 'c-other',
      name: 'Bilal Álvarez Ruiz',
      score: 0.88,
      reasons: ['one has a name the other lacks (a middle name or a second surname)'],
      matters: ['PB-2024-00077'],
    });
    const volunteer = conflictMatch({ kind: 'volunteer', id: 'v-1', name: 'Juana Peres', score: 0.81, matters: [] });
    const answers: Record<string, Match[]> = { 'Bilal Alvarez': [self, other], 'Juan Pérez': [], 'Juana Perez': [volunteer, other] };
    vi.mocked(api.conflictCheck).mockImplementation(async (q: ConflictQuery) => answers[q.name] ?? []);
    const recorded = conflictCheck({ id: 'new', checked_by: 'Dana Whitfield', decision: 'conflict', note: 'Adverse party is a former client.' });
    vi.mocked(api.recordConflictCheck)
      .mockRejectedValueOnce({
        code: 'invalid',
        field: 'note',
        message: 'is required for a conflict or a waiver: say what was found and, for a waiver, how the clients consented',
      })
      .mockResolvedValueOnce(recorded);

    const user = userEvent.setup();
    renderPage(detail);
    await user.click(await screen.findByRole('button', { name: 'Run a conflict check' }));

    // Prefilled with the client's and every party's name; a line added.
    const lines = () => screen.getAllByTestId('conflict-name') as HTMLInputElement[];
    expect(lines().map((i) => i.value)).toEqual(['Bilal Alvarez', 'Juan Pérez']);
    await user.click(screen.getByRole('button', { name: 'Add a name' }));
    await user.type(lines()[2], 'Juana Perez');

    await user.click(screen.getByTestId('conflict-search'));
    const results = await screen.findAllByTestId('conflict-result');
    expect(results.map((r) => r.querySelector('h4')?.textContent?.trim())).toEqual([
      'Matches for Bilal Alvarez',
      'No matches for Juan Pérez',
      'Matches for Juana Perez',
    ]);
    expect(results[0].textContent).toContain("this matter's client");
    expect(results[0].textContent).toContain('Bilal Álvarez Ruiz');
    expect(results[0].textContent).toContain('a middle name or a second surname');
    expect(results[2].textContent).toContain('Volunteer');

    await user.type(screen.getByLabelText(/Checked by/), 'Dana Whitfield');
    await user.click(screen.getByLabelText('Conflict'));
    await user.click(screen.getByTestId('conflict-record'));

    // The backend's refusal sits beside the note field.
    const noteError = await screen.findByTestId('error-note');
    expect(noteError.textContent).toContain('is required for a conflict or a waiver');
    const note = document.getElementById('conflict-note') as HTMLTextAreaElement;
    expect(note.closest('.field')).toBe(noteError.closest('.field'));
    expect(note.getAttribute('aria-invalid')).toBe('true');

    vi.mocked(api.getMatter).mockResolvedValue({ ...detail, conflict_checks: [recorded] });
    await user.type(note, 'Adverse party is a former client.');
    await user.click(screen.getByTestId('conflict-record'));

    await waitFor(() => expect(api.recordConflictCheck).toHaveBeenCalledTimes(2));
    expect(vi.mocked(api.recordConflictCheck).mock.lastCall?.[0]).toEqual({
      matter: detail.matter.id,
      checked_by: 'Dana Whitfield',
      searched: ['Bilal Alvarez', 'Juan Pérez', 'Juana Perez'],
      matches: [
        { kind: 'client', id: detail.client.id, name: 'Bilal Alvarez', score: 1 },
        { kind: 'client', id: 'c-other', name: 'Bilal Álvarez Ruiz', score: 0.88 },
        { kind: 'volunteer', id: 'v-1', name: 'Juana Peres', score: 0.81 },
      ],
      decision: 'conflict',
      note: 'Adverse party is a former client.',
    });

    // The page reloads and shows the new check; the form closes.
    await waitFor(() => expect(screen.getByTestId('conflict-decision').textContent).toBe('Conflict'));
    expect(api.getMatter).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('conflict-form')).toBeNull();
    expect(screen.queryByTestId('conflict-none')).toBeNull();
    expect(session.notice?.text).toBe('Conflict check recorded');
  });

  it('asks for a search again when the names changed since the last one', async () => {
    const user = userEvent.setup();
    renderPage(matterDetail());
    await user.click(await screen.findByRole('button', { name: 'Run a conflict check' }));
    await user.click(screen.getByTestId('conflict-search'));
    await screen.findByTestId('conflict-results');
    await user.type(screen.getAllByTestId('conflict-name')[0], ' Ruiz');
    expect(screen.queryByTestId('conflict-results')).toBeNull();
    await user.click(screen.getByTestId('conflict-record'));
    expect((await screen.findByRole('alert')).textContent).toContain('Search the names first');
    expect(api.recordConflictCheck).not.toHaveBeenCalled();
  });

  it('shows a backend error on "checked by" beside that field', async () => {
    vi.mocked(api.recordConflictCheck).mockRejectedValue({ code: 'invalid', field: 'checked_by', message: 'is required' });
    const user = userEvent.setup();
    renderPage(matterDetail());
    await user.click(await screen.findByRole('button', { name: 'Run a conflict check' }));
    await user.click(screen.getByTestId('conflict-search'));
    await screen.findByTestId('conflict-results');
    await user.click(screen.getByLabelText('No conflict'));
    await user.click(screen.getByTestId('conflict-record'));
    const err = await screen.findByTestId('error-checked_by');
    expect(err.textContent).toContain('is required');
    expect(err.closest('.field')).toBe(screen.getByLabelText(/Checked by/).closest('.field'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(/Checked by/)));
  });
});
