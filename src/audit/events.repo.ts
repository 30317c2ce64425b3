import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditEventsTable, Database } from '../db/schema.ts';
import { containsIgnoreCase } from '../db/search.ts';
import type { ClientEvent, EventFilter, EventKind } from '../shared/audit.ts';
import type { PageOf } from '../shared/common.ts';

type EventRow = Selectable<AuditEventsTable>;

/**
 * Stores one client upload. A retry of an upload already stored (same kind, device and nonce)
 * inserts nothing and still counts as stored: the client must stop retrying (§1.6, §5.4).
 */
export async function insertClientEvent(
  db: Kysely<Database>,
  row: Omit<Insertable<AuditEventsTable>, 'guid' | 'at'>,
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({ ...row, guid: randomUUID(), at: Date.now() })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/**
 * §5.7: the GUID of the connection record the controlled device posted for this session, so the
 * controller can attach its end-of-session note; '' while the device has not posted it yet.
 */
export async function findSessionGuid(
  db: Kysely<Database>,
  deviceId: string,
  sessionId: string,
  connType: number | undefined,
): Promise<string> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['guid', 'action', 'type'])
    .where('kind', '=', 'conn')
    .where('device_id', '=', deviceId)
    .where('session_id', '=', sessionId)
    .where('action', '!=', 'note')
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  const authorized = rows.find(
    (r) => r.action === 'authorized' && (connType === undefined || r.type === connType),
  );
  return (authorized ?? rows[0])?.guid ?? '';
}

/** §5.7: the note the signed-in controller typed at the end of the session; false when no such record. */
export async function setEventNote(
  db: Kysely<Database>,
  guid: string,
  note: string,
  by: string,
): Promise<boolean> {
  const res = await db
    .updateTable('audit_events')
    .set({ note, note_by: by })
    .where('guid', '=', guid)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

function filtered(db: Kysely<Database>, f: EventFilter) {
  let q = db.selectFrom('audit_events');
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<=', f.to);
  if (f.kind) q = q.where('kind', '=', f.kind);
  const device = f.device?.trim();
  if (device)
    q = q.where((eb) =>
      eb.or([containsIgnoreCase(eb.ref('device_id'), device), containsIgnoreCase(eb.ref('peer_id'), device)]),
    );
  const user = f.user?.trim();
  if (user)
    q = q.where((eb) =>
      eb.or([containsIgnoreCase(eb.ref('peer_name'), user), containsIgnoreCase(eb.ref('note_by'), user)]),
    );
  return q;
}

/** A page of client events, newest first. */
export async function listClientEvents(
  db: Kysely<Database>,
  f: EventFilter,
  page: number,
  pageSize: number,
): Promise<PageOf<ClientEvent>> {
  const [{ total } = { total: 0 }] = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const rows = await filtered(db, f)
    .selectAll()
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(toApiEvent), total: Number(total), page, pageSize };
}

/** Every matching event, newest first, fetched in batches (for the CSV export). */
export async function* iterateClientEvents(
  db: Kysely<Database>,
  f: EventFilter,
  batch = 1000,
): AsyncGenerator<ClientEvent> {
  let before: number | undefined;
  for (;;) {
    let q = filtered(db, f).selectAll();
    if (before !== undefined) q = q.where('id', '<', before);
    const rows = await q.orderBy('id', 'desc').limit(batch).execute();
    for (const row of rows) yield toApiEvent(row);
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    before = last.id;
  }
}

function toApiEvent(row: EventRow): ClientEvent {
  return {
    id: Number(row.id),
    at: Number(row.at),
    kind: row.kind as EventKind,
    action: row.action,
    deviceId: row.device_id,
    peerId: row.peer_id,
    peerName: row.peer_name,
    connId: row.conn_id,
    sessionId: row.session_id,
    ip: row.ip,
    type: row.type,
    note: row.note,
    noteBy: row.note_by,
    detail: row.detail,
  };
}
