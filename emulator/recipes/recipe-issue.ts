// One problem found in a recipe, located by its path (e.g. `Manifests[0].Lifecycle.Run`).

export type IssuePath = readonly (string | number)[];

export interface RecipeIssue {
  readonly path: IssuePath;
  readonly message: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `Manifests[0].Lifecycle.Run`; keys that are not plain words print as `["com.example.Dep"]`. */
export function formatIssuePath(path: IssuePath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (PLAIN_KEY.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text === '' ? '(recipe)' : text;
}

export function formatIssue(issue: RecipeIssue): string {
  return `${formatIssuePath(issue.path)}: ${issue.message}`;
}
