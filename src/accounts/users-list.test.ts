import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, signIn, type TestApp } from '../../test/harness.ts';
import type { UserPage } from '../shared/accounts.ts';

// Issue 11: the Users list sorts by every column and filters by group, status, administrator and
// sign-in method on the server, so sorting and filtering span every page.
describe.each(dialects())('users list sort and filters on %s', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let staffId: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    headers = (await signIn(t.app)).headers;
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/console/groups',
      headers,
      payload: { name: 'Staff' },
    });
    staffId = group.json().id;
    for (const [username, email, enabled] of [
      ['carol', 'c@example.com', true],
      ['Bob', 'b@example.com', false],
      ['alice', 'z@example.com', true],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers,
        payload: { username, email, enabled, ...(username === 'Bob' ? { groupId: staffId } : {}) },
      });
      expect(res.statusCode).toBe(201);
    }
    // alice signs in through a provider: one linked identity.
    const alice = await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'alice')
      .executeTakeFirstOrThrow();
    await t.db.kysely
      .insertInto('oidc_providers')
      .values({
        id: 'p1',
        name: 'Entra',
        name_key: 'entra',
        type: 'generic',
        client_id: 'c',
        client_secret_sealed: null,
        issuer: 'https://login.example.com',
        enabled: 1,
        settings: '{}',
        callback_origin: null,
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    await t.db.kysely
      .insertInto('identities')
      .values({
        id: 'i1',
        provider_id: 'p1',
        issuer: 'https://login.example.com',
        subject: 's',
        user_id: alice.id,
        tenant_id: null,
        object_id: null,
        email: '',
        created_at: 1,
        last_login_at: null,
      })
      .execute();
  });
  afterAll(async () => t.close());

  const names = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/console/users?${query}`, headers });
    expect(res.statusCode).toBe(200);
    return (res.json() as UserPage).items.map((u) => u.username);
  };

  it('sorts by username case-insensitively, both ways', async () => {
    expect(await names('sort=username')).toEqual(['admin', 'alice', 'Bob', 'carol']);
    expect(await names('sort=username&dir=desc')).toEqual(['carol', 'Bob', 'alice', 'admin']);
  });

  it('sorts by email, group, status and last sign-in', async () => {
    expect(await names('sort=email')).toEqual(['admin', 'Bob', 'carol', 'alice']);
    expect((await names('sort=group&dir=desc'))[0]).toBe('Bob');
    expect((await names('sort=status'))[0]).toBe('Bob');
    // Only the admin has signed in (above): first when newest first, on every dialect.
    expect((await names('sort=lastLogin&dir=desc'))[0]).toBe('admin');
  });

  it('filters by group, status, administrator and sign-in method', async () => {
    expect(await names(`groupId=${staffId}`)).toEqual(['Bob']);
    expect(await names('status=disabled')).toEqual(['Bob']);
    expect(await names('admin=true')).toEqual(['admin']);
    expect((await names('admin=false&sort=username')).length).toBe(3);
    expect(await names('method=sso')).toEqual(['alice']);
    expect(await names('method=password')).toEqual(['admin']);
  });

  it('refuses an unknown sort column with a 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/console/users?sort=password_hash', headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBeTruthy();
  });
});
