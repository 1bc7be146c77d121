// Who may see the page (pure): a token, given once in the page's address (`/?token=...`) and
// then kept in a cookie, or sent as `Authorization: Bearer ...` by scripts. Anyone on a shared
// device can reach 127.0.0.1, so nothing is served without it (the Greengrass LocalDebugConsole
// asks for a password from `greengrass-cli get-debug-password` for the same reason).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 128 random bits as 32 hex digits. */
export function generateToken(): string {
  return randomBytes(16).toString('hex');
}

/** Compares in constant time (on digests, so the lengths are equal too). */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined || given === '') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** One cookie per port: cookies are shared by every port of a host (RFC 6265 section 8.5). */
export function cookieName(port: number): string {
  return `live-view-token-${port}`;
}

export function cookieHeader(port: number, token: string): string {
  return `${cookieName(port)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
