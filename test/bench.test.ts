import { describe, expect, it } from 'vitest';
import { benchConsole } from '../bench/console.ts';
import { benchFleet } from '../bench/fleet.ts';
import { benchHeartbeat } from '../bench/heartbeat.ts';
import { pinnedCores } from '../bench/lib/wrk.ts';
import { benchOidc } from '../bench/oidc.ts';
import { benchRestart } from '../bench/restart.ts';
import { chromiumAvailable } from './browser/browser.ts';
import { createPgSchema, dialects } from './harness.ts';

// Smoke runs of the benchmarks with tiny sizes: they keep `npm run bench` working. Their figures are not
// checked against targets here (benchmarks are not pass/fail timers); only that each produces them.
// They run the production build, which `npm test` makes before Vitest starts. Each starts servers, load
// generators or Chromium as separate processes: on a loaded 2-core machine one can take over 30 s.
describe.runIf(chromiumAvailable())('benchmarks (smoke)', { timeout: 120_000 }, () => {
  it('console: initial JS size and the Users page render time', async () => {
    const figures = await benchConsole({ users: 30, runs: 1 });
    expect(figures.map((f) => f.label)).toHaveLength(4);
    for (const f of figures) expect(f.value).toBeGreaterThan(0);
  });

  it('oidc: complete RustDesk device logins through the test OP, and DeskGate CPU per login', async () => {
    const figures = await benchOidc({ logins: 2, concurrency: 2 });
    expect(figures[0]?.value).toBe(0); // no failed login
    expect(figures.at(-1)?.value).toBeGreaterThan(0);
  });

  it('heartbeat: a bare Fastify baseline and DeskGate on SQLite and PostgreSQL, as ratios', async () => {
    const figures = await benchHeartbeat({
      devices: 30,
      connections: 2,
      duration: 1,
      runs: 1,
      pgDatabase: async () => (dialects().includes('postgres') ? createPgSchema() : undefined),
    });
    const failed = figures.filter((f) => f.label.endsWith('failed requests'));
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f.value).toBe(0);
    // Both load generators: wrk pinned to its own core (issue 14) and autocannon, when wrk is installed.
    if (pinnedCores()) {
      expect(figures.some((f) => f.label.includes('(wrk)'))).toBe(true);
      // Beside the bare route, Fastify set up as DeskGate sets it up (bench/shaped-server.mjs), and the share of it.
      const shaped = figures.find((f) => f.label === 'Fastify shaped like DeskGate (wrk): share of baseline');
      expect(shaped?.value).toBeGreaterThan(0);
      expect(figures.some((f) => f.label === 'heartbeat on SQLite (wrk): share of the shaped Fastify')).toBe(
        true,
      );
    }
  });

  it('restart: npm start on a built checkout reaches ready, and the idle RSS', async () => {
    const figures = await benchRestart({ runs: 1, idleSeconds: 1 });
    for (const f of figures) expect(f.value).toBeGreaterThan(0);
  });

  it('fleet: registered devices beating on their timer, RSS, online count', async () => {
    const figures = await benchFleet({ registered: 40, heartbeating: 10, interval: 1, duration: 1 });
    expect(figures.find((f) => f.label === 'failed heartbeats')?.value).toBe(0);
  });
});
