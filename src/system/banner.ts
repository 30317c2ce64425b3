import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const LOOPBACK = /^(127\.|::1$|localhost$)/;

function urlFor(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/**
 * The URLs the server can really be reached at: one per interface address when bound to every interface
 * (`0.0.0.0` → IPv4 ones, `::` → all), loopback first; else the bound host itself (issue 14: the banner said
 * localhost while listening on 0.0.0.0).
 */
export function listenUrls(
  host: string,
  port: number,
  interfaces: Interfaces = networkInterfaces(),
): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [urlFor(host, port)];
  const addresses = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => (host === '::' || i.family === 'IPv4') && !i.address.startsWith('fe80:'))
    .sort((a, b) => Number(b.internal) - Number(a.internal))
    .map((i) => urlFor(i.address, port));
  return addresses.length > 0 ? addresses : [urlFor(host === '::' ? '::1' : '127.0.0.1', port)];
}

/** True when other machines can connect and nothing says HTTPS is in front (DESKGATE_PUBLIC_URL https://…). */
export function plainHttpOnNetwork(host: string, publicUrl: string | undefined): boolean {
  return !LOOPBACK.test(host) && !publicUrl?.startsWith('https:');
}

/** What `deskgate serve` prints once listening. */
export function bannerLines(opts: {
  host: string;
  port: number;
  publicUrl: string | undefined;
  storage: string;
  interfaces?: Interfaces;
}): string[] {
  const urls = listenUrls(opts.host, opts.port, opts.interfaces);
  const url = opts.publicUrl ?? urls.find((u) => !LOOPBACK.test(new URL(u).hostname)) ?? (urls[0] as string);
  const lines = [
    `DeskGate is running. Console: ${url}`,
    `Listening on ${opts.host}:${opts.port}: ${urls.join(', ')}`,
    `RustDesk clients: set "API Server" to ${url}`,
    `Storage: ${opts.storage}`,
  ];
  if (plainHttpOnNetwork(opts.host, opts.publicUrl)) {
    lines.push(
      'Warning: reachable from the network over plain HTTP — passwords and tokens cross it unencrypted. Put HTTPS in front (docs/deployment.md) and set DESKGATE_PUBLIC_URL=https://…, or set HOST=127.0.0.1.',
    );
  }
  return lines;
}
