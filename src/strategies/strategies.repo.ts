import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type {
  AssignmentList,
  AssignmentTarget,
  Strategy,
  StrategyCreate,
  StrategyOptions,
  StrategyUpdate,
} from '../shared/strategies.ts';
import { checkOptionValue } from '../shared/strategy-catalogue.ts';

/** Every catalogue option must carry a value of its type (free keys are taken as they are). */
function checkOptions(options: StrategyOptions): void {
  for (const [key, value] of Object.entries(options)) {
    const problem = checkOptionValue(key, value);
    if (problem) throw badRequest(problem);
  }
}

const nameTaken = (name: string) =>
  conflict(`A strategy named "${name}" already exists; choose another name.`);

/** Every strategy with its assignment counts, by name: the one place rows become API objects. */
export async function listStrategies(db: Kysely<Database>): Promise<Strategy[]> {
  const rows = await db.selectFrom('strategies').selectAll().orderBy('name_key').execute();
  const counts = await db
    .selectFrom('strategy_assignments')
    .select((eb) => ['strategy_id', 'target_type', eb.fn.countAll<number>().as('n')])
    .groupBy(['strategy_id', 'target_type'])
    .execute();
  const count = (id: string, type: string) =>
    Number(counts.find((c) => c.strategy_id === id && c.target_type === type)?.n ?? 0);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    note: r.note,
    options: JSON.parse(r.options) as StrategyOptions,
    isDefault: r.is_default === 1,
    assignedDevices: count(r.id, 'device'),
    assignedUsers: count(r.id, 'user'),
    assignedDeviceGroups: count(r.id, 'device-group'),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }));
}

export async function findApiStrategy(db: Kysely<Database>, id: string): Promise<Strategy> {
  const found = (await listStrategies(db)).find((s) => s.id === id);
  if (!found) throw notFound('The strategy');
  return found;
}

async function findIdByName(db: Kysely<Database>, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('strategies')
    .select('id')
    .where('name_key', '=', name.trim().toLowerCase())
    .executeTakeFirst();
  return row?.id;
}

/** Makes `id` the only default strategy (or none with null). */
async function setDefault(db: Kysely<Database>, id: string | null): Promise<void> {
  await db.updateTable('strategies').set({ is_default: 0 }).where('is_default', '=', 1).execute();
  if (id) await db.updateTable('strategies').set({ is_default: 1 }).where('id', '=', id).execute();
}

/** Call inside a transaction. */
export async function insertStrategy(
  db: Kysely<Database>,
  input: StrategyCreate,
  now: number,
): Promise<string> {
  checkOptions(input.options);
  const name = input.name.trim();
  if (await findIdByName(db, name)) throw nameTaken(name);
  const id = randomUUID();
  await db
    .insertInto('strategies')
    .values({
      id,
      name,
      name_key: name.toLowerCase(),
      note: input.note ?? '',
      options: JSON.stringify(input.options),
      is_default: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (input.isDefault) await setDefault(db, id);
  return id;
}

/** Call inside a transaction. */
export async function updateStrategy(db: Kysely<Database>, id: string, patch: StrategyUpdate, now: number) {
  const row = await db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The strategy');
  if (patch.options) checkOptions(patch.options);
  const name = patch.name?.trim();
  if (name !== undefined && name.toLowerCase() !== row.name_key && (await findIdByName(db, name)))
    throw nameTaken(name);
  await db
    .updateTable('strategies')
    .set({
      ...(name !== undefined ? { name, name_key: name.toLowerCase() } : {}),
      ...(patch.note !== undefined ? { note: patch.note } : {}),
      ...(patch.options !== undefined ? { options: JSON.stringify(patch.options) } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  if (patch.isDefault === true) await setDefault(db, id);
  if (patch.isDefault === false && row.is_default === 1) await setDefault(db, null);
  return { name: name ?? row.name };
}

export async function deleteStrategy(db: Kysely<Database>, id: string): Promise<string> {
  const row = await db.deleteFrom('strategies').where('id', '=', id).returning('name').executeTakeFirst();
  if (!row) throw notFound('The strategy');
  return row.name;
}

const TARGETS = {
  device: { table: 'devices', label: 'The device' },
  user: { table: 'users', label: 'The user' },
  'device-group': { table: 'device_groups', label: 'The device group' },
} as const;

/** Sets or clears the strategy of one target; both must exist. Call inside a transaction. */
export async function assignStrategy(
  db: Kysely<Database>,
  type: AssignmentTarget,
  targetId: string,
  strategyId: string | null,
): Promise<void> {
  const target = TARGETS[type];
  const exists = await db.selectFrom(target.table).select('id').where('id', '=', targetId).executeTakeFirst();
  if (!exists) throw notFound(target.label);
  await db
    .deleteFrom('strategy_assignments')
    .where('target_type', '=', type)
    .where('target_id', '=', targetId)
    .execute();
  if (!strategyId) return;
  const strategy = await db
    .selectFrom('strategies')
    .select('id')
    .where('id', '=', strategyId)
    .executeTakeFirst();
  if (!strategy) throw notFound('The strategy');
  await db
    .insertInto('strategy_assignments')
    .values({ target_type: type, target_id: targetId, strategy_id: strategyId })
    .execute();
}

/** The id of the strategy with this name (case-insensitive), if any. */
export async function findStrategyIdByName(db: Kysely<Database>, name: string): Promise<string | undefined> {
  return findIdByName(db, name);
}

type Named = Array<{ id: string; name: string }>;
/** How each kind of target is named in the console: devices by id and host name. */
const TARGET_NAMES: Record<AssignmentTarget, (db: Kysely<Database>, ids: string[]) => Promise<Named>> = {
  device: async (db, ids) =>
    (await db.selectFrom('devices').select(['id', 'hostname']).where('id', 'in', ids).execute()).map((d) => ({
      id: d.id,
      name: d.hostname ? `${d.id} (${d.hostname})` : d.id,
    })),
  user: (db, ids) =>
    db.selectFrom('users').select(['id', 'username as name']).where('id', 'in', ids).execute(),
  'device-group': (db, ids) =>
    db.selectFrom('device_groups').select(['id', 'name']).where('id', 'in', ids).execute(),
};

/** Every assignment with its target's display name (rows of deleted targets are left out). */
export async function listAssignments(db: Kysely<Database>): Promise<AssignmentList> {
  const rows = await db.selectFrom('strategy_assignments').selectAll().execute();
  const names = new Map<string, string>();
  for (const [type, query] of Object.entries(TARGET_NAMES)) {
    const ids = rows.filter((r) => r.target_type === type).map((r) => r.target_id);
    if (ids.length > 0) for (const r of await query(db, ids)) names.set(`${type}:${r.id}`, r.name);
  }
  return rows.flatMap((r) => {
    const targetName = names.get(`${r.target_type}:${r.target_id}`);
    if (targetName === undefined) return [];
    return [
      {
        targetType: r.target_type as AssignmentTarget,
        targetId: r.target_id,
        targetName,
        strategyId: r.strategy_id,
      },
    ];
  });
}
