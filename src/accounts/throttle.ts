import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/**
 * Login throttling with exponential back-off, kept in the database so every instance behind a
 * load balancer counts the same failures. Free attempts first, then 1 s, 2 s, 4 s … capped.
 */
export interface ThrottlePolicy {
  freeAttempts: number;
  maxLockMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeAttempts: 5, maxLockMs: 15 * 60 * 1000 };
// An office behind one NAT address shares it, so the per-address budget is larger.
export const ADDRESS_POLICY: ThrottlePolicy = { freeAttempts: 30, maxLockMs: 15 * 60 * 1000 };
// Counts reset after a quiet day.
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export const accountKey = (username: string) => `user:${username.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;
// Second-factor failures count apart: a right password must not wipe the count of wrong codes.
export const secondFactorKey = (username: string) => `2fa:${username.trim().toLowerCase()}`;

/** Refuses with 429 and Retry-After while any of the keys is locked. */
export async function assertNotThrottled(
  db: Kysely<Database>,
  keys: string[],
  now = Date.now(),
): Promise<void> {
  const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
  const lockedUntil = Math.max(0, ...rows.map((r) => r.locked_until));
  if (lockedUntil > now) {
    const seconds = Math.ceil((lockedUntil - now) / 1000);
    throw new AppError(
      'TOO_MANY_ATTEMPTS',
      429,
      `Too many failed sign-in attempts. Wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`,
      { 'retry-after': String(seconds) },
    );
  }
}

/** Counts one failure against each key and locks it when past the free attempts. */
export async function recordFailure(
  db: Kysely<Database>,
  entries: Array<{ key: string; policy: ThrottlePolicy }>,
  now = Date.now(),
): Promise<void> {
  for (const { key, policy } of entries) {
    await db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      const failures = row && now - row.updated_at < FORGET_AFTER_MS ? row.failures + 1 : 1;
      const over = failures - policy.freeAttempts;
      const lockedUntil = over > 0 ? now + Math.min(policy.maxLockMs, 1000 * 2 ** (over - 1)) : 0;
      const values = { key, failures, locked_until: lockedUntil, updated_at: now };
      await tx
        .insertInto('login_throttle')
        .values(values)
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ failures, locked_until: lockedUntil, updated_at: now }),
        )
        .execute();
    });
  }
}

/** A successful sign-in clears the account's count (the address keeps its own). */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
