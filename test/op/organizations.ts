import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import { UNKNOWN_USER_MESSAGE } from './login.ts';
import { readBody, readForm, redirect, renderLoginPage, renderPage, sendHtml, sendJson } from './pages.ts';
import { findUserByUsername, type OpState } from './state.ts';
import type { Tenant, Tenants } from './tenants.ts';
import { LOGIN_TICKET_PARAM } from './types.ts';

// Entra's multi-tenant authorities, `/organizations/v2.0` and `/common/v2.0` (notes §2.8, §4.1). Their
// discovery document publishes the issuer template `<origin>/{tenantid}/v2.0`; their endpoints route each
// call to the tenant of the user (front channel) or of the code or token (back channel).

const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept', 'dpop'];
const HOP_HEADERS = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'keep-alive',
  'transfer-encoding',
]);

async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  body?: string,
): Promise<void> {
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  const response = await fetch(target, { method: req.method, headers, body, redirect: 'manual' });
  const outgoing = [...response.headers].filter(([name]) => !HOP_HEADERS.has(name));
  res.writeHead(response.status, Object.fromEntries(outgoing));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** A tenant's discovery document turned into the multi-tenant one. */
async function sendMetadata(
  res: ServerResponse,
  tenant: Tenant,
  base: string,
  origin: string,
): Promise<void> {
  const response = await fetch(`${tenant.issuer}/.well-known/openid-configuration`);
  const metadata = (await response.json()) as Record<string, unknown>;
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === 'string' && value.startsWith(`${tenant.issuer}/`)) {
      metadata[key] = `${base}${value.slice(tenant.issuer.length)}`;
    }
  }
  metadata.issuer = `${origin}/{tenantid}/v2.0`;
  // Entra does not advertise RFC 9207, and logins routed from here answer without `iss`.
  delete metadata.authorization_response_iss_parameter_supported;
  sendJson(res, 200, metadata);
}

/** The front channel: asks for the username, then sends the browser to that user's tenant. */
async function authorize(
  req: IncomingMessage,
  res: ServerResponse,
  state: OpState,
  tenants: Tenants,
  url: URL,
) {
  const action = `${url.pathname}${url.search}`;
  const heading = 'Work or school account';
  if (req.method !== 'POST') return sendHtml(res, 200, renderLoginPage(action, heading));
  const username = (await readForm(req)).get('login') ?? '';
  for (const tenantId of state.users.keys()) {
    const user = findUserByUsername(state, tenantId, username);
    const tenant = tenants.get(tenantId);
    if (!user || !tenant) continue;
    const ticket = randomBytes(16).toString('base64url');
    state.tickets.set(ticket, { tenantId, accountId: user.accountId });
    const target = new URL(`${tenant.issuer}/auth${url.search}`);
    target.searchParams.set(LOGIN_TICKET_PARAM, ticket);
    return redirect(res, target.href);
  }
  return sendHtml(res, 200, renderLoginPage(action, heading, UNKNOWN_USER_MESSAGE));
}

/** Token endpoint: the code or refresh token says which tenant issued it. */
async function token(req: IncomingMessage, res: ServerResponse, state: OpState, tenants: Tenants) {
  const body = await readBody(req);
  const params = new URLSearchParams(body);
  const value = params.get('code') ?? params.get('refresh_token') ?? '';
  const tenant = tenants.get(state.owners.get(value) ?? '');
  if (!tenant)
    return sendJson(res, 400, { error: 'invalid_grant', error_description: 'unknown code or token' });
  return forward(req, res, `${tenant.issuer}/token`, body);
}

/** UserInfo: the access token says which tenant issued it. */
async function userinfo(req: IncomingMessage, res: ServerResponse, state: OpState, tenants: Tenants) {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const tenant = tenants.get(state.owners.get(bearer) ?? '');
  if (!tenant) return sendJson(res, 401, { error: 'invalid_token' });
  return forward(req, res, `${tenant.issuer}/me`);
}

/** RP-initiated logout: the `id_token_hint` says which tenant the session is in. */
function endSession(res: ServerResponse, tenants: Tenants, url: URL) {
  const hint = url.searchParams.get('id_token_hint');
  let issuer: unknown;
  try {
    issuer = hint ? decodeJwt(hint).iss : undefined;
  } catch {
    issuer = undefined;
  }
  const tenant = typeof issuer === 'string' ? tenants.byIssuer(issuer) : undefined;
  if (!tenant)
    return sendHtml(res, 400, renderPage('Sign-out error', '<p>id_token_hint is required here.</p>'));
  return redirect(res, `${tenant.issuer}/session/end${url.search}`);
}

export async function handleOrganizations(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rest: string,
  state: OpState,
  tenants: Tenants,
): Promise<void> {
  const template = tenants.any();
  if (!template) return sendJson(res, 503, { error: 'no tenants registered yet' });
  const base = url.pathname.slice(0, url.pathname.length - rest.length);
  switch (rest) {
    case '/.well-known/openid-configuration':
      return sendMetadata(res, template, `${state.origin}${base}`, state.origin);
    case '/auth':
      return authorize(req, res, state, tenants, url);
    case '/token':
      return token(req, res, state, tenants);
    case '/me':
      return userinfo(req, res, state, tenants);
    case '/jwks':
      // Entra's keys are shared by all tenants, and so are ours.
      return forward(req, res, `${template.issuer}/jwks`);
    case '/session/end':
      return endSession(res, tenants, url);
    default:
      return sendJson(res, 404, { error: 'not_found' });
  }
}
