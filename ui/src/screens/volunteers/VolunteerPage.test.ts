// A volunteer's page: forgetting their signing key (they moved to a new computer) asks for the
// passphrase again first, and sends it with the request.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import VolunteerPage from './VolunteerPage.svelte';
import { vaultState, volunteerSummary } from '../../test-support/fixtures';

const ID = '20000000-0000-7000-8000-000000000001';
const PASSPHRASE = 'old river stone lantern';

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = vaultState({ status: 'unlocked', keyring: { available: true, reason: null, remembered: true } });
  vi.mocked(api.getVolunteer).mockResolvedValue({
    summary: volunteerSummary(ID, 'Priya Sharma', 'priya@example.org'),
    matters: [],
    recent_time: [],
  });
  vi.mocked(api.resetVolunteerKey).mockResolvedValue(true);
});

async function openDialog(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  render(VolunteerPage, { id: ID });
  await user.click(await screen.findByTestId('reset-volunteer-key'));
  const dialog = screen.getByTestId('reset-key-dialog');
  expect(dialog.textContent).toContain('Priya Sharma');
  return dialog;
}

describe('forget a volunteer’s signing key', () => {
  it('asks for the passphrase first and sends it with the request', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user);
    expect(api.resetVolunteerKey).not.toHaveBeenCalled();
    await user.type(within(dialog).getByTestId('reset-key-passphrase'), PASSPHRASE);
    await user.click(within(dialog).getByTestId('reset-key-confirm'));
    await waitFor(() =>
      expect(api.resetVolunteerKey).toHaveBeenCalledWith(ID, { confirm: { passphrase: PASSPHRASE, recovery_key: null } }),
    );
    await waitFor(() => expect(within(dialog).queryByTestId('reset-key-passphrase')).toBeNull());
    expect(session.notice?.text).toMatch(/Their signing key is forgotten/);
  });

  it('does not call the backend when nothing was typed', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByTestId('reset-key-confirm'));
    expect((await within(dialog).findByTestId('error-current_passphrase')).textContent).toMatch(/Type your passphrase to confirm/);
    expect(api.resetVolunteerKey).not.toHaveBeenCalled();
  });

  it('shows a wrong passphrase beside the field, emptied, and keeps the dialog open', async () => {
    vi.mocked(api.resetVolunteerKey).mockRejectedValue({
      code: 'wrong_passphrase',
      message: "is not this vault's passphrase; type the passphrase that opens the vault to confirm",
      field: 'current_passphrase',
    });
    const user = userEvent.setup();
    const dialog = await openDialog(user);
    const field = within(dialog).getByTestId('reset-key-passphrase') as HTMLInputElement;
    await user.type(field, 'not it');
    await user.click(within(dialog).getByTestId('reset-key-confirm'));
    const error = await within(dialog).findByTestId('error-current_passphrase');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toMatch(/is not this vault's passphrase/);
    expect(field.getAttribute('aria-describedby')).toContain(error.id);
    expect(field.value).toBe('');
    expect(session.notice).toBeNull();
  });

  it('cancels without calling the backend', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByTestId('reset-key-passphrase'), PASSPHRASE);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(within(dialog).queryByTestId('reset-key-passphrase')).toBeNull();
    expect(api.resetVolunteerKey).not.toHaveBeenCalled();
  });
});

describe('service statement and the 50 hours', () => {
  const STUDENT = volunteerSummary(ID, 'Tomás Ruiz', 'truiz@example.edu');
  STUDENT.volunteer.role = 'law_student';
  STUDENT.volunteer.law_school_start = '2025-08-20';

  it('exports the statement for the year typed, without client names unless asked', async () => {
    vi.mocked(api.exportStatement).mockResolvedValue({ path: '/tmp/statement.pdf', pages: 2, unrenderable_scripts: [] });
    const user = userEvent.setup();
    render(VolunteerPage, { id: ID });
    const year = await screen.findByTestId('statement-year');
    await user.clear(year);
    await user.type(year, '2025');
    await user.click(screen.getByTestId('export-statement-button'));
    await waitFor(() => expect(api.exportStatement).toHaveBeenCalledTimes(1));
    const request = vi.mocked(api.exportStatement).mock.calls[0][0];
    expect(request).toMatchObject({ volunteer_id: ID, period: { year: 2025, from: null, to: null }, with_client_names: false });
    expect(request.path).toMatch(/statement-priya-sharma-2025\.pdf$/);
    expect((await screen.findByTestId('statement-status')).textContent).toContain('/tmp/statement.pdf');

    await user.click(screen.getByTestId('statement-client-names'));
    await user.click(screen.getByTestId('export-statement-button'));
    await waitFor(() => expect(api.exportStatement).toHaveBeenCalledTimes(2));
    expect(vi.mocked(api.exportStatement).mock.calls[1][0].with_client_names).toBe(true);
  });

  it('refuses a year that is not one, beside the field, without asking the backend', async () => {
    const user = userEvent.setup();
    render(VolunteerPage, { id: ID });
    const year = await screen.findByTestId('statement-year');
    await user.clear(year);
    await user.type(year, '20x6');
    await user.click(screen.getByTestId('export-statement-button'));
    expect((await screen.findByTestId('error-year')).textContent).toContain('must be a year');
    expect(api.exportStatement).not.toHaveBeenCalled();
  });

  it('shows a student’s qualifying hours toward 50 and what was left out', async () => {
    vi.mocked(api.getVolunteer).mockResolvedValue({ summary: STUDENT, matters: [], recent_time: [] });
    vi.mocked(api.serviceStatement).mockResolvedValue({
      program_name: 'Clinic',
      period: { from: '2025-08-20', to: '2026-12-03' },
      project: null,
      volunteer: {
        name: 'Tomás Ruiz',
        email: null,
        organization: null,
        role: 'law_student',
        role_label: 'Law student',
        bar_number: null,
        bar_admissions: [],
        law_school_start: '2025-08-20',
      },
      matters: [
        {
          case_ref: 'JC-2',
          case_type: 'asylum',
          case_type_label: 'Asylum',
          client_name: null,
          supervisor: { name: 'Priya Sharma', email: null, bar_number: null },
          supervisor_named: false,
          hours: 12.5,
          qualifying_hours: 12.5,
          entries: [],
        },
      ],
      total_hours: 14.5,
      entry_count: 4,
      qualifying: {
        goal_hours: 50,
        hours: 12.5,
        remaining_hours: 37.5,
        law_school_start: '2025-08-20',
        left_out: [{ case_ref: 'JC-9', date: '2025-09-01', hours: 2, reason: 'no supervising attorney on this matter' }],
        notes: [],
      },
      client_names_included: false,
      definitions: [],
    });
    render(VolunteerPage, { id: ID });
    const card = await screen.findByTestId('bar-hours');
    await waitFor(() => expect(card.textContent).toContain('12.5 of 50 qualifying hours'));
    expect(api.serviceStatement).toHaveBeenCalledWith({
      volunteer_id: ID,
      period: { year: null, from: '2025-08-20', to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
    expect(card.textContent).toContain('37.5 hours to go');
    expect(card.textContent).toContain('Priya Sharma');
    expect(screen.getByTestId('bar-hours-left-out').textContent).toContain('1 entry was left out: no supervising attorney');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('12.5');
  });

  it('shows no 50-hour card for an attorney', async () => {
    render(VolunteerPage, { id: ID });
    await screen.findByTestId('statement-year');
    expect(screen.queryByTestId('bar-hours')).toBeNull();
    expect(api.serviceStatement).not.toHaveBeenCalled();
  });
});
