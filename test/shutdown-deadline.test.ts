import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

// Issue 15 §5: a keep-alive connection that carried a request held the stop for 79 s (Fastify's keep-alive
// timeout), and the shipped systemd unit killed the process at 20 s, losing the buffered heartbeats.
const CLI = path.resolve('src/cli.ts');
const DEVICE = { id: '555000222', uuid: Buffer.from('deadline-machine').toString('base64') };

interface Server {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output: () => string;
}

async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
    env: {
      ...process.env,
      DESKGATE_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  while (!/Console: \S+/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const port = Number(/Console: http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
  expect(port).toBeGreaterThan(0);
  return { child, port, exited, output: () => out };
}

/** A raw keep-alive connection, so the test decides exactly when each byte of a request is sent. */
async function openConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  socket.on('data', (d: Buffer) => {
    received += d.toString();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  /** Waits for the next complete response (headers plus a Content-Length body). */
  const nextResponse = async (): Promise<{ head: string; body: string }> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const end = received.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(received.slice(0, end))?.[1] ?? 0);
      if (end >= 0 && received.length >= end + 4 + length) {
        const response = { head: received.slice(0, end), body: received.slice(end + 4, end + 4 + length) };
        received = received.slice(end + 4 + length);
        return response;
      }
      if (Date.now() > deadline) throw new Error(`no response; got ${received}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { socket, closed, nextResponse };
}

const get = (p: string) => `GET ${p} HTTP/1.1\r\nHost: deskgate\r\nConnection: keep-alive\r\n\r\n`;
const postHead = (p: string, body: string) =>
  `POST ${p} HTTP/1.1\r\nHost: deskgate\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;

describe('stopping within a hard deadline', { timeout: 180_000 }, () => {
  it('SIGTERM with an in-flight keep-alive request and idle keep-alive sockets: the request is answered, the process exits well within 10 s, the acknowledged heartbeat is stored', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-stop-'));
    const server = await startServer(dir);
    const idle = await openConnection(server.port);
    idle.socket.write(get('/healthz'));
    expect((await idle.nextResponse()).head).toMatch(/^HTTP\/1\.1 200/);

    const busy = await openConnection(server.port);
    const sysinfo = JSON.stringify({ ...DEVICE, hostname: 'h', version: '1.4.9' });
    busy.socket.write(postHead('/api/sysinfo', sysinfo) + sysinfo);
    expect((await busy.nextResponse()).body).toBe('SYSINFO_UPDATED');
    await new Promise((r) => setTimeout(r, 1200)); // past a flush tick, so the heartbeat below is only buffered

    // The keep-alive connection now carries a request whose body is still arriving when SIGTERM comes.
    const beat = JSON.stringify({ ...DEVICE, ver: 1004090, modified_at: 0 });
    const beatAt = Date.now();
    busy.socket.write(postHead('/api/heartbeat', beat) + beat.slice(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    const stopAt = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    busy.socket.write(beat.slice(10));
    const answer = await busy.nextResponse();
    expect(answer.head).toMatch(/^HTTP\/1\.1 200/);
    expect(answer.head).toMatch(/\r\nconnection: close/i);
    expect(JSON.parse(answer.body)).toEqual({});

    expect(await server.exited).toBe(0);
    const stoppedIn = Date.now() - stopAt;
    expect(stoppedIn).toBeLessThan(9000);
    await Promise.all([idle.closed, busy.closed]);
    expect(server.output()).not.toMatch(/could not write heartbeat times|deadline reached/);

    const db = new SQLite(path.join(dir, 'deskgate.db'), { readonly: true });
    const row = db.prepare('select last_seen_at from device_presence where device_id = ?').get(DEVICE.id) as {
      last_seen_at: number;
    };
    db.close();
    expect(row.last_seen_at).toBeGreaterThanOrEqual(beatAt);
  });

  it('a request that never completes is cut at DESKGATE_SHUTDOWN_TIMEOUT and the process still exits', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-stop-'));
    const server = await startServer(dir, { DESKGATE_SHUTDOWN_TIMEOUT: '3' });
    const stuck = await openConnection(server.port);
    const body = JSON.stringify({ ...DEVICE, ver: 1004090, modified_at: 0 });
    stuck.socket.write(postHead('/api/heartbeat', body) + body.slice(0, 5));
    await new Promise((r) => setTimeout(r, 300));
    const stopAt = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const stoppedIn = Date.now() - stopAt;
    expect(stoppedIn).toBeGreaterThanOrEqual(900); // the request was given its time first
    expect(stoppedIn).toBeLessThan(4500);
    await stuck.closed;
    expect(server.output()).toMatch(/closing connections still open/);
  });
});
