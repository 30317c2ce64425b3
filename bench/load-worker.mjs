// Drives HTTP load from its own process (so the load generator never shares a core's event loop with the
// server it measures) and prints one JSON line of results. Input: a JSON job as the only argument.
import autocannon from 'autocannon';

const job = JSON.parse(process.argv[2]);

/** The RustDesk client's device identity: `uuid` is the machine id in standard base64 (spec §1.4). */
const device = (i) => ({
  id: String(100_000_000 + i),
  uuid: Buffer.from(`bench-machine-${i}`).toString('base64'),
});

/** Request bodies exactly as the client builds them (spec §5.1, §5.2). */
const bodies = {
  heartbeat: (i) => JSON.stringify({ ...device(i), ver: 1004090, modified_at: job.modifiedAt ?? 0 }),
  sysinfo: (i) =>
    JSON.stringify({
      cpu: 'Intel(R) Core(TM) i7, 2.59GHz, 8/4 cores',
      memory: '15.5GB',
      os: 'linux / Debian GNU/Linux 12',
      hostname: `bench-host-${i}`,
      username: 'bench',
      version: '1.4.9',
      ...device(i),
    }),
  none: () => undefined,
};

const make = bodies[job.body ?? 'none'];
let next = job.first ?? 0;
const pick = () => {
  // Sequential for registration (every device exactly once), random spread for steady-state load.
  if (job.sequential) return next++;
  // Round robin: each device comes back once per cycle, as a fleet on its heartbeat timers does.
  if (job.cycle) return (job.first ?? 0) + (next++ % job.devices);
  return (job.first ?? 0) + Math.floor(Math.random() * job.devices);
};

const result = await autocannon({
  url: job.url,
  connections: job.connections,
  ...(job.amount ? { amount: job.amount } : { duration: job.duration }),
  ...(job.overallRate ? { overallRate: job.overallRate } : {}),
  timeout: 10,
  requests: [
    {
      method: job.method,
      path: job.path,
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const body = make(pick());
        return body === undefined ? req : { ...req, body };
      },
    },
  ],
});

process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    durationS: result.duration,
  })}\n`,
);
