import { type LoadResult, median, runLoad } from './lib/load.ts';
import { freshPgDatabase } from './lib/postgres.ts';
import { type Proc, startBaseline, startDeskGate } from './lib/processes.ts';
import type { Figure } from './lib/report.ts';
import { putFleetUnderStrategy } from './lib/strategies.ts';

export interface HeartbeatOptions {
  devices: number;
  connections: number;
  duration: number;
  runs: number;
  /** A fresh PostgreSQL database for the run; by default one in a throwaway cluster this bench starts. */
  pgDatabase?: () => Promise<string | undefined>;
}

/** Registers `devices` devices the way the client does: one sysinfo upload each (spec §5.2). */
export async function registerDevices(url: string, devices: number, first = 0): Promise<LoadResult> {
  const r = await runLoad({
    url,
    method: 'POST',
    path: '/api/sysinfo',
    connections: 16,
    amount: devices,
    body: 'sysinfo',
    devices,
    first,
    sequential: true,
  });
  if (r.errors || r.non2xx || r.timeouts) throw new Error(`device registration failed: ${JSON.stringify(r)}`);
  return r;
}

/** Several timed runs against one server; medians of requests/s and p99, and the worst error count. */
async function measure(proc: Proc, o: HeartbeatOptions, modifiedAt = 0) {
  const job = {
    url: proc.url,
    method: 'POST' as const,
    path: '/api/heartbeat',
    connections: o.connections,
    body: 'heartbeat' as const,
    devices: o.devices,
    modifiedAt,
  };
  await runLoad({ ...job, duration: 1 }); // warm-up: JIT, statement caches, connection pools
  const runs: LoadResult[] = [];
  for (let i = 0; i < o.runs; i++) runs.push(await runLoad({ ...job, duration: o.duration }));
  return {
    rps: median(runs.map((r) => r.rps)),
    p99: median(runs.map((r) => r.p99)),
    failures: Math.max(...runs.map((r) => r.errors + r.timeouts + r.non2xx)),
  };
}

/**
 * Heartbeat throughput as the client sends it (no token; id + uuid; 64 connections; ids spread over
 * `devices` registered devices, all under a default strategy), as a ratio of a bare Fastify route measured
 * in the same run.
 */
export async function benchHeartbeat(o: HeartbeatOptions): Promise<Figure[]> {
  const baselineProc = await startBaseline();
  const baseline = await measure(baselineProc, o).finally(() => baselineProc.stop());
  const figures: Figure[] = [
    { label: 'baseline: bare Fastify route, requests/s', value: baseline.rps, unit: 'req/s' },
    { label: 'baseline: p99 latency', value: baseline.p99, unit: 'ms' },
  ];
  const pgUrl = await (o.pgDatabase ?? (() => freshPgDatabase('bench_heartbeat')))();
  const targets = [
    { name: 'SQLite', databaseUrl: undefined, ratio: 60, p99: 10 },
    ...(pgUrl ? [{ name: 'PostgreSQL', databaseUrl: pgUrl, ratio: 40, p99: undefined }] : []),
  ];
  for (const t of targets) {
    const proc = await startDeskGate(t.databaseUrl ? { databaseUrl: t.databaseUrl } : {});
    try {
      await registerDevices(proc.url, o.devices);
      // Issue 10: the whole fleet under a default strategy. Devices report the strategy's modified_at, as
      // they do once they applied it; a second, single run has every heartbeat out of date (the strategy
      // is in every reply — the worst case, as right after a change).
      const modifiedAt = await putFleetUnderStrategy(proc.url);
      await new Promise((r) => setTimeout(r, 1500)); // the instance's mirror picks it up within a tick
      const m = await measure(proc, o, modifiedAt);
      const stale = await measure(proc, { ...o, runs: 1 }, 0);
      figures.push(
        { label: `heartbeat on ${t.name}: requests/s`, value: m.rps, unit: 'req/s' },
        {
          label: `heartbeat on ${t.name}: share of baseline`,
          value: (100 * m.rps) / baseline.rps,
          unit: '%',
          target: { cmp: '>=', value: t.ratio },
        },
        {
          label: `heartbeat on ${t.name}: p99 latency`,
          value: m.p99,
          unit: 'ms',
          ...(t.p99 ? { target: { cmp: '<=' as const, value: t.p99 } } : {}),
        },
        {
          label: `heartbeat on ${t.name}, every reply carrying the strategy: share of baseline`,
          value: (100 * stale.rps) / baseline.rps,
          unit: '%',
        },
        {
          label: `heartbeat on ${t.name}: failed requests`,
          value: Math.max(m.failures, stale.failures),
          unit: '',
          target: { cmp: '<=', value: 0 },
        },
      );
    } finally {
      await proc.stop();
    }
  }
  if (!pgUrl) figures.push({ label: 'PostgreSQL not installed: its half NOT measured', value: 0, unit: '' });
  return figures;
}
