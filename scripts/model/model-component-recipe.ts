// The recipe of a model component: the card, model and labels as one zip artifact, and an
// install step that checks the card is there and points `{work:path}/model` at this version's
// folder. The work folder keeps its name across versions, so the classifier's ModelCard
// `component:<name>` (= <root>/work/<name>/model/card.json) names whichever version is
// installed; a new version re-points the link and the classifier, which watches the card's
// real path (ModelCardPollInterval), swaps models without restarting. Pure.
import type { Recipe } from '../build/recipe.ts';

export const MODEL_ZIP = 'model.zip';
/** Inside the zip (and so in `{artifacts:decompressedPath}/model/`). */
export const CARD_IN_COMPONENT = 'card.json';

export interface ModelComponentIdentity {
  readonly componentName: string;
  readonly version: string;
  readonly modelName: string;
  readonly publisher: string;
}

export function modelComponentRecipe(identity: ModelComponentIdentity): Recipe {
  const folder = '{artifacts:decompressedPath}/model';
  // mv -T replaces the link in one rename, so the classifier never sees it missing.
  const install = [
    `card="${folder}/${CARD_IN_COMPONENT}"`,
    'if [ ! -f "$card" ]; then',
    `  echo "${identity.componentName}: no model/${CARD_IN_COMPONENT} in {artifacts:decompressedPath} (the ${MODEL_ZIP} artifact must be unarchived)" >&2`,
    '  exit 1',
    'fi',
    `ln -sfn "${folder}" "{work:path}/model.next" && mv -Tf "{work:path}/model.next" "{work:path}/model"`,
    '',
  ].join('\n');
  return {
    RecipeFormatVersion: '2020-01-25',
    ComponentName: identity.componentName,
    ComponentVersion: identity.version,
    ComponentDescription: `Image classification model ${identity.modelName} for com.custom.ImageClassifier (ModelCard "component:${identity.componentName}"): card, model and labels; no process.`,
    ComponentPublisher: identity.publisher,
    Manifests: [
      {
        Name: 'linux',
        Platform: { os: 'linux', runtime: '*' },
        Artifacts: [
          { Uri: `s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/${MODEL_ZIP}`, Unarchive: 'ZIP' },
        ],
        Lifecycle: { install },
      },
    ],
  };
}
