import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CompactSign } from 'jose';
import { readBody, sendJson } from './pages.ts';
import { type OpState, registerUser, toClientMetadata } from './state.ts';
import type { Tenants } from './tenants.ts';
import { TAMPER_MODES, type TamperMode, type TestClient, type TestUser } from './types.ts';

// The control API the test controller (index.ts) calls: JSON in, JSON out, on `/__control/*`.
// Inputs come from our own typed controller, so only the checks that give useful errors are made.

class BadRequest extends Error {}

function field<T>(body: Record<string, unknown>, name: string, check: (value: unknown) => boolean): T {
  const value = body[name];
  if (!check(value)) throw new BadRequest(`invalid or missing "${name}"`);
  return value as T;
}

const isString = (value: unknown) => typeof value === 'string' && value.length > 0;
const isObject = (value: unknown) => typeof value === 'object' && value !== null;
const isTamperMode = (value: unknown): value is TamperMode => TAMPER_MODES.some((mode) => mode === value);

async function run(name: string, body: Record<string, unknown>, state: OpState, tenants: Tenants) {
  switch (name) {
    case 'tenants': {
      const tenantId = typeof body.tenantId === 'string' ? body.tenantId : randomUUID();
      return { tenantId, issuer: tenants.ensure(tenantId).issuer };
    }
    case 'clients': {
      const client = field<TestClient>(body, 'client', isObject);
      const metadata = toClientMetadata(client);
      // Validate now, so a bad registration fails here rather than at the first authorization request.
      await tenants.validateClient(metadata);
      state.clients.set(metadata.client_id, metadata);
      return { client_id: metadata.client_id };
    }
    case 'users': {
      const tenantId = field<string>(body, 'tenantId', isString);
      const user = field<TestUser>(body, 'user', isObject);
      tenants.ensure(tenantId);
      return registerUser(state, tenantId, user);
    }
    case 'rotate-keys': {
      const key = await state.keys.rotate(body.removeOld === true);
      tenants.rebuildAll();
      return { kid: key.kid, kids: state.keys.all.map((k) => k.kid) };
    }
    case 'sign': {
      // Any JWT the OP's active key signs: forged-but-validly-signed logout tokens for negative tests.
      const payload = field<Record<string, unknown>>(body, 'payload', isObject);
      const header = isObject(body.header) ? (body.header as Record<string, unknown>) : {};
      const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'RS256', kid: state.keys.active.kid, ...header })
        .sign(state.keys.active.privateKey);
      return { jwt, kid: state.keys.active.kid };
    }
    case 'tamper': {
      state.tamper = field<TamperMode>(body, 'mode', isTamperMode);
      return { mode: state.tamper };
    }
    default:
      return undefined;
  }
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  state: OpState,
  tenants: Tenants,
): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
  try {
    const text = await readBody(req);
    const body: unknown = text ? JSON.parse(text) : {};
    if (!isObject(body)) throw new BadRequest('expected a JSON object');
    const result = await run(name, body as Record<string, unknown>, state, tenants);
    if (result === undefined) return sendJson(res, 404, { error: `unknown control call: ${name}` });
    return sendJson(res, 200, result);
  } catch (error) {
    // oidc-provider's InvalidClientMetadata carries the useful text in error_description.
    const described = error as { message?: string; error_description?: string; status?: number };
    const message = described.error_description ?? described.message ?? String(error);
    const status = error instanceof BadRequest ? 400 : (described.status ?? 500);
    return sendJson(res, status, { error: message });
  }
}
