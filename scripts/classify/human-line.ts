import type { Reply } from '../../components/contract/index.ts';

const PERCENT_DECIMALS = 1;

/** One reply as a person reads it: `photos/pelican.jpeg: pelican 99.7% (13 ms)`, or the error; the file as given. */
export function humanLine(file: string, reply: Reply): string {
  if (reply.status !== 'ok') return `${file}: error ${reply.error.code}: ${reply.error.message}`;
  const percent = (reply.probability * 100).toFixed(PERCENT_DECIMALS);
  return `${file}: ${reply.label} ${percent}% (${Math.round(reply.timings.totalMs)} ms)`;
}
