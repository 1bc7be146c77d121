// Every way the build can fail, as one catalogue of stable codes. The command line prints
// `build failed [CODE]: message` and exits 1; tests assert on the code.
import { CodedError, type ErrorCatalogue } from '../../common/coded-error.ts';

export const BUILD_ERROR_CODES = {
  USAGE: 'an unknown option or a malformed value on the command line',
  ENTRY_MISSING: "a component's entry point file does not exist",
  ASSETS_UNAVAILABLE: 'the model files could be neither found, copied from ASSET_MIRROR nor downloaded',
  COPY_SOURCE_MISSING: 'a folder the build copies into an artifact is missing',
  BUNDLE_FAILED: 'esbuild could not bundle a component (the message has its errors)',
  PACKAGE_UNAVAILABLE: "a native package for the target is neither installed nor in npm's cache",
  INTEGRITY_MISMATCH: 'a package or the Node.js runtime does not match its pinned integrity',
  LOCKFILE: 'package-lock.json is not usable for the target (missing or unsupported package)',
  UNRESOLVED_IMPORT: 'a bundled file imports a package the artifact does not contain',
  WRONG_ARCHITECTURE: "a native binary in the artifact is not for the target's architecture",
  RECIPE_INVALID: 'a recipe breaks what gdk or nucleus lite would enforce',
  NO_TARGET: 'no target architecture was given or could be detected',
} as const satisfies ErrorCatalogue<string>;

export type BuildErrorCode = keyof typeof BUILD_ERROR_CODES;

export class BuildError extends CodedError<BuildErrorCode> {}
