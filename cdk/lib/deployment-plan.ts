// Which built components the thing-group deployment lists, and the configuration update of
// each (Greengrass CreateDeployment's componentConfigurationUpdate: `merge` as JSON text,
// `reset` as JSON pointers). Every built component gets a component version; the deployment
// lists the classifier alone by default (its dependency com.custom.NodeRuntime comes with it),
// and the demo requester, which sends photos forever, and the live view, only when asked. Pure.

export const CLASSIFIER = 'com.custom.ImageClassifier';
export const REQUESTER = 'com.custom.requester';
export const LIVE_VIEW = 'com.custom.LiveView';

export interface ConfigurationUpdate {
  readonly merge?: Readonly<Record<string, unknown>>;
  readonly reset?: readonly string[];
}

export interface DeploymentChoice {
  readonly deployRequester: boolean;
  /** Also the live view page (optional: it serves on the device's 127.0.0.1 only). */
  readonly deployLiveView?: boolean;
  /** By component name: what the deployment merges into and resets in its configuration. */
  readonly configuration: Readonly<Record<string, ConfigurationUpdate>>;
}

export interface DeployedComponent {
  readonly name: string;
  readonly configurationUpdate?: { readonly merge?: string; readonly reset?: string[] };
}

/** Parses the `componentConfiguration` context (JSON text); throws naming what is wrong. */
export function parseConfigurationUpdates(text: string): Record<string, ConfigurationUpdate> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`componentConfiguration is not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(value)) throw new Error('componentConfiguration must be an object keyed by component name');
  const updates: Record<string, ConfigurationUpdate> = {};
  for (const [name, update] of Object.entries(value)) {
    if (!isRecord(update)) throw new Error(`componentConfiguration.${name} must be an object`);
    const unknown = Object.keys(update).filter((key) => key !== 'merge' && key !== 'reset');
    if (unknown.length > 0)
      throw new Error(
        `componentConfiguration.${name}: unknown key(s) ${unknown.join(', ')} (use merge, reset)`,
      );
    const { merge, reset } = update;
    if (merge !== undefined && !isRecord(merge))
      throw new Error(`componentConfiguration.${name}.merge must be an object`);
    if (
      reset !== undefined &&
      !(Array.isArray(reset) && reset.every((p) => typeof p === 'string' && p.startsWith('/')))
    )
      throw new Error(`componentConfiguration.${name}.reset must be a list of JSON pointers such as "/TopK"`);
    updates[name] = {
      ...(merge === undefined ? {} : { merge }),
      ...(reset === undefined ? {} : { reset: reset as string[] }),
    };
  }
  return updates;
}

export function planDeployment(builtNames: readonly string[], choice: DeploymentChoice): DeployedComponent[] {
  const listed = [
    CLASSIFIER,
    ...(choice.deployRequester ? [REQUESTER] : []),
    ...(choice.deployLiveView ? [LIVE_VIEW] : []),
  ];
  for (const name of listed) {
    if (!builtNames.includes(name))
      throw new Error(`the build output has no ${name}: run npm run build first`);
  }
  for (const name of Object.keys(choice.configuration)) {
    if (!listed.includes(name)) {
      throw new Error(
        `componentConfiguration names ${name}, which this deployment does not list (${listed.join(', ')})` +
          (name === REQUESTER ? '; add -c deployRequester=true' : '') +
          (name === LIVE_VIEW ? '; add -c deployLiveView=true' : ''),
      );
    }
  }
  return listed.map((name) => {
    const update = choice.configuration[name];
    if (update === undefined) return { name };
    return {
      name,
      configurationUpdate: {
        ...(update.merge === undefined ? {} : { merge: JSON.stringify(update.merge) }),
        ...(update.reset === undefined ? {} : { reset: [...update.reset] }),
      },
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
