// Turns a raw recipe lifecycle map into a typed definition (docs/greengrass-behaviour.md#lifecycle).
// Lifecycle keys are case-insensitive on a device (`Run`/`run`, `Setenv`/`setEnv`), but the
// recipe's own spelling is kept for `scriptName` in the logs (reference 4.3).

import { isRecord } from '../util/json.ts';
import type { IssuePath, RecipeIssue } from './recipe-issue.ts';

export type LifecycleStepName =
  | 'bootstrap'
  | 'install'
  | 'startup'
  | 'run'
  | 'shutdown'
  | 'recover'
  | 'uninstall';

export const LIFECYCLE_STEP_NAMES: readonly LifecycleStepName[] = [
  'bootstrap',
  'install',
  'startup',
  'run',
  'shutdown',
  'recover',
  'uninstall',
];

export interface SkipIf {
  readonly check: 'onpath' | 'exists';
  readonly target: string;
  /** `Skipif: "!exists x"` skips when x does NOT exist (nucleus GenericExternalService.shouldSkip). */
  readonly negate: boolean;
}

export interface LifecycleStep {
  readonly name: LifecycleStepName;
  /** Key path below `lifecycle` in the recipe's spelling: `Run` or `Run.Script`. */
  readonly scriptPath: string;
  readonly script: string;
  readonly requiresPrivilege: boolean;
  readonly skipIf?: SkipIf;
  readonly timeoutSec?: number;
  readonly setenv: Readonly<Record<string, string>>;
}

export interface LifecycleDefinition {
  readonly setenv: Readonly<Record<string, string>>;
  readonly steps: Readonly<Partial<Record<LifecycleStepName, LifecycleStep>>>;
  /** Seconds within which three errors make the component BROKEN (reference 4.7). */
  readonly errorResetTimeSec?: number;
}

export interface ParsedLifecycle {
  readonly lifecycle: LifecycleDefinition;
  readonly issues: readonly RecipeIssue[];
  readonly warnings: readonly RecipeIssue[];
}

const SKIP_IF = /^(!?)\s*(exists|onpath) +(.+)$/;

export function parseLifecycle(raw: unknown, path: IssuePath = ['Lifecycle']): ParsedLifecycle {
  const issues: RecipeIssue[] = [];
  const warnings: RecipeIssue[] = [];
  const steps: Partial<Record<LifecycleStepName, LifecycleStep>> = {};
  let setenv: Record<string, string> = {};
  let errorResetTimeSec: number | undefined;
  if (raw !== null && raw !== undefined && !isRecord(raw)) {
    issues.push({ path, message: 'expected an object of lifecycle steps' });
    return { lifecycle: { setenv, steps }, issues, warnings };
  }
  for (const [key, value] of Object.entries(raw ?? {})) {
    const lower = key.toLowerCase();
    const stepName = LIFECYCLE_STEP_NAMES.find((name) => name === lower);
    if (stepName !== undefined) {
      const step = parseStep(stepName, key, value, [...path, key], issues, warnings);
      if (step !== undefined) steps[stepName] = step;
    } else if (lower === 'setenv') {
      setenv = parseSetenv(value, [...path, key], issues);
    } else if (lower === 'errorresettime') {
      errorResetTimeSec = parsePositiveNumber(value, [...path, key], issues);
    } else {
      warnings.push({ path: [...path, key], message: 'unknown lifecycle key, ignored as the nucleus does' });
    }
  }
  if (steps.startup !== undefined && steps.run !== undefined) {
    issues.push({ path, message: 'only one of Startup and Run may be defined' });
  }
  return {
    lifecycle: { setenv, steps, ...(errorResetTimeSec === undefined ? {} : { errorResetTimeSec }) },
    issues,
    warnings,
  };
}

function parseStep(
  name: LifecycleStepName,
  key: string,
  value: unknown,
  path: IssuePath,
  issues: RecipeIssue[],
  warnings: RecipeIssue[],
): LifecycleStep | undefined {
  if (value === null || value === '') return undefined; // an empty step does nothing (nucleus: NothingDone)
  if (typeof value === 'string')
    return { name, scriptPath: key, script: value, requiresPrivilege: false, setenv: {} };
  if (!isRecord(value)) {
    issues.push({ path, message: 'expected string or object' });
    return undefined;
  }
  let script: string | undefined;
  let scriptKey = 'Script';
  let requiresPrivilege = false;
  let skipIf: SkipIf | undefined;
  let timeoutSec: number | undefined;
  let setenv: Record<string, string> = {};
  for (const [childKey, child] of Object.entries(value)) {
    const childPath = [...path, childKey];
    switch (childKey.toLowerCase()) {
      case 'script':
        scriptKey = childKey;
        if (typeof child === 'string') script = child;
        else issues.push({ path: childPath, message: 'expected string' });
        break;
      case 'requiresprivilege':
        requiresPrivilege = parseBoolean(child, childPath, issues);
        break;
      case 'skipif':
        skipIf = parseSkipIf(child, childPath, issues);
        break;
      case 'timeout':
        timeoutSec = parsePositiveNumber(child, childPath, issues);
        break;
      case 'setenv':
        setenv = parseSetenv(child, childPath, issues);
        break;
      default:
        warnings.push({ path: childPath, message: 'unknown step key, ignored as the nucleus does' });
    }
  }
  if (script === undefined) {
    if (!issues.some((issue) => issue.path.length > path.length && issue.path[path.length] === scriptKey)) {
      issues.push({ path, message: 'missing Script' });
    }
    return undefined;
  }
  return {
    name,
    scriptPath: `${key}.${scriptKey}`,
    script,
    requiresPrivilege,
    setenv,
    ...(skipIf === undefined ? {} : { skipIf }),
    ...(timeoutSec === undefined ? {} : { timeoutSec }),
  };
}

export function parseSkipIf(value: unknown, path: IssuePath, issues: RecipeIssue[]): SkipIf | undefined {
  const match = typeof value === 'string' ? SKIP_IF.exec(value.trim()) : null;
  if (match === null) {
    issues.push({
      path,
      message: 'expected "onpath <program>" or "exists <file>" (optionally prefixed with !)',
    });
    return undefined;
  }
  return {
    negate: match[1] === '!',
    check: match[2] === 'onpath' ? 'onpath' : 'exists',
    target: (match[3] ?? '').trim(),
  };
}

function parseSetenv(value: unknown, path: IssuePath, issues: RecipeIssue[]): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) {
    issues.push({ path, message: 'expected an object of environment variables' });
    return {};
  }
  const env: Record<string, string> = {};
  for (const [name, child] of Object.entries(value)) {
    if (typeof child === 'string' || typeof child === 'number' || typeof child === 'boolean')
      env[name] = String(child);
    else if (child === null) env[name] = '';
    else issues.push({ path: [...path, name], message: 'expected string, number or boolean' });
  }
  return env;
}

function parseBoolean(value: unknown, path: IssuePath, issues: RecipeIssue[]): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === 'true';
  issues.push({ path, message: 'expected true or false' });
  return false;
}

function parsePositiveNumber(value: unknown, path: IssuePath, issues: RecipeIssue[]): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number) && number > 0) return number;
  issues.push({ path, message: 'expected a positive number of seconds' });
  return undefined;
}
