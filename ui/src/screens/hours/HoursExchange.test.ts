// Hours from other computers: the coordinator's program key (Copy), importing a volunteer's
// submission through the backend's two questions (map unknown case references; confirm the
// key's fingerprint on a first submission), and a volunteer submitting their hours.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import type { SubmissionOutcome } from '$lib/api';
import { session } from '$lib/session.svelte';
import { currentYear, today } from '$lib/format/dates';
import ImportSubmission from './ImportSubmission.svelte';
import ProgramKey from './ProgramKey.svelte';
import SubmitHours from './SubmitHours.svelte';
import HoursExchange from './HoursExchange.svelte';
import { generateMatters, vaultState, volunteerSummary as volunteer } from '../../test-support/fixtures';

const FILE = '/home/test/Downloads/hours-priya.pbhours';
const FP = 'AB12-CD34-EF56-7890-AB12-CD34-EF56-7890';
/** The backend's answer to a first submission: confirm this fingerprint. */
const ACCEPT: SubmissionOutcome = { outcome: 'confirm_key', volunteer: 'Priya Sharma', fingerprint: FP };
const IMPORTED: SubmissionOutcome = {
  outcome: 'imported',
  summary: {
    volunteer: 'Priya Sharma',
    fingerprint: FP,
    key_accepted: true,
    volunteer_created: true,
    created: 12,
    updated: 2,
    unchanged: 1,
    deleted_here: 2,
  },
};
/** Nothing imported: the submission names matters this vault does not have. */
function unknown(...refs: string[]): SubmissionOutcome {
  return { outcome: 'map_case_refs', volunteer: 'Priya Sharma', unknown_case_refs: refs };
}
/** What the screen sends (the task id comes from newTask, mocked as 1). */
function sent(accept_key: string | null, map: { submitted: string; ours: string }[] = []) {
  return { path: FILE, accept_key, map, task: 1 };
}


beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = vaultState({ status: 'unlocked' });
  vi.mocked(api.getSettings).mockRejectedValue({ code: 'internal', message: 'not in this test' });
  vi.mocked(api.listMatters).mockResolvedValue(generateMatters(3));
  vi.mocked(api.listVolunteers).mockResolvedValue([]);
});

async function chooseFile(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId('submission-path'), FILE);
}

