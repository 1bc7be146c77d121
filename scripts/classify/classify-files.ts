import type { Classifier } from '../../components/classifier/local-classifier.ts';
import type { Reply } from '../../components/contract/index.ts';

/** Images prepared while the previous one is in the model: decoding and inference overlap. */
export const CLASSIFY_CONCURRENCY = 2;

/**
 * Classifies `files` with a few in flight and hands each reply to `write` in input order
 * (the reply id is the path as given). Resolves with the number of failed images.
 */
export async function classifyFiles(
  classifier: Classifier,
  files: readonly string[],
  topK: number | undefined,
  write: (reply: Reply) => void,
): Promise<number> {
  const replies: Promise<Reply>[] = [];
  const start = (index: number): void => {
    const path = files[index];
    if (path !== undefined)
      replies[index] = classifier.classifyFile(path, { id: path, ...(topK ? { topK } : {}) });
  };
  for (let index = 0; index < CLASSIFY_CONCURRENCY; index++) start(index);
  let failed = 0;
  for (let index = 0; index < files.length; index++) {
    const reply = await (replies[index] as Promise<Reply>);
    start(index + CLASSIFY_CONCURRENCY);
    if (reply.status !== 'ok') failed++;
    write(reply);
  }
  return failed;
}
