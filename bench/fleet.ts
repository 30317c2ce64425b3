import { registerDevices } from './heartbeat.ts';
import { runLoad } from './lib/load.ts';
import { BENCH_ADMIN_PASSWORD, startBaseline, startDeskGate } from './lib/processes.ts';
import type { Figure } from './lib/report.ts';

export interface FleetOptions {
  registered: number;
  heartbeating: number;
  /** Seconds between two heartbeats of one idle device (spec §5.1: 15). */
  interval: number;
  duration: number;
}

/** How many devices the console lists as online, asked as an admin would (one page, its total). */
async function onlineInConsole(url: string): Promise<number> {
  const login = await fetch(`${url}/api/console/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${url}/api/console/devices?status=online&page=1&pageSize=1`, {
    headers: { cookie },
  });
  if (!res.ok) throw new Error(`devices list failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { total: number }).total;
}

/**
 * A fleet on SQLite: `registered` devices, of which `heartbeating` beat on their real timer (one request per
 * device per `interval`, round robin) for `duration` seconds. Reads the server's RSS every 200 ms and, at the
 * end, what the console says is online.
 */
export async function benchFleet(o: FleetOptions): Promise<Figure[]> {
  const paced = (url: string) =>
    runLoad({
      url,
      method: 'POST',
      path: '/api/heartbeat',
      // Few connections: autocannon paces a rate by bursting every connection at each tick, so with 100 of
      // them even the bare baseline route measured p99 36 ms at this rate (p50 6 ms); with 16, single digits.
      connections: Math.min(16, o.heartbeating),
      duration: o.duration,
      overallRate: o.heartbeating / o.interval,
      body: 'heartbeat',
      devices: o.heartbeating,
      cycle: true,
    });
  const baselineProc = await startBaseline();
  const baseline = await paced(baselineProc.url).finally(() => baselineProc.stop());
  const proc = await startDeskGate();
  try {
    const registration = await registerDevices(proc.url, o.registered);
    let maxRss = proc.rssMb();
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, proc.rssMb());
    }, 200);
    const load = await paced(proc.url).finally(() => clearInterval(sampler));
    const online = await onlineInConsole(proc.url);
    return [
      {
        label: `registration of ${o.registered} devices (sysinfo), requests/s`,
        value: registration.rps,
        unit: 'req/s',
      },
      {
        label: `${o.heartbeating} devices beating every ${o.interval} s: requests/s`,
        value: load.rps,
        unit: 'req/s',
      },
      {
        label: 'failed heartbeats',
        value: load.errors + load.timeouts + load.non2xx,
        unit: '',
        target: { cmp: '<=', value: 0 },
      },
      { label: 'heartbeat p99 latency', value: load.p99, unit: 'ms', target: { cmp: '<=', value: 20 } },
      { label: 'baseline route, same paced load: p99 latency', value: baseline.p99, unit: 'ms' },
      { label: 'server RSS, peak', value: maxRss, unit: 'MB', target: { cmp: '<=', value: 200 } },
      {
        label: 'devices the console shows online minus devices beating',
        value: Math.abs(online - o.heartbeating),
        unit: '',
        target: { cmp: '<=', value: 0 },
      },
    ];
  } finally {
    await proc.stop();
  }
}
