// Which files a path request may read (the classifier's images, the live view's thumbnails): only regular files under the configured ImageRoots,
// judged on the real path (after every symlink and `..`), so neither `..` nor a symlink can
// lead outside. A path outside the roots is refused before the filesystem is asked anything
// about it, so requests cannot probe which files exist elsewhere. The check is made twice: on
// the resolved path, and on the file actually opened (`checkOpened`), so a folder swapped for
// a link between the two cannot make the classifier read outside. Refusals never say where a
// path leads (that would tell a requester about files outside the roots).
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ReplyError } from '../contract/index.ts';

export interface ImagePathPolicy {
  readonly roots: readonly string[];
  /** The real path of an allowed, existing file; throws PATH_NOT_ALLOWED or IMAGE_NOT_FOUND. */
  resolve(requested: string): Promise<string>;
  /** Throws PATH_NOT_ALLOWED unless the real path of an opened file is inside the roots. */
  checkOpened(realPath: string): void;
}

/** True when `candidate` is `root` itself or lies below it (both absolute and normalised). */
export function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
  );
}

export async function createImagePathPolicy(
  configuredRoots: readonly string[],
  onMissingRoot: (root: string, reason: string) => void = () => {},
): Promise<ImagePathPolicy> {
  const lexicalRoots = configuredRoots.map((root) => path.resolve(root));
  const realRoots: string[] = [];
  for (const root of lexicalRoots) {
    try {
      realRoots.push(await realpath(root));
    } catch (error) {
      onMissingRoot(root, (error as NodeJS.ErrnoException).code ?? String(error));
    }
  }
  const describeRoots = (): string =>
    lexicalRoots.length === 0 ? 'none configured' : lexicalRoots.join(', ');

  return {
    roots: Object.freeze(realRoots),
    async resolve(requested) {
      const lexical = path.resolve(requested);
      const insideLexically =
        lexicalRoots.some((root) => isWithin(root, lexical)) ||
        realRoots.some((root) => isWithin(root, lexical));
      if (!insideLexically) {
        throw new ReplyError('PATH_NOT_ALLOWED', `${lexical} is outside ImageRoots (${describeRoots()})`);
      }
      let real: string;
      try {
        real = await realpath(lexical);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT' || code === 'ENOTDIR'
            ? `no file ${lexical}`
            : `cannot resolve ${lexical} (${code ?? error})`;
        throw new ReplyError('IMAGE_NOT_FOUND', reason, { cause: error });
      }
      if (!realRoots.some((root) => isWithin(root, real))) {
        throw new ReplyError('PATH_NOT_ALLOWED', `${lexical} leads outside ImageRoots (${describeRoots()})`);
      }
      return real;
    },
    checkOpened(realPath) {
      if (!realRoots.some((root) => isWithin(root, realPath))) {
        throw new ReplyError(
          'PATH_NOT_ALLOWED',
          `the file opened is outside ImageRoots (${describeRoots()}): the path changed while it was read`,
        );
      }
    },
  };
}
