// Helpers of the "Backups and data" and "Hours from other computers" screens: the file names
// offered in path fields, and the fingerprint as the backend compares it.

import { fileNamePart } from './paths';

/** The backup file offered by "Back up now": pro-bono-desk-YYYY-MM-DD.pbbackup. */
export function backupFileName(date: string): string {
  return `pro-bono-desk-${fileNamePart(date)}.pbbackup`;
}

/** The submission file offered by "Submit my hours": hours-FROM-to-TO.pbhours. */
export function hoursFileName(from: string, to: string): string {
  const part = (d: string) => d.trim().replace(/[^0-9A-Za-z-]+/g, '').slice(0, 40) || 'date';
  return `hours-${part(from)}-to-${part(to)}.pbhours`;
}

/**
 * A key fingerprint as typed or pasted ("ab12 cd34…", "AB12CD34…") in the form the backend
 * shows and compares: 32 hex digits in upper case, in groups of four joined by dashes. Text
 * that is not 32 hex digits is only trimmed and upper-cased (the backend then says it does
 * not match).
 */
export function normalizeFingerprint(text: string): string {
  const hex = text.replace(/[\s-]+/g, '').toUpperCase();
  if (/^[0-9A-F]{32}$/.test(hex)) return hex.match(/.{4}/g)?.join('-') ?? hex;
  return text.trim().toUpperCase();
}
