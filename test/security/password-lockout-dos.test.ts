import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, dialects, type TestApp } from '../harness.ts';
import { buildAppForCli, resetPasswordWithCli } from '../reset-password-cli.ts';

/**
 * Attack: an attacker who knows an account name (here `admin`) sends wrong passwords until the
 * account locks, so its owner cannot sign in anywhere for 15 minutes, and `deskgate reset-password`
 * does not lift it. Regression for issue 9 §3: the attacker's failures now use up only the budget of
 * the attacker's own (account, address) and address; the owner elsewhere gets in, the console and
 * the RustDesk client alike, and the operator's reset clears the account's counters.
 */
describe.each(dialects())('password lockout denial of service on %s', (dialect) => {
  let t: TestApp & { cliEnv: Record<string, string> };
  const ATTACKER = '203.0.113.66';
  const OWNER = '198.51.100.7';
  beforeAll(async () => {
    t = await buildAppForCli(dialect);
  });
  afterAll(async () => t.close());

  const consoleLogin = (password: string, remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login',
      payload: { username: 'admin', password },
      remoteAddress,
    });
  const clientLogin = (password: string, remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin', password, id: '123456789', uuid: 'bWFjaGluZS11aWQ=', type: 'account' },
      remoteAddress,
    });

  it("lets the owner in from another address while the attacker's address is refused", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await consoleLogin(`guess-${i}`, ATTACKER)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const refused = await consoleLogin(ADMIN_PASSWORD, ATTACKER);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    expect((await consoleLogin(ADMIN_PASSWORD, OWNER)).statusCode).toBe(200);
    expect((await clientLogin(ADMIN_PASSWORD, OWNER)).statusCode).toBe(200);
    // The RustDesk client's password login shares the attacker's budget: no second round of guesses.
    expect((await clientLogin('guess-9', ATTACKER)).statusCode).toBe(429);
  });

  it('puts every failed password and the throttle in the trail with username and address', async () => {
    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'in', ['auth.login.failure', 'auth.throttle'])
      .orderBy('id')
      .execute();
    const failures = rows.filter((r) => r.action === 'auth.login.failure');
    expect(failures).toHaveLength(5);
    expect(failures.every((r) => r.target === 'admin' && r.ip === ATTACKER)).toBe(true);
    // One entry when the budget runs out (not one per refused request: a flood must not flood the trail).
    const throttle = rows.filter((r) => r.action === 'auth.throttle');
    expect(throttle).toHaveLength(1);
    expect(throttle[0]).toMatchObject({ target: 'admin', ip: ATTACKER });
    expect(JSON.parse(throttle[0]?.detail ?? '{}')).toMatchObject({
      kind: 'pw',
      scope: 'account+address',
      effect: 'refused',
    });
  });

  it('lifts the lock with `deskgate reset-password` (an owner behind the same address as the attacker)', async () => {
    const password = await resetPasswordWithCli(t.cliEnv, 'admin');
    expect((await consoleLogin(password, ATTACKER)).statusCode).toBe(200);
  });
});
