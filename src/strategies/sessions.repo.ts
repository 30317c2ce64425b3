import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { ONLINE_WINDOW_MS } from '../shared/devices.ts';
import type { LiveSession } from '../shared/strategies.ts';
import { nextRevision } from './effective.ts';
import { newRequestId } from './fleet-sync.ts';

async function requireDevice(db: Kysely<Database>, id: string): Promise<void> {
  const row = await db.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The device');
}

/**
 * A device's live incoming sessions: the connection ids of its last heartbeat's `conns` (while it is
 * online), each described by the connection records the device uploaded (spec §5.4: "new" carries the
 * address, the authorized record the controller's id, name and connection type).
 */
export async function listLiveSessions(
  db: Kysely<Database>,
  deviceId: string,
  now: number,
): Promise<LiveSession[]> {
  await requireDevice(db, deviceId);
  const row = await db
    .selectFrom('device_conns')
    .selectAll()
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  if (!row || now - Number(row.seen_at) > ONLINE_WINDOW_MS) return [];
  const connIds = (JSON.parse(row.conns) as number[]).filter(Number.isInteger);
  if (connIds.length === 0) return [];
  const records = await db
    .selectFrom('audit_events')
    .select(['conn_id', 'action', 'peer_id', 'peer_name', 'ip', 'type', 'at'])
    .where('kind', '=', 'conn')
    .where('device_id', '=', deviceId)
    .where('conn_id', 'in', connIds)
    .where('at', '>=', now - 7 * 24 * 3600_000)
    .orderBy('id', 'asc')
    .execute();
  const asked = await db
    .selectFrom('device_disconnects')
    .select(['conn_id', 'requested_at'])
    .where('device_id', '=', deviceId)
    .execute();
  return connIds.map((connId) => {
    // Connection ids restart with the client process: the latest "new" record starts the current session.
    const mine = records.filter((r) => r.conn_id === connId);
    const start = mine.findLastIndex((r) => r.action === 'new');
    const current = start >= 0 ? mine.slice(start) : mine;
    const opened = current.find((r) => r.action === 'new');
    const authorized = current.findLast((r) => r.action === 'authorized');
    return {
      connId,
      peerId: authorized?.peer_id ?? '',
      peerName: authorized?.peer_name ?? '',
      ip: opened?.ip ?? authorized?.ip ?? '',
      type: authorized?.type ?? null,
      since: opened ? Number(opened.at) : authorized ? Number(authorized.at) : null,
      disconnectRequestedAt: asked.find((a) => a.conn_id === connId)?.requested_at ?? null,
    };
  });
}

/** Queues a disconnect for the device's next heartbeat on any instance (spec §5.1 `disconnect`). */
export async function requestDisconnect(
  db: Kysely<Database>,
  deviceId: string,
  connId: number,
  by: string,
  now: number,
): Promise<void> {
  await requireDevice(db, deviceId);
  await db.transaction().execute(async (trx) => {
    const rev = await nextRevision(trx);
    await trx
      .deleteFrom('device_disconnects')
      .where('device_id', '=', deviceId)
      .where('conn_id', '=', connId)
      .execute();
    await trx
      .insertInto('device_disconnects')
      .values({
        id: newRequestId(),
        device_id: deviceId,
        conn_id: connId,
        requested_at: now,
        requested_by: by,
        rev,
      })
      .execute();
  });
}
