// A minimal manifest selector for the recipe tests (greengrass-reference.md 3.4): the first
// manifest whose every Platform key matches the device; `*` (and `all`/`any` for os and
// architecture) match anything including an absent value; `/re/` is a regular expression.
// The local core's selector (emulator/recipes/, branch `runner`) can replace it at merge.

export type DevicePlatform = Readonly<Record<string, string>>;

function valueMatches(key: string, wanted: string, actual: string | undefined): boolean {
  if (wanted === '*') return true;
  if ((key === 'os' || key === 'architecture') && (wanted === 'all' || wanted === 'any')) return true;
  if (actual === undefined) return false;
  if (wanted.length > 1 && wanted.startsWith('/') && wanted.endsWith('/')) {
    return new RegExp(`^(?:${wanted.slice(1, -1)})$`).test(actual);
  }
  return wanted === actual;
}

export function selectManifest<M extends { Platform?: Record<string, string> }>(
  manifests: readonly M[],
  device: DevicePlatform,
): M | undefined {
  return manifests.find((manifest) =>
    Object.entries(manifest.Platform ?? {}).every(([key, wanted]) => valueMatches(key, wanted, device[key])),
  );
}
