import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';

const ORIGIN = 'http://127.0.0.1:21116';
const DAY = 86_400_000;
const provider = {
  name: 'azure',
  type: 'entra',
  clientId: 'deskgate-app',
  issuer: 'https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/v2.0',
  callbackOrigin: ORIGIN,
};

// Issue 11: a provider's Button label (any words; the name stays the `op` RustDesk clients send back) and
// its client secret's expiry, stored in their own columns and shown by the provider API and the login page.
describe.each(dialects())('provider button label and secret expiry on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    admin = await signIn(t.app);
  });
  afterAll(async () => t?.close());

  const send = (method: 'POST' | 'PATCH', url: string, payload: object) =>
    t.app.inject({ method, url, headers: admin.headers, payload });

  it('stores both, shows them, and the login page shows the label while the link keeps the name', async () => {
    const expires = Date.parse('2027-01-31');
    const created = await send('POST', '/api/console/sso/providers', {
      ...provider,
      buttonLabel: '  社内 アカウント  ',
      clientSecretExpiresAt: expires,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ buttonLabel: '社内 アカウント', clientSecretExpiresAt: expires });
    const row = await t.db.kysely.selectFrom('oidc_providers').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ button_label: '社内 アカウント', client_secret_expires_at: expires });

    const login = await t.app.inject({ method: 'GET', url: '/api/console/auth/providers' });
    expect(login.json()).toEqual([{ name: 'azure', label: '社内 アカウント', type: 'entra' }]);

    // PATCH without the fields keeps them; an empty label and a null expiry clear them.
    const id = created.json().id as string;
    const kept = await send('PATCH', `/api/console/sso/providers/${id}`, { enabled: true });
    expect(kept.json()).toMatchObject({ buttonLabel: '社内 アカウント', clientSecretExpiresAt: expires });
    const cleared = await send('PATCH', `/api/console/sso/providers/${id}`, {
      buttonLabel: '',
      clientSecretExpiresAt: null,
    });
    expect(cleared.json()).toMatchObject({ buttonLabel: '', clientSecretExpiresAt: null });
    const plain = await t.app.inject({ method: 'GET', url: '/api/console/auth/providers' });
    expect(plain.json()).toEqual([{ name: 'azure', label: 'azure', type: 'entra' }]);
  });

  it('refuses a label over 64 characters and a negative expiry with a code, never a 500', async () => {
    for (const body of [
      { ...provider, name: 'long', buttonLabel: 'x'.repeat(65) },
      { ...provider, name: 'past', clientSecretExpiresAt: -DAY },
    ]) {
      const res = await send('POST', '/api/console/sso/providers', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });
});
