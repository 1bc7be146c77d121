// The one line each component logs at start, so a user tailing /greengrass/v2/logs knows what
// runs: the component's version (from the package.json the build writes beside main.js; a run
// from source has none), the Node.js version, the platform and the architecture.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface StartFacts {
  readonly component: string;
  readonly version: string;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
}

/** Version of the built artifact the entry point `entryUrl` belongs to, or `source`. */
export function artifactVersion(entryUrl: string): string {
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(fileURLToPath(new URL('package.json', entryUrl)), 'utf8'),
    );
    const version = (manifest as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'source';
  } catch {
    return 'source';
  }
}

export function startFacts(component: string, entryUrl: string): StartFacts {
  return {
    component,
    version: artifactVersion(entryUrl),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  };
}

/** `com.custom.ImageClassifier 1.0.0 starting on Node.js v24.22.3, linux-arm64 (model m)`. */
export function startLine(facts: StartFacts, details: Readonly<Record<string, string>> = {}): string {
  const extra = Object.entries(details).map(([key, value]) => `${key} ${value}`);
  return `${facts.component} ${facts.version} starting on Node.js ${facts.node}, ${facts.platform}-${facts.arch}${
    extra.length > 0 ? ` (${extra.join(', ')})` : ''
  }`;
}