describe('importing a submission', () => {
  it('asks to confirm the fingerprint on a first submission, then imports accepting it', async () => {
    vi.mocked(api.importSubmission).mockResolvedValueOnce(ACCEPT).mockResolvedValueOnce(IMPORTED);
    const user = userEvent.setup();
    render(ImportSubmission);
    expect(screen.queryByTestId('submission-accept-key')).toBeNull();
    await chooseFile(user);
    await user.click(screen.getByTestId('submission-import'));

    expect(api.importSubmission).toHaveBeenNthCalledWith(1, sent(null));
    const field = (await screen.findByTestId('submission-accept-key')) as HTMLInputElement;
    expect(screen.getByText(/confirm the key fingerprint AB12-CD34/)).toBeTruthy();
    // The coordinator types what the volunteer reads; it is not filled in for them.
    expect(field.value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(screen.queryByTestId('submission-result')).toBeNull();

    await user.type(field, 'ab12 cd34 ef56 7890 ab12 cd34 ef56 7890');
    await user.click(screen.getByTestId('submission-import'));
    expect(api.importSubmission).toHaveBeenNthCalledWith(2, sent(FP));

    const result = await screen.findByTestId('submission-result');
    expect(result.textContent).toMatch(/Priya Sharma/);
    expect(result.textContent).toMatch(/12\s+entries added, 2 updated,\s+1 unchanged/);
    expect(screen.getByTestId('submission-deleted-here').textContent).toMatch(/2\s+entries were deleted/);
    expect(result.textContent).toMatch(/was added as a volunteer/);
    // The name a volunteer chose is isolated inside the sentence (it could carry bidi controls).
    expect(result.querySelector('bdi')?.textContent).toBe('Priya Sharma');
    expect(result.textContent).toMatch(/is now accepted/);
    expect(screen.queryByTestId('submission-accept-key')).toBeNull();
  });

  it('says so when the typed fingerprint does not match', async () => {
    vi.mocked(api.importSubmission).mockResolvedValue(ACCEPT);
    const user = userEvent.setup();
    render(ImportSubmission);
    await chooseFile(user);
    await user.click(screen.getByTestId('submission-import'));
    await user.click(screen.getByTestId('submission-import'));
    // Empty: asked for before calling the backend again.
    expect(api.importSubmission).toHaveBeenCalledTimes(1);
    expect((await screen.findByTestId('error-accept_key')).textContent).toMatch(/Type the fingerprint/);

    await user.type(screen.getByTestId('submission-accept-key'), 'FFFF-0000-FFFF-0000-FFFF-0000-FFFF-0000');
    await user.click(screen.getByTestId('submission-import'));
    expect(api.importSubmission).toHaveBeenCalledTimes(2);
    const error = await screen.findByTestId('error-accept_key');
    expect(error.textContent).toMatch(/not the fingerprint of the key that signed this submission/);
    expect(screen.getByTestId('submission-accept-key').getAttribute('aria-describedby')).toContain(error.id);
  });

  it('shows a row per unknown case reference, and retries with the mapping', async () => {
    vi.mocked(api.importSubmission)
      .mockResolvedValueOnce(unknown('OLD-7', 'X-2'))
      .mockResolvedValueOnce(ACCEPT)
      .mockResolvedValueOnce(IMPORTED);
    const user = userEvent.setup();
    render(ImportSubmission);
    await chooseFile(user);
    await user.click(screen.getByTestId('submission-import'));

    const old7 = (await screen.findByTestId('submission-map-OLD-7')) as HTMLInputElement;
    expect(screen.queryByTestId('submission-result')).toBeNull();
    const x2 = screen.getByTestId('submission-map-X-2') as HTMLInputElement;
    expect(screen.getByLabelText('Matter here for OLD-7')).toBe(old7);
    // A datalist of this vault's case references.
    await waitFor(() => expect(document.getElementById(old7.getAttribute('list') ?? '')?.querySelectorAll('option').length).toBe(3));
    const refs = generateMatters(3).map((m) => m.case_ref);

    // Every row needs a matter before trying again.
    await user.type(old7, refs[0]);
    await user.click(screen.getByTestId('submission-import'));
    expect(api.importSubmission).toHaveBeenCalledTimes(1);
    expect(x2.getAttribute('aria-invalid')).toBe('true');

    await user.type(x2, refs[2]);
    await user.click(screen.getByTestId('submission-import'));
    expect(api.importSubmission).toHaveBeenNthCalledWith(
      2,
      sent(null, [
        { submitted: 'OLD-7', ours: refs[0] },
        { submitted: 'X-2', ours: refs[2] },
      ]),
    );

    // Then the first-submission question; the mapping is sent again with the answer.
    await user.type(await screen.findByTestId('submission-accept-key'), FP);
    expect(screen.getByTestId('submission-map-OLD-7')).toBeTruthy();
    await user.click(screen.getByTestId('submission-import'));
    expect(api.importSubmission).toHaveBeenNthCalledWith(
      3,
      sent(FP, [
        { submitted: 'OLD-7', ours: refs[0] },
        { submitted: 'X-2', ours: refs[2] },
      ]),
    );
    expect(await screen.findByTestId('submission-result')).toBeTruthy();
  });

  it('marks a mapping to a matter this vault does not have either', async () => {
    vi.mocked(api.importSubmission).mockResolvedValue(unknown('OLD-7'));
    const user = userEvent.setup();
    render(ImportSubmission);
    await chooseFile(user);
    await user.click(screen.getByTestId('submission-import'));
    await user.type(await screen.findByTestId('submission-map-OLD-7'), 'PB-9999');
    await user.click(screen.getByTestId('submission-import'));
    expect((await screen.findByTestId('error-ours')).textContent).toMatch(/No matter here has the case reference PB-9999/);
  });

  it('forgets the questions when another file is chosen', async () => {
    vi.mocked(api.importSubmission).mockResolvedValueOnce(ACCEPT);
    const user = userEvent.setup();
    render(ImportSubmission);
    await chooseFile(user);
    await user.click(screen.getByTestId('submission-import'));
    await screen.findByTestId('submission-accept-key');
    await user.type(screen.getByTestId('submission-path'), 'x');
    expect(screen.queryByTestId('submission-accept-key')).toBeNull();
  });

  it('shows a key conflict and file problems as errors', async () => {
    vi.mocked(api.importSubmission).mockRejectedValueOnce({
      code: 'conflict',
      message: 'this submission for Priya Sharma is signed by a different key than their earlier ones; it was refused',
    });
    const user = userEvent.setup();
    render(ImportSubmission);
    await chooseFile(user);
    await user.click(screen.getByTestId('submission-import'));
    const error = await screen.findByTestId('submission-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toMatch(/signed by a different key/);

    vi.mocked(api.importSubmission).mockRejectedValueOnce({ code: 'invalid', field: 'file', message: 'the submission is damaged' });
    await user.click(screen.getByTestId('submission-import'));
    await waitFor(() => expect(screen.getByTestId('submission-error').textContent).toBe('Submission file: the submission is damaged'));
    const path = screen.getByTestId('submission-path');
    expect(path.getAttribute('aria-invalid')).toBe('true');
    expect(path.getAttribute('aria-describedby')).toContain('submission-error');
  });
});

describe('program key', () => {
  const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  afterEach(() => {
    if (original) Object.defineProperty(navigator, 'clipboard', original);
    else Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('shows the key read-only and copies it', async () => {
    vi.mocked(api.programKey).mockResolvedValue('age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq');
    const user = userEvent.setup();
    // After setup(): user-event puts its own clipboard stub in place.
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(ProgramKey);
    const field = (await screen.findByTestId('program-key')) as HTMLInputElement;
    expect(field.readOnly).toBe(true);
    expect(field.value).toMatch(/^age1/);
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(field.value);
    expect(await screen.findByText('Copied.')).toBeTruthy();
  });

  it('selects the key when there is no clipboard', async () => {
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    render(ProgramKey);
    const field = (await screen.findByTestId('program-key')) as HTMLInputElement;
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(document.activeElement).toBe(field);
    expect(field.selectionStart).toBe(0);
    expect(field.selectionEnd).toBe(field.value.length);
    expect(screen.getByText(/press Ctrl\+C/)).toBeTruthy();
  });
});

describe('submitting my hours', () => {
  it('defaults to this year until today, saves, and shows the fingerprint to read out', async () => {
    vi.mocked(api.listVolunteers).mockResolvedValue([volunteer('v-1', 'Priya Sharma', 'priya@example.org')]);
    vi.mocked(api.submitHours).mockResolvedValue({ path: '/home/test/Documents/h.pbhours', fingerprint: FP });
    const user = userEvent.setup();
    render(SubmitHours);
    const from = `${currentYear()}-01-01`;
    expect((screen.getByTestId('submit-from') as HTMLInputElement).value).toBe(from);
    expect((screen.getByTestId('submit-to') as HTMLInputElement).value).toBe(today());
    expect((screen.getByTestId('submit-path') as HTMLInputElement).value).toBe(
      `/home/test/Documents/hours-${from}-to-${today()}.pbhours`,
    );
    // The only volunteer is chosen.
    await waitFor(() => expect((screen.getByTestId('submit-volunteer') as HTMLSelectElement).value).toBe('v-1'));

    // The offered file follows the dates.
    await user.clear(screen.getByTestId('submit-to'));
    await user.type(screen.getByTestId('submit-to'), `${currentYear()}-03-31`);
    const path = `/home/test/Documents/hours-${from}-to-${currentYear()}-03-31.pbhours`;
    expect((screen.getByTestId('submit-path') as HTMLInputElement).value).toBe(path);

    await user.click(screen.getByTestId('submit-button'));
    expect((await screen.findByTestId('error-program_key')).textContent).toMatch(/Paste the program key/);
    expect(api.submitHours).not.toHaveBeenCalled();

    await user.type(screen.getByTestId('submit-program-key'), '  age1programkey  ');
    await user.click(screen.getByTestId('submit-button'));
    expect(api.submitHours).toHaveBeenCalledWith({
      from,
      to: `${currentYear()}-03-31`,
      program_key: 'age1programkey',
      volunteer: 'v-1',
      path,
    });
    const result = await screen.findByTestId('submit-result');
    expect(result.textContent).toContain(FP);
    expect(result.textContent).toContain('/home/test/Documents/h.pbhours');
  });

  it('asks which volunteer you are when there are several, and shows backend errors by field', async () => {
    vi.mocked(api.listVolunteers).mockResolvedValue([
      volunteer('v-1', 'Priya Sharma', 'priya@example.org'),
      volunteer('v-2', 'Tomás Ruiz', null),
    ]);
    vi.mocked(api.submitHours).mockRejectedValue({ code: 'invalid', field: 'program_key', message: 'is not a program key (it starts with age1…)' });
    const user = userEvent.setup();
    render(SubmitHours);
    const select = screen.getByTestId('submit-volunteer') as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(3));
    expect(select.value).toBe('');
    await user.type(screen.getByTestId('submit-program-key'), 'nonsense');
    await user.click(screen.getByTestId('submit-button'));
    expect((await screen.findByTestId('error-volunteer')).textContent).toMatch(/Choose which volunteer you are/);
    expect(document.activeElement).toBe(select);

    await user.selectOptions(select, 'v-2');
    await user.click(screen.getByTestId('submit-button'));
    expect(vi.mocked(api.submitHours).mock.calls[0][0]).toMatchObject({ volunteer: 'v-2', program_key: 'nonsense' });
    expect((await screen.findByTestId('error-program_key')).textContent).toMatch(/is not a program key/);
  });
});

describe('the screen', () => {
  it('goes straight to the volunteer part from "Submit my hours…"', async () => {
    render(HoursExchange, { focus: 'submit' });
    await waitFor(() => expect(document.activeElement?.id).toBe('volunteer-title'));
  });
});
