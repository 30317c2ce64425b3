import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { registerDevices } from './heartbeat.ts';
import { median } from './lib/load.ts';
import { freshPgDatabase, stopPg } from './lib/postgres.ts';
import { type Proc, startBaseline, startDeskGate, stopServersOnExit } from './lib/processes.ts';
import { putFleetUnderStrategy } from './lib/strategies.ts';
import { pinnedCores, runWrk } from './lib/wrk.ts';

stopServersOnExit(); // an interrupted run stops the servers it started

/**
 * CPU time per heartbeat (issue 14): on a loaded machine requests/s say little, the server's own CPU time per
 * request says what it costs. `npx tsx bench/heartbeat-cpu.ts --target baseline,sqlite,postgres [--seconds 10]
 * [--runs 3] [--profile dir]` runs the heartbeat bench's load (wrk pinned to core 0, the server to core 1, 10,000
 * devices under a default strategy) and reads the server's CPU from /proc around each run. With `--profile`, the
 * server is started with bench/heartbeat-profiler.mjs and the last run is CPU-profiled (summarise the file with
 * bench/heartbeat-profile-summary.mjs).
 */
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'baseline,sqlite,postgres' },
    seconds: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    devices: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '64' },
    profile: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const runs = Number(values.runs);
const devices = Number(values.devices);
const connections = Number(values.connections);
const cores = pinnedCores();
if (!cores) throw new Error('needs wrk, taskset and two cores');

const profiled = (name: string) => {
  if (!values.profile) return {};
  const file = path.resolve(values.profile, `${name}.cpuprofile`);
  mkdirSync(values.profile, { recursive: true });
  rmSync(file, { force: true });
  return {
    file,
    nodeArgs: ['--import', path.resolve('bench/heartbeat-profiler.mjs')],
    env: { HEARTBEAT_PROFILE: file },
  };
};

async function measure(name: string, proc: Proc, modifiedAt: number, file: string | undefined) {
  const wrk = (duration: number) =>
    runWrk({
      url: proc.url,
      path: '/api/heartbeat',
      connections,
      duration,
      devices,
      modifiedAt,
      cpu: cores?.load ?? '0',
    });
  await wrk(2); // warm-up: JIT, caches, pools
  const perRequest: number[] = [];
  for (let i = 0; i < runs; i++) {
    const last = i === runs - 1;
    if (last && file) process.kill(proc.pid, 'SIGUSR2');
    const before = proc.cpuMs();
    const r = await wrk(seconds);
    const cpu = proc.cpuMs() - before;
    if (last && file) process.kill(proc.pid, 'SIGUSR2');
    const us = (cpu * 1000) / r.total;
    perRequest.push(us);
    console.log(
      `${name} run ${i + 1}: ${r.total} requests, ${Math.round(r.rps)} req/s, p99 ${r.p99.toFixed(2)} ms, ` +
        `failures ${r.errors + r.timeouts + r.non2xx}, server CPU ${cpu} ms = ${us.toFixed(1)} µs/request`,
    );
  }
  if (file) {
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    console.log(`${name}: profile ${file}`);
  }
  console.log(`${name}: median ${median(perRequest).toFixed(1)} µs CPU per request`);
}

try {
  for (const target of (values.target ?? '').split(',')) {
    const prof = profiled(target);
    if (target === 'baseline') {
      const proc = await startBaseline(cores.server, prof);
      try {
        await measure(target, proc, 0, prof.file);
      } finally {
        await proc.stop();
      }
      continue;
    }
    const databaseUrl = target === 'postgres' ? await freshPgDatabase('bench_heartbeat_cpu') : undefined;
    if (target === 'postgres' && !databaseUrl) throw new Error('PostgreSQL is not installed');
    const proc = await startDeskGate({ ...(databaseUrl ? { databaseUrl } : {}), cpu: cores.server, ...prof });
    try {
      await registerDevices(proc.url, devices);
      const modifiedAt = await putFleetUnderStrategy(proc.url);
      await new Promise((r) => setTimeout(r, 1500));
      await measure(target, proc, modifiedAt, prof.file);
    } finally {
      await proc.stop();
    }
  }
} finally {
  stopPg();
}
