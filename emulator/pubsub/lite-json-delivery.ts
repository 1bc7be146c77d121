// How nucleus lite delivers a JSON message (emulator/platform/nucleus-flavour.ts): re-encoded
// with object keys sorted, and silently not delivered when it holds more values than lite's
// fixed decode arena (core-bus/src/client_subscribe.c, PAYLOAD_MAX_SUBOBJECTS 50). The count
// below (every object, array, member and element) approximates that arena: its exact size in
// bytes depends on struct sizes in lite's component SDK. Pure.

import { isJsonObject, type JsonValue, sortJsonKeys } from '../util/json.ts';

export type LiteJsonDelivery =
  | { readonly deliver: true; readonly message: Uint8Array }
  | { readonly deliver: false; readonly values: number };

/** Objects, arrays and scalars in `value`, each counted once. */
export function countJsonValues(value: JsonValue): number {
  if (Array.isArray(value)) return 1 + value.reduce<number>((sum, item) => sum + countJsonValues(item), 0);
  if (isJsonObject(value))
    return (
      1 + Object.values(value).reduce<number>((sum, item) => sum + countJsonValues(item as JsonValue), 0)
    );
  return 1;
}

export function liteJsonDelivery(messageText: Uint8Array, maxValues: number): LiteJsonDelivery {
  const value = JSON.parse(Buffer.from(messageText).toString('utf8')) as JsonValue;
  const values = countJsonValues(value);
  if (values > maxValues) return { deliver: false, values };
  return { deliver: true, message: Buffer.from(JSON.stringify(sortJsonKeys(value))) };
}
