// Suggested deadlines on the matter page: confirm one, dismiss one (a reason is required, and
// the backend's refusal is shown on the field), and the flag on a confirmed one whose date moved.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import type { SuggestedDeadline } from '$lib/api';
import DeadlineSuggestions from './DeadlineSuggestions.svelte';

const MATTER = '00000000-0000-7000-8000-000000000001';

function suggestion(overrides: Partial<SuggestedDeadline> = {}): SuggestedDeadline {
  return {
    rule: 'bia-appeal',
    title: 'Appeal to the Board of Immigration Appeals (Form EOIR-26)',
    citation: '8 CFR 1003.38(b)',
    counts_from: "the judge's decision",
    source: 'decision',
    counted_from: '2026-10-27',
    due: '2026-11-27',
    unadjusted: '2026-11-26',
    moved_because: 'Thanksgiving Day',
    was_counted_from: null,
    confirmed_deadline: null,
    ...overrides,
  };
}

beforeEach(() => vi.clearAllMocks());

describe('deadline suggestions', () => {
  it('shows the rule, citation and why the date moved, and confirms', async () => {
    const onchanged = vi.fn();
    vi.mocked(api.confirmDeadline).mockResolvedValue({} as never);
    const user = userEvent.setup();
    render(DeadlineSuggestions, { matterId: MATTER, deadlines: { suggested: [suggestion()], cannot_compute: [] }, onchanged });
    const item = screen.getByTestId('deadline-suggestion');
    expect(item.textContent).toContain('due 2026-11-27');
    expect(item.textContent).toContain('8 CFR 1003.38(b)');
    expect(item.textContent).toContain('2026-11-26 is Thanksgiving Day');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(api.confirmDeadline).toHaveBeenCalledWith({ matter_id: MATTER, rule: 'bia-appeal', source: 'decision' });
    await waitFor(() => expect(onchanged).toHaveBeenCalledWith('Deadline confirmed: 2026-11-27'));
  });

  it('dismisses only with a reason, showing the refusal on the field', async () => {
    const onchanged = vi.fn();
    vi.mocked(api.dismissDeadline)
      .mockRejectedValueOnce({ code: 'invalid', field: 'reason', message: 'is required' })
      .mockResolvedValueOnce(null);
    const user = userEvent.setup();
    render(DeadlineSuggestions, { matterId: MATTER, deadlines: { suggested: [suggestion()], cannot_compute: [] }, onchanged });
    await user.click(screen.getByRole('button', { name: 'Dismiss…' }));
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(await screen.findByText(/is required/)).toBeTruthy();
    expect(onchanged).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText('Why it does not apply'), 'Appeal waived at the hearing');
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(api.dismissDeadline).toHaveBeenLastCalledWith({
      matter_id: MATTER,
      rule: 'bia-appeal',
      source: 'decision',
      reason: 'Appeal waived at the hearing',
    });
    await waitFor(() => expect(onchanged).toHaveBeenCalledWith('Suggestion dismissed'));
  });

  it('flags a confirmed deadline whose date changed, and says what cannot be computed', () => {
    render(DeadlineSuggestions, {
      matterId: MATTER,
      deadlines: {
        suggested: [suggestion({ was_counted_from: '2026-10-20', confirmed_deadline: '00000000-0000-7000-8000-0000000000aa' })],
        cannot_compute: ['One-year asylum filing deadline cannot be computed: the client\'s last arrival date is not recorded.'],
      },
      onchanged: vi.fn(),
    });
    expect(screen.getByRole('alert').textContent).toContain('Confirmed when it counted from 2026-10-20');
    expect(screen.getByRole('button', { name: 'Move the deadline' })).toBeTruthy();
    expect(screen.getByTestId('deadline-cannot-compute').textContent).toContain('last arrival date is not recorded');
  });

  it('shows nothing when the rules give the matter nothing', () => {
    render(DeadlineSuggestions, { matterId: MATTER, deadlines: { suggested: [], cannot_compute: [] }, onchanged: vi.fn() });
    expect(screen.queryByTestId('deadline-suggestions')).toBeNull();
  });
});
