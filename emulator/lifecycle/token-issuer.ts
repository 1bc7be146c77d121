// The IPC server issues each component its SVCUID token; the lifecycle only needs this much.

export interface TokenIssuer {
  /** Returns the component's token, issuing one if it has none. */
  issue(componentName: string): string;
  /** Invalidates the component's token (it is removed). */
  revoke(componentName: string): void;
}
