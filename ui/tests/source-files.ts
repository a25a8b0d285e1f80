// Lists the UI's own source files for the guard tests.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const UI_ROOT = resolve(process.cwd());
export const SRC = join(UI_ROOT, 'src');

export type SourceFile = { path: string; text: string };

export function sourceFiles(dir = SRC, extensions = ['.ts', '.js', '.svelte']): SourceFile[] {
  const out: SourceFile[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full, extensions));
    else if (extensions.some((ext) => name.endsWith(ext))) {
      out.push({ path: relative(UI_ROOT, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  }
  return out;
}
