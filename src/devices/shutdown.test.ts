import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, it } from 'vitest';

const CLI = path.resolve('src/cli.ts');
const DEVICE = { id: '555000111', uuid: Buffer.from('shutdown-machine').toString('base64') };

// Regression: main.ts closed the database in an onClose hook, which Fastify runs before the plugins'
// own (last registered, first run), so the heartbeats buffered at SIGTERM were lost with an error.
it('writes the heartbeats buffered at SIGTERM before the process exits', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-shutdown-'));
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
    env: { ...process.env, DESKGATE_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  while (!/Console: \S+/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const url = /Console: (\S+)/.exec(out)?.[1] ?? '';
  const post = (p: string, body: unknown) =>
    fetch(`${url}/api/${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect(await (await post('sysinfo', { ...DEVICE, hostname: 'h', version: '1.4.9' })).text()).toBe(
    'SYSINFO_UPDATED',
  );
  await new Promise((r) => setTimeout(r, 1200)); // past a flush tick, so the next time is only buffered
  const beatAt = Date.now();
  expect(await (await post('heartbeat', { ...DEVICE, ver: 1004090, modified_at: 0 })).json()).toEqual({});
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(out).not.toMatch(/could not write heartbeat times/);

  const db = new SQLite(path.join(dir, 'deskgate.db'), { readonly: true });
  const row = db.prepare('select last_seen_at from device_presence where device_id = ?').get(DEVICE.id) as {
    last_seen_at: number;
  };
  db.close();
  expect(row.last_seen_at).toBeGreaterThanOrEqual(beatAt);
});
