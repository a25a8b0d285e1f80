// Tells the backend the user is active at most once per interval, so auto-lock waits while
// someone is working without a call on every keystroke.

export const TOUCH_INTERVAL_MS = 30_000;

export function throttle(fn: () => void, intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < intervalMs) return false;
    last = t;
    fn();
    return true;
  };
}
