// The duplicates screen lists the likely pairs with scores and reasons, previews a merge
// (either way round) before anything changes, merges on confirmation, and shows a refusal.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import type { Duplicate, MergePlan, MergeRequest } from '$lib/api';
import { session } from '$lib/session.svelte';
import ClientDuplicates from './ClientDuplicates.svelte';
import { client } from '../../test-support/fixtures';

const ANA = { id: 'c-ana', name: 'Алексей Смирнов', matters: ['PB-1'] };
const ALEX = { id: 'c-alex', name: 'Alexey Smirnoff', matters: ['PB-2', 'PB-3'] };

const pair: Duplicate = {
  first: ANA,
  second: ALEX,
  score: 0.92,
  reasons: ['name matches after transliteration from Cyrillic', 'a name is a known spelling variant (sounds the same)'],
};

function planOf(keep: typeof ANA, drop: typeof ANA): MergePlan {
  return {
    kept: client({ id: keep.id, name: keep.name }),
    dropped: client({ id: drop.id, name: drop.name }),
    matters_moved: drop.matters,
    fields_filled: ['date_of_birth'],
    names_added: [drop.name],
    languages_added: ['English'],
    notes_appended: false,
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.go({ name: 'client-duplicates' });
  vi.mocked(api.clientDuplicates).mockResolvedValue([pair]);
  vi.mocked(api.mergePreview).mockImplementation(async (r: MergeRequest) =>
    r.keep === ANA.id ? planOf(ANA, ALEX) : planOf(ALEX, ANA),
  );
});

describe('ClientDuplicates', () => {
  it('lists each likely pair with its score, reasons and matters', async () => {
    render(ClientDuplicates);
    const row = await screen.findByTestId('duplicate-pair');
    expect(row.textContent).toContain('Алексей Смирнов');
    expect(row.textContent).toContain('Alexey Smirnoff');
    expect(row.textContent).toContain('92% match');
    expect(row.textContent).toContain('transliteration from Cyrillic');
    expect(row.textContent).toContain('PB-2, PB-3');
    expect(screen.getByText('1 pair')).toBeTruthy();
  });

  it('says so when there are none', async () => {
    vi.mocked(api.clientDuplicates).mockResolvedValue([]);
    render(ClientDuplicates);
    expect(await screen.findByText('No likely duplicate clients')).toBeTruthy();
  });

  it('previews the merge, can keep the other one instead, and merges only when confirmed', async () => {
    const user = userEvent.setup();
    render(ClientDuplicates);
    await user.click(await screen.findByTestId('review-merge'));
    const preview = await screen.findByTestId('merge-preview');
    await waitFor(() => expect(within(preview).getByTestId('merge-matters').textContent).toBe('PB-2, PB-3'));
    expect(api.mergePreview).toHaveBeenLastCalledWith({ keep: ANA.id, drop: ALEX.id });
    expect(within(preview).getByTestId('merge-names').textContent).toBe('Alexey Smirnoff');
    expect(within(preview).getByTestId('merge-fields').textContent).toBe('date of birth');
    expect(api.mergeClients).not.toHaveBeenCalled();

    await user.click(within(preview).getByTestId('merge-swap'));
    await waitFor(() => expect(within(screen.getByTestId('merge-preview')).getByTestId('merge-matters').textContent).toBe('PB-1'));
    expect(api.mergePreview).toHaveBeenLastCalledWith({ keep: ALEX.id, drop: ANA.id });

    vi.mocked(api.mergeClients).mockResolvedValue(planOf(ALEX, ANA));
    vi.mocked(api.clientDuplicates).mockResolvedValue([]);
    await user.click(screen.getByTestId('merge-confirm'));
    await waitFor(() => expect(api.mergeClients).toHaveBeenCalledWith({ keep: ALEX.id, drop: ANA.id }));
    expect(await screen.findByText('No likely duplicate clients')).toBeTruthy();
    expect(session.notice?.text).toBe('Merged Алексей Смирнов into Alexey Smirnoff');
  });

  it('shows why a merge is refused and changes nothing', async () => {
    vi.mocked(api.mergePreview).mockRejectedValue({ code: 'invalid', field: 'drop', message: 'drop: has a different A-number' });
    const user = userEvent.setup();
    render(ClientDuplicates);
    await user.click(await screen.findByTestId('review-merge'));
    const preview = await screen.findByTestId('merge-preview');
    await waitFor(() => expect(preview.textContent).toContain('has a different A-number'));
    expect((within(preview).getByTestId('merge-confirm') as HTMLButtonElement).disabled).toBe(true);
    expect(api.mergeClients).not.toHaveBeenCalled();
  });
});
