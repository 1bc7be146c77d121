// Extra Node options for a recipe's run step (pure): for profiling, since --cpu-prof is not
// allowed in NODE_OPTIONS.
const EXEC_NODE = /\bexec "\$node" /;

/**
 * The run script with extra Node options after its `exec "$node"` (for profiling: --cpu-prof
 * is not allowed in NODE_OPTIONS). Options are single-quoted for the shell.
 */
export function withNodeOptions(script: string, options: readonly string[]): string {
  if (options.length === 0) return script;
  if (!EXEC_NODE.test(script)) throw new Error(`cannot add Node options to: ${script}`);
  const quoted = options.map((option) => `'${option.replaceAll("'", "'\\''")}'`).join(' ');
  return script.replace(EXEC_NODE, `exec "$node" ${quoted} `);
}
