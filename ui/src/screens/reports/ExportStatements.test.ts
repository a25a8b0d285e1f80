// Statements for every volunteer: the year and folder go to the backend with a task id, the
// count written is shown, and a volunteer whose statement failed is named.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import ExportStatements from './ExportStatements.svelte';

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  vi.mocked(api.onProgress).mockResolvedValue(() => {});
});

describe('statements for every volunteer', () => {
  it('sends the year, folder and task, and names the volunteer whose statement failed', async () => {
    vi.mocked(api.exportStatements).mockResolvedValue({
      folder: '/home/c/statements-2025',
      written: [
        { path: '/home/c/statements-2025/statement-ana-2025.pdf', pages: 2, unrenderable_scripts: [] },
        { path: '/home/c/statements-2025/statement-ben-2025.pdf', pages: 2, unrenderable_scripts: [] },
      ],
      failed: [{ volunteer: 'Cal Calm', message: 'writing /home/c/statements-2025/statement-cal-calm-2025.pdf: Is a directory' }],
    });
    const user = userEvent.setup();
    render(ExportStatements);
    const year = screen.getByTestId('statements-year');
    await user.clear(year);
    await user.type(year, '2025');
    const folder = screen.getByTestId('statements-folder') as HTMLInputElement;
    expect(folder.value).toMatch(/statements-2025$/);
    await user.click(screen.getByTestId('export-statements-button'));
    await waitFor(() => expect(api.exportStatements).toHaveBeenCalledTimes(1));
    expect(vi.mocked(api.exportStatements).mock.calls[0][0]).toMatchObject({
      period: { year: 2025, from: null, to: null },
      with_client_names: false,
      task: 1,
    });
    const status = await screen.findByTestId('statements-status');
    await waitFor(() =>
      expect(status.textContent?.replace(/\s+/g, ' ')).toContain('2 statements saved in /home/c/statements-2025'),
    );
    expect(screen.getByTestId('statements-failed').textContent).toContain('Cal Calm');
  });

  it('refuses a year that is not one without asking the backend', async () => {
    const user = userEvent.setup();
    render(ExportStatements);
    const year = screen.getByTestId('statements-year');
    await user.clear(year);
    await user.type(year, 'next');
    await user.click(screen.getByTestId('export-statements-button'));
    expect((await screen.findByTestId('error-year')).textContent).toContain('must be a year');
    expect(api.exportStatements).not.toHaveBeenCalled();
  });
});
