// Unpacks a `Unarchive: ZIP` artifact (docs/greengrass-behaviour.md#artifacts) with yauzl, refusing zip slip:
// every entry name and link target is checked by zip-entry-policy.ts before anything is written,
// every file's real parent folder must be inside the destination, and the entry count and the
// uncompressed bytes (declared and actually written) are limited. The archive is unpacked into
// a fresh sibling folder that replaces the destination only when everything succeeded.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { CoreError } from '../errors/core-error.ts';
import { UNARCHIVED_FOLDER_MODE } from './artifact-files.ts';
import {
  type ArchiveLimits,
  DEFAULT_ARCHIVE_LIMITS,
  entryPathInside,
  isInside,
  linkTargetInside,
  MAX_LINK_TARGET_BYTES,
  unsafeEntryReason,
} from './zip-entry-policy.ts';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export interface UnarchiveOptions {
  readonly limits?: ArchiveLimits;
  /** Mode of every extracted file. */
  readonly fileMode: number;
}

export interface UnarchiveResult {
  readonly entries: number;
  readonly bytes: number;
}

export async function unarchiveZip(
  zipFile: string,
  destination: string,
  options: UnarchiveOptions,
): Promise<UnarchiveResult> {
  const limits = options.limits ?? DEFAULT_ARCHIVE_LIMITS;
  const staging = `${destination}.partial-${randomUUID()}`;
  await fs.promises.mkdir(staging, { recursive: true, mode: UNARCHIVED_FOLDER_MODE });
  try {
    const result = await extractAll(zipFile, staging, limits, options.fileMode);
    await fs.promises.rm(destination, { recursive: true, force: true });
    await fs.promises.rename(staging, destination);
    return result;
  } catch (error) {
    await fs.promises.rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function extractAll(
  zipFile: string,
  root: string,
  limits: ArchiveLimits,
  fileMode: number,
): Promise<UnarchiveResult> {
  const label = path.basename(zipFile);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipFile, { decodeStrings: false, validateEntrySizes: true });
  } catch (cause) {
    throw new CoreError('ARCHIVE_CORRUPT', `${label} is not a readable zip: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new CoreError(
        'ARCHIVE_LIMIT_EXCEEDED',
        `${label} has ${zip.entryCount} entries; the limit is ${limits.maxEntries}`,
      );
    }
    const budget = { declared: 0, written: 0 };
    // Entries cannot move the destination itself, so its real path is resolved once.
    const destination = { root, realRoot: await fs.promises.realpath(root) };
    let entries = 0;
    for (let entry = await nextEntry(zip); entry !== undefined; entry = await nextEntry(zip)) {
      entries++;
      await extractEntry(zip, entry, destination, label, limits, budget, fileMode);
    }
    return { entries, bytes: budget.written };
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('ARCHIVE_CORRUPT', `${label} could not be unpacked: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    zip.close();
  }
}

async function extractEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  { root, realRoot }: { readonly root: string; readonly realRoot: string },
  label: string,
  limits: ArchiveLimits,
  budget: { declared: number; written: number },
  fileMode: number,
): Promise<void> {
  const name = yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileName as unknown as Buffer,
    entry.extraFields,
    false,
  );
  const refuse = (reason: string) =>
    new CoreError('UNSAFE_ARCHIVE_ENTRY', `${label}: entry "${name}" refused: ${reason}`, {
      details: { archive: label, entry: name, reason },
    });
  const reason = unsafeEntryReason(name);
  if (reason !== undefined) throw refuse(reason);
  const target = entryPathInside(root, name);
  if (target === undefined) throw refuse('it would be written outside the destination');
  budget.declared += entry.uncompressedSize;
  if (budget.declared > limits.maxUncompressedBytes) {
    throw new CoreError(
      'ARCHIVE_LIMIT_EXCEEDED',
      `${label} unpacks to more than ${limits.maxUncompressedBytes} bytes`,
    );
  }
  // Links unpacked earlier may point anywhere inside, so names are checked again on the real
  // paths, before mkdir creates anything: a folder reached through a link must stay inside.
  const folder = name.endsWith('/') ? target : path.dirname(target);
  if (!isInside(realRoot, await realPathOfNearestExisting(folder)))
    throw refuse('its folder is a link leading outside the destination');
  if (name.endsWith('/')) {
    await fs.promises.mkdir(target, { recursive: true, mode: UNARCHIVED_FOLDER_MODE });
    return;
  }
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: UNARCHIVED_FOLDER_MODE });
  const realParent = await fs.promises.realpath(path.dirname(target));
  if (!isInside(realRoot, realParent)) throw refuse('its folder is a link leading outside the destination');
  const stream = await zip.openReadStreamPromise(entry);
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
    const linkTarget = (await readSmall(stream, MAX_LINK_TARGET_BYTES)).toString('utf8');
    const realName = path.relative(realRoot, path.join(realParent, path.basename(target)));
    if (!linkTargetInside(realRoot, realName, linkTarget))
      throw refuse(`symbolic link to "${linkTarget}" leads outside the destination`);
    await fs.promises.symlink(linkTarget, target);
    return;
  }
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      budget.written += chunk.length;
      if (budget.written > limits.maxUncompressedBytes) {
        callback(
          new CoreError(
            'ARCHIVE_LIMIT_EXCEEDED',
            `${label} unpacks to more than ${limits.maxUncompressedBytes} bytes`,
          ),
        );
      } else callback(null, chunk);
    },
  });
  await pipeline(stream, counter, fs.createWriteStream(target, { flags: 'wx', mode: fileMode }));
  await fs.promises.chmod(target, fileMode); // the umask may have narrowed the mode
}

/** The real path of `folder`, or of its nearest existing ancestor (what mkdir -p builds under). */
async function realPathOfNearestExisting(folder: string): Promise<string> {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      return await fs.promises.realpath(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(current) === current)
        throw error;
    }
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry) => settle(() => resolve(entry));
    const onEnd = () => settle(() => resolve(undefined));
    const onError = (error: Error) => settle(() => reject(error));
    const settle = (action: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      action();
    };
    zip.once('entry', onEntry).once('end', onEnd).once('error', onError);
    zip.readEntry();
  });
}

async function readSmall(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new CoreError('UNSAFE_ARCHIVE_ENTRY', `a symbolic link target is longer than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
