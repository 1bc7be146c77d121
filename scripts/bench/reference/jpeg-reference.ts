// Reference point: libjpeg-turbo's own decode + resize + crop + normalise in plain C
// (jpeg-reference.c), built here with the system's C compiler against the system's libjpeg
// (Debian: gcc and libjpeg62-turbo-dev). The physical floor the product's preprocessing is
// judged against, measured in the same run.
import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const JPEG_REFERENCE_SOURCE = fileURLToPath(new URL('./jpeg-reference.c', import.meta.url));
/** What a machine without the compiler or headers needs (Debian package names). */
export const JPEG_REFERENCE_PACKAGES = 'gcc libjpeg62-turbo-dev';
const JPEG_NAME = /\.jpe?g$/i;

export interface JpegReference {
  /** CPU ms per photo: decode, resize to short side 256, centre crop, normalise. */
  readonly preprocessCpuMs: number;
  /** CPU ms per photo for the decode alone. */
  readonly decodeCpuMs: number;
  readonly photos: number;
}

/** Compiles the helper into `cacheDir` unless an up-to-date binary is there; returns its path. */
export async function buildJpegReference(cacheDir: string): Promise<string> {
  const binary = path.join(cacheDir, 'jpeg-reference');
  const [source, built] = await Promise.all([
    stat(JPEG_REFERENCE_SOURCE),
    stat(binary).catch(() => undefined),
  ]);
  if (built && built.mtimeMs >= source.mtimeMs) return binary;
  await mkdir(cacheDir, { recursive: true });
  try {
    await run('cc', ['-O2', '-o', binary, JPEG_REFERENCE_SOURCE, '-ljpeg']);
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(
      `cannot build the libjpeg-turbo reference (needs ${JPEG_REFERENCE_PACKAGES}): ${detail.split('\n')[0]}`,
    );
  }
  return binary;
}

/** Runs the helper over the JPEG files among `files`; `passes` includes one warm-up pass. */
export async function measureJpegReference(
  binary: string,
  files: readonly string[],
  passes: number,
  dumpResized?: string,
): Promise<JpegReference> {
  const jpegs = files.filter((file) => JPEG_NAME.test(file));
  if (jpegs.length === 0) throw new Error('the libjpeg-turbo reference needs JPEG photos; none given');
  const args = [
    String(Math.max(2, passes)),
    ...(dumpResized ? ['--dump-resized', dumpResized] : []),
    ...jpegs,
  ];
  const { stdout } = await run(binary, args, { maxBuffer: 1024 * 1024 });
  const parsed = JSON.parse(stdout) as { photos: number; preprocessCpuMs: number; decodeCpuMs: number };
  return { preprocessCpuMs: parsed.preprocessCpuMs, decodeCpuMs: parsed.decodeCpuMs, photos: parsed.photos };
}
