import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/create-db.ts';
import type { Database } from '../db/schema.ts';
import type { TrailEntry } from '../shared/audit.ts';
import type { Checklist, ProviderHealth, SignInCount } from '../shared/dashboard.ts';
import { ONLINE_WINDOW_MS } from '../shared/devices.ts';
import { outcomeOf, SIGN_IN_ACTIONS, wayInOf } from './sign-ins.ts';

const DAY = 86_400_000;
/** Provider health looks this far back: bounded by the `at` index, never a scan of the whole trail. */
export const HEALTH_WINDOW_MS = 30 * DAY;
const ADMIN_ACTION_PREFIXES = [
  'user.',
  'group.',
  'device',
  'address-book.',
  'settings.',
  'sso.provider.',
  'sso.settings.',
];

/**
 * A JSON field of audit_log.detail (JSON text) on either dialect. The field name is a literal, not a
 * parameter: PostgreSQL only matches a GROUP BY expression to the selected one when they are identical.
 */
function detailField(dialect: Dialect, field: 'provider' | 'providerId' | 'code') {
  return dialect === 'postgres'
    ? sql<string | null>`(detail::jsonb ->> ${sql.lit(field)})`
    : sql<string | null>`json_extract(detail, ${sql.lit(`$.${field}`)})`;
}

export async function countDevices(db: Kysely<Database>, now: number) {
  const row = await db
    .selectFrom('devices')
    .innerJoin('device_presence', 'device_presence.device_id', 'devices.id')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('device_presence.last_seen_at', '>=', now - ONLINE_WINDOW_MS)
            .then(1)
            .else(0)
            .end(),
        )
        .as('online'),
    ])
    .executeTakeFirst();
  const total = Number(row?.total ?? 0);
  const online = Number(row?.online ?? 0);
  return { total, online, offline: total - online };
}

interface SignInGroup {
  action: string;
  provider: string | null;
  providerId: string | null;
  code: string | null;
  day: number;
  week: number;
  lastAt: number;
}

/** Sign-in entries of the health window, grouped by action, provider and code, with 24 h / 7 d counts. */
export async function groupSignIns(
  db: Kysely<Database>,
  dialect: Dialect,
  now: number,
): Promise<SignInGroup[]> {
  const provider = detailField(dialect, 'provider');
  const providerId = detailField(dialect, 'providerId');
  const code = detailField(dialect, 'code');
  const rows = await db
    .selectFrom('audit_log')
    .where('at', '>=', now - HEALTH_WINDOW_MS)
    .where('action', 'in', SIGN_IN_ACTIONS)
    .select((eb) => [
      'action',
      provider.as('provider'),
      providerId.as('providerId'),
      code.as('code'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('at', '>=', now - DAY)
            .then(1)
            .else(0)
            .end(),
        )
        .as('day'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('at', '>=', now - 7 * DAY)
            .then(1)
            .else(0)
            .end(),
        )
        .as('week'),
      eb.fn.max('at').as('lastAt'),
    ])
    .groupBy(['action', provider, providerId, code])
    .execute();
  return rows.map((r) => ({
    action: r.action,
    provider: r.provider,
    providerId: r.providerId,
    code: r.code,
    day: Number(r.day),
    week: Number(r.week),
    lastAt: Number(r.lastAt),
  }));
}

/** Sign-ins per way in for one window ('day' or 'week'), busiest first. */
export function tallySignIns(groups: SignInGroup[], window: 'day' | 'week', nameOf: (id: string) => string) {
  const byWay = new Map<string, SignInCount>();
  for (const g of groups) {
    const n = g[window];
    if (n === 0) continue;
    const way = wayInOf(g.action, g.provider || (g.providerId ? nameOf(g.providerId) : null));
    const count = byWay.get(way) ?? { provider: way, success: 0, refused: 0, failed: 0 };
    count[outcomeOf(g.action, g.code)] += n;
    byWay.set(way, count);
  }
  return [...byWay.values()].sort(
    (a, b) => b.success + b.refused + b.failed - (a.success + a.refused + a.failed),
  );
}

/** Each provider's last success and last error (health window), and its client-secret expiry when known. */
export async function providerHealth(
  db: Kysely<Database>,
  groups: SignInGroup[],
  now: number,
): Promise<ProviderHealth[]> {
  const providers = await db.selectFrom('oidc_providers').selectAll().orderBy('name_key').execute();
  const failures = await db
    .selectFrom('audit_log')
    .select(['at', 'detail'])
    .where('at', '>=', now - HEALTH_WINDOW_MS)
    .where('action', 'in', ['sso.login.failure', 'client.oidc.login.failure'])
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  const parsed = failures.map((f) => ({ at: Number(f.at), detail: parseDetail(f.detail) }));
  return providers.map((p) => {
    const mine = (g: { provider: string | null; providerId: string | null }) =>
      g.provider === p.name || g.providerId === p.id;
    const successes = groups.filter((g) => mine(g) && outcomeOf(g.action, g.code) === 'success');
    const lastFailure = parsed.find((f) =>
      mine({ provider: str(f.detail.provider), providerId: str(f.detail.providerId) }),
    );
    // client_secret_expires_at arrives with the provider editor (issue 11, console-ja); read when present.
    const expires = (p as Record<string, unknown>).client_secret_expires_at;
    return {
      id: p.id,
      name: p.name,
      enabled: p.enabled === 1,
      lastSuccessAt: successes.length ? Math.max(...successes.map((g) => g.lastAt)) : null,
      lastErrorAt: lastFailure?.at ?? null,
      lastError: lastFailure ? str(lastFailure.detail.message) || str(lastFailure.detail.reason) : '',
      clientSecretExpiresAt:
        typeof expires === 'number' || typeof expires === 'string' ? Number(expires) || null : null,
    };
  });
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The newest admin changes (not sign-ins, not client uploads). */
export async function recentAdminActions(db: Kysely<Database>, limit = 8): Promise<TrailEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.or(ADMIN_ACTION_PREFIXES.map((p) => eb('action', 'like', `${p}%`))))
    .where('actor_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: Number(r.at),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    target: r.target,
    detail: r.detail,
    ip: r.ip,
  }));
}

/** The first-run checklist, each item read from what already happened. */
export async function readChecklist(db: Kysely<Database>, publicUrl: string | undefined): Promise<Checklist> {
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('username_key', '=', 'admin')
    .executeTakeFirst();
  const changed = admin
    ? await db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'user.password.change')
        .where('actor_id', '=', admin.id)
        .limit(1)
        .executeTakeFirst()
    : { id: 0 };
  const provider = await db.selectFrom('oidc_providers').select('id').limit(1).executeTakeFirst();
  const device = await db
    .selectFrom('devices')
    .select(['id', 'hostname', 'first_seen_at'])
    .orderBy('first_seen_at')
    .limit(1)
    .executeTakeFirst();
  return {
    adminPasswordChanged: changed !== undefined,
    publicUrl: !publicUrl ? 'unset' : publicUrl.startsWith('https://') ? 'https' : 'http',
    providerAdded: provider !== undefined,
    firstDevice: device
      ? { id: device.id, hostname: device.hostname, at: Number(device.first_seen_at) }
      : null,
  };
}
