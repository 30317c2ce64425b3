import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findUserById } from '../accounts/index.ts';
import type { Database, UserRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { hashToken, randomToken } from '../security/tokens.ts';

/** A signed-in RustDesk client stays signed in for 30 days of disuse. */
export const CLIENT_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface DeviceRef {
  id: string;
  uuid: string;
  info?: unknown;
}

/** Issues a bearer token bound to the device it was issued for; only its hash is stored. */
export async function issueClientToken(
  db: Kysely<Database>,
  userId: string,
  device: DeviceRef,
): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  await db
    .insertInto('client_tokens')
    .values({
      id: randomUUID(),
      token_hash: hashToken(token),
      user_id: userId,
      device_id: device.id,
      device_uuid: device.uuid,
      device_info: JSON.stringify(device.info ?? {}),
      created_at: now,
      expires_at: now + CLIENT_TOKEN_TTL_MS,
      last_used_at: now,
    })
    .execute();
  return token;
}

/**
 * The user behind an `Authorization: Bearer` header. Refused (401, which makes the client log out
 * locally) when unknown, expired, used from another device, or the user is disabled.
 */
export async function authenticateClient(
  db: Kysely<Database>,
  header: string | undefined,
  device?: Partial<DeviceRef>,
): Promise<{ user: UserRow; tokenHash: string }> {
  const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  const invalid = new AppError('NOT_AUTHENTICATED', 401, 'Invalid token');
  if (!token) throw invalid;
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('client_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.expires_at < Date.now()) throw invalid;
  if ((device?.id && device.id !== row.device_id) || (device?.uuid && device.uuid !== row.device_uuid))
    throw invalid;
  const user = await findUserById(db, row.user_id);
  if (!user || user.status !== 1) throw invalid;
  const now = Date.now();
  await db
    .updateTable('client_tokens')
    .set({ last_used_at: now, expires_at: now + CLIENT_TOKEN_TTL_MS })
    .where('id', '=', row.id)
    .execute();
  return { user, tokenHash };
}

export async function revokeClientToken(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('client_tokens').where('token_hash', '=', tokenHash).execute();
}
