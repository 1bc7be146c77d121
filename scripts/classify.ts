// `npm run classify -- FILE|DIR...`: one JSON reply per image on stdout (the message contract's
// reply object), diagnostics on stderr. Exit 0 when all succeeded, 1 when any failed, 2 for usage.
import { fileURLToPath } from 'node:url';
import { createClassifier } from '../components/classifier/local-classifier.ts';
import { classifyFiles } from './classify/classify-files.ts';
import { expandDirectories, readOperands } from './classify/collect-paths.ts';
import { commandLineBytes, MAX_SESSION_COMMAND_LINE_BYTES } from './classify/command-line.ts';
import { type ClassifyArgs, forwardedOptions, parseClassifyArgs, USAGE } from './classify/parse-args.ts';
import { runIsolated } from './classify/run-isolated.ts';

const DEFAULT_MODEL_CARD = fileURLToPath(new URL('../models/mobilenetv2-12-int8.json', import.meta.url));

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

async function classifyAll(args: ClassifyArgs, files: readonly string[]): Promise<number> {
  const classifier = await createClassifier({
    modelCardPath: args.modelCard ?? DEFAULT_MODEL_CARD,
    ...(args.threads === undefined ? {} : { intraOpThreads: args.threads }),
  });
  try {
    const failed = await classifyFiles(classifier, files, args.topK, (reply) => {
      process.stdout.write(`${JSON.stringify(reply)}\n`);
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
