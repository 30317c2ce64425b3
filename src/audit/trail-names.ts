import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TrailEntry } from '../shared/audit.ts';

/**
 * The ids an entry's detail holds (what admins sent: `userId`, `groupIds`…), by the table that names
 * them. Writers store the names they had at the time of the event (`detail.names`, see namesAtEvent);
 * today's names are the fallback the console shows instead of a UUID for entries written before that.
 */
const ID_FIELDS = {
  users: ['userId', 'userIds'],
  groups: ['groupId', 'groupIds', 'targetGroupIds'],
  device_groups: ['deviceGroupId'],
  oidc_providers: ['providerId'],
  roles: ['roleId'],
  strategies: ['strategyId'],
  devices: ['device', 'deviceId'],
} as const;
type NamedTable = keyof typeof ID_FIELDS;

/** Strategy assignments name their target by type and id (src/strategies/console.routes.ts). */
const TARGET_TYPES: Record<string, NamedTable> = {
  user: 'users',
  device: 'devices',
  'device-group': 'device_groups',
};

type Row = { id: string; name: string };
const LOOKUPS: Record<NamedTable, (db: Kysely<Database>, ids: string[]) => Promise<Row[]>> = {
  users: (db, ids) =>
    db.selectFrom('users').select(['id', 'username as name']).where('id', 'in', ids).execute(),
  groups: (db, ids) => db.selectFrom('groups').select(['id', 'name']).where('id', 'in', ids).execute(),
  device_groups: (db, ids) =>
    db.selectFrom('device_groups').select(['id', 'name']).where('id', 'in', ids).execute(),
  oidc_providers: (db, ids) =>
    db.selectFrom('oidc_providers').select(['id', 'name']).where('id', 'in', ids).execute(),
  roles: (db, ids) => db.selectFrom('roles').select(['id', 'name']).where('id', 'in', ids).execute(),
  strategies: (db, ids) =>
    db.selectFrom('strategies').select(['id', 'name']).where('id', 'in', ids).execute(),
  devices: (db, ids) =>
    db.selectFrom('devices').select(['id', 'hostname as name']).where('id', 'in', ids).execute(),
};

type Mention = { action: string; target: string; detail: Record<string, unknown> };

/** Every id the entries mention, by the table that names it (device actions name their device as the target). */
function idsByTable(mentions: Mention[]): Map<NamedTable, Set<string>> {
  const ids = new Map<NamedTable, Set<string>>();
  const add = (table: NamedTable | undefined, v: unknown) => {
    if (table && typeof v === 'string' && v) ids.set(table, (ids.get(table) ?? new Set()).add(v));
  };
  for (const { action, target, detail } of mentions) {
    for (const [table, fields] of Object.entries(ID_FIELDS) as [NamedTable, readonly string[]][])
      for (const f of fields) {
        const v = detail[f];
        for (const x of Array.isArray(v) ? v : [v]) add(table, x);
      }
    if (typeof detail.targetType === 'string') add(TARGET_TYPES[detail.targetType], detail.targetId);
    if (action.startsWith('device.')) add('devices', target);
  }
  return ids;
}

/** id → name, one query per table mentioned (at most 1,000 ids each). */
async function lookUpNames(
  db: Kysely<Database>,
  ids: Map<NamedTable, Set<string>>,
): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const [table, set] of ids) {
    for (const r of await LOOKUPS[table](db, [...set].slice(0, 1000))) if (r.name) names[r.id] = r.name;
  }
  return names;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The detail to store for an audit write: the given one plus `names`, id → display name at this
 * moment, for every user, group, device group, provider, role, strategy and device it mentions — so
 * the trail keeps "bob" after bob is renamed or deleted (issue 11). Names a writer passes in
 * `detail.names` (an object it is about to delete) win over what the database says.
 */
export async function namesAtEvent(
  db: Kysely<Database>,
  action: string,
  target: string,
  detail: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const ids = idsByTable([{ action, target, detail }]);
  if (ids.size === 0) return detail;
  const names = { ...(await lookUpNames(db, ids)), ...(isRecord(detail.names) ? detail.names : {}) };
  return Object.keys(names).length > 0 ? { ...detail, names } : detail;
}

/** id → current name for every id the entries mention (a query per table at most, per page). */
export async function currentNames(
  db: Kysely<Database>,
  entries: TrailEntry[],
): Promise<Record<string, string>> {
  const mentions = entries.map(({ action, target, detail }) => {
    try {
      const v: unknown = JSON.parse(detail);
      return { action, target, detail: isRecord(v) ? v : {} };
    } catch {
      return { action, target, detail: {} };
    }
  });
  return lookUpNames(db, idsByTable(mentions));
}
