// A bounded queue with a concurrency limit. Admission is decided at once: over `maxQueue`
// (waiting + running) the caller answers BUSY instead of letting memory and latency grow.
// Limits are read on every admission so live configuration updates apply immediately.

export interface WorkQueueLimits {
  readonly maxQueue: number;
  readonly maxConcurrency: number;
}

export type Job = () => Promise<void>;

export class WorkQueue {
  readonly #limits: () => WorkQueueLimits;
  readonly #waiting: Job[] = [];
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
  tryAdmit(job: Job): boolean {
    if (this.size >= this.#limits().maxQueue) return false;
    this.#waiting.push(job);
    this.#pump();
    return true;
  }

  /** Resolves once every admitted job has finished. */
  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump(): void {
    while (this.#running < this.#limits().maxConcurrency) {
      const job = this.#waiting.shift();
      if (!job) break;
      this.#running += 1;
      void job().finally(() => {
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
