// The new-matter form names the other side: each adverse party's name is run through the
// conflict check as it is typed (the line being typed), and the names go with the matter in
// one request; a name the backend refuses shows beside the field and nothing moves on.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import MatterForm from './MatterForm.svelte';
import { conflictMatch, generateMatters } from '../../test-support/fixtures';

const SAVED = generateMatters(1)[0];

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.go({ name: 'matter-new' });
  vi.mocked(api.conflictCheck).mockReset().mockResolvedValue([]);
  vi.mocked(api.checkMatter).mockResolvedValue([]);
});

async function fillMatter(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId('matter-client'), 'Rosa Example');
  await user.selectOptions(screen.getByTestId('matter-case-type'), 'asylum');
}

describe('new-matter form', () => {
  it('checks each adverse party as it is typed and opens the matter with them', async () => {
    vi.mocked(api.conflictCheck).mockImplementation(async (q) =>
      q.name === 'Alexey Smirnoff'
        ? [
            conflictMatch({
              kind: 'client',
              id: 'c-1',
              name: 'Алексей Смирнов',
              score: 0.93,
              reasons: ['name matches after transliteration from Cyrillic'],
              matters: ['PB-2025-00007'],
            }),
          ]
        : [],
    );
    vi.mocked(api.createMatter).mockResolvedValue(SAVED);
    const user = userEvent.setup();
    render(MatterForm, {});
    await fillMatter(user);

    const adverse = screen.getByLabelText(/^Adverse parties/);
    expect(adverse).toBe(screen.getByTestId('matter-adverse'));
    await user.type(adverse, 'Acme Farms LLC{Enter}Alexey Smirnoff');
    const box = await screen.findByTestId('matter-conflicts');
    expect(box.textContent).toContain('Алексей Смирнов');
    expect(box.textContent).toContain('transliteration from Cyrillic');
    expect(box.textContent).toContain('PB-2025-00007');
    // The line being typed is the one checked, not the whole box.
    expect(api.conflictCheck).toHaveBeenLastCalledWith({ name: 'Alexey Smirnoff', a_number: null, date_of_birth: null });
    expect(api.conflictCheck).not.toHaveBeenCalledWith(expect.objectContaining({ name: expect.stringContaining('\n') }));

    await user.click(screen.getByTestId('save-matter'));
    await waitFor(() => expect(api.createMatter).toHaveBeenCalledTimes(1));
    const request = vi.mocked(api.createMatter).mock.calls[0][0];
    expect(request.adverse_parties).toEqual(['Acme Farms LLC', 'Alexey Smirnoff']);
    expect(request.draft.client).toBe('Rosa Example');
    expect(request.draft.case_type).toBe('asylum');
    await waitFor(() => expect(session.route).toEqual({ name: 'matter', id: SAVED.id }));
  });

  it('sends no adverse parties when none are named, and shows no matches', async () => {
    vi.mocked(api.createMatter).mockResolvedValue(SAVED);
    const user = userEvent.setup();
    render(MatterForm, {});
    await fillMatter(user);
    await user.click(screen.getByTestId('save-matter'));
    await waitFor(() => expect(api.createMatter).toHaveBeenCalledTimes(1));
    expect(vi.mocked(api.createMatter).mock.calls[0][0].adverse_parties).toEqual([]);
    expect(api.conflictCheck).not.toHaveBeenCalled();
    expect(screen.queryByTestId('matter-conflicts')).toBeNull();
  });

  it('shows a refused adverse party beside its field and stays on the form', async () => {
    vi.mocked(api.createMatter).mockRejectedValue({
      code: 'invalid',
      field: 'adverse_parties',
      message: 'the name must not contain control characters',
    });
    const user = userEvent.setup();
    render(MatterForm, {});
    await fillMatter(user);
    await user.type(screen.getByLabelText(/^Adverse parties/), 'Someone');
    await user.click(screen.getByTestId('save-matter'));
    await waitFor(() => expect(api.createMatter).toHaveBeenCalledTimes(1));
    const error = await screen.findByTestId('error-adverse_parties');
    expect(error.textContent).toContain('the name must not contain control characters');
    expect(session.route).toEqual({ name: 'matter-new' });
  });

  it('has no other-side field when editing a matter', async () => {
    vi.mocked(api.getMatter).mockResolvedValue(undefined as never);
    render(MatterForm, { editId: SAVED.id });
    expect(screen.queryByLabelText(/^Adverse parties/)).toBeNull();
  });
});
