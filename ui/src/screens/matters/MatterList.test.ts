// 10,000 matters load once, filter in memory as the user types, and only a window of rows is
// in the page.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import MatterList from './MatterList.svelte';
import { generateMatters } from '../../test-support/fixtures';

const MATTERS = generateMatters(10_000);
/** A screenful (480 px / 40 px rows) plus one, plus overscan on both sides. */
const MAX_ROWS = 12 + 1 + 2 * 6;
/** At the top there is nothing above to overscan. */
const FIRST_SCREEN_ROWS = 12 + 1 + 6;

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  vi.mocked(api.listMatters).mockImplementation(async (filter) => {
    if (filter?.volunteer) return MATTERS.filter((_, i) => i % 1000 === 0);
    return MATTERS;
  });
  vi.mocked(api.listVolunteers).mockResolvedValue([
    {
      volunteer: {
        id: 'vol-1',
        name: 'Priya Sharma',
        email: 'psharma@example.org',
        organization: 'Hale Street LLP',
        role: 'attorney',
        languages: [],
        bar_number: null,
        law_school_start: null,
        bar_admissions: [],
        created_at: '',
        updated_at: '',
      },
      minutes: 600,
      minutes_this_year: 120,
      matters: 10,
    },
  ]);
});

function rows(): HTMLElement[] {
  return screen.queryAllByTestId('matter-row');
}

describe('matters list', () => {
  it('loads all matters once and renders only a window of rows', async () => {
    render(MatterList);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().length).toBeLessThanOrEqual(MAX_ROWS);
    expect(screen.getByText('10,000 matters')).toBeTruthy();
    expect(api.listMatters).toHaveBeenCalledTimes(1);
    expect(api.listMatters).toHaveBeenCalledWith({});
    expect(rows()[0].textContent).toContain(MATTERS[0].case_ref);
  });

  it('filters by case reference in memory as the user types', async () => {
    const user = userEvent.setup();
    render(MatterList);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    const wanted = MATTERS[9995].case_ref;
    await user.type(screen.getByTestId('matter-search'), wanted.toLowerCase());
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0].textContent).toContain(wanted);
    expect(screen.getByText('1 of 10,000 matters')).toBeTruthy();
    expect(api.listMatters).toHaveBeenCalledTimes(1);
  });

  it('filters by client name, status and detention together', async () => {
    const user = userEvent.setup();
    render(MatterList);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    await user.type(screen.getByTestId('matter-search'), 'jose garcia');
    await user.selectOptions(screen.getByLabelText('Status'), 'open');
    await user.selectOptions(screen.getByLabelText('Detention'), 'detained');
    const expected = MATTERS.filter((m) => m.client_name === 'José García' && m.status === 'open' && m.detained);
    expect(expected.length).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByText(`${expected.length} of 10,000 matters`)).toBeTruthy());
    expect(rows().length).toBe(Math.min(expected.length, FIRST_SCREEN_ROWS));
    for (const row of rows()) {
      expect(row.textContent).toContain('José García');
      expect(row.textContent).toContain('Open');
      expect(row.textContent).toContain('Detained');
    }
  });

  it('filters by volunteer through the backend, then in memory', async () => {
    const user = userEvent.setup();
    render(MatterList);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    await user.selectOptions(screen.getByLabelText('Volunteer'), 'vol-1');
    await waitFor(() => expect(screen.getByText('10 of 10,000 matters')).toBeTruthy());
    expect(api.listMatters).toHaveBeenCalledWith({ volunteer: 'vol-1' });
  });

  it('opens a matter from its row', async () => {
    const user = userEvent.setup();
    render(MatterList);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    await user.click(rows()[2]);
    expect(session.route).toEqual({ name: 'matter', id: MATTERS[2].id });
  });

  it('says what to do when there are no matters', async () => {
    vi.mocked(api.listMatters).mockResolvedValue([]);
    render(MatterList);
    expect(await screen.findByText('No matters yet — add one or import a spreadsheet')).toBeTruthy();
  });
});
