// A/B of the heartbeat's CPU cost in two builds, in one process: `node bench/heartbeat-ab.mjs <dist/server of A>
// <dist/server of B> [devices] [requests per round] [rounds]`. Each build's app runs on in-memory SQLite with
// `devices` registered devices (one sysinfo each, spec §5.2); rounds of heartbeats through `app.inject` (no sockets)
// alternate between A and B, and each round's process CPU time (process.cpuUsage) is divided by its requests. On a
// machine other people load, alternating rounds in one process compares the builds under the same conditions;
// the figures include light-my-request's own cost, the same in both, so only the difference means something.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const [distA, distB, devicesArg, requestsArg, roundsArg] = process.argv.slice(2);
const devices = Number(devicesArg ?? 2000);
const requests = Number(requestsArg ?? 5000);
const rounds = Number(roundsArg ?? 6);

async function start(dist) {
  const from = (file) => import(path.resolve(dist, file));
  const { buildApp } = await from('app.js');
  const { loadConfig } = await from('config.js');
  const { createDb } = await from('db/create-db.js');
  const { migrateToLatest } = await from('db/migrate.js');
  const { bootstrapAccounts } = await from('accounts/index.js');
  const db = createDb({ sqlitePath: ':memory:' });
  await migrateToLatest(db.kysely);
  await bootstrapAccounts(db.kysely, 'ab-admin-password-long-enough');
  const config = loadConfig(
    { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DESKGATE_DATA_DIR: '/nonexistent-ab-dir' },
    { secretKey: randomBytes(32) },
  );
  const app = await buildApp(config, { db });
  await app.ready();
  const device = (i) => ({
    id: String(100_000_000 + i),
    uuid: Buffer.from(`bench-machine-${i}`).toString('base64'),
  });
  for (let i = 0; i < devices; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sysinfo',
      payload: { ...device(i), hostname: `h${i}`, os: 'linux', version: '1.4.9' },
    });
    if (res.statusCode !== 200) throw new Error(`sysinfo: ${res.statusCode} ${res.body}`);
  }
  const bodies = Array.from({ length: devices }, (_, i) =>
    JSON.stringify({ ...device(i), ver: 1004090, modified_at: 0 }),
  );
  return {
    async round() {
      const before = process.cpuUsage();
      for (let i = 0; i < requests; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/heartbeat',
          headers: { 'content-type': 'application/json' },
          payload: bodies[i % devices],
        });
        if (res.statusCode !== 200) throw new Error(`heartbeat: ${res.statusCode} ${res.body}`);
      }
      const used = process.cpuUsage(before);
      return (used.user + used.system) / requests;
    },
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

const a = await start(distA);
const b = await start(distB);
await a.round(); // warm-up: JIT, lazily compiled schemas
await b.round();
const ra = [];
const rb = [];
for (let i = 0; i < rounds; i++) {
  ra.push(await a.round());
  rb.push(await b.round());
}
const median = (v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
const show = (v) => v.map((x) => x.toFixed(1)).join(' ');
console.log(`A ${distA}: ${show(ra)} µs/request, median ${median(ra).toFixed(1)}`);
console.log(`B ${distB}: ${show(rb)} µs/request, median ${median(rb).toFixed(1)}`);
console.log(`B − A: ${(median(rb) - median(ra)).toFixed(1)} µs per heartbeat`);
await a.close();
await b.close();
