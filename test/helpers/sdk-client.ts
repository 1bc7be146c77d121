// An unmodified SDK IPC client for a given socket and token, configured explicitly (the SDK's
// default config reads SVCUID and the socket path from the environment).
import { greengrasscoreipc, io } from 'aws-iot-device-sdk-v2';

/** Not connected yet: call `connect()` (and always `close()`). */
export function createSdkClient(socketPath: string, authToken: string): greengrasscoreipc.Client {
  return greengrasscoreipc.createClient({
    hostName: socketPath,
    port: 0,
    socketOptions: new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.LOCAL),
    connectTransform: async ({ message }) => ({ ...message, payload: JSON.stringify({ authToken }) }),
  });
}
