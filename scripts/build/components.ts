// What the build produces: one row per Greengrass component. Name and version come from the
// recipe (the single source of truth); the row says which sources to bundle and which files
// to ship beside them. Paths are relative to the project root.

export interface CopyRule {
  /** Folder to copy from. */
  readonly from: string;
  /** Folder inside the artifact. */
  readonly to: string;
  /** File names in `from` (not recursive); `*` matches any run of characters. Each must match a file. */
  readonly include: readonly string[];
}

export interface ComponentBuildSpec {
  readonly recipe: string;
  /** Zip file name stem: `<artifactBaseName>-<target>.zip`. */
  readonly artifactBaseName: string;
  /** Entry points keep their path relative to this folder inside the artifact (`inference/worker.ts` -> `inference/worker.js`). */
  readonly sourceRoot: string;
  readonly entryPoints: readonly string[];
  readonly copy: readonly CopyRule[];
}

const SAMPLE_PHOTOS = ['pelican.jpeg', 'cat.jpeg', 'dog.jpg', 'macaw.jpg'] as const;
/** The model card the classifier recipe names in ModelCard. */
const MODEL_CARD = 'mobilenetv2-12-int8';

export const COMPONENTS: readonly ComponentBuildSpec[] = [
  {
    recipe: 'recipes/com.custom.ImageClassifier.yaml',
    artifactBaseName: 'classifier',
    sourceRoot: 'components/classifier',
    entryPoints: ['components/classifier/main.ts', 'components/classifier/inference/worker.ts'],
    copy: [
      { from: 'models', to: 'models', include: [`${MODEL_CARD}.json`] },
      // Only the card's own files: the sample photos in models/files ship with the requester.
      { from: 'models/files', to: 'models/files', include: ['mobilenetv2-12-int8.onnx', 'synset.txt'] },
    ],
  },
  {
    recipe: 'recipes/com.custom.requester.yaml',
    artifactBaseName: 'requester',
    sourceRoot: 'components/requester',
    entryPoints: ['components/requester/main.ts'],
    copy: [{ from: 'models/files', to: 'images', include: SAMPLE_PHOTOS }],
  },
  {
    recipe: 'recipes/com.custom.LiveView.yaml',
    artifactBaseName: 'liveview',
    sourceRoot: 'components/liveview',
    entryPoints: ['components/liveview/main.ts'],
    copy: [{ from: 'components/liveview/page', to: 'page', include: ['index.html', 'app.js', 'style.css'] }],
  },
];
