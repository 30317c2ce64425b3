import type { FastifyInstance } from 'fastify';
import type { ConsoleSession } from './harness.ts';

/** Test helpers that drive DeskGate the way the RustDesk client and the console do. */

export async function createUser(
  app: FastifyInstance,
  admin: ConsoleSession,
  username: string,
  extra: { groupId?: string } = {},
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/console/users',
    headers: admin.headers,
    payload: { username, password: `${username}-password`, ...extra },
  });
  if (res.statusCode !== 201) throw new Error(`user: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

export async function createGroup(
  app: FastifyInstance,
  admin: ConsoleSession,
  name: string,
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/console/groups',
    headers: admin.headers,
    payload: { name },
  });
  if (res.statusCode !== 201) throw new Error(`group: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

/** Signs a device in with a password, as the client does (spec §3.2), and returns its token. */
export async function clientLogin(
  app: FastifyInstance,
  username: string,
  password: string,
  deviceId = '111222333',
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/login',
    payload: {
      username,
      password,
      id: deviceId,
      uuid: Buffer.from(`uuid-${deviceId}`).toString('base64'),
      autoLogin: true,
      type: 'account',
      deviceInfo: { os: 'linux', type: 'client', name: 'pc' },
    },
  });
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
  return res.json().access_token as string;
}

/**
 * One request exactly as `ab_model.dart` builds it: Bearer + `Content-Type: application/json`;
 * discovery and reads send an EMPTY body (`Content-Length: 0`), mutations a JSON body.
 */
export function abRequest(
  app: FastifyInstance,
  token: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
) {
  return app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(body === undefined ? { 'content-length': '0' } : {}),
    },
    payload: body === undefined ? '' : JSON.stringify(body),
  });
}
