import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { type AccessLevel, allows, type ConsoleArea, type Permissions } from '../shared/roles.ts';
import { BUILTIN_ROLES } from './builtin.ts';

const PASSWORD = 'role-test-pass-1';

/**
 * Which area guards each console path (longest prefix wins). A console route missing here fails the
 * walk below: a new route must say which area it belongs to. `session`: any signed-in person (their
 * own things: sign-in, 2FA, address books, whose rules decide per book).
 */
const AREA_OF: [prefix: string, decide: (method: string) => [ConsoleArea, AccessLevel] | 'session'][] = [
  ['/api/console/auth/', () => 'session'],
  ['/api/console/address-books/', () => 'session'],
  ['/api/console/users/{id}/client-sessions', (m) => ['devices', levelOf(m)]],
  ['/api/console/users/', (m) => ['users', levelOf(m)]],
  ['/api/console/groups/{id}/device-access', (m) => ['groups', levelOf(m)]],
  ['/api/console/groups/', (m) => ['groups', levelOf(m)]],
  ['/api/console/devices/', (m) => ['devices', levelOf(m)]],
  ['/api/console/device-groups/', (m) => ['device-groups', levelOf(m)]],
  ['/api/console/sso/', (m) => ['settings', levelOf(m)]],
  ['/api/oidc/test/', (m) => ['settings', levelOf(m)]],
  ['/api/console/audit/', (m) => ['audit', levelOf(m)]],
  ['/api/console/roles/', (m) => (m === 'get' ? ['users', 'read'] : ['settings', 'manage'])],
  ['/api/console/strategies/', (m) => ['strategies', levelOf(m)]],
  ['/api/console/api-tokens/', (m) => ['api-tokens', levelOf(m)]],
  ['/api/console/dashboard/', (m) => ['audit', levelOf(m)]],
  ['/api/console/settings/ldap/', (m) => ['settings', levelOf(m)]],
  ['/api/console/settings/email/', (m) => ['settings', levelOf(m)]],
  ['/api/console/device-approval/settings', (m) => ['settings', levelOf(m)]],
  ['/api/console/device-approval/', (m) => ['devices', levelOf(m)]],
];
const levelOf = (method: string): AccessLevel => (method === 'get' ? 'read' : 'manage');
// Public or sign-in routes: no session needed, nothing to deny. Logout would end the walking session.
const NOT_WALKED = new Set([
  'post /api/console/auth/login',
  'post /api/console/auth/login/second-factor',
  'get /api/console/auth/providers',
  'get /api/console/auth/login-options',
  'post /api/console/auth/logout',
]);

const isConsoleRoute = (path: string) =>
  path.startsWith('/api/console/') || path.startsWith('/api/oidc/test/');
const decisionFor = (path: string, method: string) =>
  AREA_OF.filter(([prefix]) => `${path}/`.startsWith(prefix)).sort(
    (a, b) => b[0].length - a[0].length,
  )[0]?.[1](method);

