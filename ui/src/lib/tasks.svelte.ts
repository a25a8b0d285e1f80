// A long backend task the user can watch and cancel: a task id from new_task tags the
// "progress" events and is what cancel_task takes.

import * as api from './api';
import type { ProgressEvent } from './api';

export class TaskProgress {
  running = $state(false);
  cancelling = $state(false);
  stage = $state('');
  done = $state(0);
  total = $state(0);
  #task: number | null = null;

  /** Runs `work` with a fresh task id, updating the progress fields from its events. */
  async run<T>(work: (task: number) => Promise<T>): Promise<T> {
    this.running = true;
    this.cancelling = false;
    this.stage = 'starting';
    this.done = 0;
    this.total = 0;
    let unsubscribe: api.Unsubscribe | null = null;
    try {
      const task = await api.newTask();
      this.#task = task;
      unsubscribe = await api.onProgress(task, (e: ProgressEvent) => {
        this.stage = e.stage;
        this.done = e.done;
        this.total = e.total;
      });
      return await work(task);
    } finally {
      unsubscribe?.();
      this.#task = null;
      this.running = false;
      this.cancelling = false;
    }
  }

  async cancel(): Promise<void> {
    if (this.#task === null) return;
    this.cancelling = true;
    try {
      await api.cancelTask(this.#task);
    } catch {
      this.cancelling = false;
    }
  }
}
