import { type LoadResult, median, runLoad } from './lib/load.ts';
import { freshPgDatabase } from './lib/postgres.ts';
import { type Proc, startBaseline, startDeskGate } from './lib/processes.ts';
import type { Figure } from './lib/report.ts';
import { putFleetUnderStrategy } from './lib/strategies.ts';
import { pinnedCores, runWrk } from './lib/wrk.ts';

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

type Driver = 'autocannon' | 'wrk';
interface Measured {
  rps: number;
  p99: number;
  failures: number;
  /** The server's CPU time (user + system, from /proc) per request, µs: what a request costs on a loaded machine. */
  cpuUs: number;
}

/** Several timed runs against one server; medians of requests/s and p99, and the worst error count. */
async function measure(proc: Proc, o: HeartbeatOptions, driver: Driver, modifiedAt = 0): Promise<Measured> {
  const cores = pinnedCores();
  const job = {
    url: proc.url,
    path: '/api/heartbeat',
    connections: o.connections,
    devices: o.devices,
    modifiedAt,
  };
  const once = async (duration: number) => {
    const cpuBefore = proc.cpuMs();
    const r =
      driver === 'wrk' && cores
        ? await runWrk({ ...job, duration, cpu: cores.load })
        : await runLoad({ ...job, method: 'POST', body: 'heartbeat', duration });
    return { ...r, cpuUs: ((proc.cpuMs() - cpuBefore) * 1000) / Math.max(r.total, 1) };
  };
  if (o.duration >= 5) await once(1); // warm-up: JIT, statement caches, connection pools (not in smoke runs)
  const runs: Array<LoadResult & { cpuUs: number }> = [];
  for (let i = 0; i < o.runs; i++) runs.push(await once(o.duration));
  return {
    rps: median(runs.map((r) => r.rps)),
    p99: median(runs.map((r) => r.p99)),
    failures: Math.max(...runs.map((r) => r.errors + r.timeouts + r.non2xx)),
    cpuUs: median(runs.map((r) => r.cpuUs)),
  };
}

/** Both load generators against one server: wrk pinned to its own core (the figure with targets), autocannon. */
async function measureBoth(
  proc: Proc,
  o: HeartbeatOptions,
  modifiedAt = 0,
): Promise<Record<Driver, Measured | undefined>> {
  return {
    wrk: pinnedCores() ? await measure(proc, o, 'wrk', modifiedAt) : undefined,
    autocannon: await measure(proc, o, 'autocannon', modifiedAt),
  };
}

/** bench/shaped-server.mjs, pinned and measured with wrk like the bare route. */
async function measureShaped(cpu: string | undefined, o: HeartbeatOptions): Promise<Measured> {
  const proc = await startBaseline(cpu, { script: 'bench/shaped-server.mjs' });
  return measure(proc, o, 'wrk').finally(() => proc.stop());
}

/**
 * Heartbeat throughput as the client sends it (no token; id + uuid; 64 connections; ids spread over `devices`
 * registered devices, all under a default strategy), as a ratio of a bare Fastify route measured in the same run,
 * and beside it of Fastify set up as DeskGate sets it up with none of DeskGate's features (bench/shaped-server.mjs).
 * Measured twice (issue 14): with wrk pinned to one core and the server to the other (`taskset`), which measures
 * the server — the targets apply to it — and with autocannon sharing the cores, the figure of earlier rounds,
 * printed for comparison.
 */
