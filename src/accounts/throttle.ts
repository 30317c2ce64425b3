import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/**
 * Sign-in throttling, kept in the database so every instance counts the same attempts.
 *
 * An attempt is reserved (one atomic INSERT … ON CONFLICT DO UPDATE … RETURNING) BEFORE the
 * password or code is checked, and refunded when it was right: twenty concurrent guesses get
 * twenty distinct counts, so at most the budget of them is ever checked. Budgets are per
 * (account, address) and per address. Per account there is only a bounded slow-down: an attacker
 * elsewhere must never lock the owner out, so the right password from a new address always works.
 */
export interface Budget {
  limit: number;
  windowMs: number;
}

const WINDOW_MS = 15 * 60 * 1000;
/** One person's typos, or one attacker's guesses at one account from one place. */
export const PAIR_BUDGET: Budget = { limit: 5, windowMs: WINDOW_MS };
/** Password spraying from one address. An office behind one NAT address shares it, so larger. */
export const ADDRESS_BUDGET: Budget = { limit: 30, windowMs: WINDOW_MS };
/**
 * Guesses at one account from many addresses: after `free`, 250 ms, 500 ms, 1 s … at most 3 s. `free`
 * is twice the pair budget, so one attacker's address alone does not slow the owner down at all.
 */
export const ACCOUNT_SLOWDOWN = { free: 10, windowMs: WINDOW_MS, stepMs: 250, maxDelayMs: 3000 };

/** Passwords and second-factor codes count apart: a right password must not wipe wrong codes. */
export type AttemptKind = 'pw' | '2fa';

export interface AttemptSubject {
  kind: AttemptKind;
  username: string;
  ip: string;
}

export interface Reservation {
  /** The password or code was right: the pair's count clears, the others get this attempt back. */
  succeeded(): Promise<void>;
}

interface Count {
  attempts: number;
  window_ends_at: number;
}

const normalize = (username: string) => username.trim().toLowerCase();

/** The delay before checking, given the account's attempts already in this window. */
export function slowDownFor(previous: number): number {
  const over = previous - ACCOUNT_SLOWDOWN.free;
  if (over < 0) return 0;
  return Math.min(ACCOUNT_SLOWDOWN.maxDelayMs, ACCOUNT_SLOWDOWN.stepMs * 2 ** over);
}

/**
 * Takes one attempt from each budget before anything is verified. Throws 429 with Retry-After when
 * the address or this (account, address) pair has none left; otherwise waits the account's
 * slow-down and returns the reservation to settle.
 */
export async function reserveAttempt(
  db: Kysely<Database>,
  subject: AttemptSubject,
  now = Date.now(),
): Promise<Reservation> {
  const user = normalize(subject.username);
  const addressKey = `ip:${subject.ip}`;
  const pairKey = `${subject.kind}:${user}|${subject.ip}`;
  const accountKey = `${subject.kind}:${user}`;

  const address = await reserve(db, addressKey, '', ADDRESS_BUDGET.windowMs, now);
  if (address.attempts > ADDRESS_BUDGET.limit)
    await refuse(db, subject, 'address', address, ADDRESS_BUDGET, now);
  const pair = await reserve(db, pairKey, user, PAIR_BUDGET.windowMs, now);
  if (pair.attempts > PAIR_BUDGET.limit) await refuse(db, subject, 'account+address', pair, PAIR_BUDGET, now);
  // Only attempts that will really be checked count towards the account's slow-down.
  const account = await reserve(db, accountKey, user, ACCOUNT_SLOWDOWN.windowMs, now);
  const delay = slowDownFor(account.attempts - 1);
  if (delay > 0) {
    if (account.attempts - 1 === ACCOUNT_SLOWDOWN.free) {
      await recordAudit(db, actorOf(subject), 'auth.throttle', subject.username, {
        kind: subject.kind,
        scope: 'account',
        effect: 'slow-down',
        attempts: account.attempts,
      });
    }
    await sleep(delay);
  }
  return {
    async succeeded() {
      await db.deleteFrom('login_throttle').where('key', '=', pairKey).execute();
      await refund(db, addressKey, address.window_ends_at);
      await refund(db, accountKey, account.window_ends_at);
    },
  };
}

/** Clears every counter of an account (password and code, every address): `reset-password`. */
export async function clearAccountThrottle(db: Kysely<Database>, username: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('username_key', '=', normalize(username)).execute();
}

/** Drops counters whose window has passed (the maintenance loop). */
export async function pruneExpiredThrottle(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('login_throttle').where('window_ends_at', '<=', Date.now()).execute();
}

/**
 * One statement, atomic on SQLite and PostgreSQL alike: a new window starts at 1, a running one
 * adds 1. The SET expressions read the row as it was before this statement on both dialects.
 */
async function reserve(
  db: Kysely<Database>,
  key: string,
  usernameKey: string,
  windowMs: number,
  now: number,
): Promise<Count> {
  const ended = sql<boolean>`login_throttle.window_ends_at <= ${now}`;
  return db
    .insertInto('login_throttle')
    .values({ key, username_key: usernameKey, attempts: 1, window_ends_at: now + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        attempts: sql<number>`case when ${ended} then 1 else login_throttle.attempts + 1 end`,
        window_ends_at: sql<number>`case when ${ended} then ${now + windowMs} else login_throttle.window_ends_at end`,
      }),
    )
    .returning(['attempts', 'window_ends_at'])
    .executeTakeFirstOrThrow();
}

/** Gives one attempt back, in the same window only (a new window already started from zero). */
async function refund(db: Kysely<Database>, key: string, windowEndsAt: number): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ attempts: sql<number>`attempts - 1` })
    .where('key', '=', key)
    .where('window_ends_at', '=', windowEndsAt)
    .where('attempts', '>', 0)
    .execute();
}

/**
 * 429 with Retry-After. The trail gets the moment a budget runs out (one entry per window), not
 * every refused request, so a flood of guesses cannot flood the trail.
 */
async function refuse(
  db: Kysely<Database>,
  subject: AttemptSubject,
  scope: 'address' | 'account+address',
  count: Count,
  budget: Budget,
  now: number,
): Promise<never> {
  const seconds = Math.max(1, Math.ceil((count.window_ends_at - now) / 1000));
  if (count.attempts === budget.limit + 1) {
    await recordAudit(db, actorOf(subject), 'auth.throttle', subject.username, {
      kind: subject.kind,
      scope,
      effect: 'refused',
      limit: budget.limit,
      retryAfterSeconds: seconds,
    });
  }
  throw new AppError(
    'TOO_MANY_ATTEMPTS',
    429,
    `Too many failed sign-in attempts from this address. Wait ${formatWait(seconds)} and try again, or sign in from another network.`,
    { 'retry-after': String(seconds) },
  );
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

const actorOf = (subject: AttemptSubject) => ({ id: null, name: subject.username, ip: subject.ip });
