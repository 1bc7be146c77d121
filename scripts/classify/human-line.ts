import path from 'node:path';
import type { Reply } from '../../components/contract/index.ts';

const PERCENT_DECIMALS = 1;

/** One reply as a person reads it: `pelican.jpeg: pelican 99.7% (13 ms)`, or the error. */
export function humanLine(file: string, reply: Reply): string {
  const name = path.basename(file);
  if (reply.status !== 'ok') return `${name}: error ${reply.error.code}: ${reply.error.message}`;
  const percent = (reply.probability * 100).toFixed(PERCENT_DECIMALS);
  return `${name}: ${reply.label} ${percent}% (${Math.round(reply.timings.totalMs)} ms)`;
}
