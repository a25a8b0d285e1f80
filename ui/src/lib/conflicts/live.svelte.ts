// Likely matches as a name is typed (new client, new party): the query goes to the backend's
// conflict_check after a pause, and only the answer for the latest text is shown (a slower
// answer for older text is dropped). It informs, it never blocks: a failed check shows nothing.

import type { ConflictQuery, Match } from '../api';
import { CHECK_DELAY_MS } from '../forms/live-check.svelte';
import { searchable } from './conflicts';

export class LiveConflicts {
  /** The matches for the latest text that has an answer. */
  matches = $state<Match[]>([]);

  #check: (query: ConflictQuery) => Promise<Match[]>;
  #delay: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;
  #last = '';

  constructor(check: (query: ConflictQuery) => Promise<Match[]>, delay = CHECK_DELAY_MS) {
    this.#check = check;
    this.#delay = delay;
  }

  /** Call from the form's `$effect` with what it holds: checks it after the person pauses. */
  follow(query: ConflictQuery): void {
    const key = JSON.stringify(query);
    if (key === this.#last) return;
    this.#last = key;
    clearTimeout(this.#timer);
    // Any answer still on its way is for older text now.
    const seq = ++this.#seq;
    if (!searchable(query.name)) {
      this.matches = [];
      return;
    }
    this.#timer = setTimeout(() => void this.#run(query, seq), this.#delay);
  }

  async #run(query: ConflictQuery, seq: number): Promise<void> {
    let found: Match[];
    try {
      found = await this.#check(query);
    } catch {
      // A refused or failed check (a name the form will flag itself) is not a result.
      found = [];
    }
    if (seq === this.#seq) this.matches = found;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#seq++;
  }
}
