// Captures the frames the unmodified aws-iot-device-sdk-v2 client sends, for the framer's test
// vectors (test/fixtures/ipc/sdk-frames.ts). Independent of our server on purpose: it frames by
// the prelude length and answers with the library codec only, so the vectors do not depend on
// the code they test. Run: npx tsx scripts/capture-sdk-frames.ts > test/fixtures/ipc/sdk-frames.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStreamCodec, type MessageHeaders } from '@smithy/core/event-streams';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
const codec = new EventStreamCodec(
  (bytes) => utf8Decoder.decode(bytes),
  (text) => utf8Encoder.encode(text),
);

const captured: { label: string; hex: string }[] = [];

function int32(value: number) {
  return { type: 'integer', value } as const;
}

function reply(socket: Socket, headers: MessageHeaders, body = '') {
  socket.write(codec.encode({ headers, body: utf8Encoder.encode(body) }));
}

function answer(socket: Socket, frame: Uint8Array): void {
  const { headers } = codec.decode(frame);
  const type = headers[':message-type']?.value;
  const streamId = Number(headers[':stream-id']?.value);
  const operation = headers.operation?.value;
  const flags = Number(headers[':message-flags']?.value);
  captured.push({
    label: String(operation ?? (type === 4 ? 'Connect' : `type ${type} flags ${flags}`)),
    hex: Buffer.from(frame).toString('hex'),
  });
  if (type === 4) {
    reply(socket, { ':message-type': int32(5), ':message-flags': int32(1), ':stream-id': int32(0) });
    return;
  }
  if (typeof operation !== 'string') return;
  const streaming = operation.endsWith('SubscribeToTopic');
  reply(
    socket,
    {
      ':message-type': int32(0),
      ':message-flags': int32(streaming ? 0 : 2),
      ':stream-id': int32(streamId),
      ':content-type': { type: 'string', value: 'application/json' },
      'service-model-type': { type: 'string', value: `${operation}Response` },
    },
    '{}',
  );
}

function serve(socket: Socket): void {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= buffered.readUInt32BE(0)) {
      const length = buffered.readUInt32BE(0);
      answer(socket, buffered.subarray(0, length));
      buffered = buffered.subarray(length);
    }
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cap-'));
  const socketPath = join(dir, 's.sock');
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  process.env.AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT = socketPath;
  process.env.SVCUID = 'CAPTURETOKEN0001';
  const { greengrasscoreipc } = await import('aws-iot-device-sdk-v2');
  const client = greengrasscoreipc.createClient();
  await client.connect();
  await client.publishToTopic({
    topic: 'local/inference',
    publishMessage: {
      jsonMessage: { message: { id: 'req-1', image_dir: '/tmp/images', fname: 'pelican.jpeg' } },
    },
  });
  await client.publishToTopic({
    topic: 'local/result',
    publishMessage: { binaryMessage: { message: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]) } },
  });
  const subscription = client.subscribeToTopic({
    topic: 'local/+',
    receiveMode: greengrasscoreipc.model.ReceiveMode.RECEIVE_ALL_MESSAGES,
  });
  await subscription.activate();
  await subscription.close();
  await client.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
  const lines = captured.map(({ label, hex }) => `  { label: ${JSON.stringify(label)}, hex: '${hex}' },`);
  process.stdout.write(
    [
      '// Frames sent by the unmodified aws-iot-device-sdk-v2 1.28 client, captured with',
      '// scripts/capture-sdk-frames.ts (a raw server independent of ours). Do not edit by hand.',
      'export const SDK_CLIENT_FRAMES: readonly { readonly label: string; readonly hex: string }[] = [',
      ...lines,
      '];',
      '',
    ].join('\n'),
  );
}

await main();
