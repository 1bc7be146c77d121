// Inference worker entry: owns the ONNX Runtime sessions. `session.run` blocks its thread for
// the whole inference, which is why it lives here and not on the main event loop.
import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { checkCardAgainstModel } from '../model/card-signature.ts';
import type { TensorData } from '../preprocess/write-tensor.ts';
import {
  allocateInput,
  type FromWorker,
  itemLength,
  itemShape,
  type ToWorker,
  type WorkerInit,
} from './protocol.ts';
import { buildSessionOptions } from './session-options.ts';
import { sessionSignature } from './session-signature.ts';

if (!parentPort) throw new Error('worker.ts is a worker_threads entry; start it with startWorker()');
const port = parentPort;
const init = workerData as WorkerInit;
const { card } = init;
const shape = itemShape(card);

const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/** The batch session, and the lone-item session when it has more threads (else the same one). */
interface Sessions {
  readonly batch: ort.InferenceSession;
  readonly lone: ort.InferenceSession;
}

/** Loads the sessions; undefined when the card contradicts the model (reported, worker closing). */
async function loadSessions(): Promise<Sessions | undefined> {
  const loadStart = performance.now();
  const create = (threads: number) =>
    ort.InferenceSession.create(init.modelBytes, buildSessionOptions(threads));
  const batch = await create(init.intraOpThreads);
  const check = checkCardAgainstModel(card, sessionSignature(batch));
  if (!check.ok) {
    post({ type: 'card-mismatch', problems: check.problems });
    await batch.release();
    port.close();
    return undefined;
  }
  const lone = init.loneItemThreads > init.intraOpThreads ? await create(init.loneItemThreads) : batch;
  const loadMs = performance.now() - loadStart;
  // The first run allocates and plans memory; pay for it before announcing readiness.
  const warmupStart = performance.now();
  try {
    for (const session of new Set([batch, lone]))
      await run(session, allocateInput(card, itemLength(card)), 1);
  } catch (error) {
    // An output whose size the metadata left open is first seen here.
    if (!(error instanceof OutputMismatch)) throw error;
    post({ type: 'card-mismatch', problems: [error.message] });
    for (const session of new Set([batch, lone])) await session.release();
    port.close();
    return undefined;
  }
  post({ type: 'ready', loadMs, warmupMs: performance.now() - warmupStart, batchLimit: check.batchLimit });
  return { batch, lone };
}

/** The model's output does not have the card's number of scores per image. */
class OutputMismatch extends Error {}

async function run(
  session: ort.InferenceSession,
  input: TensorData,
  batchSize: number,
): Promise<Float32Array> {
  const expected = batchSize * itemLength(card);
  if (!Number.isInteger(batchSize) || batchSize < 1 || input.length !== expected) {
    throw new RangeError(`batch of ${batchSize} needs ${expected} elements, got ${input.length}`);
  }
  const tensor = new ort.Tensor(card.input.dtype, input, [batchSize, ...shape]);
  const outputs = await session.run({ [card.input.name]: tensor }, [card.output.name]);
  const output = outputs[card.output.name];
  if (output?.type !== 'float32' || output.data.length !== batchSize * card.output.classes) {
    const got = output ? `${output.type} [${output.dims.join(', ')}]` : 'nothing';
    throw new OutputMismatch(
      `output.classes: the card says ${card.output.classes} float32 scores per image, the model's output "${card.output.name}" for ${batchSize} image(s) is ${got}`,
    );
  }
  // Copy into memory this thread owns so it can be transferred back.
  return new Float32Array(output.data as Float32Array);
}

async function handle(sessions: Sessions, message: ToWorker): Promise<void> {
  if (message.type === 'close') {
    for (const session of new Set([sessions.batch, sessions.lone])) await session.release();
    port.close();
    return;
  }
  const started = performance.now();
  const { id, batchSize, input, alone } = message;
  const inputBuffer = input.buffer as ArrayBuffer;
  try {
    const lone = alone && batchSize === 1 && sessions.lone !== sessions.batch;
    const logits = await run(lone ? sessions.lone : sessions.batch, input, batchSize);
    const inferMs = performance.now() - started;
    const threads = lone ? init.loneItemThreads : init.intraOpThreads;
    post({ type: 'result', id, batchSize, logits, input, inferMs, threads }, [
      logits.buffer as ArrayBuffer,
      inputBuffer,
    ]);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    post({ type: 'failed', id, input, message: text }, [inputBuffer]);
  }
}

try {
  const sessions = await loadSessions();
  if (sessions) {
    // Messages are handled one at a time, in arrival order: one batch runs at once.
    let queue = Promise.resolve();
    port.on('message', (message: ToWorker) => {
      queue = queue.then(() => handle(sessions, message));
    });
  }
} catch (error) {
  post({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
}
