// The party form (in the matter page's dialog): the name is run through the conflict check as
// it is typed and likely matches show below it; adding the party still works.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import PartyForm from './PartyForm.svelte';
import { conflictMatch } from '../../test-support/fixtures';

const MATTER = '00000000-0000-7000-8000-000000000001';

beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(api.conflictCheck).mockReset().mockResolvedValue([]);
});

describe('party form', () => {
  it('shows likely matches for the name as it is typed, and still adds the party', async () => {
    vi.mocked(api.conflictCheck).mockImplementation(async (q) =>
      q.name === 'Mohammed Al-Hassan'
        ? [
            conflictMatch({
              kind: 'party',
              id: 'p-1',
              name: 'محمد الحسن',
              score: 0.9,
              reasons: ['name matches after transliteration from Arabic'],
              matters: ['PB-2024-00310'],
              role: 'Adverse party',
            }),
          ]
        : [],
    );
    vi.mocked(api.addParty).mockResolvedValue({ id: 'p-new', role: 'witness', name: 'Mohammed Al-Hassan', relationship: null });
    const ondone = vi.fn();
    const user = userEvent.setup();
    render(PartyForm, { matterId: MATTER, ondone, oncancel: vi.fn() });

    await user.type(screen.getByLabelText('Name'), 'Mohammed Al-Hassan');
    const box = await screen.findByTestId('party-conflicts');
    expect(box.textContent).toContain('Possible conflicts or duplicates');
    expect(box.textContent).toContain('Party · Adverse party');
    expect(box.querySelector('bdi')?.textContent).toBe('محمد الحسن');
    expect(box.textContent).toContain('90%');
    expect(box.textContent).toContain('name matches after transliteration from Arabic');
    expect(box.textContent).toContain('PB-2024-00310');
    expect(api.conflictCheck).toHaveBeenLastCalledWith({ name: 'Mohammed Al-Hassan', a_number: null, date_of_birth: null });

    await user.selectOptions(screen.getByLabelText('Role'), 'Witness');
    await user.click(screen.getByRole('button', { name: 'Add party' }));
    await waitFor(() => expect(ondone).toHaveBeenCalledWith('Party added'));
    expect(api.addParty).toHaveBeenCalledWith({ matter_id: MATTER, role: 'witness', name: 'Mohammed Al-Hassan', relationship: null });
  });

  it('shows nothing for a name with no likely match', async () => {
    const user = userEvent.setup();
    render(PartyForm, { matterId: MATTER, ondone: vi.fn(), oncancel: vi.fn() });
    await user.type(screen.getByLabelText('Name'), 'Nobody Known');
    await waitFor(() => expect(api.conflictCheck).toHaveBeenCalled());
    expect(screen.queryByTestId('party-conflicts')).toBeNull();
  });
});
