// The words people read for the backend's codes: the tables are generated from the core's
// definitions (api/catalog.ts), so the screens name things exactly as the PDFs do.

import { COUNTRIES, US_STATES } from '../api';

export {
  CASE_TYPES,
  HEARING_KINDS,
  PARTY_ROLES,
  RELEASE_OUTCOMES,
  RELIEF_OUTCOMES,
  ROLES,
  STATUSES,
  US_STATES,
  COUNTRIES,
} from '../api';

export function label<K extends string>(labels: Record<K, string>, code: K | null | undefined): string {
  if (code === null || code === undefined) return '';
  return labels[code] ?? code;
}

/** An ISO 3166 code as a country name ("SV" -> "El Salvador"; the name the PDFs print), or the
 * code when unknown. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  return COUNTRIES[code.toUpperCase()] ?? code;
}

export function stateName(code: string | null | undefined): string {
  if (!code) return '';
  return US_STATES[code.toUpperCase()] ?? code;
}

export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}
