// start: runs the local core in the foreground until SIGINT or SIGTERM, then stops every
// component (SIGTERM, SIGKILL after the grace period) and exits 0. One Ctrl+C or one
// `kill -TERM` to the process group reaches npm, tsx and the core at once, and the copies npm
// and tsx relay arrive moments later: signals within REPEATED_SIGNAL_WINDOW_MS of the first are
// the same request. A signal after that exits at once; component process groups still alive
// are killed on exit.

import { startCore } from '../../core/core.ts';
import type { CoreOptions } from '../../core/core-options.ts';
import type { LocalCore } from '../../core/local-core.ts';
import { isCoreError } from '../../errors/core-error.ts';
import { IpcServerError } from '../../ipc/errors.ts';
import { CliError } from '../cli-error.ts';
import type { Output } from '../output.ts';

/** Signals this soon after the first are copies relayed by npm and tsx, not a second request. */
export const REPEATED_SIGNAL_WINDOW_MS = 2_000;

export async function runCore(
  root: string,
  output: Output,
  flavour: Pick<CoreOptions, 'nucleus' | 'platformOverride'> = {},
): Promise<number> {
  let core: LocalCore;
  try {
    core = await startCore({ root, ...flavour });
  } catch (error) {
    if (error instanceof IpcServerError || isCoreError(error)) {
      throw new CliError('CORE_START_FAILED', `cannot start the local core at ${root}: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
  output.out(
    [
      `Local Greengrass core running at ${core.root}`,
      `  Nucleus:    ${core.nucleus} (platform ${Object.entries(core.platform)
        .map(([key, value]) => `${key}=${value}`)
        .join(', ')})`,
      `  IPC socket: ${core.socketPath}`,
      `  Logs:       ${core.paths.logs}/greengrass.log and ${core.paths.logs}/<ComponentName>.log`,
      ...(core.startupDeploymentId === undefined
        ? []
        : [`  Deploying the stored root components again: deployment ${core.startupDeploymentId}`]),
      'Stop with Ctrl+C (SIGINT) or SIGTERM.',
    ].join('\n'),
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  output.err(`${signal}: stopping every component...`);
  const firstAt = Date.now();
  const onAnotherSignal = (again: NodeJS.Signals) => {
    if (Date.now() - firstAt < REPEATED_SIGNAL_WINDOW_MS) return; // the relayed copy of the first
    output.err(`${again} again: exiting without waiting for components to stop`);
    process.exit(130);
  };
  process.on('SIGINT', onAnotherSignal);
  process.on('SIGTERM', onAnotherSignal);
  await core.close();
  output.err('Local Greengrass core stopped.');
  return 0;
}
