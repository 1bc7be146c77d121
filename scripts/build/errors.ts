// Every way the build can fail, as one catalogue of stable codes. The command line prints
// `build failed [CODE]: message` and exits 1; tests assert on the code.

export type BuildErrorCode =
  | 'USAGE'
  | 'ENTRY_MISSING'
  | 'ASSETS_UNAVAILABLE'
  | 'COPY_SOURCE_MISSING'
  | 'BUNDLE_FAILED'
  | 'PACKAGE_UNAVAILABLE'
  | 'INTEGRITY_MISMATCH'
  | 'LOCKFILE'
  | 'UNRESOLVED_IMPORT'
  | 'WRONG_ARCHITECTURE'
  | 'RECIPE_INVALID'
  | 'NO_TARGET';

export class BuildError extends Error {
  override readonly name = 'BuildError';
  readonly code: BuildErrorCode;

  constructor(code: BuildErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
