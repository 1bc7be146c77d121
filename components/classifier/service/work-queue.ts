// A bounded queue with a concurrency limit. Admission is decided at once: over `maxQueue`
// (waiting + running) the caller answers BUSY instead of letting memory and latency grow.
// Limits are read on every admission so live configuration updates apply immediately.

export interface WorkQueueLimits {
  readonly maxQueue: number;
  readonly maxConcurrency: number;
}

export type Job = () => Promise<void>;

interface Entry {
  readonly run: Job;
  /** Answers for a job that will not run (shutdown). */
  readonly cancel: () => void;
}

export class WorkQueue {
  readonly #limits: () => WorkQueueLimits;
  readonly #waiting: Entry[] = [];
  #running = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(limits: () => WorkQueueLimits) {
    this.#limits = limits;
  }

  /** Waiting plus running jobs. */
  get size(): number {
    return this.#waiting.length + this.#running;
  }

  get running(): number {
    return this.#running;
  }

  /** Queues the job, or returns false (and does nothing) when the queue is full. Jobs must not reject. */
  tryAdmit(run: Job, cancel: () => void = () => {}): boolean {
    if (this.size >= this.#limits().maxQueue) return false;
    this.#waiting.push({ run, cancel });
    this.#pump();
    return true;
  }

  /** Removes every job not started yet and calls its cancel; running jobs carry on. Returns how many. */
  cancelWaiting(): number {
    const cancelled = this.#waiting.splice(0);
    for (const entry of cancelled) entry.cancel();
    if (this.size === 0) this.#notifyIdle();
    return cancelled.length;
  }

  /** Resolves once every admitted job has finished. */
  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump(): void {
    while (this.#running < this.#limits().maxConcurrency) {
      const entry = this.#waiting.shift();
      if (!entry) break;
      this.#running += 1;
      void entry.run().finally(() => {
        this.#running -= 1;
        this.#pump();
        if (this.size === 0) this.#notifyIdle();
      });
    }
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
