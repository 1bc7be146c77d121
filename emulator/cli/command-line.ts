// The command line, parsed once into a typed command (pure; node:util parseArgs). Verbs and
// option names are greengrass-cli's (docs/greengrass-behaviour.md#greengrass-cli; aws-greengrass-cli
// DeploymentCommand, ComponentCommand, PubSubCommand), plus `start` and, on every verb,
// `--root DIR` (GG_ROOT when absent) and `--debug`.

import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { IotCoreOptions } from '../core/core-options.ts';
import { isDeploymentId } from '../deployment/deployment-record.ts';
import { parseMergeArguments } from '../deployment/merge-arguments.ts';
import { isCoreError } from '../errors/core-error.ts';
import { isNucleusFlavour, type NucleusFlavour } from '../platform/nucleus-flavour.ts';
import { CliError } from './cli-error.ts';
import { usageOf } from './usage.ts';

interface Common {
  /** As given; resolved against GG_ROOT and the default by resolveCoreRoot. */
  readonly root: string | undefined;
  readonly debug: boolean;
}

export type Command = Common &
  (
    | { readonly verb: 'help'; readonly text: string }
    | {
        readonly verb: 'start';
        readonly nucleus: NucleusFlavour;
        /** `--platform-override key=value`, as the nucleus's platformOverride. */
        readonly platformOverride: Readonly<Record<string, string>>;
        readonly iotCore: IotCoreOptions;
      }
    | {
        readonly verb: 'deployment create';
        readonly recipeDir: string | undefined;
        readonly artifactDir: string | undefined;
        readonly merge: Readonly<Record<string, string>>;
        readonly remove: readonly string[];
        /** JSON text or the path of a JSON file, read by the command. */
        readonly updateConfig: string | undefined;
      }
    | { readonly verb: 'deployment status'; readonly deploymentId: string }
    | { readonly verb: 'deployment list' }
    | { readonly verb: 'component list' }
    | { readonly verb: 'component details'; readonly name: string }
    | { readonly verb: 'component restart' | 'component stop'; readonly names: readonly string[] }
    /** `message` is text or the path of a file, read by the command. */
    | { readonly verb: 'pubsub pub'; readonly topic: string; readonly message: string }
    | { readonly verb: 'pubsub sub'; readonly topic: string }
    | { readonly verb: 'iotcore pub'; readonly topic: string; readonly message: string; readonly qos: 0 | 1 }
    | { readonly verb: 'iotcore sub'; readonly topic: string; readonly qos: 0 | 1 }
  );

export type Verb = Command['verb'];
type Options = NonNullable<ParseArgsConfig['options']>;
type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

const COMMON_OPTIONS: Options = {
  root: { type: 'string' },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

const VERB_OPTIONS: Readonly<Record<Exclude<Verb, 'help'>, Options>> = {
  start: {
    nucleus: { type: 'string', default: 'classic' },
    'platform-override': { type: 'string', multiple: true },
    'iot-core-port': { type: 'string' },
    'iot-core-url': { type: 'string' },
    'iot-core-ca': { type: 'string' },
    'iot-core-cert': { type: 'string' },
    'iot-core-key': { type: 'string' },
  },
  'deployment create': {
    recipeDir: { type: 'string', short: 'r' },
    artifactDir: { type: 'string', short: 'a' },
    merge: { type: 'string', short: 'm', multiple: true },
    remove: { type: 'string', multiple: true },
    'update-config': { type: 'string', short: 'c' },
  },
  'deployment status': { deploymentId: { type: 'string', short: 'i' } },
  'deployment list': {},
  'component list': {},
  'component details': { name: { type: 'string', short: 'n' } },
  'component restart': { names: { type: 'string', short: 'n' } },
  'component stop': { names: { type: 'string', short: 'n' } },
  'pubsub pub': { topic: { type: 'string', short: 't' }, message: { type: 'string', short: 'm' } },
  'pubsub sub': { topic: { type: 'string', short: 't' } },
  'iotcore pub': {
    topic: { type: 'string', short: 't' },
    message: { type: 'string', short: 'm' },
    qos: { type: 'string', short: 'q', default: '1' },
  },
  'iotcore sub': { topic: { type: 'string', short: 't' }, qos: { type: 'string', short: 'q', default: '1' } },
};

/** Parses `argv` (without node and the script); throws CliError USAGE naming what is wrong. */
export function parseCommandLine(argv: readonly string[]): Command {
  const [group, action] = argv;
  if (group === undefined || group === 'help' || group === '-h' || group === '--help') {
    return { verb: 'help', text: usageOf(undefined), root: undefined, debug: false };
  }
  const verb = (group === 'start' ? 'start' : `${group} ${action ?? ''}`.trim()) as Verb;
  if (!(verb in VERB_OPTIONS)) throw usageError(`unknown command "${argv.slice(0, 2).join(' ')}"`, undefined);
  const rest = argv.slice(verb === 'start' ? 1 : 2);
  let values: OptionValues;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: { ...COMMON_OPTIONS, ...VERB_OPTIONS[verb as keyof typeof VERB_OPTIONS] },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw usageError((error as Error).message, verb);
  }
  const common: Common = { root: values.root as string | undefined, debug: values.debug === true };
  if (values.help === true) return { verb: 'help', text: usageOf(verb), ...common };
  return { ...common, ...verbFields(verb, values) } as Command;
}

