// The client form checks as the user types (check_client, debounced) and puts each problem
// beside the field it names; a failed save shows the backend's message.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import type { ClientDraft, ConflictQuery, Match, PublicError } from '$lib/api';
import { session } from '$lib/session.svelte';
import ClientForm from './ClientForm.svelte';
import { client, conflictMatch } from '../../test-support/fixtures';

/** What check_client answers, by the backend's rules for these fields. */
function fakeCheck(draft: ClientDraft): PublicError[] {
  const errors: PublicError[] = [];
  if (draft.name.trim() === '') errors.push({ code: 'invalid', field: 'name', message: 'is required' });
  const digits = (draft.a_number ?? '').replace(/\D/g, '');
  if (draft.a_number && (digits.length < 7 || digits.length > 9)) {
    errors.push({ code: 'invalid', field: 'a_number', message: `must have 7 to 9 digits (found ${digits.length})` });
  }
  if (draft.date_of_birth && !/^\d{4}-\d{2}-\d{2}$/.test(draft.date_of_birth)) {
    errors.push({ code: 'invalid', field: 'date_of_birth', message: 'must be a date written YYYY-MM-DD (or M/D/YYYY)' });
  }
  return errors;
}

function describedBy(input: HTMLElement): string[] {
  return (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
}

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  vi.mocked(api.checkClient).mockImplementation(async (d) => fakeCheck(d));
  vi.mocked(api.conflictCheck).mockReset().mockResolvedValue([]);
});

describe('client form', () => {
  it('shows each check_client error next to its own field, tied by aria-describedby', async () => {
    const user = userEvent.setup();
    render(ClientForm);

    await user.type(screen.getByTestId('client-name'), 'María José Hernández');
    await user.type(screen.getByTestId('client-a-number'), 'A123');
    await user.type(screen.getByTestId('client-dob'), '04/05');

    const aError = await screen.findByTestId('error-a_number');
    expect(aError.textContent).toContain('must have 7 to 9 digits (found 3)');
    expect(aError.getAttribute('role')).toBe('alert');
    const aInput = screen.getByTestId('client-a-number');
    expect(aInput.closest('.field')).toBe(aError.closest('.field'));
    expect(describedBy(aInput)).toContain(aError.id);
    expect(aInput.getAttribute('aria-invalid')).toBe('true');

    const dobError = screen.getByTestId('error-date_of_birth');
    expect(dobError.textContent).toContain('YYYY-MM-DD');
    expect(describedBy(screen.getByTestId('client-dob'))).toContain(dobError.id);

    // The name is fine: no message beside it.
    expect(screen.queryByTestId('error-name')).toBeNull();

    // The draft went to the backend with the shape it expects.
    const lastDraft = vi.mocked(api.checkClient).mock.lastCall?.[0];
    expect(lastDraft).toMatchObject({ name: 'María José Hernández', a_number: 'A123', date_of_birth: '04/05', languages: [] });
  });

  it('checks after a pause, not on every keystroke', async () => {
    const user = userEvent.setup();
    render(ClientForm);
    await user.type(screen.getByTestId('client-name'), 'Ana Cruz');
    await waitFor(() => expect(api.checkClient).toHaveBeenCalled());
    expect(vi.mocked(api.checkClient).mock.calls.length).toBeLessThan('Ana Cruz'.length);
  });

  it('clears an error once the field is corrected', async () => {
    const user = userEvent.setup();
    render(ClientForm);
    const a = screen.getByTestId('client-a-number');
    await user.type(a, '123');
    await screen.findByTestId('error-a_number');
    await user.type(a, '456789');
    await waitFor(() => expect(screen.queryByTestId('error-a_number')).toBeNull());
  });

  it('does not save while checks fail, and says so', async () => {
    const user = userEvent.setup();
    render(ClientForm);
    await user.click(screen.getByTestId('save-client'));
    expect(await screen.findByTestId('error-name')).toHaveProperty('textContent', expect.stringContaining('is required'));
    expect(api.createClient).not.toHaveBeenCalled();
  });

  it('shows the backend’s message when saving fails on a field', async () => {
    vi.mocked(api.createClient).mockRejectedValue(
      new api.ApiError('invalid', 'another client already has this A-number', 'a_number'),
    );
    const user = userEvent.setup();
    render(ClientForm);
    await user.type(screen.getByTestId('client-name'), 'Ana Cruz');
    await user.type(screen.getByTestId('client-a-number'), 'A123-456-789');
    await user.type(screen.getByTestId('client-languages'), 'Spanish, Mam');
    await user.click(screen.getByTestId('save-client'));

    const err = await screen.findByTestId('error-a_number');
    expect(err.textContent).toContain('another client already has this A-number');
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent ?? '');
    expect(alerts.some((t) => t.includes('Not saved') && t.includes('another client already has this A-number'))).toBe(true);
    expect(vi.mocked(api.createClient).mock.lastCall?.[0]).toMatchObject({ languages: ['Spanish', 'Mam'] });
  });

  it('opens with the cursor in the name field', () => {
    render(ClientForm);
    expect(document.activeElement).toBe(screen.getByTestId('client-name'));
  });

  it('on a failed save by Enter, moves focus to the first field to correct', async () => {
    const user = userEvent.setup();
    render(ClientForm);
    await user.keyboard('Ana Cruz');
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByTestId('client-a-number'));
    await user.keyboard('A12');
    await user.tab();
    await user.keyboard('1990-01-01');
    await user.tab();
    await user.keyboard('Honduras{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('client-a-number')));
    expect(screen.getByTestId('error-a_number').textContent).toContain('7 to 9 digits');
    expect(api.createClient).not.toHaveBeenCalled();
  });

  it('on a save the backend refuses, moves focus to the field it names', async () => {
    vi.mocked(api.createClient).mockRejectedValue(
      new api.ApiError('invalid', 'another client already has this A-number', 'a_number'),
    );
    const user = userEvent.setup();
    render(ClientForm);
    await user.type(screen.getByTestId('client-a-number'), 'A123-456-789');
    await user.type(screen.getByTestId('client-name'), 'Ana Cruz{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('client-a-number')));
  });

  it('saves, says so, and opens the new client', async () => {
    vi.mocked(api.createClient).mockResolvedValue(client({ id: 'new-id', name: 'Ana Cruz' }));
    const user = userEvent.setup();
    render(ClientForm);
    await user.type(screen.getByTestId('client-name'), 'Ana Cruz{Enter}');
    await waitFor(() => expect(session.route).toEqual({ name: 'client', id: 'new-id' }));
    expect(session.notice?.text).toBe('Client added');
  });
});

