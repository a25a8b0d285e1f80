// Sensitive actions (changing the passphrase, replacing the vault's key or recovery key,
// remembering the key, exporting every record, forgetting a volunteer's signing key) ask for
// the current passphrase again, even when this computer unlocked the vault with a remembered
// key. The backend names a wrong one with these fields; the form shows it beside the
// confirmation field (ConfirmPassphrase.svelte).

import type { ApiError } from '$lib/api';

/** The error fields of a refused confirmation. */
export const CONFIRM_FIELDS: readonly string[] = ['current_passphrase', 'current_recovery_key'];

/** The message to show beside the confirmation field, when `err` is about it. */
export function confirmationError(err: ApiError): string | null {
  if (err.field !== undefined) return CONFIRM_FIELDS.includes(err.field) ? err.message : null;
  // A wrong secret without a field still belongs beside the field that was typed.
  return err.code === 'wrong_passphrase' || err.code === 'wrong_recovery_key' ? err.message : null;
}
