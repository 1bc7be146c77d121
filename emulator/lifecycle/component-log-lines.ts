// The lines a component's lifecycle writes, shaped like the nucleus's (docs/greengrass-behaviour.md#log-line-format,
// docs/greengrass-behaviour.md#state-transitions): state changes and errors in greengrass.log under the GenericExternalService logger
// on thread `<name>-lifecycle`; script starts, output and exits in `<name>.log` with the
// component name as logger. Every component line carries serviceName and currentState.

import type { CoreLogger, LogContext, LogLevel } from '../logs/core-logger.ts';
import { formatCommand } from '../logs/nucleus-log-format.ts';
import type { ComponentOutput } from './component-spec.ts';
import type { ComponentState } from './component-state.ts';
import type { EndedBy, OutputStream } from './shell-process.ts';

export const GENERIC_SERVICE_LOGGER = 'com.aws.greengrass.lifecyclemanager.GenericExternalService';
const OUTPUT_THREAD = 'Copier';

export class ComponentLogLines {
  readonly #name: string;
  readonly #core: CoreLogger;
  readonly #component: CoreLogger;
  readonly #state: () => ComponentState;
  readonly #thread: string;

  readonly #onOutput: ((output: ComponentOutput) => void) | undefined;

  constructor(
    name: string,
    core: CoreLogger,
    component: CoreLogger,
    state: () => ComponentState,
    onOutput?: (output: ComponentOutput) => void,
  ) {
    this.#onOutput = onOutput;
    this.#name = name;
    this.#core = core;
    this.#component = component;
    this.#state = state;
    this.#thread = `${name}-lifecycle`;
  }

  /** `services.<name>.lifecycle.<Run|Run.Script>` */
  scriptName(scriptPath: string): string {
    return `services.${this.#name}.lifecycle.${scriptPath}`;
  }

  setState(from: ComponentState, to: ComponentState): void {
    this.core('INFO', 'service-set-state', undefined, {
      serviceName: this.#name,
      currentState: from,
      newState: to,
    });
  }

  scriptStart(scriptPath: string, script: string): void {
    this.#component.log({
      level: 'INFO',
      thread: this.#thread,
      logger: this.#name,
      event: 'shell-runner-start',
      context: {
        scriptName: this.scriptName(scriptPath),
        ...this.#service(),
        command: formatCommand(script),
      },
    });
  }

  output(stream: OutputStream, scriptPath: string, line: string): void {
    this.#component.log({
      level: stream === 'stdout' ? 'INFO' : 'WARN',
      thread: OUTPUT_THREAD,
      logger: this.#name,
      event: stream,
      message: line,
      context: { scriptName: this.scriptName(scriptPath), ...this.#service() },
    });
    this.#onOutput?.({ name: this.#name, stream, line });
  }

  /** `Run script exited` / `Startup script exited`, in both files as the nucleus does. */
  scriptExited(step: 'Run' | 'Startup', exitCode: number): void {
    const event = {
      level: 'INFO' as const,
      thread: OUTPUT_THREAD,
      event: '',
      message: `${step} script exited`,
    };
    const context = { exitCode, ...this.#service() };
    this.#core.log({ ...event, logger: GENERIC_SERVICE_LOGGER, context });
    this.#component.log({ ...event, logger: this.#name, context });
  }

  scriptFailed(scriptPath: string, script: string, detail: LogContext): void {
    this.#component.log({
      level: 'WARN',
      thread: this.#thread,
      logger: this.#name,
      event: 'shell-runner-error',
      context: {
        scriptName: this.scriptName(scriptPath),
        ...this.#service(),
        command: formatCommand(script),
        ...detail,
      },
    });
  }

  processStopped(pid: number | undefined, endedBy: EndedBy): void {
    this.core('INFO', '', 'Shutdown completed for process', { pid, endedBy });
  }

  errored(reason: string, statusCode: string): void {
    this.core('ERROR', 'service-errored', undefined, { reason, statusCode });
  }

  broken(): void {
    this.core('ERROR', 'service-broken', 'service is broken. Deployment is needed');
  }

  core(level: LogLevel, event: string, message?: string, context: LogContext = {}): void {
    this.#core.log({
      level,
      thread: this.#thread,
      logger: GENERIC_SERVICE_LOGGER,
      event,
      ...(message === undefined ? {} : { message }),
      context: { ...context, ...(context.serviceName === undefined ? this.#service() : {}) },
    });
  }

  #service(): LogContext {
    return { serviceName: this.#name, currentState: this.#state() };
  }
}
