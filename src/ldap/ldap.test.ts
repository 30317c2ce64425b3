import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import {
  LDAP_BIND_DN,
  LDAP_BIND_PASSWORD,
  LDAP_PEOPLE,
  type LdapServer,
  startLdapServer,
} from '../../test/ldap.ts';
import { outboundCalls } from '../../test/metrics.ts';
import { selfSignedCertificate } from '../../test/tls-proxy.ts';
import { createLocalUser, enrolTotp, totpCode } from '../../test/two-factor.ts';
import type { LdapSettingsInput } from '../shared/ldap.ts';
import { nestedGroupFilter, userFilter } from './directory.ts';

let ldap: LdapServer;

beforeAll(async () => {
  ldap = await startLdapServer(
    [
      { uid: 'alice', password: 'alice-dir-pw', cn: 'Alice Liddell', mail: 'alice@example.org' },
      { uid: 'bob', password: 'bob-dir-pw' },
      { uid: 'carol', password: 'carol-dir-pw' },
      { uid: 'dave', password: 'dave-dir-pw', userAccountControl: 514 },
      { uid: 'admin', password: 'dir-admin-pw' },
    ],
    { 'deskgate-admins': ['alice'], support: ['alice', 'bob'] },
  );
});
afterAll(() => ldap?.stop());

describe('LDAP filters', () => {
  it('escapes the username per RFC 4515, so filter syntax in a name is literal', () => {
    expect(userFilter('(uid={username})', '*)(uid=*')).toBe('(uid=\\2a\\29\\28uid=\\2a)');
    expect(userFilter('(uid={username})', 'admin)(|(uid=*')).toBe('(uid=admin\\29\\28|\\28uid=\\2a)');
  });
  it('finds nested groups with Active Directory’s in-chain rule', () => {
    expect(nestedGroupFilter('CN=Al (x),DC=corp')).toBe(
      '(member:1.2.840.113556.1.4.1941:=CN=Al \\28x\\29,DC=corp)',
    );
  });
});

