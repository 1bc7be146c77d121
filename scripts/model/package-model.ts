// `npm run model -- package CARD --version X.Y.Z`: a card, its model and its labels as a
// Greengrass model component in the gdk layout (recipes/ and artifacts/<name>/<version>/), ready
// for `greengrass-cli deployment create --recipeDir --artifactDir` or `npm run gdk-publish`.
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CARD_FILES_FOLDER } from '../../components/classifier/model/asset-file.ts';
import { checkCardAgainstModel } from '../../components/classifier/model/card-signature.ts';
import { loadModel } from '../../components/classifier/model/load-model.ts';
import { MODEL_COMPONENT_FOLDER } from '../../components/classifier/model/model-component-layout.ts';
import { ModelLoadError } from '../../components/classifier/model/model-load-error.ts';
import { UNPACKED_FOLDER } from '../build/build.ts';
import { builtRecipeFileName, serializeRecipe } from '../build/recipe.ts';
import { zipFolder } from '../build/zip.ts';
import { CARD_IN_COMPONENT, MODEL_ZIP, modelComponentRecipe } from './model-component-recipe.ts';
import { probeModel } from './probe-model.ts';

export interface PackageArgs {
  readonly card: string;
  readonly version: string;
  /** Default: com.custom.model.<card name>. */
  readonly componentName: string | undefined;
  /** Default: model-components (npm run build replaces greengrass-build whole). */
  readonly out: string;
  /** Also write the zip's content to `<out>/artifacts-unpacked/` (nucleus lite local deployments). */
  readonly unpacked: boolean;
}

export interface PackagedModel {
  readonly componentName: string;
  readonly version: string;
  readonly recipePath: string;
  readonly zipPath: string;
  readonly cardOnDevice: string;
}

export const PUBLISHER = 'greengrass-image-classifier';

export async function packageModelComponent(args: PackageArgs): Promise<PackagedModel> {
  // The card, both files' sha256 and the card against the model, before anything is packaged.
  const model = await loadModel(path.resolve(args.card));
  const check = checkCardAgainstModel(model.card, (await probeModel(model.modelBytes)).signature);
  if (!check.ok)
    throw new ModelLoadError(
      'CARD_MISMATCH',
      `the model card contradicts the model:\n${check.problems.map((problem) => `- ${problem}`).join('\n')}`,
    );
  const componentName = args.componentName ?? `com.custom.model.${model.card.name}`;
  const staging = await mkdtemp(path.join(tmpdir(), 'model-component-'));
  try {
    const filesDir = path.join(staging, CARD_FILES_FOLDER);
    await mkdir(filesDir);
    await writeFile(path.join(staging, CARD_IN_COMPONENT), await readFile(args.card));
    const sourceFiles = path.join(path.dirname(path.resolve(args.card)), CARD_FILES_FOLDER);
    for (const file of [model.card.model.file, model.card.labels.file])
      await copyFile(path.join(sourceFiles, file), path.join(filesDir, file));
    const artifactDir = path.join(args.out, 'artifacts', componentName, args.version);
    await mkdir(artifactDir, { recursive: true });
    const zipPath = path.join(artifactDir, MODEL_ZIP);
    await zipFolder(staging, zipPath);
    if (args.unpacked)
      await cp(
        staging,
        path.join(args.out, UNPACKED_FOLDER, componentName, args.version, MODEL_COMPONENT_FOLDER),
        {
          recursive: true,
        },
      );
    const recipe = modelComponentRecipe({
      componentName,
      version: args.version,
      modelName: model.card.name,
      publisher: PUBLISHER,
    });
    const recipesDir = path.join(args.out, 'recipes');
    await mkdir(recipesDir, { recursive: true });
    const recipePath = path.join(
      recipesDir,
      builtRecipeFileName({ name: componentName, version: args.version }),
    );
    await writeFile(recipePath, serializeRecipe(recipe));
    return {
      componentName,
      version: args.version,
      recipePath,
      zipPath,
      cardOnDevice: `<root>/work/${componentName}/model/${CARD_IN_COMPONENT} (ModelCard "component:${componentName}")`,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
