import type { Kysely } from 'kysely';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database } from '../db/schema.ts';

/** Why a strategy applies to a device, most specific first (issue 10: device > user > device group > default). */
export type Source = 'device' | 'user' | 'device-group' | 'default';

/**
 * Takes the next fleet revision. The counter row stays locked until the transaction ends, so revisions
 * become visible in the order they were taken and a mirror polling `rev > last` never skips one
 * (src/strategies/fleet-sync.ts). Call inside a transaction.
 */
export async function nextRevision(trx: Kysely<Database>): Promise<number> {
  const row = (await takeRevision(trx)).rows[0];
  if (!row) throw new Error('fleet_revision has no row (migrations not run?)');
  return Number(row.rev);
}
// Taken at every token issue and strategy change: compiled once (db/compiled-query.ts, issue 14).
const takeRevision = compiledQuery((db) =>
  db
    .updateTable('fleet_revision')
    .set((eb) => ({ rev: eb('rev', '+', 1) }))
    .where('id', '=', 1)
    .returning('rev'),
);

interface Resolved {
  strategyId: string | null;
  source: Source | '';
  options: Record<string, string>;
}

const parse = (json: string): Record<string, string> => JSON.parse(json) as Record<string, string>;

/**
 * Each device with its device group and the user a strategy follows it through: the assigned user, else
 * the last one signed in on it. Only a sign-in bound to the device's registered uuid counts: the client
 * sends its id and uuid at sign-in, and a user claiming another machine's id must not pull that machine
 * under their strategy.
 */
const usersQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('devices')
    .leftJoin('device_group_members as m', 'm.device_id', 'devices.id')
    .select((eb) => [
      'devices.id',
      'm.device_group_id',
      eb.fn
        .coalesce(
          'devices.user_id',
          eb
            .selectFrom('client_tokens as t')
            .select('t.user_id')
            .whereRef('t.device_id', '=', 'devices.id')
            .whereRef('t.device_uuid', '=', 'devices.uuid')
            .orderBy('t.created_at', 'desc')
            .limit(1),
        )
        .as('user_id'),
    ]);
// One device (a registration, a sign-in, the device's page): the statements of a refresh compiled once (issue
// 14, sixth pass; see devices.repo.ts).
const oneDeviceUsers = compiledQuery((db, id: string) => usersQuery(db).where('devices.id', '=', id));
const allStrategies = compiledQuery((db) =>
  db.selectFrom('strategies').select(['id', 'options', 'is_default']),
);
const allAssignments = compiledQuery((db) => db.selectFrom('strategy_assignments').selectAll());
const oneDeviceState = compiledQuery((db, id: string) =>
  db.selectFrom('device_strategy_state').selectAll().where('device_id', '=', id),
);

/** The id when `ids` names exactly one device: the case the compiled statements above serve. */
const onlyId = (ids: string[] | undefined) => (ids?.length === 1 ? ids[0] : undefined);

/** {@link usersQuery} for these devices (every device when `ids` is undefined). */
export async function deviceUsers(db: Kysely<Database>, ids: string[] | undefined) {
  const one = onlyId(ids);
  if (one !== undefined) return (await oneDeviceUsers(db, one)).rows;
  return (ids ? usersQuery(db).where('devices.id', 'in', ids) : usersQuery(db)).execute();
}

const strategyStates = async (db: Kysely<Database>, ids: string[] | undefined) => {
  const one = onlyId(ids);
  if (one !== undefined) return (await oneDeviceState(db, one)).rows;
  const q = db.selectFrom('device_strategy_state').selectAll();
  return (ids ? q.where('device_id', 'in', ids) : q).execute();
};

/**
 * Recomputes the effective strategy of some devices (all when `deviceIds` is omitted) and stores what
 * changed, with a new `modified_at` (spec §5.1: the client re-applies whenever it differs from its own).
 * `payload` is what the heartbeat sends as `config_options`: the effective options, plus every option the
 * device may still hold from an earlier version as "" so the client drops it (sync.rs
 * `handle_config_options`). Runs on change — an edit, an assignment, a registration — never per heartbeat.
 */
export async function refreshDeviceStrategies(db: Kysely<Database>, deviceIds?: string[]): Promise<number> {
  if (deviceIds?.length === 0) return 0;
  // Joins the caller's transaction when there is one (a token issued inside a sign-in's transaction).
  const inTransaction = <T>(fn: (trx: Kysely<Database>) => Promise<T>) =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);
  return inTransaction(async (trx) => {
    const rev = await nextRevision(trx);
    // Read after the revision is taken, as before: a registration racing with this refresh waits for it.
    const devices = await deviceUsers(trx, deviceIds);
    // A device not registered yet (a RustDesk client signing in before its first heartbeat, issue 14):
    // nothing to resolve, so the strategy tables are not read (three statements per device login).
    if (devices.length === 0) return 0;
    const strategies = new Map((await allStrategies(trx)).rows.map((s) => [s.id, s]));
    const fallback = [...strategies.values()].find((s) => s.is_default === 1);
    const assigned = new Map(
      (await allAssignments(trx)).rows.map((a) => [`${a.target_type}:${a.target_id}`, a.strategy_id]),
    );
    const states = new Map((await strategyStates(trx, deviceIds)).map((s) => [s.device_id, s]));
    const resolve = (d: (typeof devices)[number]): Resolved => {
      const candidates: Array<[Source, string | undefined]> = [
        ['device', assigned.get(`device:${d.id}`)],
        ['user', d.user_id ? assigned.get(`user:${d.user_id}`) : undefined],
        ['device-group', d.device_group_id ? assigned.get(`device-group:${d.device_group_id}`) : undefined],
        ['default', fallback?.id],
      ];
      for (const [source, id] of candidates) {
        const s = id ? strategies.get(id) : undefined;
        if (s) return { strategyId: s.id, source, options: parse(s.options) };
      }
      return { strategyId: null, source: '', options: {} };
    };
    const now = Date.now();
    let changed = 0;
    for (const d of devices) {
      const next = resolve(d);
      const old = states.get(d.id);
      if (!old && next.strategyId === null) continue;
      const options = JSON.stringify(next.options);
      if (old && old.options === options && old.strategy_id === next.strategyId) {
        if (old.source !== next.source)
          await trx
            .updateTable('device_strategy_state')
            .set({ source: next.source })
            .where('device_id', '=', d.id)
            .execute();
        continue;
      }
      // Keys the device may hold: the last version's options once applied, else everything sent so far.
      const held = old ? Object.keys(old.applied_at !== null ? parse(old.options) : parse(old.payload)) : [];
      const payload: Record<string, string> = {};
      for (const key of held) payload[key] = '';
      Object.assign(payload, next.options);
      const row = {
        device_id: d.id,
        strategy_id: next.strategyId,
        source: next.source,
        options,
        payload: JSON.stringify(payload),
        modified_at: Math.max(now, (old?.modified_at ?? 0) + 1),
        applied_at: null,
        rev,
      };
      await trx
        .insertInto('device_strategy_state')
        .values(row)
        .onConflict((oc) => oc.column('device_id').doUpdateSet(row))
        .execute();
      changed++;
    }
    return changed;
  });
}

/** A deleted user or device group: its strategy assignment goes, and the devices it covered are recomputed. */
export async function dropAssignmentsOf(
  db: Kysely<Database>,
  targetType: 'user' | 'device-group',
  targetId: string,
): Promise<void> {
  await db
    .deleteFrom('strategy_assignments')
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .execute();
  await refreshDeviceStrategies(db);
}
