// Paths the classifier tests share: the real model card and the fetched sample photos.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WorkerInit } from '../../components/classifier/inference/protocol.ts';
import { loadModel } from '../../components/classifier/model/load-model.ts';
import {
  type Preprocessing,
  parseModelCard,
  preprocessingOf,
} from '../../components/classifier/model/model-card.ts';

export const MODEL_CARD_PATH = fileURLToPath(
  new URL('../../models/mobilenetv2-12-int8.json', import.meta.url),
);
export const MODEL_FILES_DIR = fileURLToPath(new URL('../../models/files/', import.meta.url));

export const sampleImage = (name: 'pelican.jpeg' | 'cat.jpeg' | 'dog.jpg' | 'macaw.jpg'): string =>
  `${MODEL_FILES_DIR}${name}`;

export const SYNSET_PATH = `${MODEL_FILES_DIR}synset.txt`;

/** One item's floats in the model input (3 x 224 x 224). */
export const ITEM_FLOATS = 3 * 224 * 224;

/** The inference worker's start data for the real model, one intra-op thread (one session). */
export async function loadWorkerInit(): Promise<WorkerInit> {
  const model = await loadModel(MODEL_CARD_PATH);
  return {
    modelBytes: model.modelBytes,
    card: model.card,
    intraOpThreads: 1,
    loneItemThreads: 1,
  };
}

/** The shipped model card's preprocessing. */
export async function loadPreprocessing(): Promise<Preprocessing> {
  const parsed = parseModelCard(JSON.parse(await readFile(MODEL_CARD_PATH, 'utf8')));
  if (!parsed.ok) throw new Error(parsed.problems);
  return preprocessingOf(parsed.card);
}
