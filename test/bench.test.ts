import { describe, expect, it } from 'vitest';
import { benchConsole } from '../bench/console.ts';
import { benchOidc } from '../bench/oidc.ts';
import { chromiumAvailable } from './browser/browser.ts';

// Smoke runs of the benchmarks with tiny sizes: they keep `npm run bench` working. Their figures are not
// checked against targets here (benchmarks are not pass/fail timers); only that each produces them.
// They run the production build, which `npm test` makes before Vitest starts.
describe.runIf(chromiumAvailable())('benchmarks (smoke)', () => {
  it('console: initial JS size and the Users page render time', async () => {
    const figures = await benchConsole({ users: 30, runs: 1 });
    expect(figures.map((f) => f.label)).toHaveLength(3);
    for (const f of figures) expect(f.value).toBeGreaterThan(0);
  });

  it('oidc: complete RustDesk device logins through the test OP, and DeskGate CPU per login', async () => {
    const figures = await benchOidc({ logins: 2, concurrency: 2 });
    expect(figures[0]?.value).toBe(0); // no failed login
    expect(figures.at(-1)?.value).toBeGreaterThan(0);
  });
});
