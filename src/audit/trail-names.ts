import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TrailEntry } from '../shared/audit.ts';

/**
 * The ids an entry's detail holds (what admins sent: `userId`, `groupIds`…), by the table that names
 * them. Writers store names at the time of the event where they have them; these current names are
 * the fallback the console shows instead of a UUID.
 */
const ID_FIELDS = {
  users: ['userId', 'userIds'],
  groups: ['groupId', 'groupIds', 'targetGroupIds'],
  device_groups: ['deviceGroupId'],
  oidc_providers: ['providerId'],
} as const;

function idsIn(detail: Record<string, unknown>, fields: readonly string[]): string[] {
  const ids: string[] = [];
  for (const f of fields) {
    const v = detail[f];
    if (typeof v === 'string' && v) ids.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' && x) ids.push(x);
  }
  return ids;
}

/** id → current name for every id the entries' details mention (four queries at most, per page). */
export async function currentNames(
  db: Kysely<Database>,
  entries: TrailEntry[],
): Promise<Record<string, string>> {
  const details = entries.map((e) => {
    try {
      const v: unknown = JSON.parse(e.detail);
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  });
  const names: Record<string, string> = {};
  for (const [table, fields] of Object.entries(ID_FIELDS) as [keyof typeof ID_FIELDS, readonly string[]][]) {
    const ids = [...new Set(details.flatMap((d) => idsIn(d, fields)))].slice(0, 1000);
    if (ids.length === 0) continue;
    const rows =
      table === 'users'
        ? await db.selectFrom('users').select(['id', 'username as name']).where('id', 'in', ids).execute()
        : await db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
    for (const r of rows) names[r.id] = r.name;
  }
  return names;
}
