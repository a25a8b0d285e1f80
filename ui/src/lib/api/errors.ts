// The one error type the UI sees. Commands reject with a PublicError { code, message, field? };
// anything else (an IPC failure, a thrown Error) becomes code "internal". Screens match on
// `code` and put `message` beside the field named by `field`, never parsing message text.

import type { ErrorCode, PublicError } from './bindings';

// Every code the backend can send; a Record so the compiler notices a code added in Rust.
const KNOWN: Record<ErrorCode, true> = {
  invalid: true,
  not_found: true,
  conflict: true,
  wrong_passphrase: true,
  wrong_recovery_key: true,
  key_file_damaged: true,
  vault_damaged: true,
  vault_too_new: true,
  backup_damaged: true,
  vault_missing: true,
  vault_exists: true,
  vault_busy: true,
  locked: true,
  keyring_unavailable: true,
  io: true,
  database: true,
  cancelled: true,
  no_program_key: true,
  signing_key_changed: true,
  server_unreachable: true,
  server_login: true,
  server_security: true,
  not_allowed: true,
  server_schema: true,
  internal: true,
};
const CODES: ReadonlySet<string> = new Set(Object.keys(KNOWN));

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }

  toPublic(): PublicError {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

function isPublicError(value: unknown): value is PublicError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && CODES.has(v.code) && typeof v.message === 'string';
}

/** Turns whatever a rejected command gave us into an ApiError. */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  if (isPublicError(reason)) {
    const field = typeof reason.field === 'string' && reason.field !== '' ? reason.field : undefined;
    return new ApiError(reason.code, reason.message, field);
  }
  if (typeof reason === 'string' && reason.trim() !== '') {
    return new ApiError('internal', reason);
  }
  if (reason instanceof Error && reason.message !== '') {
    return new ApiError('internal', reason.message);
  }
  return new ApiError('internal', 'Something went wrong. Please try again.');
}

/** Validation results (check_* commands) as a map field -> message; the first per field wins. */
export function errorsByField(errors: readonly PublicError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = e.field ?? '';
    if (!(key in out)) out[key] = e.message;
  }
  return out;
}
