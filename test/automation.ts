import type { FastifyInstance } from 'fastify';
import type { ConsoleSession } from './harness.ts';

/** Creates an API token through the console (API tokens page) and returns its one-time secret. */
export async function createApiToken(
  app: FastifyInstance,
  admin: ConsoleSession,
  scopes: string[],
  name = `token-${scopes.join('-')}`,
  expiresInDays = 30,
): Promise<{ id: string; secret: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/console/api-tokens',
    headers: admin.headers,
    payload: { name, scopes, expiresInDays },
  });
  if (res.statusCode !== 200) throw new Error(`api token: ${res.statusCode} ${res.body}`);
  const body = res.json() as { token: { id: string }; secret: string };
  return { id: body.token.id, secret: body.secret };
}

/** The `rustdesk --assign` options, by their command-line names without the leading dashes. */
export type AssignOptions = Partial<
  Record<
    | 'user_name'
    | 'strategy_name'
    | 'address_book_name'
    | 'address_book_tag'
    | 'address_book_alias'
    | 'address_book_password'
    | 'address_book_note'
    | 'device_group_name'
    | 'note'
    | 'device_username'
    | 'device_name',
    string
  >
>;

/**
 * `rustdesk --assign --token T …` exactly as RD: src/core_main.rs builds it: `post_request_sync` with the
 * one header `Authorization: Bearer T` (RD: src/common.rs `parse_simple_header` adds
 * `Content-Type: application/json`), body `serde_json` of `{"id", "uuid"}` plus the options given — the
 * address_book_* extras only with --address_book_name. The client prints the text it gets back.
 */
export function assignRequest(
  app: FastifyInstance,
  token: string,
  device: { id: string; uuid: string },
  options: AssignOptions,
) {
  const body: Record<string, string> = { id: device.id, uuid: device.uuid };
  for (const [k, v] of Object.entries(options)) {
    if (k.startsWith('address_book_') && k !== 'address_book_name' && !options.address_book_name) continue;
    if (v !== undefined) body[k] = v;
  }
  return app.inject({
    method: 'POST',
    url: '/api/devices/cli',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify(body),
  });
}

/** What the client prints for an answer (RD: src/core_main.rs). */
export const printed = (res: { body: string }) => (res.body === '' ? 'Done!' : res.body);
