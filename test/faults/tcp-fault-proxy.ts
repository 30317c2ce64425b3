import { createConnection, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes waiting while frozen, per direction. */
  toUpstream: Buffer[];
  toClient: Buffer[];
  /** Never forwarded again, never closed (a connection a fail-over left behind). */
  stranded: boolean;
}

/**
 * A TCP proxy between DeskGate and a real PostgreSQL that misbehaves like a network does (issue 15):
 * - `freeze()`: nothing is forwarded either way and nothing is closed (a network freeze); `thaw()` delivers
 *   what was held back, in order.
 * - `failOver()`: every open connection is stranded — never forwarded again and never closed, no FIN, no RST
 *   (a VIP or managed database that moved) — while new connections reach the database normally.
 */
export class TcpFaultProxy {
  private readonly server: Server;
  private readonly pairs = new Set<Pair>();
  private frozen = false;
  readonly port: number;

  private constructor(server: Server, port: number) {
    this.server = server;
    this.port = port;
  }

  static async start(target: { host: string; port: number }): Promise<TcpFaultProxy> {
    let proxy: TcpFaultProxy | undefined;
    const server = createServer((client) => proxy?.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new TcpFaultProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    const upstream = createConnection(target);
    const pair: Pair = { client, upstream, toUpstream: [], toClient: [], stranded: false };
    this.pairs.add(pair);
    const forward = (data: Buffer, to: Socket, held: Buffer[]) => {
      if (pair.stranded) return;
      if (this.frozen) held.push(data);
      else to.write(data);
    };
    client.on('data', (d: Buffer) => forward(d, upstream, pair.toUpstream));
    upstream.on('data', (d: Buffer) => forward(d, client, pair.toClient));
    // A close is forwarded only while the path works; a frozen or stranded path swallows it like the network would.
    const close = (other: Socket) => () => {
      if (!this.frozen && !pair.stranded) other.destroy();
    };
    client.on('close', close(upstream));
    upstream.on('close', close(client));
    client.on('error', () => {});
    upstream.on('error', () => {});
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const pair of this.pairs) {
      if (pair.stranded) continue;
      for (const d of pair.toUpstream.splice(0)) pair.upstream.write(d);
      for (const d of pair.toClient.splice(0)) pair.client.write(d);
      if (pair.client.destroyed) pair.upstream.destroy();
      if (pair.upstream.destroyed) pair.client.destroy();
    }
  }

  failOver(): void {
    for (const pair of this.pairs) pair.stranded = true;
  }

  /** Connections open through the proxy (stranded ones included). */
  get connections(): number {
    return [...this.pairs].filter((p) => !p.client.destroyed).length;
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    await new Promise((resolve) => this.server.close(resolve));
  }
}
