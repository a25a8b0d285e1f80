// The top bar's File menu: a menu button that works from the keyboard (open with Enter or the
// arrows, move with the arrows, Escape closes and returns to the button) and goes where each
// item says.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('$lib/api')>()),
  ...(await import('../test-support/api-mock')).commandMocks(),
}));

import * as api from '$lib/api';
import { session } from '$lib/session.svelte';
import FileMenu from './FileMenu.svelte';
import { vaultState } from '../test-support/fixtures';

const LABELS = [
  'Back up now…',
  'Restore a backup…',
  'Export all records…',
  'Import a spreadsheet…',
  'Import hours from a volunteer…',
  'Submit my hours…',
  'Lock',
];

beforeEach(() => {
  vi.clearAllMocks();
  session.reset();
  session.vault = vaultState({ status: 'unlocked' });
});

function items(): HTMLElement[] {
  return screen.queryAllByRole('menuitem');
}

describe('File menu', () => {
  it('is a menu button, closed at first', () => {
    render(FileMenu);
    const button = screen.getByTestId('file-menu');
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('opens from the keyboard, arrows move (wrapping), Escape closes and returns focus', async () => {
    const user = userEvent.setup();
    render(FileMenu);
    const button = screen.getByTestId('file-menu');
    button.focus();

    await user.keyboard('{Enter}');
    const menu = screen.getByRole('menu');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-controls')).toBe(menu.id);
    expect(items().map((i) => i.textContent?.trim())).toEqual(LABELS);
    await waitFor(() => expect(document.activeElement).toBe(items()[0]));

    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(items()[1]);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(items()[3]);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(items()[2]);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(items()[6]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(items()[0]);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(items()[6]);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(items()[0]);
    // A letter jumps to the next item starting with it.
    await user.keyboard('s');
    expect(document.activeElement).toBe(items()[5]);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
    expect(session.route).toEqual({ name: 'dashboard' });
  });

  it('opens on the last item with the up arrow, and Tab closes it', async () => {
    const user = userEvent.setup();
    render(FileMenu);
    screen.getByTestId('file-menu').focus();
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(document.activeElement).toBe(items()[6]));
    await user.keyboard('{Tab}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('file-menu'));
  });

  it('runs the chosen item with Enter and closes', async () => {
    const user = userEvent.setup();
    render(FileMenu);
    screen.getByTestId('file-menu').focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement).toBe(items()[0]));
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(session.route).toEqual({ name: 'backups', focus: 'export' });
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it.each([
    ['file-menu-backup', { name: 'backups', focus: 'backup' }],
    ['file-menu-restore', { name: 'restore' }],
    ['file-menu-export', { name: 'backups', focus: 'export' }],
    ['file-menu-import', { name: 'import' }],
    ['file-menu-import-hours', { name: 'hours-exchange', focus: 'import' }],
    ['file-menu-submit-hours', { name: 'hours-exchange', focus: 'submit' }],
  ])('%s goes to %o', async (testid, route) => {
    const user = userEvent.setup();
    render(FileMenu);
    await user.click(screen.getByTestId('file-menu'));
    await user.click(screen.getByTestId(testid));
    expect(session.route).toEqual(route);
  });

  it('locks the vault', async () => {
    const user = userEvent.setup();
    render(FileMenu);
    await user.click(screen.getByTestId('file-menu'));
    await user.click(screen.getByTestId('file-menu-lock'));
    await waitFor(() => expect(api.lock).toHaveBeenCalledTimes(1));
  });

  it('closes on a click elsewhere', async () => {
    const user = userEvent.setup();
    render(FileMenu);
    await user.click(screen.getByTestId('file-menu'));
    expect(screen.getByRole('menu')).toBeTruthy();
    await user.click(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
