import { type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.ts';
import { containsIgnoreCase } from '../db/search.ts';
import type { TrailEntry, TrailFilter } from '../shared/audit.ts';
import type { PageOf } from '../shared/common.ts';
import { currentNames } from './trail-names.ts';

type TrailRow = Selectable<AuditLogTable>;

function filtered(db: Kysely<Database>, f: TrailFilter) {
  let q = db.selectFrom('audit_log');
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<=', f.to);
  const action = f.action?.trim();
  if (action) {
    // "user" and "user." both find user.create, user.update…; LIKE wildcards in the term are literal.
    const prefix = `${action.replace(/\.$/, '').replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
    q = q.where((eb) =>
      eb.or([eb('action', '=', action), sql<SqlBool>`${eb.ref('action')} like ${prefix} escape '\\'`]),
    );
  }
  const user = f.user?.trim();
  if (user) q = q.where((eb) => containsIgnoreCase(eb.ref('actor_name'), user));
  const device = f.device?.trim();
  if (device)
    q = q.where((eb) =>
      eb.or([containsIgnoreCase(eb.ref('target'), device), containsIgnoreCase(eb.ref('detail'), device)]),
    );
  return q;
}

/** A page of the console trail, newest first. */
export async function listTrail(
  db: Kysely<Database>,
  f: TrailFilter,
  page: number,
  pageSize: number,
): Promise<PageOf<TrailEntry> & { names: Record<string, string> }> {
  const [{ total } = { total: 0 }] = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const rows = await filtered(db, f)
    .selectAll()
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const items = rows.map(toApiTrail);
  return { items, total: Number(total), page, pageSize, names: await currentNames(db, items) };
}

/** Every matching trail entry, newest first, fetched in batches (for the CSV export). */
export async function* iterateTrail(
  db: Kysely<Database>,
  f: TrailFilter,
  batch = 1000,
): AsyncGenerator<TrailEntry> {
  let before: number | undefined;
  for (;;) {
    let q = filtered(db, f).selectAll();
    if (before !== undefined) q = q.where('id', '<', before);
    const rows = await q.orderBy('id', 'desc').limit(batch).execute();
    for (const row of rows) yield toApiTrail(row);
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    before = last.id;
  }
}

function toApiTrail(row: TrailRow): TrailEntry {
  return {
    id: Number(row.id),
    at: Number(row.at),
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    target: row.target,
    detail: row.detail,
    ip: row.ip,
  };
}
