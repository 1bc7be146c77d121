// Which zip entries may be written, and the limits of an archive. Pure: the unzipper asks
// before it touches the disk. Refused: names with `..` segments, absolute or drive paths,
// backslashes or NUL, and symbolic links whose target leaves the destination or has a `..`
// after a name (zip slip).

import path from 'node:path';

/** An archive with more entries is refused before anything is extracted. */
export const DEFAULT_MAX_ARCHIVE_ENTRIES = 20_000;
/** Declared and actual uncompressed bytes of one archive may not pass this (decompression bombs). */
export const DEFAULT_MAX_ARCHIVE_UNCOMPRESSED_BYTES = 4 * 1024 ** 3;
/** A symbolic link's target text longer than this is refused. */
export const MAX_LINK_TARGET_BYTES = 4096;

export interface ArchiveLimits {
  readonly maxEntries: number;
  readonly maxUncompressedBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: DEFAULT_MAX_ARCHIVE_ENTRIES,
  maxUncompressedBytes: DEFAULT_MAX_ARCHIVE_UNCOMPRESSED_BYTES,
};

/** Why an entry name is unsafe, or undefined when it may be extracted. */
export function unsafeEntryReason(name: string): string | undefined {
  if (name === '') return 'empty name';
  if (name.includes('\0')) return 'NUL character in name';
  if (name.includes('\\')) return 'backslash in name';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'absolute path';
  if (name.split('/').includes('..')) return '".." in path';
  return undefined;
}

/** The absolute path of an entry inside the destination, or undefined if it would land outside. */
export function entryPathInside(destination: string, name: string): string | undefined {
  const target = path.resolve(destination, name);
  return isInside(destination, target) ? target : undefined;
}

/**
 * True when a link at `entryName` pointing at `linkTarget` stays inside the destination.
 * `entryName` must be where the link really is (its folder's real path), not the archive name.
 */
export function linkTargetInside(destination: string, entryName: string, linkTarget: string): boolean {
  if (linkTarget === '' || path.isAbsolute(linkTarget) || linkTarget.includes('\0')) return false;
  // `x/..` is the folder holding x only when x is not itself a link, so a `..` after a name
  // could lead anywhere; only leading `..` segments are judged (lexically) here.
  const segments = linkTarget.split('/').filter((segment) => segment !== '' && segment !== '.');
  const firstName = segments.findIndex((segment) => segment !== '..');
  if (firstName !== -1 && segments.slice(firstName).includes('..')) return false;
  const from = path.dirname(path.resolve(destination, entryName));
  return isInside(destination, path.resolve(from, linkTarget));
}

export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(candidate));
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
