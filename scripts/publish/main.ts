// `npm run gdk-publish`: publishes each built component to AWS IoT Greengrass with gdk, one
// staging folder per component (see plan.ts). Needs gdk and AWS credentials; --dry-run
// stages everything and prints the commands instead of running them.
//
//   npm run gdk-publish -- [--dry-run] [--bucket NAME] [--region R] [--allow-partial] [--build-dir DIR]

import { spawn } from 'node:child_process';
import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COMPONENTS } from '../build/components.ts';
import { NODE_RUNTIME } from '../build/node-runtime.ts';
import { parseRecipe, recipeIdentity } from '../build/recipe.ts';
import { type ComponentPublishPlan, PublishPlanError, planPublish } from './plan.ts';

const USAGE = `Usage: npm run gdk-publish -- [options]

Publishes every component in greengrass-build/recipes with \`gdk component publish\`, each
from its own staging folder (greengrass-build/gdk-publish/<name>/).

Options:
  --bucket NAME     upload to exactly this bucket (gdk's --bucket); default: gdk-config.json's
                    bucket prefix, as <prefix>-<region>-<account>
  --region R        AWS region (default: gdk-config.json's)
  --allow-partial   publish even if a recipe lacks a platform's manifest
  --build-dir DIR   build output (default: greengrass-build)
  --dry-run         stage and print the commands, do not run gdk
  -h, --help        show this help
Environment: GDK=path/to/gdk (default: gdk on the PATH)`;

async function sourceManifests(projectRoot: string): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  for (const spec of [...COMPONENTS, NODE_RUNTIME]) {
    const recipe = parseRecipe(await readFile(join(projectRoot, spec.recipe), 'utf8'), spec.recipe);
    const manifests = Array.isArray(recipe.Manifests) ? recipe.Manifests : [];
    names.set(
      recipeIdentity(recipe, spec.recipe).name,
      manifests.map((manifest: { Name?: unknown }) => String(manifest.Name)),
    );
  }
  return names;
}

async function stage(plan: ComponentPublishPlan): Promise<void> {
  await rm(plan.stagingDir, { recursive: true, force: true });
  await mkdir(join(plan.stagingDir, 'greengrass-build', 'recipes'), { recursive: true });
  await mkdir(plan.artifactStagingDir, { recursive: true });
  await writeFile(join(plan.stagingDir, 'gdk-config.json'), plan.gdkConfigText);
  await writeFile(join(plan.stagingDir, 'recipe.yaml'), plan.recipeText);
  await writeFile(join(plan.stagingDir, 'greengrass-build', 'recipes', 'recipe.yaml'), plan.recipeText);
  for (const file of plan.artifactFiles) {
    const from = join(plan.artifactSourceDir, file);
    const to = join(plan.artifactStagingDir, file);
    // A hard link avoids copying tens of MB; copy when the folders are on different devices.
    await link(from, to).catch(() => copyFile(from, to));
  }
}

function runGdk(plan: ComponentPublishPlan): Promise<void> {
  const [command, ...args] = plan.command;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command ?? 'gdk', args, { cwd: plan.stagingDir, stdio: 'inherit' });
    child.once('error', (error) =>
      reject(new Error(`could not run ${command}: ${error.message} (is gdk installed?)`)),
    );
    child.once('exit', (code, signal) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`gdk exited with ${signal ?? code} publishing ${plan.name}`)),
    );
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bucket: { type: 'string' },
      region: { type: 'string' },
      'allow-partial': { type: 'boolean', default: false },
      'build-dir': { type: 'string', default: 'greengrass-build' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
  const buildDir = resolve(projectRoot, values['build-dir']);
  const recipeFiles = (await readdir(join(buildDir, 'recipes')).catch(() => []))
    .filter((file) => /\.(ya?ml|json)$/.test(file))
    .sort();
  const recipes = await Promise.all(
    recipeFiles.map(async (file) => ({
      file,
      text: await readFile(join(buildDir, 'recipes', file), 'utf8'),
    })),
  );
  const plans = planPublish(recipes, {
    buildDir,
    gdkConfig: JSON.parse(await readFile(join(projectRoot, 'gdk-config.json'), 'utf8')),
    sourceManifests: await sourceManifests(projectRoot),
    bucket: values.bucket,
    region: values.region,
    allowPartial: values['allow-partial'],
    gdkCommand: process.env.GDK ?? 'gdk',
  });
  for (const plan of plans) {
    await stage(plan);
    console.log(
      `${plan.name} ${plan.version}: staged ${plan.artifactFiles.join(', ')} in ${plan.stagingDir}`,
    );
    if (values['dry-run']) {
      console.log(`  would run (in ${plan.stagingDir}): ${plan.command.join(' ')}`);
    } else {
      console.log(`  running (in ${plan.stagingDir}): ${plan.command.join(' ')}`);
      await runGdk(plan);
    }
  }
}

main().catch((error: unknown) => {
  console.error(
    `gdk-publish failed: ${error instanceof PublishPlanError || error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
