import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LoadResult } from './load.ts';

const run = promisify(execFile);

/**
 * The cores of the pinned benchmark (issue 14): wrk on core 0, the server under test on core 1, so the load
 * generator never takes CPU from the server (autocannon on the same cores made the load generator the
 * bottleneck and read 98 %). Undefined when wrk or taskset is missing or the machine has one core.
 */
export function pinnedCores(): { load: string; server: string } | undefined {
  if (!existsSync('/usr/bin/wrk') || !existsSync('/usr/bin/taskset') || cpus().length < 2) return undefined;
  return { load: '0', server: '1' };
}

/** The heartbeat bodies the client sends (spec §5.1), one line per registered device, for bench/heartbeat.lua. */
function bodiesFile(devices: number, modifiedAt: number): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'deskgate-wrk-')), 'bodies.txt');
  const lines: string[] = [];
  for (let i = 0; i < devices; i++) {
    const id = String(100_000_000 + i);
    const uuid = Buffer.from(`bench-machine-${i}`).toString('base64');
    lines.push(JSON.stringify({ id, uuid, ver: 1004090, modified_at: modifiedAt }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** One wrk run pinned to `cpu`: heartbeats for random devices among `devices`, one thread, `connections`. */
export async function runWrk(o: {
  url: string;
  path: string;
  connections: number;
  duration: number;
  devices: number;
  /** The `modified_at` heartbeats report (spec §5.1). */
  modifiedAt?: number;
  cpu: string;
}): Promise<LoadResult> {
  const script = path.resolve('bench/heartbeat.lua');
  const args = ['-c', o.cpu, 'wrk', '-t1', `-c${o.connections}`, `-d${o.duration}s`, '--timeout', '10s'];
  const { stdout } = await run(
    'taskset',
    [...args, '-s', script, `${o.url}${o.path}`, '--', bodiesFile(o.devices, o.modifiedAt ?? 0)],
    {
      maxBuffer: 1024 * 1024,
    },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
  const r = JSON.parse(line) as Record<string, number>;
  const n = (k: string) => r[k] ?? 0;
  const durationS = n('duration_us') / 1e6;
  return {
    rps: n('requests') / durationS,
    total: n('requests'),
    p50: n('p50_us') / 1000,
    p99: n('p99_us') / 1000,
    max: n('max_us') / 1000,
    errors: n('connect') + n('read') + n('write'),
    timeouts: n('timeout'),
    non2xx: n('status'),
    durationS,
  };
}
