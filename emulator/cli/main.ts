// `npm run emulator -- <command>`: the local core's command line. It parses, talks to the core
// (over its IPC socket with the unmodified SDK client, or by starting it), and prints; the work
// is the core's. Failures print one line on stderr (the usage after a usage error, the stack
// only with --debug) and exit non-zero: 2 for usage, 1 otherwise.

import { resolveCoreRoot } from '../core/core-root.ts';
import { CliError, FAILURE_EXIT_CODE } from './cli-error.ts';
import { type Command, parseCommandLine } from './command-line.ts';
import { type Output, processOutput } from './output.ts';

/** After a verb is done, the longest the process may linger for handles that forgot to close. */
const EXIT_GRACE_MS = 2_000;

async function run(command: Command, output: Output): Promise<number> {
  if (command.verb === 'help') {
    output.out(command.text);
    return 0;
  }
  const root = resolveCoreRoot(command.root);
  // Each verb loads only what it needs: the core for `start`, the SDK once a core is found.
  switch (command.verb) {
    case 'start':
      return (await import('./commands/start.ts')).runCore(root, output, {
        nucleus: command.nucleus,
        platformOverride: command.platformOverride,
        iotCore: command.iotCore,
      });
    case 'deployment create':
      return (await import('./commands/deployment.ts')).createDeployment(root, command, output);
    case 'deployment status':
      return (await import('./commands/deployment.ts')).showDeploymentStatus(
        root,
        command.deploymentId,
        output,
      );
    case 'deployment list':
      return (await import('./commands/deployment.ts')).listDeployments(root, output);
    case 'component list':
      return (await import('./commands/component.ts')).listComponents(root, output);
    case 'component details':
      return (await import('./commands/component.ts')).showComponentDetails(root, command.name, output);
    case 'component restart':
    case 'component stop': {
      const action = command.verb === 'component restart' ? 'restart' : 'stop';
      return (await import('./commands/component.ts')).controlComponents(root, action, command.names, output);
    }
    case 'pubsub pub':
      return (await import('./commands/pubsub.ts')).publishMessage(
        root,
        command.topic,
        command.message,
        output,
      );
    case 'pubsub sub':
      return (await import('./commands/pubsub.ts')).subscribeToTopic(root, command.topic, output);
    case 'iotcore pub':
      return (await import('./commands/iotcore.ts')).publishToIotCore(root, command, output);
    case 'iotcore sub':
      return (await import('./commands/iotcore.ts')).subscribeToIotCore(root, command, output);
  }
}

function report(error: unknown, debug: boolean, output: Output): number {
  if (error instanceof CliError) {
    output.err(error.message);
    if (error.hint !== undefined) output.err(`\n${error.hint}`);
  } else {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? ` [${String(error.code)}]` : '';
    output.err(`error${code}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (debug && error instanceof Error && error.stack !== undefined) output.err(error.stack);
  else if (!(error instanceof CliError)) output.err('(run again with --debug for the stack trace)');
  return error instanceof CliError ? error.exitCode : FAILURE_EXIT_CODE;
}

const argv = process.argv.slice(2);
let exitCode: number;
try {
  exitCode = await run(parseCommandLine(argv), processOutput);
} catch (error) {
  exitCode = report(error, argv.includes('--debug'), processOutput);
}
process.exitCode = exitCode;
setTimeout(() => process.exit(exitCode), EXIT_GRACE_MS).unref();
