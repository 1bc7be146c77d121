// Parses a component's `accessControl` configuration into the policies of one IPC service
// (docs/ipc-protocol.md#pubsub-authorization, docs/ipc-protocol.md#pubsub-authorization):
//   accessControl → <service id> → <policy id> → { policyDescription, operations, resources }
// Property names match case-insensitively. The principal of every policy is the component whose
// configuration holds it. Invalid parts are skipped and reported, never fatal.

import { isJsonObject, type JsonValue } from '../util/json.ts';
import { parseResourcePattern, type ResourcePattern } from './resource-glob.ts';

export const PUBSUB_SERVICE_ID = 'aws.greengrass.ipc.pubsub';
export const MQTT_PROXY_SERVICE_ID = 'aws.greengrass.ipc.mqttproxy';
export const ANY_OPERATION = '*';

export interface Policy {
  readonly id: string;
  readonly operations: ReadonlySet<string>;
  readonly resources: readonly ResourcePattern[];
}

export interface ServicePolicies {
  readonly policies: readonly Policy[];
  /** What was skipped and why, for the log. */
  readonly problems: readonly string[];
}

/** `validOperations` excludes `*`, which is always valid. */
export function parseServicePolicies(
  accessControl: JsonValue | undefined,
  serviceId: string,
  validOperations: ReadonlySet<string>,
): ServicePolicies {
  const policies: Policy[] = [];
  const problems: string[] = [];
  const service = isJsonObject(accessControl) ? getIgnoringCase(accessControl, serviceId) : undefined;
  if (service === undefined) return { policies, problems };
  if (!isJsonObject(service)) return { policies, problems: [`accessControl.${serviceId} is not an object`] };
  for (const [id, body] of Object.entries(service)) {
    const where = `policy ${JSON.stringify(id)} of ${serviceId}`;
    if (!isJsonObject(body)) {
      problems.push(`${where} is not an object`);
      continue;
    }
    const operations = readStrings(
      getIgnoringCase(body, 'operations'),
      `${where}: operations`,
      problems,
    ).filter((operation) => {
      const valid = operation === ANY_OPERATION || validOperations.has(operation);
      if (!valid)
        problems.push(`${where}: operation ${JSON.stringify(operation)} does not exist for ${serviceId}`);
      return valid;
    });
    const resources: ResourcePattern[] = [];
    for (const text of readStrings(getIgnoringCase(body, 'resources'), `${where}: resources`, problems)) {
      const parsed = parseResourcePattern(text);
      if (parsed.ok) resources.push(parsed.pattern);
      else problems.push(`${where}: ${parsed.problem}`);
    }
    policies.push({ id, operations: new Set(operations), resources });
  }
  return { policies, problems };
}

function readStrings(value: JsonValue | undefined, where: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${where} must be a list of strings`);
    return [];
  }
  return value.filter((item): item is string => {
    if (typeof item !== 'string') problems.push(`${where}: ${JSON.stringify(item)} is not a string`);
    return typeof item === 'string';
  });
}

function getIgnoringCase(object: Record<string, JsonValue>, key: string): JsonValue | undefined {
  if (key in object) return object[key];
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(object)) if (name.toLowerCase() === lower) return value;
  return undefined;
}
