import { parseArgs } from 'node:util';

export interface ClassifyArgs {
  readonly operands: readonly string[];
  /** Lists of further operands: file paths, or "-" for standard input. */
  readonly filesFrom: readonly string[];
  /** Lists are NUL-separated instead of one path per line. */
  readonly nullSeparated: boolean;
  readonly topK: number | undefined;
  readonly threads: number | undefined;
  readonly modelCard: string | undefined;
  /** `auto`: human lines on a terminal, JSON lines otherwise. */
  readonly format: OutputFormat;
  readonly help: boolean;
}

export const OUTPUT_FORMATS = ['auto', 'human', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type ParsedClassifyArgs = { ok: true; args: ClassifyArgs } | { ok: false; problem: string };

export const USAGE = `usage: npm run classify -- [options] FILE|DIR...

Classifies images and prints one line per image on stdout, in input order: on a terminal
"pelican.jpeg: pelican 99.7% (13 ms)", otherwise the JSON reply (the message contract).
Fetches the shipped model first if it is missing (offline: ASSET_MIRROR).
A directory stands for the images directly inside it (.jpg .jpeg .png .webp .gif .tif .tiff .avif).
Exit status: 0 when every image was classified, 1 when any failed, 2 for bad usage.

options:
  --files-from FILE|-  read more paths from FILE or standard input, one per line
  -0, --null           paths in --files-from lists are separated by NUL, not newlines
  --top-k N            classes per reply (default 5, at most 20)
  --threads N          ONNX Runtime intra-op threads (default 1)
  --model-card FILE    model card (default models/mobilenetv2-12-int8.json)
  --format F           auto (default), human or json
  -h, --help           show this help`;

export function parseClassifyArgs(argv: readonly string[]): ParsedClassifyArgs {
  let values: ReturnType<typeof parse>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parse(argv));
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  const topK = positiveInteger(values['top-k'], '--top-k');
  const threads = positiveInteger(values.threads, '--threads');
  for (const parsed of [topK, threads]) if (typeof parsed === 'string') return { ok: false, problem: parsed };
  const format = values.format ?? 'auto';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format))
    return { ok: false, problem: `--format must be one of ${OUTPUT_FORMATS.join(', ')}, got '${format}'` };
  const args: ClassifyArgs = {
    operands: positionals,
    filesFrom: values['files-from'] ?? [],
    nullSeparated: values.null ?? false,
    topK: topK as number | undefined,
    threads: threads as number | undefined,
    modelCard: values['model-card'],
    format: format as OutputFormat,
    help: values.help ?? false,
  };
  if (!args.help && args.operands.length === 0 && args.filesFrom.length === 0) {
    return { ok: false, problem: 'no images given' };
  }
  return { ok: true, args };
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'files-from': { type: 'string', multiple: true },
      null: { type: 'boolean', short: '0' },
      'top-k': { type: 'string' },
      threads: { type: 'string' },
      'model-card': { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

/** The number, undefined when absent, or a problem message. */
function positiveInteger(text: string | undefined, option: string): number | undefined | string {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1
    ? value
    : `${option} must be a positive integer, got '${text}'`;
}

/** The options that change a run, as arguments again (for a child process that does the work). */
export function forwardedOptions(args: ClassifyArgs): string[] {
  return [
    ...(args.topK === undefined ? [] : ['--top-k', String(args.topK)]),
    ...(args.threads === undefined ? [] : ['--threads', String(args.threads)]),
    ...(args.modelCard === undefined ? [] : ['--model-card', args.modelCard]),
    ...(args.format === 'auto' ? [] : ['--format', args.format]),
  ];
}
