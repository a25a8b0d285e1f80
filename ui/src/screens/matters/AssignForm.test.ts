// Assigning a volunteer to a matter, optionally naming the attorney who supervises them there:
// the supervisor goes with the request (empty: the matter's lead attorney), and a refused
// supervisor shows beside its field.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import AssignForm from './AssignForm.svelte';

const MATTER = '00000000-0000-7000-8000-000000000001';

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  vi.mocked(api.assignVolunteer).mockReset().mockResolvedValue(null);
});

describe('assign a volunteer', () => {
  it('sends the supervisor named, or none for the lead attorney', async () => {
    const ondone = vi.fn();
    const user = userEvent.setup();
    render(AssignForm, { matterId: MATTER, ondone, oncancel: vi.fn() });
    await user.type(screen.getByLabelText('Volunteer'), 'truiz@example.edu');
    await user.type(screen.getByLabelText('Supervising attorney (optional)'), 'dana@example.org');
    await user.click(screen.getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(ondone).toHaveBeenCalledWith('Volunteer assigned'));
    expect(api.assignVolunteer).toHaveBeenCalledWith({
      volunteer: 'truiz@example.edu',
      matter_id: MATTER,
      supervisor: 'dana@example.org',
    });
  });

  it('sends no supervisor when the field is left empty', async () => {
    const user = userEvent.setup();
    render(AssignForm, { matterId: MATTER, ondone: vi.fn(), oncancel: vi.fn() });
    await user.type(screen.getByLabelText('Volunteer'), 'truiz@example.edu');
    await user.click(screen.getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(api.assignVolunteer).toHaveBeenCalledTimes(1));
    expect(vi.mocked(api.assignVolunteer).mock.calls[0][0].supervisor).toBeNull();
  });

  it('shows a refused supervisor beside its field', async () => {
    vi.mocked(api.assignVolunteer).mockRejectedValue({
      code: 'invalid',
      field: 'supervisor',
      message: 'must be an attorney (this volunteer is recorded as Interpreter)',
    });
    const ondone = vi.fn();
    const user = userEvent.setup();
    render(AssignForm, { matterId: MATTER, ondone, oncancel: vi.fn() });
    await user.type(screen.getByLabelText('Volunteer'), 'truiz@example.edu');
    await user.type(screen.getByLabelText('Supervising attorney (optional)'), 'ines@example.org');
    await user.click(screen.getByRole('button', { name: 'Assign' }));
    expect((await screen.findByTestId('error-supervisor')).textContent).toContain('must be an attorney');
    expect(ondone).not.toHaveBeenCalled();
  });
});
