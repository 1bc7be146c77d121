// The model component's recipe and the classifier's ways of finding a card.
import { describe, expect, it } from 'vitest';
import { UNREACHABLE_CARD } from '../../components/classifier/model/load-model.ts';
import { lookAtCard } from '../../components/classifier/service/card-watch.ts';
import {
  classifierConfigSchema,
  MODEL_COMPONENTS_DIR_ENV,
} from '../../components/classifier/service/config.ts';
import { modelComponentRecipe } from '../../scripts/model/model-component-recipe.ts';

describe('model component recipe', () => {
  const recipe = modelComponentRecipe({
    componentName: 'com.example.Flowers',
    version: '1.2.0',
    modelName: 'flowers',
    publisher: 'me',
  });
  const manifest = (recipe.Manifests as Array<Record<string, unknown>>)[0] as {
    Artifacts: Array<{ Uri: string; Unarchive: string }>;
    Lifecycle: { install: string };
  };

  it('ships one zip unarchived, and links the work folder to this version in one rename', () => {
    expect(recipe).toMatchObject({ ComponentName: 'com.example.Flowers', ComponentVersion: '1.2.0' });
    expect(manifest.Artifacts).toEqual([
      { Uri: 's3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/model.zip', Unarchive: 'ZIP' },
    ]);
    expect(manifest.Lifecycle.install).toContain('dir="{artifacts:decompressedPath}/model"');
    expect(manifest.Lifecycle.install).toContain('[ -f "$dir/card.json" ] || dir="{artifacts:path}/model"');
    expect(manifest.Lifecycle.install).toContain(
      'ln -sfn "$dir" "{work:path}/model.next" && mv -Tf "{work:path}/model.next" "{work:path}/model"',
    );
  });
});

describe('ModelCard', () => {
  const parse = (ModelCard: string) => classifierConfigSchema.safeParse({ ModelCard });

  it('names a card in a model component through MODEL_COMPONENTS_DIR', () => {
    process.env[MODEL_COMPONENTS_DIR_ENV] = '/greengrass/v2/work';
    try {
      expect(parse('component:com.example.Flowers').data?.modelCardPath).toBe(
        '/greengrass/v2/work/com.example.Flowers/model/card.json',
      );
    } finally {
      delete process.env[MODEL_COMPONENTS_DIR_ENV];
    }
    expect(parse('component:com.example.Flowers').error?.issues[0]?.message).toContain(
      MODEL_COMPONENTS_DIR_ENV,
    );
    expect(parse('/models/flowers.json').data?.modelCardPath).toBe('/models/flowers.json');
    expect(parse('component:../etc').success).toBe(false);
  });
});

describe('lookAtCard', () => {
  it('reloads only for a card that changed to something not refused before', () => {
    expect(lookAtCard('/w/m/1.0.0/card.json 10 1', '/w/m/1.0.0/card.json 10 1', undefined)).toBe('unchanged');
    expect(lookAtCard('/w/m/1.0.0/card.json 10 1', '/w/m/2.0.0/card.json 10 1', undefined)).toBe('changed');
    expect(lookAtCard('/a 10 1', '/a 10 2', '/a 10 2')).toBe('refused-before');
    expect(lookAtCard('/a 10 1', `${UNREACHABLE_CARD} ENOENT`, undefined)).toBe('unreachable');
  });
});
