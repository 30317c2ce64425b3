import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const WINDOW_MS = 60_000;

/** The start of the one-minute window `now` falls in. */
export const budgetWindowStart = (now: number) => now - (now % WINDOW_MS);

/**
 * Counts one upload against the device's budget and returns how many it has sent in the current
 * minute, this one included. One atomic upsert … returning: concurrent uploads, on any instance,
 * each get their own count; a new minute starts the count again at 1.
 */
export async function countAuditUpload(db: Kysely<Database>, deviceId: string, now: number): Promise<number> {
  const windowStart = budgetWindowStart(now);
  const row = await db
    .insertInto('audit_upload_budget')
    .values({ device_id: deviceId, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column('device_id').doUpdateSet((eb) => ({
        count: eb
          .case()
          .when('audit_upload_budget.window_start', '=', windowStart)
          .then(eb('audit_upload_budget.count', '+', 1))
          .else(1)
          .end(),
        window_start: windowStart,
      })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
