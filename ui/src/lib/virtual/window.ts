// Which rows of a long list are on screen: the list renders only these (plus a few above and
// below), inside a spacer as tall as all the rows.

export type WindowInput = {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Rows rendered beyond each edge so fast scrolling shows no gaps. */
  overscan: number;
};

export type RowWindow = {
  /** First rendered row (inclusive). */
  start: number;
  /** Past the last rendered row (exclusive). */
  end: number;
  /** Pixels from the top of the spacer to the first rendered row. */
  offset: number;
  /** Height of all rows. */
  total: number;
};

export function visibleWindow({ scrollTop, viewportHeight, rowHeight, count, overscan }: WindowInput): RowWindow {
  const total = Math.max(0, count) * rowHeight;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, total: 0 };
  const perView = Math.max(1, Math.ceil(Math.max(0, viewportHeight) / rowHeight));
  // After a filter shrinks the list, the old scroll position may lie past the end.
  const maxFirst = Math.max(0, count - perView);
  const first = Math.min(maxFirst, Math.max(0, Math.floor(Math.max(0, scrollTop) / rowHeight)));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + perView + 1 + overscan);
  return { start, end, offset: start * rowHeight, total };
}

/** The scrollTop that brings row `index` into view (unchanged when it already is). */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return scrollTop;
}
