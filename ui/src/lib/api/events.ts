// Backend events: progress of long tasks (export, import) and the vault locking itself.

import { listen } from '@tauri-apps/api/event';
import type { ProgressEvent } from './bindings';

export type Unsubscribe = () => void;

/** Calls `callback` for every "progress" event of `task`. Resolves to an unsubscribe function. */
export async function onProgress(task: number, callback: (event: ProgressEvent) => void): Promise<Unsubscribe> {
  return listen<ProgressEvent>('progress', (event) => {
    if (event.payload.task === task) callback(event.payload);
  });
}

/** Calls `callback` when the backend locks the vault on its own (idle auto-lock). */
export async function onVaultLocked(callback: () => void): Promise<Unsubscribe> {
  return listen('vault-locked', () => callback());
}
