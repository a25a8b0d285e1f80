import { describe, expect, it } from 'vitest';
import { scrollToShow, visibleWindow } from './window';

const base = { rowHeight: 40, viewportHeight: 400, count: 10_000, overscan: 5 };

describe('virtual list window', () => {
  it('renders the first screen plus overscan at the top', () => {
    expect(visibleWindow({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 16, offset: 0, total: 400_000 });
  });

  it('follows the scroll position with overscan on both sides', () => {
    const w = visibleWindow({ ...base, scrollTop: 40 * 5000 + 15 });
    expect(w.start).toBe(4995);
    expect(w.end).toBe(5016);
    expect(w.offset).toBe(4995 * 40);
  });

  it('never renders more than a screenful plus overscan, whatever the count', () => {
    for (const scrollTop of [0, 1234, 99_999, 399_600]) {
      const w = visibleWindow({ ...base, scrollTop });
      expect(w.end - w.start).toBeLessThanOrEqual(10 + 1 + 2 * 5);
      expect(w.end).toBeLessThanOrEqual(10_000);
    }
  });

  it('shows the last rows when a filter leaves the scroll position past the end', () => {
    const w = visibleWindow({ ...base, count: 30, scrollTop: 200_000 });
    expect(w.end).toBe(30);
    expect(w.start).toBe(15);
  });

  it('handles empty lists and lists shorter than the viewport', () => {
    expect(visibleWindow({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, offset: 0, total: 0 });
    expect(visibleWindow({ ...base, count: 3, scrollTop: 0 })).toEqual({ start: 0, end: 3, offset: 0, total: 120 });
  });

  it('scrolls just enough to show a row', () => {
    expect(scrollToShow(0, 400, 400, 40)).toBe(0);
    expect(scrollToShow(20, 0, 400, 40)).toBe(440);
    expect(scrollToShow(5, 0, 400, 40)).toBe(0);
  });
});
