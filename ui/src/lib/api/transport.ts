// The single place that calls Tauri's `invoke`, for the generated wrappers in commands.ts (which
// pass the Rust parameter names in camelCase; the structs inside keep their snake_case fields).

import { invoke } from '@tauri-apps/api/core';
import type { CommandName } from './commands';
import { ApiError, toApiError } from './errors';

type LockedListener = () => void;
let lockedListener: LockedListener | null = null;

/**
 * Called when any command answers "locked" (the vault auto-locked between two calls); the app
 * shell uses it to clear its state as it does on the "vault-locked" event.
 */
export function setLockedListener(listener: LockedListener | null): void {
  lockedListener = listener;
}

type DamagedListener = () => void;
let damagedListener: DamagedListener | null = null;

/**
 * Called when any command answers "vault damaged": the backend then keeps the vault open
 * read-only, and the app shell fetches the vault's state again to say so.
 */
export function setDamagedListener(listener: DamagedListener | null): void {
  damagedListener = listener;
}

export async function call<T>(command: CommandName, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    const error: ApiError = toApiError(reason);
    if (error.code === 'locked' && lockedListener) lockedListener();
    if (error.code === 'vault_damaged' && damagedListener) damagedListener();
    throw error;
  }
}
