import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../components/classifier/service/work-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('WorkQueue', () => {
  it('runs at most maxConcurrency jobs and refuses beyond maxQueue', async () => {
    const queue = new WorkQueue(() => ({ maxQueue: 3, maxConcurrency: 2 }));
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    gates.forEach((gate, i) => {
      expect(
        queue.tryAdmit(async () => {
          started.push(i);
          await gate.promise;
        }),
      ).toBe(true);
    });
    expect(queue.tryAdmit(async () => {})).toBe(false);
    expect(started).toEqual([0, 1]);
    expect(queue.running).toBe(2);
    gates[0]?.resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[1]?.resolve();
    gates[2]?.resolve();
    await queue.whenIdle();
    expect(queue.size).toBe(0);
  });

  it('reads its limits on every admission', () => {
    let maxQueue = 1;
    const queue = new WorkQueue(() => ({ maxQueue, maxConcurrency: 0 }));
    expect(queue.tryAdmit(async () => {})).toBe(true);
    expect(queue.tryAdmit(async () => {})).toBe(false);
    maxQueue = 2;
    expect(queue.tryAdmit(async () => {})).toBe(true);
  });
});

describe('WorkQueue.cancelWaiting', () => {
  it('cancels jobs not started yet and lets running ones finish', async () => {
    const queue = new WorkQueue(() => ({ maxQueue: 10, maxConcurrency: 1 }));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const events: string[] = [];
    queue.tryAdmit(async () => {
      events.push('run 1');
      await gate;
    });
    for (const n of [2, 3]) {
      queue.tryAdmit(
        async () => {
          events.push(`run ${n}`);
        },
        () => events.push(`cancel ${n}`),
      );
    }
    expect(queue.cancelWaiting()).toBe(2);
    expect(queue.size).toBe(1);
    release();
    await queue.whenIdle();
    expect(events).toEqual(['run 1', 'cancel 2', 'cancel 3']);
  });
});
