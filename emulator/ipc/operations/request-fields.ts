// Typed reads of request members. A member of the wrong type fails deserialisation on the Java
// server, which answers unmodeled InternalServerError (docs/ipc-protocol.md#unmodeled-errors); IpcRequestShapeError
// produces that answer.

import { isJsonObject, type JsonObject } from '../../util/json.ts';
import { IpcRequestShapeError } from '../errors.ts';

export function optionalString(request: JsonObject, member: string, operation: string): string | undefined {
  const value = request[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new IpcRequestShapeError(`${operation}: ${member} must be a string`);
  return value;
}

export function requiredString(request: JsonObject, member: string, operation: string): string {
  const value = optionalString(request, member, operation);
  if (value === undefined) throw new IpcRequestShapeError(`${operation}: ${member} is required`);
  return value;
}

export function optionalStringList(
  request: JsonObject,
  member: string,
  operation: string,
): string[] | undefined {
  const value = request[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new IpcRequestShapeError(`${operation}: ${member} must be a list of strings`);
  }
  return value as string[];
}

export function optionalNumber(request: JsonObject, member: string, operation: string): number | undefined {
  const value = request[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new IpcRequestShapeError(`${operation}: ${member} must be a number`);
  return value;
}

export function optionalObject(
  request: JsonObject,
  member: string,
  operation: string,
): JsonObject | undefined {
  const value = request[member];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new IpcRequestShapeError(`${operation}: ${member} must be an object`);
  return value;
}
