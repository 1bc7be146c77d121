// The micro-batcher with the real inference worker: batches form only while the worker is
// busy, each item gets its own row, buffers are reused, and a worker death fails exactly the
// batch it held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassifierError } from '../../components/classifier/error-codes.ts';
import { type BatchItemResult, InferenceBatcher } from '../../components/classifier/inference/batcher.ts';
import { InferenceHost } from '../../components/classifier/inference/inference-host.ts';
import type { WorkerInit } from '../../components/classifier/inference/protocol.ts';
import type { TensorData } from '../../components/classifier/preprocess/write-tensor.ts';
import { ITEM_FLOATS, loadWorkerInit } from './model-files.ts';

let init: WorkerInit;

beforeAll(async () => {
  init = await loadWorkerInit();
});

/** Fills a slot with a pattern unique to `seed`, so every item's logits differ. */
const fillWith =
  (seed: number) =>
  (out: TensorData, offset: number): void => {
    for (let i = 0; i < ITEM_FLOATS; i++) out[offset + i] = Math.sin(i * (seed + 1) * 0.001);
  };

describe('InferenceBatcher', () => {
  let host: InferenceHost;
  beforeAll(async () => {
    host = await InferenceHost.start({ init });
  });
  afterAll(() => host.close());

  const batcher = (maxBatchSize: number) =>
    new InferenceBatcher(host, { itemLength: ITEM_FLOATS, classCount: 1000, maxBatchSize, dtype: 'float32' });

  it('sends a request to an idle worker at once, and batches the ones that queue behind it', async () => {
    const b = batcher(8);
    const results = await Promise.all([0, 1, 2, 3, 4].map((seed) => b.run(fillWith(seed))));
    // The first goes alone; the other four wait for it and then run together.
    expect(results.map((r) => r.batchSize)).toEqual([1, 4, 4, 4, 4]);
  });

  it('marks a batch of one `alone` only when nothing else waits behind it', async () => {
    const sent: Array<[number, boolean]> = [];
    const recording = new InferenceBatcher(
      {
        infer: (input, size, alone = false) => {
          sent.push([size, alone]);
          return host.infer(input, size, alone);
        },
      },
      { itemLength: ITEM_FLOATS, classCount: 1000, maxBatchSize: 1, dtype: 'float32' },
    );
    await recording.run(fillWith(0));
    await Promise.all([1, 2, 3].map((seed) => recording.run(fillWith(seed))));
    // 0 alone; 1 finds the worker idle and nothing queued yet; 2 waits and 3 is queued behind
    // it; 3 runs last with nothing behind it.
    expect(sent).toEqual([
      [1, true],
      [1, true],
      [1, false],
      [1, true],
    ]);
  });

  it('caps a batch at maxBatchSize and sends full batches first', async () => {
    const small = batcher(2);
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((seed) => small.run(fillWith(seed))));
    expect(results.map((r) => r.batchSize)).toEqual([1, 2, 2, 2, 2, 1]);
  });

  it('gives each item its own row, equal to the item run alone', async () => {
    const one = batcher(8);
    const alone: BatchItemResult[] = [];
    for (const seed of [0, 1, 2]) alone.push(await one.run(fillWith(seed)));
    const together = await Promise.all([9, 0, 1, 2].map((seed) => one.run(fillWith(seed))));
    expect(together.map((r) => r.batchSize)).toEqual([1, 3, 3, 3]);
    for (const [i, result] of together.slice(1).entries()) {
      expect(result.logits).toHaveLength(1000);
      expect(Array.from(result.logits)).toEqual(
        Array.from((alone[i] as BatchItemResult).logits).map((v) => expect.closeTo(v, 3)),
      );
    }
    expect(Array.from(together[1]?.logits ?? [])).not.toEqual(Array.from(together[2]?.logits ?? []));
  });

  it('rejects an item whose fill throws without taking a slot', async () => {
    const b = batcher(8);
    const first = b.run(fillWith(0));
    const broken = b.run(() => {
      throw new RangeError('cannot crop');
    });
    const second = b.run(fillWith(1));
    await expect(broken).rejects.toThrow('cannot crop');
    expect((await first).batchSize).toBe(1);
    expect((await second).batchSize).toBe(1);
  });
});

describe('InferenceBatcher when the worker dies', () => {
  it('fails the batch the worker held with INTERNAL and serves the next batches', async () => {
    let restarted!: () => void;
    const ready = new Promise<void>((resolve) => {
      restarted = resolve;
    });
    let readyCount = 0;
    const host = await InferenceHost.start({
      init,
      // Answers batches of one, exits on a batch of two.
      workerUrl: new URL('../fixtures/workers/crash-on-batch-of-two.ts', import.meta.url),
      onEvent: (event) => {
        if (event.type === 'worker-ready' && ++readyCount === 2) restarted();
      },
    });
    const b = new InferenceBatcher(host, {
      itemLength: ITEM_FLOATS,
      classCount: 1000,
      maxBatchSize: 2,
      dtype: 'float32',
    });
    const outcomes = await Promise.allSettled([0, 1, 2].map((seed) => b.run(fillWith(seed))));
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { batchSize: 1 } });
    for (const failed of outcomes.slice(1)) {
      expect(failed.status).toBe('rejected');
      const reason = (failed as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(ClassifierError);
      expect(reason.code).toBe('INTERNAL');
    }
    await ready;
    await expect(b.run(fillWith(3))).resolves.toMatchObject({ batchSize: 1 });
    await host.close();
  });
});
