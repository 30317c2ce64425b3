import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRow } from '../db/schema.ts';
import { depthLimitedJsonParser } from '../http/json-body.ts';
import { authenticateClient } from '../rustdesk/tokens.ts';
import type { PeerBody } from './client-schemas.ts';
import type { OpenedPeer, PeerFields } from './peers.repo.ts';

/**
 * The client posts `Content-Type: application/json` with an EMPTY body to the discovery and read
 * endpoints (§6.2, `Content-Length: 0`); Fastify's JSON parser refuses that, so within these routes
 * an empty JSON body reads as `null`, as does no body at all.
 */
export function acceptEmptyJson(app: FastifyInstance): void {
  const json = depthLimitedJsonParser(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) done(null, null);
    else json(request, String(body), done);
  });
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined) request.body = null;
  });
}

/**
 * Passed to `reply.send()` for the empty 200 the client takes as success (§1.5): `undefined` sends
 * no body, but the typed reply wants a value of the route's response type.
 */
export const EMPTY_BODY = undefined as never;

/** The signed-in RustDesk user (Bearer token); 401 makes the client sign out locally (§1.6). */
export async function clientUser(request: FastifyRequest): Promise<UserRow> {
  return (await authenticateClient(request)).user;
}

/**
 * Body → fields to set. A personal book keeps the `hash` the client auto-logs in with, a shared book
 * the `password` its readers share (§6.3); the other one is not stored, as the client never sends it there.
 */
export function peerFieldsOf(body: Static<typeof PeerBody>, personal: boolean): PeerFields {
  const relay = body.forceAlwaysRelay;
  return {
    alias: body.alias,
    note: body.note,
    tags: body.tags,
    username: body.username,
    hostname: body.hostname,
    platform: body.platform,
    forceAlwaysRelay: relay === undefined ? undefined : relay === true || relay === 'true',
    rdpPort: body.rdpPort,
    rdpUsername: body.rdpUsername,
    loginName: body.loginName,
    deviceGroupName: body.device_group_name,
    sameServer: body.same_server,
    hash: personal ? body.hash : undefined,
    password: personal ? undefined : body.password,
  };
}

/** A stored peer as `Peer.fromJson` reads it: strings everywhere, `forceAlwaysRelay` as "true"/"false". */
export function toClientPeer(p: OpenedPeer, personal: boolean) {
  return {
    id: p.peer_id,
    ...(personal ? { hash: p.hash } : { password: p.password }),
    username: p.username,
    hostname: p.hostname,
    platform: p.platform,
    alias: p.alias,
    tags: p.tagList,
    forceAlwaysRelay: p.force_always_relay === 1 ? 'true' : 'false',
    rdpPort: p.rdp_port,
    rdpUsername: p.rdp_username,
    loginName: p.login_name,
    device_group_name: p.device_group_name,
    note: p.note,
    same_server: p.same_server === null ? null : p.same_server === 1,
  };
}
