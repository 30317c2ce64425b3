import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFirstAdminPassword } from '../../src/accounts/bootstrap.ts';
import { judgePassword } from '../../src/accounts/password-strength.ts';
import { ConfigError } from '../../src/config.ts';
import { randomPassword } from '../../src/security/tokens.ts';
import { buildTestApp, type ConsoleSession, createTestDb, signIn, type TestApp } from '../harness.ts';

/**
 * Attack: guessing. An admin (or the person) could set "password1", "admin123" or the username plus a
 * year, which a password-spraying attacker tries first. Every place a password is set now refuses
 * what zxcvbn scores 0–1, with the reason in words (and a key the console translates).
 */
const STRONG = 'violet meadow kettle orbit';

describe('weak passwords', () => {
  let t: TestApp;
  let admin: ConsoleSession;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    admin = await signIn(t.app);
  });
  afterAll(async () => t.close());
  const createUser = (username: string, password: string, displayName = '') =>
    t.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: admin.headers,
      payload: { username, password, displayName },
    });

  it('refuses common passwords and ones built from the username, with the reason in words', async () => {
    for (const [username, password, displayName, words] of [
      ['alice', 'password1', '', /commonly used password/],
      ['bob', 'admin123', '', /commonly used password/],
      ['kowalczyk', 'kowalczyk2024', '', /personal or page related data|easy to guess/],
      ['jdoe', 'Wojciechowski!', 'Wojciechowski', /personal or page related data|easy to guess/],
    ] as const) {
      const res = await createUser(username, password, displayName);
      expect(res.statusCode, `${password}: ${res.body}`).toBe(400);
      const body = res.json();
      expect(body).toMatchObject({
        code: 'WEAK_PASSWORD',
        error: expect.stringMatching(/too easy to guess/),
      });
      expect(body.error).toMatch(words);
      expect(body.reason).toMatch(/^(warning|suggestion)\.\w+$/);
    }
    const users = await t.db.kysely.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).toEqual(['admin']);
  });

  it('accepts a strong passphrase, and refuses fewer than 8 characters', async () => {
    expect((await createUser('carol', STRONG)).statusCode).toBe(201);
    const short = await createUser('dave', 'Xk9#q2!');
    expect(short.statusCode).toBe(400);
  });

  it('refuses a weak password on admin reset and self-service change; generated ones pass', async () => {
    const carol = (
      await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'carol')
        .executeTakeFirstOrThrow()
    ).id;
    const reset = (password?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/console/users/${carol}/password`,
        headers: admin.headers,
        payload: password === undefined ? {} : { password },
      });
    expect((await reset('password1')).json().code).toBe('WEAK_PASSWORD');
    const generated = await reset();
    expect(generated.statusCode).toBe(200);
    expect((await judgePassword(generated.json().password as string, ['carol'])).ok).toBe(true);
    expect((await judgePassword(randomPassword(), ['admin'])).ok).toBe(true);

    const session = await signIn(t.app, 'carol', generated.json().password as string);
    const change = (newPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/console/auth/password',
        headers: session.headers,
        payload: { currentPassword: generated.json().password, newPassword },
      });
    const weak = await change('carol12345');
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect((await change(STRONG)).statusCode).toBe(200);
  });

  it('refuses a weak DESKGATE_ADMIN_PASSWORD on first start only', async () => {
    const db = await createTestDb('sqlite');
    try {
      await expect(assertFirstAdminPassword(db.kysely, 'admin1234')).rejects.toBeInstanceOf(ConfigError);
      await expect(assertFirstAdminPassword(db.kysely, 'admin1234')).rejects.toThrow(
        /DESKGATE_ADMIN_PASSWORD is too easy to guess/,
      );
      await expect(assertFirstAdminPassword(db.kysely, STRONG)).resolves.toBeUndefined();
      await expect(assertFirstAdminPassword(db.kysely, undefined)).resolves.toBeUndefined();
    } finally {
      await db.close();
    }
    // An existing installation (accounts exist) never uses the variable, so it never stops starting.
    await expect(assertFirstAdminPassword(t.db.kysely, 'admin1234')).resolves.toBeUndefined();
  });
});
