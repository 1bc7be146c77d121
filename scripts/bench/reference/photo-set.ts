// The photos the bench uses: a folder given on the command line, else ACCURACY_IMAGES (the 100
// labelled ImageNet photos), else the sample photos fetched by `npm run assets`.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export const ACCURACY_IMAGES_ENV = 'ACCURACY_IMAGES';
const PHOTO = /\.(jpe?g|png|webp)$/i;

export interface PhotoSet {
  readonly directory: string;
  readonly names: readonly string[];
  /** The photos' bytes, in `names` order, for the in-process reference measurements. */
  readonly bytes: readonly Buffer[];
}

export async function loadPhotoSet(given: string | undefined, repoRoot: string): Promise<PhotoSet> {
  const directory = path.resolve(
    given ?? process.env[ACCURACY_IMAGES_ENV] ?? path.join(repoRoot, 'models', 'files'),
  );
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => PHOTO.test(name)).sort();
  } catch (error) {
    throw new Error(`cannot read the photo folder ${directory}: ${(error as Error).message}`);
  }
  if (names.length === 0) {
    throw new Error(
      `no photos in ${directory}; give --images DIR, set ${ACCURACY_IMAGES_ENV}, or run \`npm run assets\``,
    );
  }
  const bytes = await Promise.all(names.map((name) => readFile(path.join(directory, name))));
  return { directory, names, bytes };
}
