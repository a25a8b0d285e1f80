// How numbers read on screen: hours to one decimal, counts with separators, rates as percent.

const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Hours (as reports give them) to one decimal: 1234.56 -> "1,234.6". */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours)) return '—';
  // Avoid "-0.0" for tiny negative rounding noise.
  const value = Math.abs(hours) < 0.05 ? 0 : hours;
  return oneDecimal.format(value);
}

/** Minutes (as records store them) as hours to one decimal: 90 -> "1.5". */
export function formatMinutes(minutes: number): string {
  return formatHours(minutes / 60);
}

/** A count with thousands separators: 10000 -> "10,000". */
export function formatCount(n: number): string {
  return whole.format(n);
}

/** Rounds to a whole number, halves to even, as Rust's `{:.0}` does (so screen and PDF agree). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (Math.abs(diff - 0.5) < 1e-9) return floor % 2 === 0 ? floor : floor + 1;
  return Math.round(x);
}

/** A rate (0..1) as a whole percent: 0.714 -> "71%"; null -> "—" (nothing decided yet). */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${roundHalfEven(rate * 100)}%`;
}

/** "1 volunteer" / "2 volunteers". */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
