// `npm run classify -- FILE|DIR...`: one line per image on stdout (a human line on a terminal,
// the message contract's JSON reply otherwise), diagnostics on stderr. Exit 0 when all
// succeeded, 1 when any failed, 2 for usage. `npm run classify` runs this bundled
// (scripts/launch/run-built.mjs) so it starts fast.
import { fileURLToPath } from 'node:url';
import { type Classifier, createClassifier } from '../components/classifier/local-classifier.ts';
import { ModelLoadError } from '../components/classifier/model/model-load-error.ts';
import { fetchAllAssets } from './assets/fetch-assets.ts';
import { classifyFiles } from './classify/classify-files.ts';
import { expandDirectories, readOperands } from './classify/collect-paths.ts';
import { commandLineBytes, MAX_SESSION_COMMAND_LINE_BYTES } from './classify/command-line.ts';
import { humanLine } from './classify/human-line.ts';
import { type ClassifyArgs, forwardedOptions, parseClassifyArgs, USAGE } from './classify/parse-args.ts';
import { runIsolated } from './classify/run-isolated.ts';

const MODELS_DIR = fileURLToPath(new URL('../models/', import.meta.url));
const DEFAULT_MODEL_CARD = `${MODELS_DIR}mobilenetv2-12-int8.json`;

async function main(): Promise<number> {
  const parsed = parseClassifyArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`classify: ${parsed.problem}\n${USAGE}\n`);
    return 2;
  }
  const { args } = parsed;
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const operands = await readOperands(args.operands, args.filesFrom, args.nullSeparated);
  const ownCommandLine = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  if (commandLineBytes(ownCommandLine) > MAX_SESSION_COMMAND_LINE_BYTES) {
    return runIsolated(fileURLToPath(import.meta.url), forwardedOptions(args), operands);
  }
  return classifyAll(args, await expandDirectories(operands));
}

/** The classifier; the shipped model's files are fetched first when they are missing. */
async function openClassifier(args: ClassifyArgs): Promise<Classifier> {
  const open = () =>
    createClassifier({
      modelCardPath: args.modelCard ?? DEFAULT_MODEL_CARD,
      ...(args.threads === undefined ? {} : { intraOpThreads: args.threads }),
    });
  try {
    return await open();
  } catch (error) {
    if (args.modelCard !== undefined || !(error instanceof ModelLoadError) || error.code !== 'FILE_MISSING')
      throw error;
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const { failures } = await fetchAllAssets({
      cardsDir: MODELS_DIR,
      mirrorDir: process.env.ASSET_MIRROR || undefined,
      log,
    });
    if (failures.length > 0)
      throw new Error(`the model's files are missing and could not be fetched:\n${failures.join('\n')}`);
    return open();
  }
}

async function classifyAll(args: ClassifyArgs, files: readonly string[]): Promise<number> {
  const classifier = await openClassifier(args);
  const human = args.format === 'human' || (args.format === 'auto' && process.stdout.isTTY === true);
  try {
    const failed = await classifyFiles(classifier, files, args.topK, (reply) => {
      process.stdout.write(`${human ? humanLine(reply.id, reply) : JSON.stringify(reply)}\n`);
    });
    if (files.length === 0) process.stderr.write('classify: no images found\n');
    return failed === 0 && files.length > 0 ? 0 : 1;
  } finally {
    await classifier.close();
  }
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A reader that stops early (`| head`) is not a failure worth a stack trace.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`classify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
