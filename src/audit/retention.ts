import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { RETENTION_DAYS_DEFAULT } from '../shared/audit.ts';
import { recordAudit } from './audit.ts';

const RETENTION_KEY = 'audit.retentionDays';
const LAST_PRUNE_KEY = 'audit.lastPruneAt';
const DAY_MS = 24 * 60 * 60 * 1000;

/** How many days the trail and the client events are kept (settings table; default 365). */
export async function getRetentionDays(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', RETENTION_KEY)
    .executeTakeFirst();
  const days = Number(row?.value);
  return Number.isInteger(days) && days > 0 ? days : RETENTION_DAYS_DEFAULT;
}

export async function setRetentionDays(db: Kysely<Database>, days: number): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: RETENTION_KEY, value: String(days) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(days) }))
    .execute();
}

/**
 * Claims today's prune. Several instances run the maintenance loop: the claim is a
 * compare-and-set on the settings row, so exactly one of them wins per day.
 */
async function claimDailyPrune(db: Kysely<Database>, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', LAST_PRUNE_KEY)
    .executeTakeFirst();
  if (!row) {
    const res = await db
      .insertInto('settings')
      .values({ key: LAST_PRUNE_KEY, value: String(now) })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return (res.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
  if (now - Number(row.value) < DAY_MS) return false;
  const res = await db
    .updateTable('settings')
    .set({ value: String(now) })
    .where('key', '=', LAST_PRUNE_KEY)
    .where('value', '=', row.value)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/**
 * Maintenance task: once a day (whichever instance claims it), deletes trail entries and client
 * events older than the retention setting. The deletes are idempotent, so even a second
 * concurrent run would only find nothing left to delete.
 */
export async function pruneAuditLogDaily(db: Kysely<Database>, now = Date.now()): Promise<boolean> {
  if (!(await claimDailyPrune(db, now))) return false;
  const days = await getRetentionDays(db);
  const cutoff = now - days * DAY_MS;
  const trail = await db.deleteFrom('audit_log').where('at', '<', cutoff).executeTakeFirst();
  const events = await db.deleteFrom('audit_events').where('at', '<', cutoff).executeTakeFirst();
  const removed = { trail: Number(trail.numDeletedRows), events: Number(events.numDeletedRows) };
  if (removed.trail + removed.events > 0) {
    await recordAudit(db, { id: null, name: 'system', ip: '' }, 'audit.prune', '', { ...removed, days });
  }
  return true;
}

/** The maintenance-loop form of pruneAuditLogDaily. */
export async function pruneAuditLog(db: Kysely<Database>): Promise<void> {
  await pruneAuditLogDaily(db);
}
