// What an export wrote, said the same way on every screen that exports.

import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import SavedFile from './SavedFile.svelte';

describe('SavedFile', () => {
  it('says where, how many pages, and that the file is not encrypted', () => {
    render(SavedFile, { written: { path: '/home/c/report.pdf', pages: 1, unrenderable_scripts: [] } });
    const status = screen.getByRole('status');
    expect(status.textContent?.replace(/\s+/g, ' ')).toContain('Saved to /home/c/report.pdf (1 page). The file is not encrypted');
    expect(screen.queryByText(/could not be shown/)).toBeNull();
  });

  it('names the scripts the PDF’s font could not show', () => {
    render(SavedFile, { written: { path: '/home/c/s.pdf', pages: 3, unrenderable_scripts: ['Arabic', 'Han'] } });
    expect(screen.getByRole('status').textContent?.replace(/\s+/g, ' ')).toContain('(3 pages)');
    expect(screen.getByText(/could not be shown in the PDF’s font \(Arabic, Han\)/)).toBeTruthy();
  });
});
