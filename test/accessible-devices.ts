import type { FastifyInstance } from 'fastify';

/*
 * The client's "Accessible devices" tab (spec §7, RD: flutter/lib/models/group_model.dart): GET with
 * ONLY `Authorization: Bearer`, `current` from 1 and `pageSize=100`; users and peers add `accessible=`
 * (empty) and `status=1`. It pages while `current * pageSize < total` and reads `total` and `data`.
 */
export type GroupEndpoint = 'device-group/accessible' | 'users' | 'peers';

export function groupUrl(endpoint: GroupEndpoint, current: number, pageSize = 100): string {
  const extra = endpoint === 'device-group/accessible' ? '' : '&accessible=&status=1';
  return `/api/${endpoint}?current=${current}&pageSize=${pageSize}${extra}`;
}

export function groupRequest(app: FastifyInstance, token: string, url: string) {
  return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

/** Every page as the client pulls them; throws on anything the client would not accept as a page. */
export async function pullAll(
  app: FastifyInstance,
  token: string,
  endpoint: GroupEndpoint,
  pageSize = 100,
): Promise<Array<Record<string, unknown>>> {
  const all: Array<Record<string, unknown>> = [];
  let current = 0;
  let total = 0;
  do {
    current += 1;
    const res = await groupRequest(app, token, groupUrl(endpoint, current, pageSize));
    const body = JSON.parse(res.body) as { total?: unknown; data?: unknown; error?: unknown };
    if (res.statusCode !== 200 || 'error' in body)
      throw new Error(`${endpoint}: ${res.statusCode} ${res.body}`);
    if (typeof body.total !== 'number' || !Array.isArray(body.data))
      throw new Error(`not a page: ${res.body}`);
    total = body.total;
    all.push(...(body.data as Array<Record<string, unknown>>));
  } while (current * pageSize < total);
  return all;
}
