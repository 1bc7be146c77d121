// The requests the load generator sends, cycling through the photos: the seed form naming a
// file as a binary message of UTF-8 JSON (what com.custom.requester and greengrass-cli send),
// or the full form carrying the image as base64.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RequestMessage } from '../../components/contract/index.ts';
import type { Request } from './load-client.ts';

export type RequestForm = 'path' | 'inline';

export interface RequestSource {
  next(): Request;
}

export async function createRequestSource(
  directory: string,
  photos: readonly string[],
  form: RequestForm,
  idPrefix: string,
): Promise<RequestSource> {
  const inline =
    form === 'inline'
      ? await Promise.all(
          photos.map(async (photo) => (await readFile(path.join(directory, photo))).toString('base64')),
        )
      : [];
  let sequence = 0;
  return {
    next() {
      const index = sequence % photos.length;
      const id = `${idPrefix}-${++sequence}`;
      const body: RequestMessage =
        form === 'path'
          ? { id, image_dir: directory, fname: photos[index] ?? '' }
          : { id, image: { base64: inline[index] ?? '' } };
      return { id, payload: Buffer.from(JSON.stringify(body)) };
    },
  };
}
