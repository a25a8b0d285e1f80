// Native open/save dialogs. They only return a path: the backend vets every path it is given,
// and the user can type one instead.

import { open, save } from '@tauri-apps/plugin-dialog';

export type FileFilter = { name: string; extensions: string[] };

/** A path to write, or null when the user cancels. */
export async function chooseSavePath(
  defaultPath: string,
  filterName: string,
  extensions: string[],
): Promise<string | null> {
  const chosen = await save({ defaultPath, filters: [{ name: filterName, extensions }] });
  return chosen ?? null;
}

/** One file to read, or null when the user cancels. */
export async function chooseOpenPath(filters: FileFilter[], defaultPath?: string): Promise<string | null> {
  const chosen = await open({ multiple: false, directory: false, filters, defaultPath });
  return firstPath(chosen);
}

/** A folder (vault, export folder), or null when the user cancels. */
export async function chooseFolder(defaultPath?: string): Promise<string | null> {
  const chosen = await open({ multiple: false, directory: true, defaultPath });
  return firstPath(chosen);
}

function firstPath(chosen: string | string[] | null): string | null {
  if (Array.isArray(chosen)) return chosen[0] ?? null;
  return chosen ?? null;
}
