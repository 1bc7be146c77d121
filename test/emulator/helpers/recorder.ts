// Records the events of an SDK streaming operation and lets a test await the n-th one.

import type { eventstream_rpc } from 'aws-iot-device-sdk-v2';

/** Failure guard only. */
const EVENT_TIMEOUT_MS = 10_000;

export class Recorder<Event> {
  readonly events: Event[] = [];
  #waiters: Array<{ count: number; resolve: () => void }> = [];

  push(event: Event): void {
    this.events.push(event);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.events.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Resolves once `count` events have been recorded in total. */
  async waitForCount(count: number): Promise<Event[]> {
    if (this.events.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out with ${this.events.length} of ${count} events`)),
          EVENT_TIMEOUT_MS,
        );
        this.#waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    return this.events.slice(0, count);
  }
}

/** Activates a streaming operation and records its messages. */
export async function record<Request, Response, Event>(
  operation: eventstream_rpc.StreamingOperation<Request, Response, void, Event>,
): Promise<{ recorder: Recorder<Event>; operation: typeof operation }> {
  const recorder = new Recorder<Event>();
  operation.on('message', (event: Event) => recorder.push(event));
  await operation.activate();
  return { recorder, operation };
}

/** The `_errorCode` of a modeled error the SDK reports as a ServiceError, else the error itself. */
export async function errorCodeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    const serviceError = (error as { serviceError?: { _errorCode?: string } }).serviceError;
    return serviceError?._errorCode ?? error;
  }
}
