// Conflict checks on screen (docs/conflict-checks.md): the words for a match's kind and a
// check's decision, how a score reads, and what a form sends as it is typed.

import type { ConflictDecision, ConflictQuery, Kind, Match, ShownMatch } from '../api';
import { isIsoDate } from '../format/dates';

export const MATCH_KINDS: Record<Kind, string> = {
  client: 'Client',
  party: 'Party',
  volunteer: 'Volunteer',
};

export const DECISIONS: Record<ConflictDecision, string> = {
  no_conflict: 'No conflict',
  conflict: 'Conflict',
  waived: 'Waived',
};

/** The backend says nothing for names shorter than this (in characters). */
export const MIN_NAME_CHARS = 3;

/** Whether `name` is long enough for the check to say anything. */
export function searchable(name: string): boolean {
  return [...name.trim()].length >= MIN_NAME_CHARS;
}

/**
 * A score (0..1) as a whole percent, rounded down so only an exact match reads 100%:
 * 0.934 -> "93%".
 */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return '—';
  return `${Math.floor(Math.min(1, Math.max(0, score)) * 100 + 1e-9)}%`;
}

/** An A-number as typed, sent only once it is whole (7 to 9 digits), so a half-typed one is not refused. */
function completeANumber(typed: string): string | null {
  const t = typed.trim();
  const body = t.replace(/^[Aa]/, '');
  if (!/^[\d -]+$/.test(body)) return null;
  const digits = body.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 9 ? t : null;
}

/** A date of birth as typed, sent only once it is a whole date (YYYY-MM-DD or M/D/YYYY). */
function completeDate(typed: string): string | null {
  const t = typed.trim();
  if (isIsoDate(t)) return t;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!m) return null;
  const iso = `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  return isIsoDate(iso) ? t : null;
}

/** The query for what a form holds: the A-number and date of birth only when complete. */
export function typedQuery(name: string, aNumber = '', dateOfBirth = ''): ConflictQuery {
  return { name: name.trim(), a_number: completeANumber(aNumber), date_of_birth: completeDate(dateOfBirth) };
}

/** What a recorded check keeps of the matches shown: each person once, with their best score. */
export function shownMatches(matches: readonly Match[]): ShownMatch[] {
  const byPerson = new Map<string, ShownMatch>();
  for (const m of matches) {
    const key = `${m.kind}:${m.id}`;
    const seen = byPerson.get(key);
    if (!seen || m.score > seen.score) byPerson.set(key, { kind: m.kind, id: m.id, name: m.name, score: m.score });
  }
  return [...byPerson.values()];
}
