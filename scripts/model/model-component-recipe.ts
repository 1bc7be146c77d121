// The recipe of a model component: the card, model and labels as one zip artifact, and an
// install step that checks the card is there and points `{work:path}/model` at this version's
// folder. The work folder keeps its name across versions, so the classifier's ModelCard
// `component:<name>` (= <root>/work/<name>/model/card.json) names whichever version is
// installed; a new version re-points the link and the classifier, which watches the card's
// real path (ModelCardPollInterval), swaps models without restarting. Pure.
import {
  MODEL_COMPONENT_CARD as CARD_IN_COMPONENT,
  MODEL_COMPONENT_FOLDER,
} from '../../components/classifier/model/model-component-layout.ts';
import type { Recipe } from '../build/recipe.ts';

export { CARD_IN_COMPONENT };
/** Unarchived by the nucleus into `{artifacts:decompressedPath}/model/`. */
export const MODEL_ZIP = `${MODEL_COMPONENT_FOLDER}.zip`;

export interface ModelComponentIdentity {
  readonly componentName: string;
  readonly version: string;
  readonly modelName: string;
  readonly publisher: string;
}

export function modelComponentRecipe(identity: ModelComponentIdentity): Recipe {
  const folder = MODEL_COMPONENT_FOLDER;
  const link = `{work:path}/${folder}`;
  // The card is in the unarchived zip, or, where the nucleus did not unarchive (nucleus lite's
  // local deployments, docs/nucleus-flavours.md), in the unpacked copy `package --unpacked`
  // writes. mv -T replaces the link in one rename, so the classifier never finds it missing;
  // where mv has no -T (BusyBox), ln -sfn replaces it in two steps (a look at that instant
  // sees the card unreachable and keeps the loaded model).
  const install = [
    `dir="{artifacts:decompressedPath}/${folder}"`,
    `[ -f "$dir/${CARD_IN_COMPONENT}" ] || dir="{artifacts:path}/${folder}"`,
    `if [ ! -f "$dir/${CARD_IN_COMPONENT}" ]; then`,
    `  echo "${identity.componentName}: no ${folder}/${CARD_IN_COMPONENT} in {artifacts:decompressedPath} nor {artifacts:path} (nucleus lite local deployments: npm run model -- package --unpacked)" >&2`,
    '  exit 1',
    'fi',
    `ln -sfn "$dir" "${link}.next" && mv -Tf "${link}.next" "${link}" 2>/dev/null || { rm -f "${link}.next"; ln -sfn "$dir" "${link}"; }`,
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
