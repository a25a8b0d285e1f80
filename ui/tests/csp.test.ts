// The app runs under a strict CSP (no inline scripts or styles, no eval): these checks keep
// the sources within it. The build's own output is checked by `npm run build` + the e2e test.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles, UI_ROOT } from './source-files';

/** The markup of a component: without <script> and <style> blocks. */
function markup(svelte: string): string {
  return svelte.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
}

describe('content security policy', () => {
  const files = sourceFiles();
  const components = files.filter((f) => f.path.endsWith('.svelte'));

  it('index.html has no inline script or style', () => {
    const html = readFileSync(join(UI_ROOT, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('components use style: directives (CSSOM), never style="…" attributes or {@html}', () => {
    const offenders = components
      .filter((f) => /\sstyle\s*=/.test(markup(f.text)) || /\{@html\b/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('nothing evaluates strings as code or loads from the network', () => {
    const offenders = files
      .filter((f) => !f.path.endsWith('.test.ts'))
      .filter((f) => /\beval\s*\(|new Function\s*\(|https?:\/\/(?!ipc\.localhost)[a-z]/i.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('nothing logs to the console (client data must not reach logs)', () => {
    const offenders = files
      .filter((f) => !f.path.endsWith('.test.ts') && !f.path.startsWith('src/test-support/'))
      .filter((f) => /\bconsole\.(log|info|warn|error|debug)\s*\(/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('secrets never go to web storage', () => {
    const offenders = files.filter((f) => /\b(localStorage|sessionStorage)\b/.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