describe('possible conflicts or duplicates, as a new client is typed', () => {
  it('asks after a pause and shows each match with its kind, name, score, reasons and matters', async () => {
    const found = conflictMatch({ name: 'Алексей Смирнов', score: 0.93, matters: ['PB-2025-00042', 'PB-2026-00007'] });
    vi.mocked(api.conflictCheck).mockImplementation(async (q) => (q.name === 'Alexey Smirnoff' ? [found] : []));
    const user = userEvent.setup();
    render(ClientForm);
    await user.type(screen.getByTestId('client-name'), 'Alexey Smirnoff');

    const box = await screen.findByTestId('client-conflicts');
    expect(box.textContent).toContain('Possible conflicts or duplicates');
    const item = screen.getByTestId('conflict-match');
    expect(item.textContent).toContain('Client');
    expect(item.querySelector('bdi')?.textContent).toBe('Алексей Смирнов');
    expect(item.textContent).toContain('93%');
    expect(item.textContent).toContain('name matches after transliteration from Cyrillic');
    expect(item.textContent).toContain('PB-2025-00042, PB-2026-00007');
    // Debounced: far fewer checks than keystrokes.
    expect(vi.mocked(api.conflictCheck).mock.calls.length).toBeLessThan('Alexey Smirnoff'.length / 2);
  });

  it('sends the A-number and date of birth once they are whole', async () => {
    const user = userEvent.setup();
    render(ClientForm);
    await user.type(screen.getByTestId('client-name'), 'Ana Cruz');
    await user.type(screen.getByTestId('client-a-number'), 'A123-456-789');
    await user.type(screen.getByTestId('client-dob'), '1990-05-04');
    await waitFor(() =>
      expect(api.conflictCheck).toHaveBeenLastCalledWith({ name: 'Ana Cruz', a_number: 'A123-456-789', date_of_birth: '1990-05-04' }),
    );
  });

  it('shows nothing when nothing matches', async () => {
    const user = userEvent.setup();
    render(ClientForm);
    await user.type(screen.getByTestId('client-name'), 'Ana Cruz');
    await waitFor(() => expect(api.conflictCheck).toHaveBeenCalled());
    expect(screen.queryByTestId('client-conflicts')).toBeNull();
    expect(screen.queryByText(/Possible conflicts/)).toBeNull();
  });

  it('keeps the answer for the latest text when an older one arrives late', async () => {
    const pending = new Map<string, (matches: Match[]) => void>();
    vi.mocked(api.conflictCheck).mockImplementation(
      (q: ConflictQuery) => new Promise<Match[]>((resolve) => pending.set(q.name, resolve)),
    );
    const user = userEvent.setup();
    render(ClientForm);
    const name = screen.getByTestId('client-name');
    await user.type(name, 'Ana Cru');
    await waitFor(() => expect(pending.has('Ana Cru')).toBe(true));
    await user.type(name, 'z');
    await waitFor(() => expect(pending.has('Ana Cruz')).toBe(true));

    pending.get('Ana Cruz')!([conflictMatch({ id: 'newer', name: 'Ana Cruz Gómez' })]);
    expect((await screen.findByTestId('conflict-match')).textContent).toContain('Ana Cruz Gómez');
    pending.get('Ana Cru')!([conflictMatch({ id: 'older', name: 'Ana Crumb' })]);
    await new Promise((r) => setTimeout(r, 50));
    const shown = screen.getAllByTestId('conflict-match');
    expect(shown).toHaveLength(1);
    expect(shown[0].dataset.id).toBe('newer');
  });

  it('does not keep the client from being saved', async () => {
    vi.mocked(api.conflictCheck).mockResolvedValue([conflictMatch({ name: 'Ana Cruz' })]);
    vi.mocked(api.createClient).mockResolvedValue(client({ id: 'new-id', name: 'Ana Cruz' }));
    const user = userEvent.setup();
    render(ClientForm);
    await user.type(screen.getByTestId('client-name'), 'Ana Cruz');
    await screen.findByTestId('client-conflicts');
    await user.click(screen.getByTestId('save-client'));
    await waitFor(() => expect(session.route).toEqual({ name: 'client', id: 'new-id' }));
  });

  it('does not check when editing an existing client', async () => {
    vi.mocked(api.getClient).mockResolvedValue({ client: client(), matters: [] });
    const user = userEvent.setup();
    render(ClientForm, { editId: client().id });
    const name = screen.getByTestId('client-name');
    await waitFor(() => expect((name as HTMLInputElement).value).toBe('María José Hernández'));
    await user.type(name, 'a');
    await new Promise((r) => setTimeout(r, 400));
    expect(api.conflictCheck).not.toHaveBeenCalled();
    expect(screen.queryByTestId('client-conflicts')).toBeNull();
  });
});
