import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassifierError } from '../../components/classifier/error-codes.ts';
import {
  defaultWorkerUrl,
  InferenceHost,
  type InferenceHostEvent,
} from '../../components/classifier/inference/inference-host.ts';
import type { WorkerInit } from '../../components/classifier/inference/protocol.ts';
import { ModelLoadError } from '../../components/classifier/model/model-load-error.ts';
import { ITEM_FLOATS, loadWorkerInit } from './model-files.ts';

let init: WorkerInit;

beforeAll(async () => {
  init = await loadWorkerInit();
});

/** Deterministic, image-like input so items differ from each other. */
const pattern = (items: number): Float32Array =>
  Float32Array.from({ length: items * ITEM_FLOATS }, (_, i) =>
    Math.sin(i * (1 + Math.floor(i / ITEM_FLOATS))),
  );

describe('defaultWorkerUrl', () => {
  it('is worker.ts beside the host when running from source', () => {
    expect(defaultWorkerUrl('file:///repo/components/classifier/inference/inference-host.ts').href).toBe(
      'file:///repo/components/classifier/inference/worker.ts',
    );
  });

  it('is inference/worker.js beside the bundled main.js, the artifact layout', () => {
    expect(defaultWorkerUrl('file:///gg/artifacts/classifier-linux-x64/main.js').href).toBe(
      'file:///gg/artifacts/classifier-linux-x64/inference/worker.js',
    );
  });
});

describe('InferenceHost with the ONNX worker', () => {
  let host: InferenceHost;
  const events: InferenceHostEvent[] = [];
  beforeAll(async () => {
    host = await InferenceHost.start({ init, onEvent: (event) => events.push(event) });
  });
  afterAll(() => host.close());

  it('announces readiness after loading and warming up', () => {
    expect(events[0]).toMatchObject({
      type: 'worker-ready',
      loadMs: expect.any(Number),
      warmupMs: expect.any(Number),
    });
  });

  it('moves the input buffer to the worker instead of copying it', async () => {
    const input = pattern(1);
    const pending = host.infer(input, 1);
    expect(input.buffer.byteLength).toBe(0); // detached: transferred, not cloned
    const { logits } = await pending;
    expect(logits).toHaveLength(1000);
  });

  it('runs a batch of two as [2, 1000], each row equal to its single run', async () => {
    const both = pattern(2);
    const first = both.slice(0, ITEM_FLOATS);
    const second = both.slice(ITEM_FLOATS);
    const [batch, one, two] = await Promise.all([
      host.infer(both, 2),
      host.infer(first, 1),
      host.infer(second, 1),
    ]);
    expect(batch.logits).toHaveLength(2000);
    expect(Array.from(batch.logits.subarray(0, 1000))).toEqual(
      Array.from(one.logits).map((v) => expect.closeTo(v, 3)),
    );
    expect(Array.from(batch.logits.subarray(1000))).toEqual(
      Array.from(two.logits).map((v) => expect.closeTo(v, 3)),
    );
    expect(Array.from(one.logits)).not.toEqual(Array.from(two.logits));
  });

  it('rejects an input of the wrong size with INTERNAL', async () => {
    await expect(host.infer(new Float32Array(10), 1)).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('InferenceHost with a lone-item session (loneItemThreads > intraOpThreads)', () => {
  let twoSessions: InferenceHost;
  beforeAll(async () => {
    twoSessions = await InferenceHost.start({ init: { ...init, loneItemThreads: 2 } });
  });
  afterAll(() => twoSessions.close());

  it('runs a lone item on 2 threads and batches on 1, with the same logits', async () => {
    const lone = await twoSessions.infer(pattern(1), 1, true);
    const queued = await twoSessions.infer(pattern(1), 1, false);
    const batch = await twoSessions.infer(pattern(2), 2, true);
    expect([lone.threads, queued.threads, batch.threads]).toEqual([2, 1, 1]);
    expect(Array.from(lone.logits)).toEqual(Array.from(queued.logits).map((v) => expect.closeTo(v, 3)));
  });

  it('keeps one session when loneItemThreads is not larger', async () => {
    const oneSession = await InferenceHost.start({ init });
    try {
      expect((await oneSession.infer(pattern(1), 1, true)).threads).toBe(1);
    } finally {
      await oneSession.close();
    }
  });
});

describe('InferenceHost when the worker dies', () => {
  const crashingWorker = new URL('../fixtures/workers/crash-on-batch-of-two.ts', import.meta.url);

  it('fails the requests it held with INTERNAL, starts a new worker and serves again', async () => {
    const events: InferenceHostEvent[] = [];
    let onReady: (() => void) | undefined;
    const host = await InferenceHost.start({
      init,
      workerUrl: crashingWorker,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'worker-ready') onReady?.();
      },
    });
    const restarted = new Promise<void>((resolve) => {
      onReady = resolve;
    });
    const error = await host.infer(new Float32Array(2 * ITEM_FLOATS), 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClassifierError);
    expect((error as ClassifierError).code).toBe('INTERNAL');
    expect((error as ClassifierError).message).toContain('exit code 3');
    await restarted;
    expect(events.map((event) => event.type)).toEqual(['worker-ready', 'worker-exit', 'worker-ready']);
    expect(events[1]).toMatchObject({ exitCode: 3, failedRequests: 1, restarting: true });
    expect(events[2]?.threadId).not.toBe(events[0]?.threadId);
    await expect(host.infer(new Float32Array(ITEM_FLOATS), 1)).resolves.toMatchObject({
      logits: expect.any(Float32Array),
    });
    await host.close();
  });
});

describe('InferenceHost lifecycle', () => {
  it('reports a model ONNX Runtime cannot load as ModelLoadError', async () => {
    const broken = { ...init, modelBytes: new Uint8Array(init.modelBytes.subarray(0, 1000)) };
    const error = await InferenceHost.start({ init: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).code).toBe('SESSION_FAILED');
  });

  it('closes once however often asked, then refuses work', async () => {
    const events: InferenceHostEvent[] = [];
    const host = await InferenceHost.start({ init, onEvent: (event) => events.push(event) });
    await Promise.all([host.close(), host.close()]);
    await host.close();
    expect(events.filter((event) => event.type === 'worker-exit')).toEqual([
      expect.objectContaining({ exitCode: 0, failedRequests: 0, restarting: false }),
    ]);
    await expect(host.infer(new Float32Array(ITEM_FLOATS), 1)).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('InferenceHost with a card its model contradicts', () => {
  it('refuses it before warm-up with CARD_MISMATCH, naming the field and both values', async () => {
    const error = await InferenceHost.start({
      init: {
        ...init,
        card: { ...init.card, input: { ...init.card.input, layout: 'NHWC', name: 'pixels' } },
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).code).toBe('CARD_MISMATCH');
    expect((error as Error).message).toBe(
      'the model card contradicts the model:\n- input.name: the card says "pixels", the model\'s input is "input" (float32 [batch_size, 3, 224, 224])',
    );
  });
});
