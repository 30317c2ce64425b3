import type { FastifyInstance } from 'fastify';
import { registerDevice } from './devices.ts';

// No import of the vitest harness: `npm run screenshots` seeds a running DeskGate with this too.
interface ConsoleSession {
  headers: { cookie: string; 'x-csrf-token': string };
}

async function signIn(app: FastifyInstance, password: string): Promise<ConsoleSession> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/console/auth/login',
    payload: { username: 'admin', password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'deskgate_session');
  return {
    headers: {
      cookie: `deskgate_session=${cookie?.value ?? ''}`,
      'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken,
    },
  };
}

/** Where the seeded pages are: the ids a page's URL needs. */
export interface SampleData {
  userId: string;
  addressBookId: string;
  providerId: string;
}

const DAY = 86_400_000;

async function send<T = { id: string }>(
  app: FastifyInstance,
  admin: ConsoleSession,
  method: 'POST' | 'PATCH' | 'PUT',
  url: string,
  payload: unknown,
): Promise<T> {
  const res = await app.inject({ method, url, headers: admin.headers, payload: payload as object });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/**
 * A console that looks lived in, made through the same API the console uses: users and groups, devices
 * (one assigned, one in a device group, one disabled), a shared address book with a peer and a tag, an Entra
 * provider with a Japanese button label and a client secret expiring soon; the audit log fills itself as it goes.
 */
export async function seedSampleData(
  app: FastifyInstance,
  origin: string,
  adminPassword: string,
): Promise<SampleData> {
  const admin = await signIn(app, adminPassword);
  const support = await send(app, admin, 'POST', '/api/console/groups', { name: 'Support' });
  const alice = await send(app, admin, 'POST', '/api/console/users', {
    username: 'alice',
    displayName: 'Alice Liddell',
    email: 'alice@example.com',
    password: 'alice-password-1',
    groupId: support.id,
  });
  await send(app, admin, 'POST', '/api/console/users', {
    username: 'bob',
    displayName: 'Bob Tanaka',
    email: 'bob@example.com',
    password: 'bob-password-1',
    isAdmin: true,
  });
  await registerDevice(app, '123456789', Buffer.from('uuid-123456789').toString('base64'));
  await registerDevice(app, '987654321', Buffer.from('uuid-987654321').toString('base64'));
  const frontDesk = await send(app, admin, 'POST', '/api/console/device-groups', { name: 'Front desk' });
  await send(app, admin, 'PATCH', '/api/console/devices/123456789', {
    userId: alice.id,
    note: 'Reception PC',
  });
  await send(app, admin, 'PATCH', '/api/console/devices/987654321', { deviceGroupId: frontDesk.id });
  // A disabled device: its greyed row is checked by axe too.
  await registerDevice(app, '555000111', Buffer.from('uuid-555000111').toString('base64'));
  await send(app, admin, 'PATCH', '/api/console/devices/555000111', { disabled: true });
  await send(app, admin, 'PUT', `/api/console/device-groups/${frontDesk.id}/grants`, {
    userIds: [alice.id],
    groupIds: [support.id],
  });
  const book = await send(app, admin, 'POST', '/api/console/address-books', { name: 'Helpdesk' });
  await send(app, admin, 'POST', `/api/console/address-books/${book.id}/tags`, {
    name: 'office',
    color: 0xff2196f3,
  });
  await send(app, admin, 'POST', `/api/console/address-books/${book.id}/peers`, {
    id: '123456789',
    alias: 'Reception',
    tags: ['office'],
  });
  await send(app, admin, 'POST', `/api/console/address-books/${book.id}/shares`, {
    groupId: support.id,
    rule: 2,
  });
  const provider = await send(app, admin, 'POST', '/api/console/sso/providers', {
    name: 'azure',
    type: 'entra',
    clientId: 'deskgate-app',
    clientSecret: 'sample-secret',
    issuer: 'https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/v2.0',
    buttonLabel: '社内アカウント',
    clientSecretExpiresAt: Date.parse(new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10)),
    callbackOrigin: origin,
  });
  return { userId: alice.id, addressBookId: book.id, providerId: provider.id };
}

/** Every signed-in page, with the sample data a page needs (the test-result page needs a real sign-in). */
export const consolePages = (d: SampleData) => [
  '/',
  '/users',
  `/users/${d.userId}`,
  '/groups',
  '/devices',
  '/device-groups',
  '/address-books',
  `/address-books/${d.addressBookId}`,
  '/audit',
  '/settings',
  '/settings/oidc',
  '/settings/oidc/providers/new',
  `/settings/oidc/providers/${d.providerId}`,
  // The lists on the shared data table and the settings forms (issue 11).
  '/strategies',
  '/api-tokens',
  '/settings/roles',
  '/settings/ldap',
  '/settings/email',
];
