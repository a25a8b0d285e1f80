// A-numbers are stored as nine digits and shown the way USCIS forms print them.

/** "123456789" -> "A123-456-789"; anything else is shown as stored. */
export function formatANumber(stored: string | null | undefined): string {
  if (!stored) return '';
  return /^\d{9}$/.test(stored) ? `A${stored.slice(0, 3)}-${stored.slice(3, 6)}-${stored.slice(6)}` : stored;
}

/** The digits of what someone typed as an A-number ("A 123-456" -> "123456"). */
export function aNumberDigits(typed: string): string {
  return typed.replace(/\D/g, '');
}

/** True when a search term looks like (part of) an A-number: an optional A, digits, spaces, dashes. */
export function looksLikeANumber(term: string): boolean {
  return /^\s*[Aa]?[\d\s-]*\d[\d\s-]*$/.test(term);
}
