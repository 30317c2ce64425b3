import type { Kysely } from 'kysely';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database } from '../db/schema.ts';
import { countAuditedEvent } from '../metrics/sign-ins.ts';
import { namesAtEvent } from './trail-names.ts';

/** Who did something, from where. */
export interface Actor {
  id: string | null;
  name: string;
  ip: string;
}

/**
 * Appends one entry to the audit trail: every admin change and every sign-in outcome lands here, with the
 * names of the objects it mentions as they are now (`detail.names`, see namesAtEvent).
 */
export async function recordAudit(
  db: Kysely<Database>,
  actor: Actor,
  action: string,
  target: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await insertEntry(db, {
    at: Date.now(),
    actor_id: actor.id,
    actor_name: actor.name,
    action,
    target,
    detail: JSON.stringify(await namesAtEvent(db, action, target, detail)),
    ip: actor.ip,
  });
  countAuditedEvent(action, detail);
}

// Every sign-in outcome writes one: compiled once (db/compiled-query.ts, issue 14).
const insertEntry = compiledQuery(
  (
    db,
    row: {
      at: number;
      actor_id: string | null;
      actor_name: string;
      action: string;
      target: string;
      detail: string;
      ip: string;
    },
  ) => db.insertInto('audit_log').values(row),
);
