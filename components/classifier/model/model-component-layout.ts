// Where a model component's card is on a device. The component's zip unpacks to
// `{artifacts:decompressedPath}/model/` (card.json + files/), and its install step points
// `<root>/work/<component>/model` at that folder (scripts/model/model-component-recipe.ts).
import path from 'node:path';

/** The zip's folder once unarchived, and the link's name in the component's work folder. */
export const MODEL_COMPONENT_FOLDER = 'model';
export const MODEL_COMPONENT_CARD = 'card.json';

/** The card of model component `component`, given the nucleus's work folder (`<root>/work`). */
export const componentCardPath = (workDir: string, component: string): string =>
  path.join(workDir, component, MODEL_COMPONENT_FOLDER, MODEL_COMPONENT_CARD);
