// The members PublishToIoTCore and SubscribeToIoTCore share (aws-iot-device-sdk-v2
// greengrasscoreipc model: `topicName`, `qos` as the strings "0"/"1", `payload` as base64).
import type { JsonObject } from '../../util/json.ts';
import { IpcRequestShapeError, IpcServiceError } from '../errors.ts';
import { requiredString } from './request-fields.ts';

export function readQos(request: JsonObject, operation: string): 0 | 1 {
  const qos = requiredString(request, 'qos', operation);
  if (qos === '0') return 0;
  if (qos === '1') return 1;
  throw new IpcServiceError(
    'ServiceError',
    `${operation}: qos must be "0" or "1", got ${JSON.stringify(qos)}`,
  );
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function readPayload(request: JsonObject, operation: string): Uint8Array {
  const payload = request.payload;
  if (payload === undefined || payload === null) return new Uint8Array();
  if (typeof payload !== 'string' || payload.length % 4 !== 0 || !BASE64.test(payload))
    throw new IpcRequestShapeError(`${operation}: payload must be standard padded base64`);
  return Buffer.from(payload, 'base64');
}
