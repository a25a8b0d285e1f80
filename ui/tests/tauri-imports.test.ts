// Only src/lib/api/ may talk to Tauri: every screen goes through the typed API module, so the
// IPC surface is one reviewable folder.

import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files';

const TAURI = '@tauri-' + 'apps/';
// import … from '@tauri-apps/…', import('@tauri-apps/…'), require('@tauri-apps/…'), export … from
const IMPORT = new RegExp(`(?:from\\s*|import\\s*\\(?\\s*|require\\s*\\(\\s*)['"\`]${TAURI}`);

describe('the Tauri boundary', () => {
  const files = sourceFiles();

  it('finds the UI sources (the scan is not vacuous)', () => {
    expect(files.some((f) => f.path === 'src/App.svelte')).toBe(true);
    expect(files.some((f) => f.path === 'src/lib/api/transport.ts')).toBe(true);
  });

  it('has @tauri-apps imported only under src/lib/api/', () => {
    const offenders = files
      .filter((f) => !f.path.startsWith('src/lib/api/'))
      .filter((f) => IMPORT.test(f.text) || f.text.includes(TAURI))
      .map((f) => f.path);
    expect(offenders, `these files must call $lib/api instead of Tauri: ${offenders.join(', ')}`).toEqual([]);
  });

  it('does use Tauri inside src/lib/api/ (so the guard checks the real import style)', () => {
    const inside = files.filter((f) => f.path.startsWith('src/lib/api/') && IMPORT.test(f.text));
    expect(inside.map((f) => f.path).sort()).toEqual(
      expect.arrayContaining(['src/lib/api/dialogs.ts', 'src/lib/api/events.ts', 'src/lib/api/transport.ts']),
    );
  });

  it('catches a stray import in another file', () => {
    expect(IMPORT.test(`import { invoke } from '${TAURI}api/core';`)).toBe(true);
    expect(IMPORT.test(`const m = await import("${TAURI}plugin-dialog");`)).toBe(true);
  });
});
