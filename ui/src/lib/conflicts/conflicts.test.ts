// Conflict checks as a form is typed: what is sent (a half-typed A-number or date is not), the
// pause before asking, the answer kept only for the latest text; and how scores and the
// matches a recorded check keeps read.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConflictQuery, Match } from '../api';
import { formatScore, searchable, shownMatches, typedQuery } from './conflicts';
import { LiveConflicts } from './live.svelte';
import { conflictMatch } from '../../test-support/fixtures';

/** A promise the test settles when it wants. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('what a form sends', () => {
  it('sends the A-number and date of birth only once they are whole', () => {
    expect(typedQuery(' Ana Cruz ', 'A12', '1990-05')).toEqual({ name: 'Ana Cruz', a_number: null, date_of_birth: null });
    expect(typedQuery('Ana Cruz', 'A123-456-789', '1990-05-04')).toEqual({
      name: 'Ana Cruz',
      a_number: 'A123-456-789',
      date_of_birth: '1990-05-04',
    });
    expect(typedQuery('Ana Cruz', '12345678', '5/4/1990')).toMatchObject({ a_number: '12345678', date_of_birth: '5/4/1990' });
    expect(typedQuery('Ana Cruz', 'A12345678x', '1990-02-30')).toMatchObject({ a_number: null, date_of_birth: null });
  });

  it('counts characters, not bytes, for the shortest name searched', () => {
    expect(searchable('Al')).toBe(false);
    expect(searchable('  Ali ')).toBe(true);
    expect(searchable('王伟')).toBe(false);
    expect(searchable('محمد')).toBe(true);
  });
});

describe('scores and recorded matches', () => {
  it('reads a score as a percent, never rounding up to 100%', () => {
    expect(formatScore(0.934)).toBe('93%');
    expect(formatScore(0.999)).toBe('99%');
    expect(formatScore(1)).toBe('100%');
    expect(formatScore(0.8)).toBe('80%');
  });

  it('keeps each person once, with their best score and without the reasons', () => {
    const a = conflictMatch({ id: 'a', score: 0.85 });
    const b = conflictMatch({ id: 'b', kind: 'party', name: 'Juan Pérez', score: 0.9 });
    expect(shownMatches([a, b, { ...a, score: 0.95 }])).toEqual([
      { kind: 'client', id: 'a', name: 'Alexey Smirnoff', score: 0.95 },
      { kind: 'party', id: 'b', name: 'Juan Pérez', score: 0.9 },
    ]);
  });
});

describe('LiveConflicts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const query = (name: string): ConflictQuery => ({ name, a_number: null, date_of_birth: null });

  it('asks once the typing pauses, with the latest text', async () => {
    const check = vi.fn(async (_q: ConflictQuery): Promise<Match[]> => [conflictMatch()]);
    const live = new LiveConflicts(check);
    live.follow(query('Ale'));
    live.follow(query('Alex'));
    live.follow(query('Alexey'));
    await vi.advanceTimersByTimeAsync(249);
    expect(check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(check).toHaveBeenCalledTimes(1);
    expect(check).toHaveBeenCalledWith(query('Alexey'));
    expect(live.matches).toHaveLength(1);
  });

  it('does not ask for a name too short to say anything, and clears what was shown', async () => {
    const check = vi.fn(async (): Promise<Match[]> => [conflictMatch()]);
    const live = new LiveConflicts(check);
    live.follow(query('Alexey'));
    await vi.advanceTimersByTimeAsync(250);
    expect(live.matches).toHaveLength(1);
    live.follow(query('Al'));
    expect(live.matches).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('drops a slower answer for older text', async () => {
    const older = deferred<Match[]>();
    const newer = deferred<Match[]>();
    const check = vi.fn((q: ConflictQuery) => (q.name === 'Alexey' ? older.promise : newer.promise));
    const live = new LiveConflicts(check);
    live.follow(query('Alexey'));
    await vi.advanceTimersByTimeAsync(250);
    live.follow(query('Alexey Smirnoff'));
    await vi.advanceTimersByTimeAsync(250);
    expect(check).toHaveBeenCalledTimes(2);

    newer.resolve([conflictMatch({ id: 'newer' })]);
    await vi.advanceTimersByTimeAsync(0);
    older.resolve([conflictMatch({ id: 'older' })]);
    await vi.advanceTimersByTimeAsync(0);
    expect(live.matches.map((m) => m.id)).toEqual(['newer']);
  });

  it('shows nothing when the check fails: it informs, it does not block', async () => {
    const live = new LiveConflicts(async () => {
      throw { code: 'invalid', field: 'name', message: 'must be at most 200 characters' };
    });
    live.follow(query('x'.repeat(201)));
    await vi.advanceTimersByTimeAsync(250);
    expect(live.matches).toEqual([]);
  });
});
