// The hearing form (in the matter page's dialog) from the keyboard: a refused save puts the
// cursor on the first field to correct, whether the form or the backend refused it.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import HearingForm from './HearingForm.svelte';

beforeEach(() => {
  vi.clearAllMocks();
});

function renderForm() {
  const ondone = vi.fn();
  render(HearingForm, { matterId: 'm-0002', ondone, oncancel: vi.fn() });
  return ondone;
}

describe('hearing form', () => {
  it('on Enter with nothing chosen, puts the cursor on the first missing field', async () => {
    const user = userEvent.setup();
    const ondone = renderForm();
    await user.click(screen.getByLabelText('Place (court, office)'));
    await user.keyboard('Immigration Court{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('What')));
    expect(api.addHearing).not.toHaveBeenCalled();

    await user.selectOptions(screen.getByLabelText('What'), 'individual');
    await user.click(screen.getByLabelText('Place (court, office)'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Date')));
    expect(ondone).not.toHaveBeenCalled();
  });

  it('on a date the backend refuses, puts the cursor on the date', async () => {
    vi.mocked(api.addHearing).mockRejectedValue(new api.ApiError('invalid', 'is not a real date', 'at'));
    const user = userEvent.setup();
    renderForm();
    await user.selectOptions(screen.getByLabelText('What'), 'individual');
    await user.type(screen.getByLabelText('Date'), '2026-02-30');
    await user.click(screen.getByLabelText('Place (court, office)'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Date')));
    expect(screen.getByText('is not a real date')).toBeTruthy();
  });
});
