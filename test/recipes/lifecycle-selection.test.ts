import { describe, expect, it } from 'vitest';
import { selectLifecycle } from '../../emulator/recipes/lifecycle-selection.ts';
import { parseRecipe } from '../../emulator/recipes/parse-recipe.ts';

function recipe(text: string) {
  const result = parseRecipe(text, 'yaml');
  if (!result.ok) throw result.error;
  return result.value.recipe;
}

const header =
  'RecipeFormatVersion: "2020-01-25"\nComponentName: com.example.Sel\nComponentVersion: "1.0.0"\n';

describe('selectLifecycle', () => {
  it("uses the manifest's own lifecycle when it has one", () => {
    const r = recipe(
      `${header}Manifests:\n  - Lifecycle: { Run: own }\n    Selections: [linux]\nLifecycle:\n  linux: { Run: global }\n`,
    );
    expect(selectLifecycle(r, 0)).toEqual({ Run: 'own' });
  });

  it('selects a keyword section of the global lifecycle', () => {
    const r = recipe(
      `${header}Manifests:\n  - Platform: { os: linux }\n    Selections: [linux]\n  - Selections: [windows]\nLifecycle:\n  linux: { Run: on-linux }\n  windows: { Run: on-windows }\n  all: { Run: anywhere }\n`,
    );
    expect(selectLifecycle(r, 0)).toEqual({ Run: 'on-linux' });
    expect(selectLifecycle(r, 1)).toEqual({ Run: 'on-windows' });
  });

  it('falls back to the all section, and nests selections per step', () => {
    const r = recipe(
      `${header}Manifests:\n  - Selections: [arm]\n  - Selections: [x86]\nLifecycle:\n  Install:\n    arm: install-arm\n    all: install-any\n  Run: always\n`,
    );
    expect(selectLifecycle(r, 0)).toEqual({ Install: 'install-arm', Run: 'always' });
    expect(selectLifecycle(r, 1)).toEqual({ Install: 'install-any', Run: 'always' });
  });

  it('uses sections without keywords when the manifest has no selections', () => {
    const r = recipe(
      `${header}Manifests:\n  - Platform: { os: '*' }\nLifecycle:\n  Run: plain\n  Setenv: { A: "1" }\n`,
    );
    expect(selectLifecycle(r, 0)).toEqual({ Run: 'plain', Setenv: { A: '1' } });
  });

  it('drops a step whose selector is not chosen and has no all', () => {
    const r = recipe(
      `${header}Manifests:\n  - Selections: [x86]\n  - Selections: [arm]\nLifecycle:\n  Install:\n    arm: only-arm\n  Run: r\n`,
    );
    expect(selectLifecycle(r, 0)).toEqual({ Run: 'r' });
  });
});