describe.each(dialects())('LDAP sign-in (%s)', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let supportGroupId: string;

  const settings = (over: Partial<LdapSettingsInput> = {}): LdapSettingsInput => ({
    enabled: true,
    url: ldap.url,
    startTls: true,
    caPem: ldap.caPem,
    bindDn: LDAP_BIND_DN,
    bindPassword: LDAP_BIND_PASSWORD,
    searchBase: LDAP_PEOPLE,
    searchFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
    attrUsername: 'uid',
    attrDisplayName: 'cn',
    attrEmail: 'mail',
    groupMappings: [{ groupDn: ldap.groupDn('support'), groupId: supportGroupId }],
    adminGroups: [ldap.groupDn('deskgate-admins')],
    nestedGroups: false,
    ...over,
  });
  const save = (over: Partial<LdapSettingsInput> = {}) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/console/settings/ldap',
      headers: admin.headers,
      payload: settings(over),
    });
  const consoleLogin = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/console/auth/login', payload: { username, password } });
  const clientLogin = (body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { id: '123456789', uuid: 'dXVpZA==', type: 'account', deviceInfo: { os: 'linux' }, ...body },
    });

  beforeEach(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/console/groups',
      headers: admin.headers,
      payload: { name: 'Support' },
    });
    supportGroupId = (group.json() as { id: string }).id;
    expect((await save()).statusCode).toBe(200);
  });
  afterEach(() => t.close());

  it('signs a directory user into the console over StartTLS, creating the account with mapped group and admin', async () => {
    const res = await consoleLogin('alice', 'alice-dir-pw');
    expect(res.statusCode).toBe(200);
    const user = (
      res.json() as { user: { username: string; isAdmin: boolean; groupId: string; email: string } }
    ).user;
    expect(user).toMatchObject({
      username: 'alice',
      isAdmin: true,
      groupId: supportGroupId,
      email: 'alice@example.org',
    });
    // The second sign-in uses the link; bob is in support but not an admin.
    expect((await consoleLogin('alice', 'alice-dir-pw')).statusCode).toBe(200);
    const bob = await consoleLogin('bob', 'bob-dir-pw');
    expect(bob.json()).toMatchObject({ user: { isAdmin: false, groupId: supportGroupId } });
    expect((await consoleLogin('alice', 'wrong')).statusCode).toBe(401);
  });

  // Issue 13 §3: directory groups could demote the last enabled Administrator and lock everyone out.
  it('keeps the Administrator role of the last enabled Administrator when the directory groups drop it', async () => {
    expect((await consoleLogin('alice', 'alice-dir-pw')).json()).toMatchObject({ user: { isAdmin: true } });
    expect((await save({ adminGroups: [ldap.groupDn('other-admins')] })).statusCode).toBe(200);
    // The local admin is disabled: alice, from the directory, is the last enabled Administrator.
    await t.db.kysely.updateTable('users').set({ status: 0 }).where('username', '=', 'admin').execute();
    const again = await consoleLogin('alice', 'alice-dir-pw');
    expect(again.json()).toMatchObject({ user: { isAdmin: true } });
    const warning = await t.db.kysely
      .selectFrom('audit_log')
      .select(['target', 'detail'])
      .where('action', '=', 'user.last-admin.kept')
      .execute();
    expect(warning).toEqual([{ target: 'alice', detail: expect.stringContaining('"via":"ldap"') }]);
    // With another Administrator enabled, the directory's verdict applies.
    await t.db.kysely.updateTable('users').set({ status: 1 }).where('username', '=', 'admin').execute();
    expect((await consoleLogin('alice', 'alice-dir-pw')).json()).toMatchObject({ user: { isAdmin: false } });
  });

  it('signs the RustDesk client in through /api/login, with local 2FA on top', async () => {
    const first = await clientLogin({ username: 'bob', password: 'bob-dir-pw' });
    expect(first.json()).toMatchObject({ type: 'access_token', user: { name: 'bob' } });
    const bob = await signIn(t.app, 'bob', 'bob-dir-pw');
    const { secret } = await enrolTotp(t.app, bob);
    const leg1 = await clientLogin({ username: 'bob', password: 'bob-dir-pw' });
    expect(leg1.json()).toMatchObject({ type: 'email_check', tfa_type: 'tfa_check' });
    const leg2 = await clientLogin({
      username: 'bob',
      type: 'email_code',
      verificationCode: totpCode(secret, 1),
      tfaCode: totpCode(secret, 1),
      secret: (leg1.json() as { secret: string }).secret,
    });
    expect(leg2.json()).toMatchObject({ type: 'access_token' });
  });

  it('over ldaps:// trusts the configured CA and refuses a server signed by another CA', async () => {
    await save({ url: ldap.ldapsUrl, startTls: false });
    expect((await consoleLogin('alice', 'alice-dir-pw')).statusCode).toBe(200);
    const wrongCa = selfSignedCertificate('localhost').cert;
    for (const over of [
      { url: ldap.ldapsUrl, startTls: false, caPem: wrongCa },
      { url: ldap.url, startTls: true, caPem: wrongCa },
    ]) {
      await save(over);
      const res = await consoleLogin('bob', 'bob-dir-pw');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'LDAP_UNAVAILABLE' });
      const probe = await t.app.inject({
        method: 'POST',
        url: '/api/console/settings/ldap/test-connection',
        headers: admin.headers,
        payload: settings(over),
      });
      expect(probe.json()).toMatchObject({ ok: false, message: expect.stringMatching(/not trusted/) });
    }
  });

  it('treats LDAP filter syntax in the username as literal text (injection)', async () => {
    // Unescaped, each of these names would make the filter match exactly alice, whose password is given.
    for (const name of ['alic*', 'x)(|(uid=alice)', '*)(uid=alice', 'admin)(|(uid=alice']) {
      const res = await consoleLogin(name, 'alice-dir-pw');
      expect(res.statusCode, name).toBe(401);
    }
    const client = await clientLogin({ username: '*)(uid=*', password: 'alice-dir-pw' });
    expect(client.statusCode).toBe(401);
  });

  it('never sends an empty password (an unauthenticated bind would succeed)', async () => {
    const res = await clientLogin({ username: 'alice', password: '' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('refuses an account Active Directory marks disabled (userAccountControl bit 2)', async () => {
    const res = await consoleLogin('dave', 'dave-dir-pw');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'USER_DISABLED' });
    expect((await clientLogin({ username: 'dave', password: 'dave-dir-pw' })).statusCode).toBe(403);
  });

  it('never lets a directory entry take over a DeskGate account of the same name', async () => {
    // The local admin has a password: the directory's "admin" password does not open it.
    expect((await consoleLogin('admin', 'dir-admin-pw')).statusCode).toBe(401);
    // carol exists without a local password (as an SSO account would) and is not linked.
    await t.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: admin.headers,
      payload: { username: 'carol' },
    });
    const res = await consoleLogin('carol', 'carol-dir-pw');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'LDAP_NOT_LINKED' });
    await createLocalUser(t.app, admin, 'bob', 'local-bob-password-1');
    expect((await consoleLogin('bob', 'bob-dir-pw')).statusCode).toBe(401);
  });

  it('counts directory password guesses against the sign-in throttle', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await consoleLogin('bob', `guess-${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('says when the directory cannot be reached, never a 500', async () => {
    await save({ url: 'ldap://127.0.0.1:1', startTls: false });
    const res = await consoleLogin('bob', 'bob-dir-pw');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      code: 'LDAP_UNAVAILABLE',
      error: expect.stringMatching(/nothing answers/),
    });
  });

  it('keeps the bind password write-only and sealed at rest', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/console/settings/ldap',
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(LDAP_BIND_PASSWORD);
    expect(res.json()).toMatchObject({ bindPasswordSet: true, bindDn: LDAP_BIND_DN });
    const row = await t.db.kysely.selectFrom('ldap_settings').selectAll().executeTakeFirstOrThrow();
    expect(row.bind_password_sealed).not.toContain(LDAP_BIND_PASSWORD);
    // Saving without the password keeps it.
    const { bindPassword: _, ...rest } = settings();
    await t.app.inject({
      method: 'PUT',
      url: '/api/console/settings/ldap',
      headers: admin.headers,
      payload: rest,
    });
    expect((await consoleLogin('bob', 'bob-dir-pw')).statusCode).toBe(200);
  });

  it('is for administrators only', async () => {
    await createLocalUser(t.app, admin, 'erin', 'erin-local-password-1');
    const erin = await signIn(t.app, 'erin', 'erin-local-password-1');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/console/settings/ldap',
      headers: erin.headers,
    });
    expect(res.statusCode).toBe(403);
  });

  it('Test connection and Test sign-in report without creating accounts', async () => {
    const [successes, failures] = [
      await outboundCalls('ldap', 'success'),
      await outboundCalls('ldap', 'failure'),
    ];
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/console/settings/ldap/test-connection',
      headers: admin.headers,
      payload: settings(),
    });
    expect(ok.json(), ok.body).toMatchObject({ ok: true });
    const badBind = await t.app.inject({
      method: 'POST',
      url: '/api/console/settings/ldap/test-connection',
      headers: admin.headers,
      payload: settings({ bindPassword: 'wrong' }),
    });
    expect(badBind.json()).toMatchObject({ ok: false, message: expect.stringMatching(/bind DN/) });
    // Issue 14: each bind and search is counted; a refused service bind is a failure.
    expect(await outboundCalls('ldap', 'success')).toBe(successes + 2);
    expect(await outboundCalls('ldap', 'failure')).toBe(failures + 1);
    const signInTest = await t.app.inject({
      method: 'POST',
      url: '/api/console/settings/ldap/test-sign-in',
      headers: admin.headers,
      payload: { username: 'alice', password: 'alice-dir-pw' },
    });
    expect(signInTest.json()).toMatchObject({
      ok: true,
      entry: {
        dn: ldap.userDn('alice'),
        isAdmin: true,
        groupId: supportGroupId,
        displayName: 'Alice Liddell',
      },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/console/settings/ldap/test-sign-in',
      headers: admin.headers,
      payload: { username: 'alice', password: 'not-her-password' },
    });
    expect(wrong.json()).toMatchObject({ ok: false });
    // Service bind, search and the user's bind, twice: a wrong password is the directory answering, not failing.
    expect(await outboundCalls('ldap', 'success')).toBe(successes + 2 + 6);
    expect(await outboundCalls('ldap', 'failure')).toBe(failures + 1);
    const users = await t.db.kysely.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).not.toContain('alice');
  });
});
