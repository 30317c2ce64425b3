import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../address-books.ts';
import { buildTestApp, signIn, type TestApp } from '../harness.ts';

/**
 * Attack: tell which accounts exist (and which sign in only through SSO) from how fast a wrong
 * password is refused. Accounts without a local password used to answer in ~4 ms, unknown names and
 * wrong passwords in 18–60 ms (one argon2id verification). Regression for issue 9 §4: every refusal
 * verifies once (against a dummy hash made with the same parameters when there is no hash), so the
 * three medians stay within a factor of each other. The bound is generous (0.5×–2×) so a loaded
 * two-core machine does not flake, yet a path that skips argon2id is 5–10× faster and fails it.
 * Timing does not depend on the SQL dialect, so SQLite alone is measured.
 */
describe('username enumeration by timing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    const admin = await signIn(t.app);
    await createUser(t.app, admin, 'local-user');
    const sso = await t.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: admin.headers,
      payload: { username: 'sso-only' },
    });
    expect(sso.statusCode).toBe(201);
    expect(sso.json().hasPassword).toBe(false);
  });
  afterAll(async () => t.close());

  let address = 0;
  async function refusalMs(username: string): Promise<number> {
    // Throttling is not under test here: fresh counters and a fresh address for every sample.
    await t.db.kysely.deleteFrom('login_throttle').execute();
    address += 1;
    const started = process.hrtime.bigint();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login',
      payload: { username, password: 'not-the-password' },
      remoteAddress: `10.9.${address >> 8}.${address & 255}`,
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(res.statusCode).toBe(401);
    return ms;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

  it('refuses an unknown name, an SSO-only account and a wrong password in the same time', async () => {
    await refusalMs('warm-up');
    const samples = { unknown: [] as number[], ssoOnly: [] as number[], wrongPassword: [] as number[] };
    // Interleaved, so a burst of load on the machine hits all three alike.
    for (let i = 0; i < 15; i++) {
      samples.unknown.push(await refusalMs(`nobody-${i}`));
      samples.ssoOnly.push(await refusalMs('sso-only'));
      samples.wrongPassword.push(await refusalMs('local-user'));
    }
    const wrong = median(samples.wrongPassword);
    const ratios = {
      unknown: median(samples.unknown) / wrong,
      ssoOnly: median(samples.ssoOnly) / wrong,
    };
    expect(ratios.unknown, JSON.stringify(samples)).toBeGreaterThan(0.5);
    expect(ratios.unknown, JSON.stringify(samples)).toBeLessThan(2);
    expect(ratios.ssoOnly, JSON.stringify(samples)).toBeGreaterThan(0.5);
    expect(ratios.ssoOnly, JSON.stringify(samples)).toBeLessThan(2);
  });
});