function verbFields(verb: Verb, values: OptionValues) {
  const text = (name: string, flag: string): string => {
    const value = values[name];
    if (typeof value !== 'string' || value.trim() === '') throw usageError(`${flag} is required`, verb);
    return value;
  };
  switch (verb) {
    case 'deployment create':
      return {
        verb,
        recipeDir: values.recipeDir as string | undefined,
        artifactDir: values.artifactDir as string | undefined,
        merge: mergeOption(values.merge as string[] | undefined),
        remove: splitNames((values.remove as string[] | undefined) ?? []),
        updateConfig: values['update-config'] as string | undefined,
      };
    case 'deployment status': {
      const deploymentId = text('deploymentId', '-i/--deploymentId');
      if (!isDeploymentId(deploymentId))
        throw usageError(
          `-i "${deploymentId}" is not a deployment id (a UUID, as deployment create prints)`,
          verb,
        );
      return { verb, deploymentId };
    }
    case 'component details':
      return { verb, name: text('name', '-n/--name') };
    case 'component restart':
    case 'component stop': {
      const names = splitNames([text('names', '-n/--names')]);
      if (names.length === 0) throw usageError('-n/--names needs at least one component name', verb);
      return { verb, names };
    }
    case 'pubsub pub':
      return { verb, topic: text('topic', '-t/--topic'), message: text('message', '-m/--message') };
    case 'iotcore pub':
      return {
        verb,
        topic: text('topic', '-t/--topic'),
        message: text('message', '-m/--message'),
        qos: qosOption(values.qos, verb),
      };
    case 'iotcore sub':
      return { verb, topic: text('topic', '-t/--topic'), qos: qosOption(values.qos, verb) };
    case 'pubsub sub':
      return { verb, topic: text('topic', '-t/--topic') };
    case 'start': {
      const nucleus = String(values.nucleus);
      if (!isNucleusFlavour(nucleus))
        throw usageError(`--nucleus must be classic or lite, got "${nucleus}"`, verb);
      return {
        verb,
        nucleus,
        platformOverride: platformOverrides(values['platform-override'], verb),
        iotCore: iotCoreOptions(values, verb),
      };
    }
    default:
      return { verb };
  }
}

function platformOverrides(values: unknown, verb: Verb): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const item of (values as string[] | undefined) ?? []) {
    const match = /^([^=\s]+)=(\S+)$/.exec(item);
    if (match === null)
      throw usageError(
        `--platform-override takes KEY=VALUE (e.g. architecture=aarch64), got "${item}"`,
        verb,
      );
    overrides[match[1] as string] = match[2] as string;
  }
  return overrides;
}

function mergeOption(values: readonly string[] | undefined): Record<string, string> {
  try {
    return parseMergeArguments(values ?? []);
  } catch (error) {
    if (isCoreError(error)) throw usageError(error.message, 'deployment create');
    throw error;
  }
}

/** greengrass-cli splits `--names` on commas and `&` (ComponentCommand: `" *[&,]+ *"`). */
function splitNames(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(/ *[&,]+ */)).filter((name) => name !== '');
}

function usageError(problem: string, verb: Verb | undefined): CliError {
  return new CliError('USAGE', problem, { hint: usageOf(verb) });
}

function qosOption(value: unknown, verb: Verb): 0 | 1 {
  if (value === '0') return 0;
  if (value === '1') return 1;
  throw usageError(`-q/--qos must be 0 or 1, got "${String(value)}"`, verb);
}

function iotCoreOptions(values: OptionValues, verb: Verb): IotCoreOptions {
  const port = values['iot-core-port'];
  if (port !== undefined && !/^\d{1,5}$/.test(String(port)))
    throw usageError(`--iot-core-port must be a port number, got "${String(port)}"`, verb);
  const file = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const options = {
    brokerUrl: file('iot-core-url'),
    port: port === undefined ? undefined : Number(port),
    caFile: file('iot-core-ca'),
    certFile: file('iot-core-cert'),
    keyFile: file('iot-core-key'),
  };
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as IotCoreOptions;
}
