// A CoreLogger that keeps every event, so tests can wait for and assert on log events.

import type { CoreLogger, LogEvent } from '../../../emulator/logs/core-logger.ts';

export class CollectingLogger implements CoreLogger {
  readonly events: LogEvent[] = [];
  readonly #waiters: Array<{ match: (event: LogEvent) => boolean; resolve: (event: LogEvent) => void }> = [];

  log(event: LogEvent): void {
    this.events.push(event);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(event)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }

  /** The first matching event, past or future; only events from index `from` on when given. */
  waitFor(match: (event: LogEvent) => boolean, from = 0): Promise<LogEvent> {
    const seen = this.events.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  named(event: string): LogEvent[] {
    return this.events.filter((logged) => logged.event === event);
  }
}
