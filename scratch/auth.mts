import net from 'node:net';
import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { startIpcServer } from '/work/main/emulator/ipc/server.ts';

async function attempt(label: string, sock: string, token: string) {
  process.env.AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT = sock;
  process.env.SVCUID = token;
  const c = greengrasscoreipc.createClient();
  try {
    await c.connect();
    console.log(label, 'connected');
  } catch (e: any) {
    console.log(
      label,
      e?.constructor?.name,
      JSON.stringify({
        msg: e?.message,
        name: e?.error_name,
        code: e?.error_code,
        crt: e?.crtError?.error_name,
      }),
    );
  }
  try {
    await c.close();
  } catch {}
}
const server = await startIpcServer({ socketPath: '/tmp/exp/a.sock' });
await attempt('bad-token', '/tmp/exp/a.sock', 'NOPE');
await server.close();
const closer = net.createServer((s) => s.once('data', () => s.destroy()));
await new Promise<void>((r) => closer.listen('/tmp/exp/b.sock', r));
await attempt('closed-in-handshake', '/tmp/exp/b.sock', 'X');
closer.close();
await attempt('no-socket', '/tmp/exp/none.sock', 'X');
process.exit(0);