describe.each(dialects())('roles on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  const sessions: Record<string, ConsoleSession> = {};

  const call = (s: ConsoleSession, method: string, url: string, payload?: object) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: s.headers,
      ...(payload ? { payload } : {}),
    });
  async function userWithRole(username: string, roleId: string | null) {
    const res = await call(admin, 'POST', '/api/console/users', { username, password: PASSWORD, roleId });
    expect(res.statusCode).toBe(201);
    return { id: res.json().id as string, session: await signIn(t.app, username, PASSWORD) };
  }

  const customRole = async (name: string, permissions: Permissions) =>
    (await call(admin, 'POST', '/api/console/roles', { name, permissions })).json() as { id: string };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    for (const role of BUILTIN_ROLES)
      sessions[role.id] = (await userWithRole(`as-${role.id}`, role.id)).session;
    sessions.none = (await userWithRole('as-nobody', null)).session;
  });
  afterAll(async () => t.close());

  it('checks every console route of the OpenAPI document against every built-in role (and no role)', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const roles: [string, Permissions][] = [
      ...BUILTIN_ROLES.map((r): [string, Permissions] => [r.id, r.permissions]),
      ['none', {}],
    ];
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!isConsoleRoute(path)) continue;
      for (const method of Object.keys(operations)) {
        if (NOT_WALKED.has(`${method} ${path}`)) continue;
        const decision = decisionFor(path, method);
        expect(decision, `${method} ${path} belongs to no area: add it to AREA_OF`).toBeDefined();
        const url = path.replace(/\{[^}]+\}/g, 'no-such-thing');
        for (const [roleId, permissions] of roles) {
          const session = sessions[roleId] as ConsoleSession;
          const res = await call(session, method.toUpperCase(), url, method === 'get' ? undefined : {});
          const allowed =
            decision === 'session' || (decision !== undefined && allows(permissions, ...decision));
          const what = `${roleId}: ${method} ${path} → ${res.statusCode} ${res.body.slice(0, 120)}`;
          if (allowed) {
            expect(res.statusCode, what).not.toBe(401);
            expect(res.statusCode === 403 && res.json().code === 'FORBIDDEN', what).toBe(false);
          } else {
            expect(res.statusCode, what).toBe(403);
            expect(res.json().code, what).toBe('FORBIDDEN');
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('answers the session with the role and its permissions, for the console to hide what is not allowed', async () => {
    const res = await call(sessions.helpdesk as ConsoleSession, 'GET', '/api/console/auth/session');
    expect(res.json()).toMatchObject({
      user: { roleId: 'helpdesk', isAdmin: false },
      role: { id: 'helpdesk', name: 'Helpdesk' },
      permissions: { devices: 'manage', 'address-books': 'manage', users: 'read' },
    });
    const nobody = await call(sessions.none as ConsoleSession, 'GET', '/api/console/auth/session');
    expect(nobody.json()).toMatchObject({ role: null, permissions: {} });
  });

  it('keeps a Helpdesk user from changing their own role, creating an admin or editing roles', async () => {
    const helpdesk = sessions.helpdesk as ConsoleSession;
    const attempts = [
      call(helpdesk, 'PATCH', `/api/console/users/${helpdesk.userId}`, { roleId: 'administrator' }),
      call(helpdesk, 'PATCH', `/api/console/users/${helpdesk.userId}`, { isAdmin: true }),
      call(helpdesk, 'POST', '/api/console/users', { username: 'evil', roleId: 'administrator' }),
      call(helpdesk, 'POST', '/api/console/users', { username: 'evil2', isAdmin: true }),
      call(helpdesk, 'POST', '/api/console/roles', { name: 'Mine', permissions: { settings: 'manage' } }),
      call(helpdesk, 'PATCH', '/api/console/roles/helpdesk', { permissions: { settings: 'manage' } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    const me = await call(admin, 'GET', `/api/console/users/${helpdesk.userId}`);
    expect(me.json()).toMatchObject({ roleId: 'helpdesk', isAdmin: false });
  });

  it('never lets someone give a role beyond their own, nor touch a user who outranks them', async () => {
    const created = await call(admin, 'POST', '/api/console/roles', {
      name: 'User managers',
      permissions: { users: 'manage', groups: 'read' },
    });
    expect(created.statusCode).toBe(201);
    const managerRole = created.json().id as string;
    const manager = await userWithRole('manager', managerRole);
    const plain = await userWithRole('plain', null);
    const adminId = admin.userId;
    const refused = [
      // Self-promotion, the flag and the role id alike.
      call(manager.session, 'PATCH', `/api/console/users/${manager.id}`, { roleId: 'administrator' }),
      call(manager.session, 'PATCH', `/api/console/users/${manager.id}`, { isAdmin: true }),
      // Making an admin, or a Helpdesk (which manages devices, which the manager cannot).
      call(manager.session, 'POST', '/api/console/users', { username: 'crony', roleId: 'administrator' }),
      call(manager.session, 'POST', '/api/console/users', { username: 'crony2', isAdmin: true }),
      call(manager.session, 'PATCH', `/api/console/users/${plain.id}`, { roleId: 'helpdesk' }),
      // Disabling, deleting or taking over an administrator.
      call(manager.session, 'PATCH', `/api/console/users/${adminId}`, { enabled: false }),
      call(manager.session, 'DELETE', `/api/console/users/${adminId}`),
      call(manager.session, 'POST', `/api/console/users/${adminId}/password`, {}),
      call(manager.session, 'DELETE', `/api/console/users/${adminId}/2fa`),
    ];
    for (const res of await Promise.all(refused)) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_ABOVE_YOURS' });
    }
    expect((await call(admin, 'GET', `/api/console/users/${adminId}`)).json()).toMatchObject({
      enabled: true,
      roleId: 'administrator',
    });
    // Within their reach: giving their own role to a plain user.
    const ok = await call(manager.session, 'PATCH', `/api/console/users/${plain.id}`, {
      roleId: managerRole,
    });
    expect(ok.statusCode).toBe(200);
  });

  it('never lets a role editor make a role beyond their own', async () => {
    const editorRole = (
      await call(admin, 'POST', '/api/console/roles', {
        name: 'Role editors',
        permissions: { settings: 'manage', users: 'read' },
      })
    ).json().id as string;
    const editor = await userWithRole('editor', editorRole);
    const refused = [
      call(editor.session, 'POST', '/api/console/roles', { name: 'Wide', permissions: { users: 'manage' } }),
      call(editor.session, 'PATCH', `/api/console/roles/${editorRole}`, {
        permissions: { settings: 'manage', users: 'manage' },
      }),
    ];
    for (const res of await Promise.all(refused)) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().reason).toBe('ROLE_ABOVE_YOURS');
    }
  });

  it('never lets a settings manager grant roles beyond their own through a sign-in provider', async () => {
    const editor = await userWithRole(
      'sso-editor',
      (await customRole('SSO editors', { settings: 'manage' })).id,
    );
    const provider = (extra: object) => ({
      name: `kc-${Math.random().toString(36).slice(2, 8)}`,
      type: 'keycloak',
      clientId: 'deskgate',
      issuer: 'https://idp.example.com/realms/r',
      ...extra,
    });
    const adminMade = await call(
      admin,
      'POST',
      '/api/console/sso/providers',
      provider({ adminGroups: ['rd-admins'] }),
    );
    expect(adminMade.statusCode, adminMade.body).toBe(201);
    const refused = [
      // Admin groups mean Administrator; a role mapping to Auditor reads what the editor cannot.
      call(editor.session, 'POST', '/api/console/sso/providers', provider({ adminGroups: ['mine'] })),
      call(
        editor.session,
        'POST',
        '/api/console/sso/providers',
        provider({ roleMapping: [{ idpGroup: 'x', roleId: 'auditor' }] }),
      ),
      // Pointing an Administrator-granting provider at an IdP the editor controls.
      call(editor.session, 'PATCH', `/api/console/sso/providers/${adminMade.json().id}`, {
        issuer: 'https://evil.example.com',
      }),
    ];
    for (const res of await Promise.all(refused)) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().reason).toBe('ROLE_ABOVE_YOURS');
    }
    const own = await call(editor.session, 'POST', '/api/console/sso/providers', provider({}));
    expect(own.statusCode, own.body).toBe(201);
  });

  it('keeps built-in roles fixed, refuses deleting a role in use, and audits every role change', async () => {
    for (const [method, id] of [
      ['PATCH', 'administrator'],
      ['DELETE', 'helpdesk'],
    ] as const) {
      const res = await call(
        admin,
        method,
        `/api/console/roles/${id}`,
        method === 'PATCH' ? { name: 'x' } : undefined,
      );
      expect(res.statusCode).toBe(409);
      expect(res.json().reason).toBe('ROLE_BUILT_IN');
    }
    const role = (
      await call(admin, 'POST', '/api/console/roles', {
        name: 'Night shift',
        permissions: { devices: 'read' },
      })
    ).json();
    const dora = await userWithRole('dora', role.id);
    expect((await call(admin, 'DELETE', `/api/console/roles/${role.id}`)).statusCode).toBe(409);
    const renamed = await call(admin, 'PATCH', `/api/console/roles/${role.id}`, {
      name: 'Night desk',
      permissions: { devices: 'manage' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Night desk', userCount: 1, builtIn: false });
    expect((await call(dora.session, 'PATCH', '/api/console/devices/none', {})).statusCode).not.toBe(403);
    await call(admin, 'PATCH', `/api/console/users/${dora.id}`, { roleId: 'auditor' });
    // A provider's group → role row still names it: deleting would leave the row pointing nowhere.
    const provider = await call(admin, 'POST', '/api/console/sso/providers', {
      name: 'night-idp',
      type: 'keycloak',
      clientId: 'deskgate',
      issuer: 'https://idp.example.com/realms/night',
      roleMapping: [{ idpGroup: 'night', roleId: role.id }],
    });
    expect(provider.statusCode, provider.body).toBe(201);
    const mapped = await call(admin, 'DELETE', `/api/console/roles/${role.id}`);
    expect(mapped.statusCode).toBe(409);
    expect(mapped.json().error).toMatch(/night-idp/);
    await call(admin, 'PATCH', `/api/console/sso/providers/${provider.json().id}`, { roleMapping: [] });
    expect((await call(admin, 'DELETE', `/api/console/roles/${role.id}`)).statusCode).toBe(200);
    const trail = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'target', 'detail'])
      .where('action', 'like', 'role.%')
      .where('target', 'like', 'Night%')
      .orderBy('id')
      .execute();
    expect(trail.map((e) => e.action)).toEqual(['role.create', 'role.update', 'role.delete']);
    const change = await t.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'user.role.change')
      .where('target', '=', 'dora')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(change.detail)).toEqual({ from: 'Night desk', to: 'Auditor' });
  });

  it('lists the roles with how many people hold each', async () => {
    const list = (await call(sessions.auditor as ConsoleSession, 'GET', '/api/console/roles')).json() as {
      id: string;
      userCount: number;
      builtIn: boolean;
    }[];
    expect(list.slice(0, 3).map((r) => [r.id, r.builtIn])).toEqual([
      ['administrator', true],
      ['helpdesk', true],
      ['auditor', true],
    ]);
    expect(list.find((r) => r.id === 'administrator')?.userCount).toBe(2);
  });
  it('keeps the last Administrator: they cannot step down while no one else holds the role', async () => {
    const other = sessions.administrator as ConsoleSession;
    const demoted = await call(admin, 'PATCH', `/api/console/users/${other.userId}`, { roleId: 'auditor' });
    expect(demoted.statusCode).toBe(200);
    const res = await call(admin, 'PATCH', `/api/console/users/${admin.userId}`, { roleId: 'helpdesk' });
    expect(res.statusCode).toBe(409);
  });
});
