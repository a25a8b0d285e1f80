// Validation as the user types: the form's draft goes to the backend's check_* command
// (debounced) and each problem is shown beside the field it names. Errors show only for fields
// the user has touched, until a save attempt shows them all.

import { ApiError, errorsByField, toApiError } from '../api';
import type { PublicError } from '../api';
import { focusFirstInvalid } from './focus';

export const CHECK_DELAY_MS = 250;

export const NOT_SAVED_YET = 'Not saved yet: please correct the fields marked below.';

export class LiveCheck<Draft> {
  /** field -> message, from the last check (or the last failed save). */
  errors = $state<Record<string, string>>({});
  touched = $state<Record<string, boolean>>({});
  submitted = $state(false);
  /** A problem that names no field (or a field the form does not show). */
  formError = $state<string | null>(null);
  /** The user has changed something since the form opened (or was cleared). */
  dirty = $state(false);
  /** A save is under way. */
  saving = $state(false);

  #check: (draft: Draft) => Promise<PublicError[]>;
  #delay: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;

  constructor(check: (draft: Draft) => Promise<PublicError[]>, delay = CHECK_DELAY_MS) {
    this.#check = check;
    this.#delay = delay;
  }

  /** The message to show beside `field`, if any. */
  shown(field: string): string | undefined {
    if (!this.submitted && !this.touched[field]) return undefined;
    return this.errors[field];
  }

  /** The form's input and change handler: the form is now dirty and the field touched. */
  readonly oninput = (event: Event): void => {
    this.dirty = true;
    this.touch((event.target as HTMLInputElement | null)?.name);
  };

  /** Call from the form's `$effect` with its draft: checks it once the user has typed. */
  follow(draft: Draft): void {
    if (this.dirty) this.schedule(draft);
  }

  touch(field: string | undefined | null): void {
    if (field && !this.touched[field]) this.touched = { ...this.touched, [field]: true };
  }

  /** Checks `draft` after the user pauses typing. */
  schedule(draft: Draft): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.run(draft), this.#delay);
  }

  async run(draft: Draft): Promise<Record<string, string>> {
    const seq = ++this.#seq;
    try {
      const found = errorsByField(await this.#check(draft));
      if (seq === this.#seq) this.errors = found;
      return found;
    } catch {
      // A failed check is not a validation result; saving will tell.
      return this.errors;
    }
  }

  /** Shows a failed save: beside its field when it names one the form has, else above. */
  showSaveError(error: ApiError, fields: readonly string[]): void {
    this.submitted = true;
    if (error.field && fields.includes(error.field)) {
      this.errors = { ...this.errors, [error.field]: error.message };
      this.formError = `Not saved: ${fieldName(error.field)} ${error.message}.`;
    } else if (error.field) {
      this.formError = `Not saved: ${fieldName(error.field)} ${error.message}.`;
    } else {
      this.formError = `Not saved: ${error.message}`;
    }
  }

  /** Before a save: shows every problem; resolves to whether the form may be sent. */
  async beforeSave(draft: Draft): Promise<boolean> {
    clearTimeout(this.#timer);
    this.submitted = true;
    this.formError = null;
    const found = await this.run(draft);
    return Object.keys(found).length === 0;
  }

  /**
   * Saves with `write` if the draft passes its check and nothing in `missing` (field ->
   * message, for what the form itself requires) is left; otherwise shows every problem. A
   * failed save is shown beside its field, and focus moves to the first field marked invalid
   * in `form`, so a keyboard user lands on what to correct. Resolves to whether `write`
   * succeeded.
   */
  async save(
    draft: Draft,
    fields: readonly string[],
    write: () => Promise<void>,
    { missing = {}, form = null }: { missing?: Record<string, string>; form?: HTMLFormElement | null } = {},
  ): Promise<boolean> {
    const ok = await this.beforeSave(draft);
    if (!ok || Object.keys(missing).length > 0) {
      this.errors = { ...this.errors, ...missing };
      this.formError = NOT_SAVED_YET;
      await focusFirstInvalid(form);
      return false;
    }
    this.saving = true;
    try {
      await write();
      return true;
    } catch (e) {
      this.showSaveError(toApiError(e), fields);
      await focusFirstInvalid(form);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Back to a fresh form (after a save that keeps the form open). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#seq++;
    this.dirty = false;
    this.errors = {};
    this.touched = {};
    this.submitted = false;
    this.formError = null;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#seq++;
  }
}

/** "date_of_birth" -> "date of birth", for messages that name a field. */
export function fieldName(field: string): string {
  return field.replace(/_/g, ' ');
}
