// File paths as the user sees them in path fields: joining a folder and a file name with the
// platform's separator, and swapping an extension when the format changes.

/** Joins a folder and a file name, keeping the folder's separator style (\\ on Windows). */
export function joinPath(dir: string, file: string): string {
  const trimmed = dir.trim();
  if (trimmed === '') return file;
  const sep = trimmed.includes('\\') && !trimmed.includes('/') ? '\\' : '/';
  return trimmed.endsWith(sep) ? `${trimmed}${file}` : `${trimmed}${sep}${file}`;
}

/** Replaces (or adds) the extension: ("/a/report.pdf", "csv") -> "/a/report.csv". */
export function withExtension(path: string, ext: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dot = path.lastIndexOf('.');
  const base = dot > slash + 1 ? path.slice(0, dot) : path;
  return `${base}.${ext}`;
}

/**
 * A safe part of a file name from a case reference or title: letters, digits, - _ . kept,
 * at most 80 characters, and never one of Windows's reserved device names ("CON", "nul.2026",
 * "COM1"…, which Windows refuses with any extension): those get a "-" after the name.
 */
export function fileNamePart(text: string): string {
  const cleaned = text
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 80)
    .replace(/^[-.]+|[-.]+$/g, '');
  if (cleaned === '') return 'export';
  const dot = cleaned.indexOf('.');
  const stem = dot < 0 ? cleaned : cleaned.slice(0, dot);
  return RESERVED.test(stem) ? `${stem}-${cleaned.slice(stem.length)}` : cleaned;
}

/** Windows's device names: a file named so (with any extension) cannot be written there. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** The folder that holds a path ("/a/b/vault" -> "/a/b"); "" when there is none. */
export function parentDir(path: string): string {
  const trimmed = path.trim().replace(/[\\/]+$/, '');
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (slash < 0) return '';
  if (slash === 0) return trimmed.slice(0, 1);
  return trimmed.slice(0, slash);
}
