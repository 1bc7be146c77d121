// One lifecycle script run the nucleus way (docs/greengrass-behaviour.md#lifecycle; nucleus Exec/ShellRunner):
// `sh -c <script>` in its own process group, output read line by line, and a stop that goes
// from polite to forceful: SIGTERM to the group, SIGKILL after the grace period.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import type { Clock } from '../platform/clock.ts';
import { signalProcessGroup, trackProcessGroup, untrackProcessGroup } from './live-process-groups.ts';

/** How long a stopped process gets between SIGTERM and SIGKILL (nucleus Exec gracefulShutdownTimeout). */
export const DEFAULT_STOP_GRACE_MS = 5_000;
/** A longer output line is split, so a child printing without newlines cannot grow memory. */
export const MAX_OUTPUT_LINE_CHARS = 64 * 1024;

export type OutputStream = 'stdout' | 'stderr';

export interface ShellProcessOptions {
  readonly script: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly clock: Clock;
  /** One call per output line, trimmed as the nucleus does; blank lines are skipped. */
  readonly onLine: (stream: OutputStream, line: string) => void;
}

export interface ProcessEnd {
  /** The exit code, or 128 + signal number when a signal ended it (Java's Process#exitValue). */
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  readonly spawnError?: Error;
}

/** What ended a process `terminate` was asked to stop. */
export type EndedBy = 'exit' | 'SIGTERM' | 'SIGKILL';

export interface ShellProcess {
  readonly pid: number | undefined;
  readonly ended: Promise<ProcessEnd>;
  readonly running: boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the process has ended. Idempotent. */
  terminate(graceMs?: number): Promise<EndedBy>;
}

/**
 * util-linux's setpriv, where present, starts each step with a parent-death signal
 * (PR_SET_PDEATHSIG, prctl(2)): if the core dies without stopping its components (SIGKILL, a
 * crash), the kernel sends SIGTERM to every step it started, as systemd ends a nucleus's whole
 * control group. What a step started itself and what ignores SIGTERM is ended by the next core
 * on the same root (leftover-processes.ts).
 */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((candidate) => existsSync(candidate));
const STEP_COMMAND: readonly string[] =
  SETPRIV === undefined ? ['sh', '-c'] : [SETPRIV, '--pdeathsig', 'TERM', '--', 'sh', '-c'];

export function startShellProcess(options: ShellProcessOptions): ShellProcess {
  const child = spawn(STEP_COMMAND[0] as string, [...STEP_COMMAND.slice(1), options.script], {
    cwd: options.cwd,
    env: options.env,
    detached: true, // its own process group, so a stop reaches the script's children too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid !== undefined) trackProcessGroup(pid);
  let running = pid !== undefined;
  readLines(child.stdout, (line) => options.onLine('stdout', line));
  readLines(child.stderr, (line) => options.onLine('stderr', line));

  const ended = new Promise<ProcessEnd>((resolve) => {
    child.once('error', (spawnError) => {
      if (pid !== undefined) return; // errors after a successful spawn are followed by 'close'
      running = false;
      resolve({ exitCode: -1, signal: null, spawnError });
    });
    child.once('close', (code, signal) => {
      running = false;
      if (pid !== undefined) untrackProcessGroup(pid);
      resolve({
        exitCode: code ?? 128 + (signal === null ? 0 : (os.constants.signals[signal] ?? 0)),
        signal,
      });
    });
  });

  let termination: Promise<EndedBy> | undefined;
  return {
    pid,
    ended,
    get running() {
      return running;
    },
    terminate(graceMs = DEFAULT_STOP_GRACE_MS) {
      termination ??= terminate(pid, () => running, ended, graceMs, options.clock);
      return termination;
    },
  };
}

async function terminate(
  pid: number | undefined,
  isRunning: () => boolean,
  ended: Promise<ProcessEnd>,
  graceMs: number,
  clock: Clock,
): Promise<EndedBy> {
  if (pid === undefined || !isRunning()) {
    await ended;
    return 'exit';
  }
  let killed = false;
  signalProcessGroup(pid, 'SIGTERM');
  const timer = clock.setTimeout(() => {
    killed = true;
    signalProcessGroup(pid, 'SIGKILL');
  }, graceMs);
  await ended;
  clock.clearTimeout(timer);
  // Group members without our pipes (daemonised children ignoring SIGTERM) may outlive the leader.
  signalProcessGroup(pid, 'SIGKILL');
  return killed ? 'SIGKILL' : 'SIGTERM';
}

function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (text: string) => {
    const line = text.trim();
    if (line !== '') onLine(line);
  };
  stream.on('data', (chunk: Buffer) => {
    pending += decoder.write(chunk);
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      emit(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    while (pending.length > MAX_OUTPUT_LINE_CHARS) {
      emit(pending.slice(0, MAX_OUTPUT_LINE_CHARS));
      pending = pending.slice(MAX_OUTPUT_LINE_CHARS);
    }
  });
  stream.on('end', () => emit(pending + decoder.end()));
}
