// The classifier artifact the bench runs: the built zip and recipe for this machine. A zip older
// than the sources it is built from would measure old code, so it is rebuilt first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface BuiltClassifier {
  readonly zipPath: string;
  readonly recipePath: string;
}

/** Sources that end up in the classifier's artifact. */
const SOURCE_FOLDERS = ['components/classifier', 'components/runtime', 'models'];

export function builtClassifierIn(buildDir: string): BuiltClassifier {
  return {
    zipPath: path.join(buildDir, 'artifacts/com.custom.ImageClassifier/1.0.0/classifier-linux-x64.zip'),
    recipePath: path.join(buildDir, 'recipes/com.custom.ImageClassifier-1.0.0.yaml'),
  };
}

/** The classifier in `buildDir` if given, else greengrass-build/, rebuilt first when stale. */
export async function ensureBuiltClassifier(
  repoRoot: string,
  rebuild: boolean,
  buildDir?: string,
): Promise<BuiltClassifier> {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`the bench runs the linux-x64 artifact; this is ${process.platform}-${process.arch}`);
  if (buildDir) return checkExists(builtClassifierIn(path.resolve(buildDir)));
  const built = builtClassifierIn(path.join(repoRoot, 'greengrass-build'));
  const stale = await staleReason(repoRoot, built);
  if (stale && rebuild) {
    process.stderr.write(`bench: ${stale}; running npm run build -- --arch host\n`);
    const build = spawnSync('npm', ['run', 'build', '--', '--arch', 'host'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('npm run build failed');
  } else if (stale) {
    process.stderr.write(`bench: warning: ${stale} (--no-build given)\n`);
  }
  return checkExists(built);
}

function checkExists(built: BuiltClassifier): BuiltClassifier {
  if (!existsSync(built.zipPath) || !existsSync(built.recipePath))
    throw new Error(`no built classifier at ${built.zipPath}; run npm run build`);
  return built;
}

async function staleReason(repoRoot: string, built: BuiltClassifier): Promise<string | undefined> {
  if (!existsSync(built.zipPath) || !existsSync(built.recipePath))
    return 'the classifier artifact is missing';
  const builtAt = (await stat(built.zipPath)).mtimeMs;
  for (const folder of SOURCE_FOLDERS) {
    const newer = await findNewerFile(path.join(repoRoot, folder), builtAt);
    if (newer) return `${path.relative(repoRoot, newer)} is newer than the artifact`;
  }
  return undefined;
}

async function findNewerFile(folder: string, thanMs: number): Promise<string | undefined> {
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await stat(file)).mtimeMs > thanMs) return file;
  }
  return undefined;
}
