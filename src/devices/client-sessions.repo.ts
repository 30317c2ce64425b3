import type { Kysely } from 'kysely';
import type { ClientTokensTable, Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import type { ClientSession } from '../shared/devices.ts';

/** The device info the client sent at sign-in (spec §1.4), read defensively: it is the client's JSON. */
function parseDeviceInfo(text: string): { name: string; os: string; type: string } {
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    info = {};
  }
  const o = (info && typeof info === 'object' ? info : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { name: str(o.name), os: str(o.os), type: str(o.type) };
}

/** The one place a client token row becomes an API object; the hash never leaves this module. */
function toClientSession(row: ClientTokensTable): ClientSession {
  const info = parseDeviceInfo(row.device_info);
  return {
    id: row.id,
    deviceId: row.device_id,
    deviceName: info.name,
    deviceOs: info.os,
    deviceType: info.type,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
  };
}

/** A user's live RustDesk client sign-ins, most recently used first. */
export async function listClientSessions(
  db: Kysely<Database>,
  userId: string,
  now: number,
): Promise<ClientSession[]> {
  const rows = await db
    .selectFrom('client_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_used_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toClientSession);
}

/** Revokes one sign-in of this user: its bearer token stops working on every instance at once. */
export async function revokeClientSession(
  db: Kysely<Database>,
  userId: string,
  sessionId: string,
): Promise<ClientSession> {
  const row = await db
    .deleteFrom('client_tokens')
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('The signed-in device');
  return toClientSession(row);
}
