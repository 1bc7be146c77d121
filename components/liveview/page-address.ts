// The address printed in the log, to open the page (pure).

/** `http://host:port/?token=...`; an address for every interface is shown as 127.0.0.1. */
export function pageAddress(address: string, port: number, token: string): string {
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/?token=${encodeURIComponent(token)}`;
}
