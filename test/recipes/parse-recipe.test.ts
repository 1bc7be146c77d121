import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../emulator/recipes/parse-recipe.ts';

const minimalYaml = `
RecipeFormatVersion: 2020-01-25
ComponentName: com.example.Hello
ComponentVersion: 1.0.0
Manifests:
  - Platform:
      os: linux
    Lifecycle:
      Run: echo hello
`;

function errorTexts(text: string, format: 'json' | 'yaml' = 'yaml'): string[] {
  const result = parseRecipe(text, format, 'hello.yaml');
  if (result.ok) throw new Error('expected the recipe to be rejected');
  return (result.error.details.issues as { text: string }[]).map((issue) => issue.text);
}

describe('parseRecipe', () => {
  it('parses a minimal YAML recipe with defaults filled in', () => {
    const result = parseRecipe(minimalYaml, 'yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { recipe } = result.value;
    expect(recipe.name).toBe('com.example.Hello');
    expect(recipe.version).toBe('1.0.0');
    expect(recipe.type).toBe('aws.greengrass.generic');
    expect(recipe.defaultConfiguration).toEqual({});
    expect(recipe.manifests[0]?.platform).toEqual({ os: 'linux' });
    expect(recipe.manifests[0]?.lifecycle).toEqual({ Run: 'echo hello' });
    expect(Object.isFrozen(recipe.manifests[0])).toBe(true);
  });

  it('matches recipe keys case-insensitively and keeps free-form keys as written', () => {
    const json = JSON.stringify({
      recipeformatversion: '2020-01-25',
      componentName: 'com.example.Case',
      COMPONENTVERSION: '2.1.0',
      componentConfiguration: { defaultConfiguration: { MixedCase: { innerKey: 1 } } },
      componentDependencies: { 'com.example.Dep': { versionRequirement: '^1.0.0', dependencyType: 'SOFT' } },
      manifests: [
        {
          platform: { os: '*' },
          artifacts: [{ uri: 's3://b/k/a.zip', unarchive: 'ZIP' }],
          lifecycle: { run: 'x' },
        },
      ],
    });
    const result = parseRecipe(json, 'json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { recipe } = result.value;
    expect(recipe.version).toBe('2.1.0');
    expect(recipe.defaultConfiguration).toEqual({ MixedCase: { innerKey: 1 } });
    expect(recipe.dependencies).toEqual({
      'com.example.Dep': { versionRequirement: '^1.0.0', dependencyType: 'SOFT' },
    });
    expect(recipe.manifests[0]?.artifacts[0]).toEqual({
      uri: 's3://b/k/a.zip',
      unarchive: 'ZIP',
      permission: { read: 'OWNER', execute: 'NONE' },
    });
  });

  it.each([
    [
      'a lifecycle step of the wrong type',
      minimalYaml.replace('Run: echo hello', 'Run: [echo, hello]'),
      'Manifests[0].Lifecycle.Run: expected string or object',
    ],
    [
      'an unknown top-level key',
      `${minimalYaml}Colour: blue\n`,
      'Colour: unknown key (allowed: RecipeFormatVersion,',
    ],
    [
      'an unknown manifest key',
      minimalYaml.replace('  - Platform:', '  - Plattform: {}\n    Platform:'),
      'Manifests[0].Plattform: unknown key (allowed: Name, Platform, Lifecycle, Selections, Artifacts)',
    ],
    [
      'a version that is not semver',
      minimalYaml.replace('1.0.0', 'NEXT_PATCH'),
      'ComponentVersion: must be a semantic version',
    ],
    [
      'a missing name',
      minimalYaml.replace('ComponentName: com.example.Hello\n', ''),
      'ComponentName: is required',
    ],
    [
      'a bad component name',
      minimalYaml.replace('com.example.Hello', 'com/example'),
      'ComponentName: may contain only',
    ],
    [
      'a wrong format version',
      minimalYaml.replace('2020-01-25', '2021-01-01'),
      'RecipeFormatVersion: must be "2020-01-25"',
    ],
    [
      'both Startup and Run',
      minimalYaml.replace('Run: echo hello', 'Run: a\n      Startup: b'),
      'Manifests[0].Lifecycle: only one of Startup and Run',
    ],
    [
      'a step object without Script',
      minimalYaml.replace('Run: echo hello', 'Run:\n        Timeout: 5'),
      'Manifests[0].Lifecycle.Run: missing Script',
    ],
    [
      'a malformed Skipif',
      minimalYaml.replace('Run: echo hello', 'Run:\n        Script: x\n        Skipif: maybe x'),
      'Manifests[0].Lifecycle.Run.Skipif: expected "onpath <program>"',
    ],
    [
      'an invalid dependency range',
      `${minimalYaml}ComponentDependencies:\n  com.example.Dep:\n    VersionRequirement: "not a range"\n`,
      'ComponentDependencies["com.example.Dep"].VersionRequirement: is not a valid npm-style version range',
    ],
    [
      'an unknown artifact key',
      minimalYaml.replace(
        '    Lifecycle:',
        '    Artifacts:\n      - URI: s3://b/a.zip\n        Unpack: ZIP\n    Lifecycle:',
      ),
      'Manifests[0].Artifacts[0].Unpack: unknown key (allowed: URI, Digest, Algorithm, Unarchive, Permission)',
    ],
    [
      'keys that differ only by case',
      minimalYaml.replace('ComponentVersion: 1.0.0', 'ComponentVersion: 1.0.0\ncomponentversion: 1.0.1'),
      'componentversion: duplicate key: "ComponentVersion" and "componentversion" are the same key',
    ],
  ])('rejects %s with the path of the error', (_, text, expected) => {
    expect(errorTexts(text).some((t) => t.startsWith(expected))).toBe(true);
  });

  it('reports every problem at once', () => {
    const text = minimalYaml.replace('1.0.0', 'x').replace('Run: echo hello', 'Run: 5');
    const texts = errorTexts(text);
    expect(texts).toContain('ComponentVersion: must be a semantic version major.minor.patch, e.g. "1.0.0"');
    // lifecycles are only checked once the recipe model itself is valid
    expect(texts).toHaveLength(1);
  });

  it('rejects text that is not YAML or JSON with RECIPE_PARSE_ERROR', () => {
    const yaml = parseRecipe('a: [1, 2\n', 'yaml', 'broken.yaml');
    expect(yaml.ok ? undefined : yaml.error.code).toBe('RECIPE_PARSE_ERROR');
    const json = parseRecipe('{"a": ', 'json', 'broken.json');
    expect(json.ok ? undefined : json.error.code).toBe('RECIPE_PARSE_ERROR');
    const scalar = parseRecipe('just text', 'yaml');
    expect(scalar.ok ? undefined : scalar.error.code).toBe('RECIPE_INVALID');
  });

  it('validates the global lifecycle a manifest selects', () => {
    const text = `
RecipeFormatVersion: "2020-01-25"
ComponentName: com.example.Global
ComponentVersion: "1.0.0"
Manifests:
  - Platform: { os: linux }
    Selections: [linux]
Lifecycle:
  linux:
    Run: 42
`;
    expect(errorTexts(text)).toContain('Lifecycle.Run: expected string or object');
  });

  it('warns about unknown lifecycle keys the nucleus ignores', () => {
    const result = parseRecipe(
      minimalYaml.replace('Run: echo hello', 'Run: echo hello\n      Rnu: typo'),
      'yaml',
    );
    expect(result.ok && result.value.warnings).toEqual([
      'Manifests[0].Lifecycle.Rnu: unknown lifecycle key, ignored as the nucleus does',
    ]);
  });
});
