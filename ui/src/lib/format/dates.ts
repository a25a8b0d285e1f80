// Dates stay as stored (YYYY-MM-DD); these helpers only make "today", shift days, and show a
// hearing's date-time or a month label.

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The local calendar date as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function currentYear(now: Date = new Date()): number {
  return now.getFullYear();
}

/** True for a well-formed, real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A hearing's `at` ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM") as "YYYY-MM-DD" or "YYYY-MM-DD 09:30". */
export function formatDateTime(at: string): string {
  return at.replace('T', ' ').slice(0, 16);
}

/** A created_at timestamp (RFC 3339) shown as its date. */
export function formatTimestampDate(ts: string): string {
  return ts.slice(0, 10);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03" -> "Mar"; with the year when asked: "Mar 2026". */
export function monthLabel(month: string, withYear = false): string {
  const [y, m] = month.split('-');
  const name = MONTHS[Number(m) - 1] ?? month;
  return withYear ? `${name} ${y}` : name;
}

/** Combines a date and an optional time (HH:MM) into a hearing's `at`. */
export function combineDateTime(date: string, time: string): string {
  const t = time.trim();
  return t === '' ? date.trim() : `${date.trim()}T${t}`;
}

/**
 * A backend timestamp (RFC 3339, UTC) in this computer's local time as "YYYY-MM-DD HH:MM";
 * anything unreadable is shown as it came.
 */
export function formatTimestamp(ts: string): string {
  const at = new Date(ts);
  if (Number.isNaN(at.getTime())) return ts;
  return `${today(at)} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
