// Paths the classifier tests share: the real model card and the fetched sample photos.
import { fileURLToPath } from 'node:url';

export const MODEL_CARD_PATH = fileURLToPath(
  new URL('../../models/mobilenetv2-12-int8.json', import.meta.url),
);
export const MODEL_FILES_DIR = fileURLToPath(new URL('../../models/files/', import.meta.url));

export const sampleImage = (name: 'pelican.jpeg' | 'cat.jpeg' | 'dog.jpg' | 'macaw.jpg'): string =>
  `${MODEL_FILES_DIR}${name}`;

export const SYNSET_PATH = `${MODEL_FILES_DIR}synset.txt`;
