// onnxruntime-node 1.30 crashes (SIGSEGV) in InferenceSession.create when the process's command
// line adds up to about 29 KB or more, in any thread (docs/dependency-traps.md#onnxruntime-node). A process that creates
// the session must therefore not receive long path lists through argv.

/** Command lines up to this size are safe for a process that creates the ONNX session (measured safe to 28 KB). */
export const MAX_SESSION_COMMAND_LINE_BYTES = 16 * 1024;

/** Bytes of a command line as the kernel stores it: each argument and its NUL terminator. */
export function commandLineBytes(args: readonly string[]): number {
  let total = 0;
  for (const arg of args) total += Buffer.byteLength(arg) + 1;
  return total;
}
