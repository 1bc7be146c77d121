// `npm run model -- init|check|package|derive-test-models ...`: from an exported .onnx file to a
// working card and a Greengrass model component (README, "Use your own model"). Usage in
// parse-args.ts.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createClassifier } from '../../components/classifier/local-classifier.ts';
import { detectLabelFormat, parseLabels } from '../../components/classifier/model/labels.ts';
import { expandDirectories } from '../classify/collect-paths.ts';
import { humanLine } from '../classify/human-line.ts';
import { deriveTestModels } from './derive-test-models.ts';
import { draftCard } from './draft-card.ts';
import { readImageMetadata } from './image-metadata.ts';
import { packageModelComponent } from './package-model.ts';
import { parseInitArgs, parsePackageArgs, USAGE } from './parse-args.ts';
import { probeModel } from './probe-model.ts';
import { writeModelFolder } from './write-model-folder.ts';

const SAMPLE_PHOTOS = ['pelican.jpeg', 'cat.jpeg', 'dog.jpg', 'macaw.jpg'].map((file) =>
  path.join(import.meta.dirname, '..', '..', 'models', 'files', file),
);

/**
 * `npm run` starts scripts in the project's folder and keeps the user's own in INIT_CWD
 * (https://docs.npmjs.com/cli/commands/npm-run-script): paths the user gives are theirs.
 */
const fromUser = (file: string): string => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function init(argv: string[]): Promise<number> {
  const parsed = parseInitArgs(argv);
  if (!parsed.ok) {
    err(`model init: ${parsed.problem}\n${USAGE}`);
    return 2;
  }
  const { args } = parsed;
  const modelBytes = await readFile(fromUser(args.model));
  const labelsBytes = await readFile(fromUser(args.labels));
  const labelsText = labelsBytes.toString('utf8');
  const format = detectLabelFormat(labelsText);
  const labels = parseLabels(labelsText, format, Number.NaN);
  const count = labels.ok
    ? labels.labels.length
    : Number(/has (\d+)/.exec(labels.problem)?.[1] ?? Number.NaN);
  if (!labels.ok && !/^has \d+/.test(labels.problem)) {
    err(`model init: labels file ${args.labels} ${labels.problem}`);
    return 1;
  }
  const probe = await probeModel(modelBytes, args.output);
  const draft = draftCard(
    probe.signature,
    { format, count },
    probe.scores,
    args,
    readImageMetadata(modelBytes),
  );
  for (const fact of draft.facts) out(`  ${fact}`);
  if (!draft.card) {
    err('model init: cannot write the card yet; tell it what the model cannot say:');
    for (const missing of draft.missing) err(`  - ${missing}`);
    return 2;
  }
  const dir = fromUser(args.out ?? args.name);
  const cardPath = await writeModelFolder(dir, {
    card: draft.card,
    modelFile: path.basename(args.model),
    modelBytes,
    labelsFile: path.basename(args.labels),
    labelsBytes,
  });
  out(`wrote ${cardPath} (model and labels copied into ${path.join(dir, 'files')})`);
  out(`next: npm run model -- check ${cardPath} [IMAGE|DIR...]`);
  return 0;
}

async function check(argv: string[]): Promise<number> {
  const [card, ...images] = argv;
  if (!card) {
    err(`model check: give a CARD\n${USAGE}`);
    return 2;
  }
  const classifier = await createClassifier({ modelCardPath: fromUser(card) });
  try {
    out(`${card}: the card matches its model`);
    const files =
      images.length > 0 ? await expandDirectories(images.map(fromUser)) : await existing(SAMPLE_PHOTOS);
    let failed = 0;
    for (const file of files) {
      const reply = await classifier.classifyFile(file, { topK: 3 });
      if (reply.status !== 'ok') failed++;
      out(humanLine(file, reply));
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await classifier.close();
  }
}

async function existing(files: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files)
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    )
      found.push(file);
  return found;
}

async function packageComponent(argv: string[]): Promise<number> {
  const parsed = parsePackageArgs(argv);
  if (!parsed.ok) {
    err(`model package: ${parsed.problem}\n${USAGE}`);
    return 2;
  }
  const { card, out: outDir } = parsed.args;
  const built = await packageModelComponent({ ...parsed.args, card: fromUser(card), out: fromUser(outDir) });
  out(`built ${built.componentName} ${built.version}:`);
  out(`  recipe   ${built.recipePath}`);
  out(`  artifact ${built.zipPath}`);
  out(`  card on the device: ${built.cardOnDevice}`);
  return 0;
}

async function deriveTestModelFolder(argv: string[]): Promise<number> {
  const [dir] = argv;
  if (!dir) {
    err(`model derive-test-models: give OUT_DIR\n${USAGE}`);
    return 2;
  }
  const files = path.join(import.meta.dirname, '..', '..', 'models', 'files');
  const models = deriveTestModels(
    await readFile(path.join(files, 'mobilenetv2-12-int8.onnx')),
    await readFile(path.join(files, 'synset.txt'), 'utf8'),
  );
  for (const model of models) {
    const labelsFile = `${model.name}-labels.${model.card.labels.format === 'json-array' ? 'json' : 'txt'}`;
    out(
      await writeModelFolder(dir, {
        card: model.card,
        modelFile: `${model.name}.onnx`,
        modelBytes: model.onnx,
        labelsFile,
        labelsBytes: Buffer.from(model.labels),
      }),
    );
  }
  return 0;
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  init,
  check,
  package: packageComponent,
  'derive-test-models': deriveTestModelFolder,
};

const [command, ...rest] = process.argv.slice(2);
const run = command ? COMMANDS[command] : undefined;
if (!run) {
  err(USAGE);
  process.exitCode = command === '-h' || command === '--help' ? 0 : 2;
} else {
  try {
    process.exitCode = await run(rest);
  } catch (error) {
    err(`model ${command}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