export async function benchHeartbeat(o: HeartbeatOptions): Promise<Figure[]> {
  const cpu = pinnedCores()?.server;
  const baselineProc = await startBaseline(cpu);
  const baseline = await measureBoth(baselineProc, o).finally(() => baselineProc.stop());
  const figures: Figure[] = [];
  for (const driver of ['wrk', 'autocannon'] as const) {
    const b = baseline[driver];
    if (!b) {
      figures.push({
        label: 'wrk or taskset missing (or one core): pinned figures NOT measured',
        value: 0,
        unit: '',
      });
      continue;
    }
    figures.push(
      { label: `baseline (${driver}): requests/s`, value: b.rps, unit: 'req/s' },
      { label: `baseline (${driver}): p99 latency`, value: b.p99, unit: 'ms' },
      { label: `baseline (${driver}): server CPU per request`, value: b.cpuUs, unit: 'µs' },
    );
  }
  // Fastify set up as DeskGate sets it up, with none of DeskGate's features: how much of the share the framework's
  // setup takes before DeskGate does anything (pinned only; it explains the target, it has none of its own).
  const shaped = baseline.wrk ? await measureShaped(cpu, o) : undefined;
  if (shaped && baseline.wrk) {
    figures.push(
      {
        label: 'Fastify shaped like DeskGate, none of its features (wrk): requests/s',
        value: shaped.rps,
        unit: 'req/s',
      },
      {
        label: 'Fastify shaped like DeskGate (wrk): share of baseline',
        value: (100 * shaped.rps) / baseline.wrk.rps,
        unit: '%',
      },
      {
        label: 'Fastify shaped like DeskGate (wrk): server CPU per request',
        value: shaped.cpuUs,
        unit: 'µs',
      },
    );
  }
  const pgUrl = await (o.pgDatabase ?? (() => freshPgDatabase('bench_heartbeat')))();
  const targets = [
    { name: 'SQLite', databaseUrl: undefined, ratio: 75 },
    ...(pgUrl ? [{ name: 'PostgreSQL', databaseUrl: pgUrl, ratio: 50 }] : []),
  ];
  for (const t of targets) {
    const proc = await startDeskGate({ ...(t.databaseUrl ? { databaseUrl: t.databaseUrl } : {}), cpu });
    try {
      await registerDevices(proc.url, o.devices);
      // Issue 10: the whole fleet under a default strategy. Devices report the strategy's modified_at, as
      // they do once they applied it.
      const modifiedAt = await putFleetUnderStrategy(proc.url);
      await new Promise((r) => setTimeout(r, 1500)); // the instance's mirror picks it up within a tick
      const m = await measureBoth(proc, o, modifiedAt);
      for (const driver of ['wrk', 'autocannon'] as const) {
        const r = m[driver];
        const b = baseline[driver];
        if (!r || !b) continue;
        // Targets apply to the pinned measurement; the autocannon figures are for comparison with earlier rounds.
        const target = <T>(value: T) => (driver === 'wrk' ? { target: value } : {});
        figures.push(
          { label: `heartbeat on ${t.name} (${driver}): requests/s`, value: r.rps, unit: 'req/s' },
          {
            label: `heartbeat on ${t.name} (${driver}): share of baseline`,
            value: (100 * r.rps) / b.rps,
            unit: '%',
            ...target({ cmp: '>=' as const, value: t.ratio }),
          },
          {
            label: `heartbeat on ${t.name} (${driver}): p99 latency`,
            value: r.p99,
            unit: 'ms',
            ...target({ cmp: '<=' as const, value: 10 }),
          },
          ...(driver === 'wrk' && shaped
            ? [
                {
                  label: `heartbeat on ${t.name} (wrk): share of the shaped Fastify`,
                  value: (100 * r.rps) / shaped.rps,
                  unit: '%',
                },
              ]
            : []),
          // Robust to other processes on the machine, unlike requests/s: what one heartbeat costs DeskGate.
          { label: `heartbeat on ${t.name} (${driver}): server CPU per request`, value: r.cpuUs, unit: 'µs' },
          {
            label: `heartbeat on ${t.name} (${driver}): baseline's CPU per request ÷ DeskGate's`,
            value: (100 * b.cpuUs) / r.cpuUs,
            unit: '%',
          },
          {
            label: `heartbeat on ${t.name} (${driver}): failed requests`,
            value: r.failures,
            unit: '',
            target: { cmp: '<=', value: 0 },
          },
        );
      }
    } finally {
      await proc.stop();
    }
  }
  if (!pgUrl) figures.push({ label: 'PostgreSQL not installed: its half NOT measured', value: 0, unit: '' });
  return figures;
}
