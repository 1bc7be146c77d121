// The headless Chromium the browser tests drive: Debian's chromium-headless-shell (installed by
// .ci/browser-deps.sh), or CHROMIUM_PATH.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

export function chromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      `no Chromium at ${CANDIDATES.join(' or ')}: run .ci/browser-deps.sh (apt-get install chromium-headless-shell) or set CHROMIUM_PATH`,
    );
  }
  return found;
}
