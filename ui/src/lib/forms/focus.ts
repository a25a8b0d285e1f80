// Where the cursor goes after a refused save: to the first field to correct, so a keyboard
// (or screen reader) user lands on it instead of having to find it.

import { tick } from 'svelte';

/** Once the errors are on screen, focuses the first field of `form` marked aria-invalid. */
export async function focusFirstInvalid(form: HTMLFormElement | null | undefined): Promise<void> {
  if (!form) return;
  await tick();
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
