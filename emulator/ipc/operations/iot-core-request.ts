// The members PublishToIoTCore and SubscribeToIoTCore share (aws-iot-device-sdk-v2
// greengrasscoreipc model: `topicName`, `qos` as the strings "0"/"1", `payload` as base64).
import { MQTT_PROXY_SERVICE_ID } from '../../auth/policy.ts';
import type { IotCoreLink } from '../../iotcore/iot-core-link.ts';
import type { TopicCheck } from '../../iotcore/mqtt-topics.ts';
import type { JsonObject } from '../../util/json.ts';
import { IpcRequestShapeError, IpcServiceError } from '../errors.ts';
import type { OperationCall } from '../operation-types.ts';
import { requiredString } from './request-fields.ts';
import { requirePermission } from './require-permission.ts';
import type { IpcServices } from './services.ts';

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

/**
 * The steps PublishToIoTCore and SubscribeToIoTCore share, in the order the errors are decided:
 * the topic (or filter), its mqttproxy authorization, the QoS, AWS IoT Core's rules for it
 * (`check`), and the core's link to AWS IoT Core.
 */
export function readIotCoreCall(
  services: IpcServices,
  call: OperationCall,
  operation: 'PublishToIoTCore' | 'SubscribeToIoTCore',
  check: (topic: string) => TopicCheck,
): { readonly topic: string; readonly qos: 0 | 1; readonly link: IotCoreLink } {
  const topic = requiredString(call.request, 'topicName', operation);
  requirePermission(
    services.authorizer,
    MQTT_PROXY_SERVICE_ID,
    call.principal,
    `aws.greengrass#${operation}`,
    topic,
  );
  const qos = readQos(call.request, operation);
  const checked = check(topic);
  if (!checked.ok) throw new IpcServiceError('ServiceError', `${operation}: ${checked.problem}`);
  const link = services.iotCore;
  if (!link)
    throw new IpcServiceError('ServiceError', `${operation}: this core has no AWS IoT Core connection`);
  return { topic, qos, link };
}
