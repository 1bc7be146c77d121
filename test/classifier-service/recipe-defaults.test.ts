// The recipes' DefaultConfiguration and the components' schemas must agree: a device gets the
// recipe's values, tests and `npm run classify` get the schema's.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classifierConfigSchema } from '../../components/classifier/service/config.ts';
import { liveViewConfigSchema } from '../../components/liveview/config.ts';
import { requesterConfigSchema } from '../../components/requester/config.ts';

async function defaultConfiguration(recipe: string): Promise<Record<string, unknown>> {
  const text = await readFile(new URL(`../../recipes/${recipe}`, import.meta.url), 'utf8');
  const { accessControl: _ignored, ...rest } = parse(text).ComponentConfiguration.DefaultConfiguration;
  return rest;
}

describe('recipe defaults', () => {
  it('classifier: the recipe sets every key, with the schema default values', async () => {
    process.env.MODELS_DIR = '/models';
    const fromRecipe = classifierConfigSchema.parse(
      await defaultConfiguration('com.custom.ImageClassifier.yaml'),
    );
    const fromSchema = classifierConfigSchema.parse({});
    expect(fromRecipe).toEqual(fromSchema);
    const keys = Object.keys(await defaultConfiguration('com.custom.ImageClassifier.yaml')).sort();
    expect(keys).toEqual(Object.keys(classifierConfigSchema.in.shape).sort());
  });

  it('requester: the recipe sets every key, with the schema default values', async () => {
    const recipe = await defaultConfiguration('com.custom.requester.yaml');
    expect(requesterConfigSchema.parse(recipe)).toEqual(requesterConfigSchema.parse({}));
    expect(Object.keys(recipe).sort()).toEqual(Object.keys(requesterConfigSchema.in.shape).sort());
  });

  it('live view: the recipe sets every key, with the schema default values', async () => {
    const recipe = await defaultConfiguration('com.custom.LiveView.yaml');
    expect(liveViewConfigSchema.parse(recipe)).toEqual(liveViewConfigSchema.parse({}));
    expect(Object.keys(recipe).sort()).toEqual(Object.keys(liveViewConfigSchema.in.shape).sort());
  });
});
